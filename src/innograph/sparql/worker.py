"""A query worker process: answer jobs from read-only snapshots until the pipe closes.

Started by `innograph.sparql.processes` for `innograph.sparql.execution.QueryPool` (which
explains why queries run here); what crosses the pipe is in `innograph.sparql.messages`.

The worker answers on a thread with a 256 MiB stack (address space; only the pages a query
touches are memory). pyoxigraph recurses once per operand of a chain of binary operators,
which no nesting limit sees: on an 8 MiB stack `FILTER(false || … || false)` of 10,000
operands, 10,000 `1+1+…` or a 30,000-way property path alternative segfault it; on 256 MiB,
60,000 `||` operands (540,000 characters, past the length limit) take 0.15 s and 50,000 nested
groups 0.2 s. Updates are rehearsed on a thread of the platform's default stack, as deep as
the service's own threads where the update then runs: one that would crash there crashes the
rehearsal instead, and never reaches the store. Queries are answered on the loop's thread
itself: handing each to another thread cost 0.2 ms a query (pool round trip of an ASK, median
0.3 → 0.5 ms); answered here, 0.41-0.46 ms against 0.32-0.43 ms on the main thread (3 runs
each, 2 cores under load: within the noise).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from innograph.children import die_with_parent
from innograph.sparql.messages import READY, Changed, Failed, Query, Rehearsal, Updated
from innograph.sparql.results import Answer, write_answer
from innograph.store import EmbeddedStore, open_snapshot, open_store

__all__ = ["serve"]

_QUERY_STACK_BYTES = 256 << 20
"""The stack of the thread queries are evaluated on."""


def serve(connection: Connection) -> None:
    """The worker: answer each message on a thread with a deep stack, until the pipe closes
    (or the service ends: `die_with_parent`)."""
    die_with_parent()
    threading.stack_size(_QUERY_STACK_BYTES)
    answering = threading.Thread(target=_answer, args=(connection,), name="innograph-query")
    answering.start()
    threading.stack_size(0)  # threads started from now on (the rehearsals') get the default
    answering.join()


def _answer(connection: Connection) -> None:
    """Answer each message until the pipe closes: queries here, updates on a default stack."""
    rehearsing = ThreadPoolExecutor(1, thread_name_prefix="innograph-rehearsal")
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
                reply = rehearsing.submit(_rehearse, message, connection).result()
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
        return write_answer(result, formats=job.formats, limit=query.limit, spill=Path(query.spill))


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
