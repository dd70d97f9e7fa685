"""The threads that run queries in a serving process (the fast lane), each within a time limit.

A query runs on one of `count` threads with a deep stack (pyoxigraph recurses once per operand
of a chain of binary operators: `innograph.sparql.worker`), and the event loop waits for its
answer without a thread of its own. The answer comes back with one hand-off to the loop
(`call_soon_threadsafe`); a timer on the loop watches each query:

- waiting for a thread: a query that finds every thread busy waits at most `queue_wait`
  seconds (then `QueryTimeout`, a 503), and its time limit starts when a thread takes it;
- running: past the time limit it is answered `QueryTimeout` (503) at once. pyoxigraph cannot
  stop it, so it goes on holding its thread: a *runaway*, counted until it ends by itself, and
  reported to `on_runaway` (the fast lane retires the process then).

A process holding as many runaways as it has threads has none left for a query: it refuses
queries at once (`QueryTimeout`, a 503 with Retry-After) rather than queueing them.
"""

from __future__ import annotations

import asyncio
import enum
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from innograph.errors import QueryTimeout
from innograph.sparql.results import Answer, remove_spill

__all__ = ["QueryThreads"]

_STACK_BYTES = 256 << 20
"""The stack of each query thread: as deep as a query worker's (`innograph.sparql.worker`)."""


class _State(enum.Enum):
    QUEUED = enum.auto()
    RUNNING = enum.auto()
    DONE = enum.auto()
    ABANDONED = enum.auto()
    """Waited `queue_wait` for a thread: refused, and skipped by the thread that takes it."""
    RUNAWAY = enum.auto()
    """Ran past the time limit: refused, and its answer is thrown away when it comes."""


@dataclass(eq=False)
class _Ticket:
    """One query on its way through the threads."""

    work: Callable[[], Answer]
    future: asyncio.Future[Answer]
    queued: float
    waits_until: float
    """When it is refused if no thread has taken it (`time.monotonic`)."""
    state: _State = _State.QUEUED
    started: float | None = None
    timer: asyncio.TimerHandle | None = None


class QueryThreads:
    """`count` query threads, each query answered within `timeout` seconds of its start."""

    def __init__(
        self, count: int, *, timeout: float, queue_wait: float, on_runaway: Callable[[], None]
    ) -> None:
        self._count = count
        self._timeout = timeout
        self._queue_wait = queue_wait
        self._on_runaway = on_runaway
        self._queue: queue.SimpleQueue[_Ticket | None] = queue.SimpleQueue()
        # Under `_lock`: the states of tickets, queries queued or running, and runaways.
        self._lock = threading.Lock()
        self._in_progress = 0
        self._runaways = 0

    @property
    def runaways(self) -> int:
        """Queries running past their time limit."""
        return self._runaways

    def start(self) -> QueryThreads:
        """Start the threads (daemons: a runaway never holds up the end of the process)."""
        threading.stack_size(_STACK_BYTES)
        try:
            for number in range(self._count):
                name = f"innograph-query-{number}"
                threading.Thread(target=self._serve, name=name, daemon=True).start()
        finally:
            threading.stack_size(0)  # threads started elsewhere get the default
        return self

    def close(self) -> None:
        """Let each idle thread end (a runaway's ends with the process)."""
        for _ in range(self._count):
            self._queue.put(None)

    async def run(self, work: Callable[[], Answer]) -> Answer:
        """The answer `work` returns on a query thread, or QueryTimeout (see the module)."""
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        with self._lock:
            free = self._count - self._runaways
            if free <= 0:
                raise self._full()
            waits = self._queue_wait if self._in_progress >= free else self._timeout
            self._in_progress += 1
        ticket = _Ticket(work, loop.create_future(), queued=now, waits_until=now + waits)
        self._queue.put(ticket)
        ticket.timer = loop.call_later(min(waits, self._timeout), self._check, ticket)
        return await ticket.future

    def _serve(self) -> None:
        """A query thread: run each ticket, hand its answer to its loop."""
        while (ticket := self._queue.get()) is not None:
            with self._lock:
                if ticket.state is not _State.QUEUED:
                    continue  # refused while it waited
                ticket.state, ticket.started = _State.RUNNING, time.monotonic()
            outcome: Answer | Exception
            try:
                outcome = ticket.work()
            except Exception as failure:
                outcome = failure
            with self._lock:
                is_runaway = ticket.state is _State.RUNAWAY
                ticket.state = _State.DONE
                if is_runaway:
                    self._runaways -= 1
                else:
                    self._in_progress -= 1
            if is_runaway:
                _discard(outcome)
            else:
                ticket.future.get_loop().call_soon_threadsafe(_settle, ticket, outcome)

    def _check(self, ticket: _Ticket) -> None:
        """On the loop, when a ticket may be due: refuse it if it waited or ran too long, else
        look again when it may be."""
        now = time.monotonic()
        error: QueryTimeout | None = None
        is_runaway = False
        with self._lock:
            if ticket.state is _State.QUEUED and now >= ticket.waits_until:
                ticket.state = _State.ABANDONED
                self._in_progress -= 1
                error = self._busy()
            elif ticket.state is _State.QUEUED:
                due = min(ticket.waits_until, now + self._timeout)
            elif ticket.state is _State.RUNNING:
                assert ticket.started is not None
                due = ticket.started + self._timeout
                if now >= due:
                    is_runaway = True
                    ticket.state = _State.RUNAWAY
                    self._in_progress -= 1
                    self._runaways += 1
                    error = QueryTimeout.stopped("query", self._timeout, _RETIRED)
            else:
                return  # done: its answer is on its way to the loop
        if error is None:
            loop = ticket.future.get_loop()
            ticket.timer = loop.call_later(max(0.0, due - now), self._check, ticket)
            return
        if not ticket.future.done():
            ticket.future.set_exception(error)
        if is_runaway:
            self._on_runaway()

    def _busy(self) -> QueryTimeout:
        return QueryTimeout(
            f"no query thread became free within {self._queue_wait:g} s: all {self._count} "
            "are busy (INNOGRAPH_QUERY_QUEUE_WAIT, INNOGRAPH_QUERY_CONCURRENCY)",
            timeout=self._queue_wait,
        )

    def _full(self) -> QueryTimeout:
        return QueryTimeout(
            f"all {self._count} query threads of this process hold queries past the time limit "
            "(INNOGRAPH_QUERY_TIMEOUT); it is being replaced, please retry",
            timeout=self._timeout,
        )


_RETIRED = "; the process that ran it is being replaced"


def _settle(ticket: _Ticket, outcome: Answer | Exception) -> None:
    """On the loop: give the waiting request its answer (or error), or throw the answer away
    if the request is gone."""
    if ticket.timer is not None:
        ticket.timer.cancel()
    if ticket.future.done():  # the client went away
        _discard(outcome)
    elif isinstance(outcome, Exception):
        ticket.future.set_exception(outcome)
    else:
        ticket.future.set_result(outcome)


def _discard(outcome: Answer | Exception) -> None:
    """Remove the file of an answer nobody will read."""
    if isinstance(outcome, Answer) and outcome.path is not None:
        remove_spill(Path(outcome.path))
