"""A query worker process: answer jobs from read-only snapshots until the pipe closes.

Started by `innograph.sparql.execution.QueryPool` (which also explains why queries run here). Each
message names a snapshot folder, a job, the result limit, whether the query's own FROM
clauses choose the dataset, and the file for an answer too large for memory; each reply is
`("ok", Answer)` or `("error", (kind, message))`.

A `Rehearsal` message runs a SPARQL Update on a writable copy of the store instead, so that an
update past the time limit is stopped before the live store sees it: the worker replies
`("updated", None)` once the update has run, then `("ok", changed graphs)` (none unless asked:
the comparison is a pass over the store, needed only to validate what changed).
"""

from __future__ import annotations

from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from innograph.errors import InnographError, StoreError
from innograph.sparql.results import remove_spill, write_result
from innograph.store import Store, open_snapshot, open_store

__all__ = ["Rehearsal", "serve"]


@dataclass(frozen=True)
class Rehearsal:
    """Run `sparql` on `copy` (a writable checkpoint) and, if `compare`, compare it with
    `snapshot` (the same version, read-only)."""

    snapshot: str
    copy: str
    sparql: str
    compare: bool


def serve(connection: Connection) -> None:
    """The worker: answer jobs from the snapshot each names, until the pipe closes."""
    connection.send("ready")
    store: Store | None = None
    opened = ""
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        try:
            if isinstance(message, Rehearsal):
                reply = ("ok", _rehearse(message, connection))
            else:
                path, job, limit, use_query_dataset, spill = message
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
                try:
                    answer = write_result(
                        result, formats=job.formats, limit=limit, spill=Path(spill)
                    )
                except BaseException:
                    remove_spill(Path(spill))
                    raise
                reply = ("ok", answer)
        except StoreError as error:
            reply = ("error", ("store", str(error)))
        except InnographError as error:
            reply = ("error", ("query", str(error)))
        except Exception as error:  # evaluation errors of pyoxigraph (e.g. a failed SERVICE)
            reply = ("error", ("query", f"{type(error).__name__}: {error}"))
        connection.send(reply)


def _rehearse(rehearsal: Rehearsal, connection: Connection) -> Any:
    """Run the update on the copy, say so (the time limit ends there), return what it changed."""
    before = open_snapshot(Path(rehearsal.snapshot))
    after = open_store(rehearsal.copy)
    try:
        after.update(rehearsal.sparql)
        connection.send(("updated", None))
        return after.changed_graphs(before) if rehearsal.compare else {}
    finally:
        after.close()
        before.close()
