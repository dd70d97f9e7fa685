"""The parts of the fast lane (`innograph.sparql.fast_lane`) on their own: the query threads'
time limit, queue wait and capacity, and the roster that staggers retirements.

The whole, in real serving processes under uvicorn: `tests/api/test_fast_lane.py`.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from innograph.errors import QueryTimeout
from innograph.sparql.query_threads import QueryThreads
from innograph.sparql.results import Answer
from innograph.sparql.roster import ProcessCounts, Roster

ANSWER = Answer(b"{}", is_graph=False, format_name="json", count=0, is_truncated=False)


def _blocked(release: threading.Event, started: threading.Event) -> Callable[[], Answer]:
    """Work that holds its thread until `release` is set, as a runaway query does."""

    def work() -> Answer:
        started.set()
        release.wait(30)
        return ANSWER

    return work


def _noting(ran: threading.Event) -> Callable[[], Answer]:
    """Work that sets `ran` when it runs."""

    def work() -> Answer:
        ran.set()
        return ANSWER

    return work


def test_a_query_past_the_limit_is_refused_there_and_counted_until_it_ends() -> None:
    """Refused with QueryTimeout at the limit, reported as a runaway, counted while it holds
    its thread; once it ends, the thread answers again."""

    async def scenario() -> None:
        runaways: list[int] = []
        threads = QueryThreads(
            2, timeout=0.2, queue_wait=5, on_runaway=lambda: runaways.append(threads.runaways)
        ).start()
        release, started = threading.Event(), threading.Event()
        with pytest.raises(QueryTimeout, match="stopped after 0.2 s"):
            await threads.run(_blocked(release, started))
        assert (runaways, threads.runaways) == ([1], 1)
        assert await threads.run(lambda: ANSWER) == ANSWER  # the other thread answers
        release.set()
        while threads.runaways:
            await asyncio.sleep(0.01)
        threads.close()

    asyncio.run(scenario())


def test_a_process_whose_threads_all_hold_runaways_refuses_queries_at_once() -> None:
    """With every thread held by a runaway, a query is refused without being queued: its
    work never runs, even once a thread is free again."""

    async def scenario() -> None:
        threads = QueryThreads(1, timeout=0.1, queue_wait=30, on_runaway=lambda: None).start()
        release, started = threading.Event(), threading.Event()
        with pytest.raises(QueryTimeout):
            await threads.run(_blocked(release, started))
        ran = threading.Event()
        with pytest.raises(QueryTimeout, match="hold queries past the time limit"):
            await threads.run(_noting(ran))
        release.set()
        while threads.runaways:
            await asyncio.sleep(0.01)
        assert await threads.run(lambda: ANSWER) == ANSWER
        assert not ran.is_set()
        threads.close()

    asyncio.run(scenario())


def test_a_query_that_waits_past_the_queue_wait_is_refused_and_never_runs() -> None:
    """All threads busy (not past their limit): a query waits `queue_wait`, then is refused;
    the thread freed later skips it."""

    async def scenario() -> None:
        threads = QueryThreads(1, timeout=30, queue_wait=0.2, on_runaway=lambda: None).start()
        release, started = threading.Event(), threading.Event()
        running = asyncio.ensure_future(threads.run(_blocked(release, started)))
        while not started.is_set():
            await asyncio.sleep(0.01)
        ran = threading.Event()
        with pytest.raises(QueryTimeout, match="no query thread became free within 0.2 s"):
            await threads.run(_noting(ran))
        release.set()
        assert await running == ANSWER
        assert await threads.run(lambda: ANSWER) == ANSWER
        assert not ran.is_set()
        threads.close()

    asyncio.run(scenario())


def test_a_failing_query_reports_its_error_and_frees_its_thread() -> None:
    async def scenario() -> None:
        threads = QueryThreads(1, timeout=5, queue_wait=5, on_runaway=lambda: None).start()

        def failing() -> Answer:
            raise ValueError("no such thing")

        with pytest.raises(ValueError, match="no such thing"):
            await threads.run(failing)
        assert await threads.run(lambda: ANSWER) == ANSWER
        threads.close()

    asyncio.run(scenario())


def test_a_process_retires_only_while_another_answers(tmp_path: Path) -> None:
    """Two processes: the first to ask retires; the second may not until a replacement
    answers; a process that ends (its lock released) drops out of the counts."""
    first, second = Roster(tmp_path, 2, "1"), Roster(tmp_path, 2, "2")
    first.join()
    second.join()
    assert second.counts() == ProcessCounts(answering=2, waiting=0, retiring=0, restarted=0)
    assert first.retire()
    assert not second.retire()  # it waits, and answers meanwhile
    assert second.counts() == ProcessCounts(answering=1, waiting=1, retiring=1, restarted=0)
    first.leave()  # it exits
    assert second.counts() == ProcessCounts(answering=1, waiting=1, retiring=0, restarted=0)
    replacement = Roster(tmp_path, 2, "3")
    replacement.join()
    assert second.retire()
    assert replacement.counts() == ProcessCounts(answering=1, waiting=0, retiring=1, restarted=1)
    assert not replacement.retire()
    replacement.stay()  # its runaway ended by itself
    assert replacement.counts() == ProcessCounts(answering=1, waiting=0, retiring=1, restarted=1)
    for roster in (second, replacement):
        roster.leave()
