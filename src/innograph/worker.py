"""[query] A query worker process: answer jobs from read-only snapshots until the pipe closes.

Started by `innograph.execution.QueryPool` (which also explains why queries run here). Each
message names a snapshot folder, a job, the result limit and whether the query's own FROM
clauses choose the dataset; each reply is `("ok", Answer)` or `("error", (kind, message))`.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from innograph.errors import InnographError, StoreError
from innograph.results import write_result
from innograph.store import Store, open_snapshot

__all__ = ["serve"]


def serve(connection: Connection) -> None:
    """The worker: answer jobs from the snapshot each names, until the pipe closes."""
    connection.send("ready")
    store: Store | None = None
    opened = ""
    while True:
        try:
            path, job, limit, use_query_dataset = connection.recv()
        except EOFError:
            return
        try:
            if path != opened:
                store = None
                store = open_snapshot(Path(path))
                opened = path
            assert store is not None
            result = store.query(
                job.text,
                default_graphs=job.default_graphs,
                named_graphs=job.named_graphs,
                use_query_dataset=use_query_dataset,
            )
            reply: tuple[str, Any] = ("ok", write_result(result, formats=job.formats, limit=limit))
        except StoreError as error:
            reply = ("error", ("store", str(error)))
        except InnographError as error:
            reply = ("error", ("query", str(error)))
        except Exception as error:  # evaluation errors of pyoxigraph (e.g. a failed SERVICE)
            reply = ("error", ("query", f"{type(error).__name__}: {error}"))
        connection.send(reply)
