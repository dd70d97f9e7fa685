"""innograph/sparql/execution.py: queries in worker processes, over snapshots, within a time
limit."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
import uvloop

from innograph.errors import QueryError, QueryTimeout, StoreError, TooManyQueries
from innograph.settings import Admission
from innograph.sparql.execution import QueryJob, QueryPool
from innograph.sparql.results import Answer, ResultFormats
from innograph.store import Store
from tests.conftest import StoreFactory

EX = "http://example.org/"
JSON = ResultFormats(results="json", graph=None)
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

PoolFactory = Callable[..., QueryPool]


def filled(store: Store, triples: int = 200) -> Store:
    quads = [
        pyoxigraph.Quad(
            pyoxigraph.NamedNode(f"{EX}s{n}"),
            pyoxigraph.NamedNode(f"{EX}p"),
            pyoxigraph.Literal(str(n)),
            pyoxigraph.NamedNode(f"{EX}graph"),
        )
        for n in range(triples)
    ]
    store.write({f"{EX}graph": quads})
    return store


@pytest.fixture
def pool_factory(store_factory: StoreFactory) -> Iterator[PoolFactory]:
    """Return a factory of started pools (two workers, and no more unless `concurrency` says
    so) over a filled in-memory store."""
    pools: list[QueryPool] = []

    def factory(**options: float) -> QueryPool:
        store = filled(store_factory())
        settings = {"workers": 2, "timeout": 30.0, "result_limit": 1000, **options}
        workers = int(settings["workers"])
        admission = Admission(
            concurrency=int(settings.get("concurrency", workers)),
            per_client=int(settings.get("per_client", 4)),
            queue_wait=settings.get("queue_wait", settings["timeout"]),
        )
        pool = QueryPool(
            store,
            workers=workers,
            timeout=settings["timeout"],
            result_limit=int(settings["result_limit"]),
            admission=admission,
            idle_extra=settings.get("idle_extra", 60.0),
        ).start()
        pools.append(pool)
        return pool

    yield factory
    for pool in pools:
        pool.close()


def count(pool: QueryPool) -> int:
    answer = pool.run(QueryJob("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON))
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def test_query_pool_answers_from_the_store(pool_factory: PoolFactory) -> None:
    pool = pool_factory()
    assert count(pool) == 200
    answer = pool.run(QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON))
    assert json.loads(answer.body)["boolean"] is True
    assert answer.version == pool.version


def test_query_pool_cuts_results_at_the_limit(pool_factory: PoolFactory) -> None:
    answer = pool_factory(result_limit=5).run(QueryJob("SELECT * WHERE { ?s ?p ?o }", JSON))
    assert (answer.count, answer.is_truncated) == (5, True)


def test_query_pool_reports_a_malformed_query(pool_factory: PoolFactory) -> None:
    with pytest.raises(QueryError) as error:
        pool_factory().run(QueryJob("SELECT * WHERE { ?s ?p }", JSON))
    assert str(error.value) == "error at 1:25: expected one of LATERAL, SERVICE, [_]"


def test_query_pool_stops_a_query_at_the_time_limit_then_answers_again(
    pool_factory: PoolFactory,
) -> None:
    pool = pool_factory(timeout=1.0)
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as stopped:
        pool.run(QueryJob(CROSS_PRODUCT, JSON))
    assert time.monotonic() - started < 1 + 10
    assert stopped.value.timeout == 1.0
    assert count(pool) == 200
    assert count(pool) == 200


def test_query_pool_sees_a_write_and_deletes_the_old_snapshot(pool_factory: PoolFactory) -> None:
    pool = pool_factory()
    before = pool.run(QueryJob("ASK {}", JSON)).version
    snapshots_before = snapshots(pool)
    with pool.writing() as store:
        store.update(f"INSERT DATA {{ GRAPH <{EX}graph> {{ <{EX}new> <{EX}p> 1 }} }}")
    assert count(pool) == 201
    assert count(pool) == 201  # the other worker switches too
    after = pool.run(QueryJob("ASK {}", JSON)).version
    assert after != before
    assert not snapshots_before & snapshots(pool)


def snapshots(pool: QueryPool) -> set[str]:
    """The snapshot folders of a pool (numbered; beside them, the folder of large answers)."""
    return {path.name for path in pool._root.iterdir() if path.name.isdigit()}


def test_query_pool_stops_the_query_of_a_cancelled_request(pool_factory: PoolFactory) -> None:
    """A client that goes away does not leave its query running: the worker is replaced."""
    pool = pool_factory(workers=1)

    async def abandon() -> None:
        task = asyncio.ensure_future(pool.run_async(QueryJob(CROSS_PRODUCT, JSON)))
        await asyncio.sleep(0.5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(abandon())
    assert count(pool) == 200


def test_query_pool_answers_in_full_under_uvloop(pool_factory: PoolFactory) -> None:
    """uvloop leaves a pipe it watched non-blocking: an answer written in two parts (over
    16 KiB) must still be read whole, and the next job still sent."""
    pool = pool_factory(workers=1)
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"

    async def ask() -> list[bytes]:
        return [(await pool.run_async(QueryJob(everything, JSON))).body for _ in range(3)]

    bodies = uvloop.run(ask())
    assert all(len(body) > 16_384 for body in bodies)
    assert [len(json.loads(body)["results"]["bindings"]) for body in bodies] == [200] * 3


def test_query_pool_answers_many_requests_waiting_for_one_worker(pool_factory: PoolFactory) -> None:
    """Twenty requests on the event loop share one worker: each is handed it in turn, and a
    request that gave up waiting (cancelled) does not take a worker with it."""
    pool = pool_factory(workers=1)
    ask = QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON)

    async def crowd() -> list[bool]:
        tasks = [asyncio.ensure_future(pool.run_async(ask)) for _ in range(20)]
        tasks[5].cancel()
        tasks[12].cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        return [
            json.loads(answer.body)["boolean"]
            for answer in done
            if not isinstance(answer, BaseException)
        ]

    assert uvloop.run(crowd()) == [True] * 18
    assert count(pool) == 200  # the worker is free again


def test_query_pool_serves_a_waiting_thread_among_waiting_requests(
    pool_factory: PoolFactory,
) -> None:
    """A thread waiting for a worker (an update's rehearsal, a query from a thread) takes its
    turn among requests waiting on the event loop: it is not starved while they keep coming."""
    pool = pool_factory(workers=1)
    ask = QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON)

    async def keep_busy_while(thread_answer: asyncio.Future[int]) -> int:
        answered = 0
        while not thread_answer.done():
            await asyncio.gather(*(pool.run_async(ask) for _ in range(4)))
            answered += 4
        assert await thread_answer == 200
        return answered

    async def main() -> int:
        thread_answer = asyncio.ensure_future(asyncio.to_thread(count, pool))
        return await asyncio.wait_for(keep_busy_while(thread_answer), timeout=20)

    assert uvloop.run(main()) > 0


def test_query_pool_hands_a_replaced_worker_to_a_waiting_request(pool_factory: PoolFactory) -> None:
    """With the only worker held by a query past the time limit, a request waiting behind it
    gets the worker that replaces the stopped one, within its own time limit."""
    pool = pool_factory(workers=1, timeout=1.5)

    async def wait_behind_a_long_query() -> list[Answer | BaseException]:
        long = asyncio.ensure_future(pool.run_async(QueryJob(CROSS_PRODUCT, JSON)))
        await asyncio.sleep(0.5)
        waiting = asyncio.ensure_future(pool.run_async(QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON)))
        return list(await asyncio.gather(long, waiting, return_exceptions=True))

    stopped, answer = uvloop.run(wait_behind_a_long_query())
    assert isinstance(stopped, QueryTimeout) and "was stopped after 1.5 s" in str(stopped)
    assert isinstance(answer, Answer) and json.loads(answer.body)["boolean"] is True


def test_query_pool_keeps_a_worker_handed_to_a_request_cancelled_at_that_moment(
    pool_factory: PoolFactory,
) -> None:
    """A request that goes away just as a freed worker is handed to it passes the worker on
    (it used to be lost: with one worker, the pool answered nothing after)."""
    pool = pool_factory(workers=1, timeout=5.0)

    async def cancel_at_the_hand_over() -> bool:
        loop = asyncio.get_running_loop()
        held = await pool._handoff.acquire_async(time.monotonic() + 5)
        waiting = asyncio.ensure_future(pool._handoff.acquire_async(time.monotonic() + 5))
        await asyncio.sleep(0.05)
        pool._handoff.release(held)  # the hand-over is queued on the loop ...
        loop.call_soon(waiting.cancel)  # ... and the request goes away right then
        with pytest.raises(asyncio.CancelledError):
            await waiting
        answer = await pool.run_async(QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON))
        return bool(json.loads(answer.body)["boolean"])

    assert uvloop.run(cancel_at_the_hand_over()) is True


def test_query_pool_stopping_an_update_leaves_an_earlier_answer_file_alone(
    store_factory: StoreFactory,
) -> None:
    """A large answer's file belongs to whoever got the answer: a later job of the same worker
    that is stopped (an update past the time limit) does not remove it."""
    pool = QueryPool(filled(store_factory(), 20_000), workers=1, timeout=2, result_limit=100_000)
    pool.start()
    try:
        answer = pool.run(QueryJob("SELECT * WHERE { ?s ?p ?o }", JSON))
        assert answer.path is not None
        with pytest.raises(QueryTimeout):
            cross_product = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i"
            pool.update(f"INSERT {{ ?a <{EX}q> ?d }} WHERE {{ GRAPH ?x {{ {cross_product} }} }}")
        time.sleep(0.5)  # the stopped worker is replaced in the background
        assert Path(answer.path).stat().st_size > 1 << 20
    finally:
        pool.close()


def test_query_pool_refuses_waiting_requests_when_it_closes(store_factory: StoreFactory) -> None:
    pool = QueryPool(
        filled(store_factory()),
        workers=1,
        timeout=30,
        result_limit=10,
        admission=Admission(concurrency=1, queue_wait=30),
    ).start()

    async def wait_while_closing() -> float:
        await pool._handoff.acquire_async(time.monotonic() + 30)  # the only worker, held
        waiting = asyncio.ensure_future(pool.run_async(QueryJob("ASK {}", JSON)))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        await asyncio.to_thread(pool.close)
        with pytest.raises(StoreError, match="shutting down"):
            await waiting
        return time.monotonic() - started

    assert uvloop.run(wait_while_closing()) < 5  # not at the end of its 30 s time limit


ASK = QueryJob(f"ASK {{ <{EX}s7> ?p ?o }}", JSON)


def test_a_short_query_is_answered_while_long_ones_hold_every_ready_worker(
    pool_factory: PoolFactory,
) -> None:
    """Issue #14, defect 4: with the worker kept ready running a long query (and two more
    waiting), an ASK is answered at once by a worker started for it, not after the long ones
    are stopped."""
    pool = pool_factory(workers=1, concurrency=5, timeout=4.0)

    async def ask_beside_long_queries() -> tuple[bool, list[bool]]:
        long = [asyncio.ensure_future(pool.run_async(QueryJob(CROSS_PRODUCT, JSON))) for _ in "abc"]
        await asyncio.sleep(0.5)
        answer = await pool.run_async(ASK)
        running = [not query.done() for query in long]
        await asyncio.gather(*long, return_exceptions=True)
        return bool(json.loads(answer.body)["boolean"]), running

    answered, running = uvloop.run(ask_beside_long_queries())
    assert answered and running == [True, True, True]
    assert pool.workers == 4  # the one kept ready, and one started for each query that waited


def test_a_client_with_its_share_of_queries_in_progress_is_refused_at_once(
    pool_factory: PoolFactory,
) -> None:
    pool = pool_factory(workers=1, concurrency=4, per_client=2, timeout=2.0)

    async def third_from_one_client() -> tuple[BaseException | None, float, bool, bool]:
        long = [
            asyncio.ensure_future(pool.run_async(QueryJob(CROSS_PRODUCT, JSON), client="a"))
            for _ in "ab"
        ]
        await asyncio.sleep(0.3)
        started = time.monotonic()
        try:
            await pool.run_async(ASK, client="a")
            refusal = None
        except TooManyQueries as error:
            refusal = error
        waited = time.monotonic() - started
        other = await pool.run_async(ASK, client="b")
        await asyncio.gather(*long, return_exceptions=True)
        again = await pool.run_async(ASK, client="a")  # its share is free again
        return refusal, waited, json.loads(other.body)["boolean"], json.loads(again.body)["boolean"]

    refusal, waited, other, again = uvloop.run(third_from_one_client())
    assert isinstance(refusal, TooManyQueries) and "INNOGRAPH_QUERIES_PER_CLIENT" in str(refusal)
    assert waited < 0.5 and other is True and again is True


def test_a_query_waits_for_a_worker_no_longer_than_the_queue_wait(
    pool_factory: PoolFactory,
) -> None:
    """Every worker busy (the concurrency reached): a query waits `queue_wait`, not the time
    limit, and is told which settings to look at."""
    pool = pool_factory(workers=1, concurrency=1, queue_wait=0.5, timeout=10.0)

    async def wait_behind_a_long_query() -> tuple[BaseException | None, float]:
        long = asyncio.ensure_future(pool.run_async(QueryJob(CROSS_PRODUCT, JSON)))
        await asyncio.sleep(0.3)
        started = time.monotonic()
        try:
            await pool.run_async(ASK)
            refusal = None
        except QueryTimeout as error:
            refusal = error
        waited = time.monotonic() - started
        long.cancel()
        await asyncio.gather(long, return_exceptions=True)
        return refusal, waited

    refusal, waited = uvloop.run(wait_behind_a_long_query())
    assert isinstance(refusal, QueryTimeout) and "INNOGRAPH_QUERY_QUEUE_WAIT" in str(refusal)
    assert 0.4 < waited < 3


def test_workers_started_for_a_burst_stop_once_idle(pool_factory: PoolFactory) -> None:
    pool = pool_factory(workers=1, concurrency=3, timeout=1.0, idle_extra=1.0)

    async def burst() -> None:
        jobs = [pool.run_async(QueryJob(CROSS_PRODUCT, JSON)) for _ in "abc"]
        await asyncio.gather(*jobs, return_exceptions=True)

    uvloop.run(burst())
    assert pool.workers == 3
    deadline = time.monotonic() + 10
    while pool.workers > 1 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pool.workers == 1
    assert count(pool) == 200  # the one kept ready answers
