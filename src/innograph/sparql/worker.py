"""A query worker process: answer jobs from read-only snapshots until the pipe closes.

Started by `innograph.sparql.processes` for `innograph.sparql.execution.QueryPool` (which
explains why queries run here); what crosses the pipe is in `innograph.sparql.messages`.
"""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from innograph.sparql.messages import READY, Changed, Failed, Query, Rehearsal, Updated
from innograph.sparql.results import Answer, remove_spill, write_result
from innograph.store import EmbeddedStore, open_snapshot, open_store

__all__ = ["serve"]


def serve(connection: Connection) -> None:
    """The worker: answer each message, until the pipe closes."""
    connection.send(READY)
    reader = _Reader()
    while True:
        try:
            message: Query | Rehearsal = connection.recv()
        except EOFError:
            return
        reply: Answer | Changed | Failed
        try:
            if isinstance(message, Rehearsal):
                reply = _rehearse(message, connection)
            else:
                reply = reader.answer(message)
        except Exception as error:
            reply = Failed.of(error)
        connection.send(reply)


class _Reader:
    """The snapshot a worker read last, kept open until a query names another."""

    def __init__(self) -> None:
        self._opened: tuple[str, EmbeddedStore] | None = None

    def answer(self, query: Query) -> Answer:
        if self._opened is None or self._opened[0] != query.snapshot:
            self._opened = None  # the old snapshot is closed before the new one is opened
            self._opened = (query.snapshot, open_snapshot(Path(query.snapshot)))
        job = query.job
        result = self._opened[1].query(
            job.text,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            use_query_dataset=query.use_query_dataset,
        )
        spill = Path(query.spill)
        try:
            return write_result(result, formats=job.formats, limit=query.limit, spill=spill)
        except BaseException:
            remove_spill(spill)
            raise


def _rehearse(rehearsal: Rehearsal, connection: Connection) -> Changed:
    """Run the update on the copy, say so (the time limit ends there), return what it changed."""
    before = open_snapshot(Path(rehearsal.snapshot))
    after = open_store(rehearsal.copy)
    try:
        after.update(rehearsal.sparql)
        connection.send(Updated())
        if rehearsal.compare:
            graphs = after.changed_graphs(before)
            return Changed(graphs, moved=bool(graphs))
        return Changed({}, moved=_moved(before, after))
    finally:
        after.close()
        before.close()


def _moved(before: EmbeddedStore, after: EmbeddedStore) -> bool:
    """Whether an update changed any quad: counts first (0.1 s for 250 k quads, and most
    updates that change anything change the count), digests only when the counts agree."""
    if after.quad_count() != before.quad_count():
        return True
    return after.graph_digests() != before.graph_digests()
