"""Run SPARQL queries in worker processes, so a query past its time limit can be stopped.

Why worker processes
--------------------
pyoxigraph cannot cancel a running query, and it releases the GIL while it evaluates, so a
thread cannot be interrupted either: the only way to stop a query is to stop the process that
runs it. The service therefore keeps a pool of worker processes, each holding a read-only view
of the data, and the HTTP process waits for an answer at most `Settings.query_timeout` seconds.
A worker that overruns is killed (SIGKILL) and a fresh one takes its place in the background,
while the other workers go on answering.

Where the workers' data comes from
----------------------------------
Opening the live RocksDB folder read-only while the service writes it is undefined behaviour,
so workers never see the live store: they read a *snapshot*, a folder written by
`Store.checkpoint` and never written again. For a store on disk that is a RocksDB checkpoint
(hard links); an in-memory store is copied into a store on disk. After a write the store's
`version` changes; the next query takes a new snapshot, and each worker switches to it on its
next job by reopening (no new process); a worker in the middle of a query finishes on the old
snapshot, so every answer comes from one consistent version, reported with it (the ETag).
Old snapshots are deleted once no worker holds them. All writes go through `writing()`, which
holds a lock that snapshots also take, so no snapshot catches a write halfway.

Measured (2 cores shared with other jobs, load average 4-5; Python 3.11, pyoxigraph 0.5.13):

| step                                             | 38 k triples | 1.9 M triples |
|--------------------------------------------------|--------------|---------------|
| checkpoint of the on-disk store                  | 16-20 ms     | 4-26 ms       |
| a worker opens a snapshot read-only              | 53 ms        | 89 ms         |
| copy of an in-memory store (why big data belongs on disk) | 0.7 s | 53 s       |
| a timed-out worker is replaced (forkserver)      | 38 ms        | 105 ms        |
| query round trip through the pool, idle worker   | +0.4-0.7 ms over pyoxigraph in process |  |

Starting a worker with `forkserver` takes ~50 ms (spawn ~250 ms; fork is never used, because
the server process has threads and an open RocksDB).

Before a query is sent, `innograph.sparql.screening` refuses SERVICE to hosts off the allow-list, so
no worker ever opens a connection it should not. Results are cut at `Settings.result_limit`
inside the worker (`innograph.sparql.results`), so a huge result never crosses the pipe.

Updates are time-limited the same way: a worker rehearses each one on a writable checkpoint of
the store and reports the graphs it changed (which SHACL then checks); one past the limit is
stopped there, so the live store never starts it. Only then does the update run on the store,
in the service process, as one transaction: it takes about as long again as its rehearsal.
With SHACL shapes configured, the rehearsal also compares every graph before and after (a
digest of each, a pass over the store) to hand the changed graphs to the validator. Measured on
the 100k-organisation store (1.9 M triples), one `INSERT DATA` of one triple: 0.1 s without
shapes, 40-45 s with them (the comparison); the in-memory copy it replaced took 53 s before any
comparison, and no update was time-limited.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import QueryError, QueryTimeout, StoreError
from innograph.ingest.sources import SourceFile
from innograph.settings import Settings
from innograph.sparql.results import Answer, ResultFormats, remove_spill
from innograph.sparql.screening import check_query, check_update, has_dataset_clause
from innograph.sparql.worker import Rehearsal, serve
from innograph.store import DEFAULT_GRAPH, EmbeddedStore, Store

if TYPE_CHECKING:  # pySHACL is imported only where validation runs
    from innograph.ingest.validation import Validator

__all__ = ["QueryJob", "QueryPool", "UPDATE"]

UPDATE = Path("SPARQL Update")
"""The name a SHACL error gives to the data an update would write."""

_LONG_TEXT = 16_384
"""Queries longer than this (characters) are screened in a thread, off the event loop."""

_START_TIMEOUT = 60.0
"""Seconds a new worker may take to import its modules and report ready."""


@dataclass(frozen=True)
class QueryJob:
    """One query to run: its text, its dataset, and the formats the client accepts."""

    text: str
    formats: ResultFormats
    default_graphs: tuple[GraphName, ...] | None = None
    named_graphs: tuple[GraphName, ...] | None = None

    def fingerprint(self, version: str) -> str:
        """Given a store version, return a key that changes with the version or the request."""
        key = json.dumps(
            [version, self.text, self.formats.results, self.formats.graph]
            + [self.default_graphs, self.named_graphs]
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class _Snapshot:
    version: str
    path: Path


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    connection: Connection
    snapshot: Path | None = None
    spill: Path | None = None
    """Where the worker writes an answer too large for memory, for its current job."""


_Waiter = asyncio.Future[_Worker] | concurrent.futures.Future[_Worker]
"""A request waiting for a worker: on an event loop, or in a thread."""


def _context() -> ForkServerContext | SpawnContext:
    """forkserver where the platform has it (fast, and never forks a process with threads)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["innograph.sparql.worker", "innograph.sparql.execution"])
        return context
    return multiprocessing.get_context("spawn")


class QueryPool:
    """Worker processes that answer queries from snapshots of a store, each within a time limit.

    Writes go through `writing()` (or `update`), so that snapshots are never taken halfway
    through one.
    """

    def __init__(
        self,
        store: EmbeddedStore,
        *,
        workers: int,
        timeout: float,
        result_limit: int,
        service_allow: tuple[str, ...] = (),
        snapshot_root: Path | None = None,
        union_default_graph: bool = True,
    ) -> None:
        self._store = store
        self._size = max(1, workers)
        self.timeout = timeout
        self.result_limit = result_limit
        self._service_allow = service_allow
        self._union_default_graph = union_default_graph
        self._root = Path(tempfile.mkdtemp(prefix="innograph-snapshots-", dir=snapshot_root))
        self._answers = self._root / "answers"
        self._answers.mkdir()
        self._context = _context()
        # Both under `_lock`: idle workers, and requests waiting for one (oldest first).
        self._idle: list[_Worker] = []
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._snapshot: _Snapshot | None = None
        self._snapshots: set[Path] = set()
        self._counter = 0
        self._is_closed = False

    @classmethod
    def from_settings(cls, store: EmbeddedStore, settings: Settings) -> QueryPool:
        """Given the service settings, return a pool sized and limited as they say."""
        root = None if settings.is_in_memory else Path(settings.store).resolve().parent
        return cls(
            store,
            workers=settings.query_workers,
            timeout=settings.query_timeout,
            result_limit=settings.result_limit,
            service_allow=settings.service_allow,
            snapshot_root=root,
            union_default_graph=settings.union_default_graph,
        )

    @property
    def version(self) -> str:
        """The version of the live store: what a new query would be answered from."""
        return self._store.version

    def start(self) -> QueryPool:
        """Take the first snapshot and start every worker; return the pool."""
        self._fresh_snapshot()
        starters = [threading.Thread(target=self._add_worker) for _ in range(self._size)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if not self._workers:
            raise StoreError("no query worker could be started")
        return self

    def close(self) -> None:
        """Stop every worker and delete every snapshot; requests still waiting are refused."""
        self._is_closed = True
        closing = StoreError("the query service is shutting down")
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
            self._idle.clear()
            waiters, self._waiters = list(self._waiters), collections.deque()
        for waiter in waiters:
            if isinstance(waiter, concurrent.futures.Future):
                waiter.set_exception(closing)
            else:
                waiter.get_loop().call_soon_threadsafe(_refuse, waiter, closing)
        for worker in workers:
            _stop(worker)
        shutil.rmtree(self._root, ignore_errors=True)

    def run(self, job: QueryJob) -> Answer:
        """Given a job, return its answer; QueryTimeout if it runs past the time limit.

        SERVICE to a host off the allow-list is refused (QueryRefused) before anything runs.
        An answer too large for memory is in the file `answer.path`, which the caller removes.
        """
        outgoing = self._screen(job)
        self._fresh_snapshot()
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        version = self._send(worker, outgoing)
        try:
            is_answered = worker.connection.poll(max(0.0, deadline - time.monotonic()))
            message = worker.connection.recv() if is_answered else None
        except (EOFError, OSError):
            raise self._lost(worker) from None
        return self._finish(worker, message, version)

    async def run_async(self, job: QueryJob) -> Answer:
        """Like `run`, for an event loop: no thread waits while the worker evaluates.

        If the awaiting task is cancelled (the client went away), the worker is stopped.
        """
        is_long = len(job.text) > _LONG_TEXT
        outgoing = await asyncio.to_thread(self._screen, job) if is_long else self._screen(job)
        if self._is_stale():
            await asyncio.to_thread(self._fresh_snapshot)
        deadline = time.monotonic() + self.timeout
        worker = await self._acquire_async(deadline)
        version = self._send(worker, outgoing)
        try:
            is_answered = await _readable(worker.connection, deadline - time.monotonic())
            message = worker.connection.recv() if is_answered else None
        except (EOFError, OSError):
            raise self._lost(worker) from None
        except BaseException:
            self._replace(worker)
            raise
        return self._finish(worker, message, version)

    def _screen(self, job: QueryJob) -> tuple[QueryJob, int, bool]:
        """Refuse a query that would reach the network; return what the worker is sent: the job,
        with the store's own default graph as its default graph when the service does not read
        the union and neither the request nor the query (FROM) chose one."""
        check_query(job.text, service_allow=self._service_allow)
        use_query_dataset = (
            job.default_graphs is None and job.named_graphs is None and has_dataset_clause(job.text)
        )
        if job.default_graphs is None and not use_query_dataset and not self._union_default_graph:
            job = replace(job, default_graphs=(DEFAULT_GRAPH,))
        return job, self.result_limit, use_query_dataset

    def _send(self, worker: _Worker, outgoing: tuple[QueryJob, int, bool]) -> str:
        """Send a job with the current snapshot; return that snapshot's version."""
        with self._lock:
            snapshot = self._snapshot
            assert snapshot is not None
            worker.snapshot = snapshot.path
        worker.spill = self._answers / uuid.uuid4().hex
        try:
            worker.connection.send((str(snapshot.path), *outgoing, str(worker.spill)))
        except OSError:
            raise self._lost(worker) from None
        return snapshot.version

    def _stopped(self, worker: _Worker, what: str, outcome: str = "") -> QueryTimeout:
        """Replace a worker that ran past the time limit; return the error that says so."""
        self._replace(worker)
        return QueryTimeout(
            f"the {what} was stopped after {self.timeout:g} s, the time limit of this "
            f"service (INNOGRAPH_QUERY_TIMEOUT){outcome}",
            timeout=self.timeout,
        )

    def _lost(self, worker: _Worker) -> StoreError:
        self._replace(worker)
        return StoreError("a query worker stopped unexpectedly; please retry")

    def _finish(self, worker: _Worker, message: tuple[str, Any] | None, version: str) -> Answer:
        if message is None:
            raise self._stopped(worker, "query")
        self._release(worker)
        return _answer_or_raise(message, version)

    def update(self, sparql: str, *, validator: Validator | None = None) -> None:
        """Run a SPARQL Update on the store; LOAD, and SERVICE off the allow-list, are refused.

        The update is rehearsed first, in a worker, on a writable copy of the store: past the
        time limit the worker is stopped and the live store never sees the update (QueryTimeout).
        With a validator, the graphs the rehearsal changed are checked with the shapes, as
        `innograph load` checks a file: an update that breaks them changes nothing. Then the
        update runs on the live store, in one transaction, taking about as long again.
        """
        check_update(sparql, service_allow=self._service_allow)
        with self.writing() as store:
            changed = self._rehearse(sparql, compare=validator is not None)
            if validator is not None:
                for graph, quads in changed.items():
                    source = SourceFile(
                        path=UPDATE, format=pyoxigraph.RdfFormat.N_QUADS, graph=graph
                    )
                    validator.check(source, quads)
            store.update(sparql)

    def _rehearse(self, sparql: str, *, compare: bool) -> dict[GraphName, list[pyoxigraph.Quad]]:
        """Run an update in a worker on a copy of the store's current version (the write lock
        is held, so it stays current); if `compare`, return the graphs it changed, with their
        quads."""
        self._fresh_snapshot()
        deadline = time.monotonic() + self.timeout
        with self._lock:
            snapshot = self._snapshot
            assert snapshot is not None
            self._counter += 1
            # In a folder of its own: opening the copy writes its lock file beside it.
            folder = self._root / f"{self._counter:06d}-update"
            copy = folder / "store"
        try:
            folder.mkdir()
            self._store.checkpoint(copy)
            worker = self._acquire(deadline)
            with self._lock:
                worker.snapshot = snapshot.path
            try:
                worker.connection.send(Rehearsal(str(snapshot.path), str(copy), sparql, compare))
            except OSError:
                raise self._lost(worker) from None
            first = self._reply(worker, deadline)
            if first is None:
                raise self._stopped(worker, "update", "; nothing was changed")
            if first[0] == "error":
                reply = first
            else:  # updated: the comparison takes no time limit, it is bounded by the store
                answered = self._reply(worker, None)
                assert answered is not None  # without a deadline, the worker answers or is lost
                reply = answered
            self._release(worker)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        status, payload = reply
        if status == "error":
            kind, text = payload
            raise StoreError(text) if kind == "store" else QueryError(text)
        changed: dict[GraphName, list[pyoxigraph.Quad]] = payload
        return changed

    def _reply(self, worker: _Worker, deadline: float | None) -> tuple[str, Any] | None:
        """The worker's next message, or None if none came by the deadline (None: no limit)."""
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            if not worker.connection.poll(timeout):
                return None
            message: tuple[str, Any] = worker.connection.recv()
        except (EOFError, OSError):
            raise self._lost(worker) from None
        return message

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold the store for one write; the next query sees all of it or none of it."""
        with self._write_lock:
            yield self._store
            self._fresh_snapshot()

    def _is_stale(self) -> bool:
        current = self._snapshot
        return current is None or current.version != self._store.version

    def _fresh_snapshot(self) -> None:
        """Take a snapshot if the store has moved to a new version since the last one."""
        if not self._is_stale():
            return
        with self._write_lock:
            version = self._store.version
            if self._snapshot is not None and self._snapshot.version == version:
                return
            self._counter += 1
            path = self._root / f"{self._counter:06d}"
            self._store.checkpoint(path)
            with self._lock:
                self._snapshot = _Snapshot(version, path)
                self._snapshots.add(path)
                self._collect()

    def _collect(self) -> None:
        """Delete snapshots that are neither current nor held by a worker (lock held)."""
        held = {worker.snapshot for worker in self._workers}
        current = self._snapshot.path if self._snapshot else None
        for path in list(self._snapshots):
            if path != current and path not in held:
                shutil.rmtree(path, ignore_errors=True)
                self._snapshots.discard(path)

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker, waited for in this thread (first come, first served)."""
        waiter: concurrent.futures.Future[_Worker] = concurrent.futures.Future()
        idle = self._idle_or_queue(waiter)
        if idle is not None:
            return idle
        try:
            return waiter.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            if not self._forget(waiter):
                self._release(waiter.result())  # handed over just as the wait ended
            raise self._busy() from None

    async def _acquire_async(self, deadline: float) -> _Worker:
        """An idle worker, waited for on the event loop (first come, first served).

        A freed worker is handed straight to the first waiting future: no thread blocks per
        waiting request (at 8 requests in flight on 2 workers, such threads' hand-offs cost a
        quarter of the throughput).
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_Worker] = loop.create_future()
        idle = self._idle_or_queue(waiter)
        if idle is not None:
            return idle
        delay = max(0.0, deadline - time.monotonic())
        timer = loop.call_later(delay, _refuse, waiter, self._busy())
        try:
            return await waiter
        except BaseException:
            # Cancelled (the client went away) just after a worker was handed over: pass it on.
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release(waiter.result())
            raise
        finally:
            timer.cancel()
            self._forget(waiter)

    def _idle_or_queue(self, waiter: _Waiter) -> _Worker | None:
        """An idle worker, or None once `waiter` is queued for the next one freed."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
            self._waiters.append(waiter)
            return None

    def _forget(self, waiter: _Waiter) -> bool:
        """Take a waiter that stops waiting out of the queue; False if it was handed a worker
        already (it left the queue then)."""
        with self._lock:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
                return True
            return False

    def _busy(self) -> QueryTimeout:
        return QueryTimeout(
            f"no query worker became free within {self.timeout:g} s (every worker is busy; "
            "INNOGRAPH_QUERY_TIMEOUT)",
            timeout=self.timeout,
        )

    def _release(self, worker: _Worker) -> None:
        """Hand a free worker to the longest waiting request, else put it with the idle ones."""
        worker.spill = None  # an answer file it wrote belongs to whoever got the answer
        with self._lock:
            self._collect()
            while self._waiters:
                waiter = self._waiters.popleft()
                if isinstance(waiter, concurrent.futures.Future):
                    waiter.set_result(worker)
                    return
                if not waiter.done():
                    waiter.get_loop().call_soon_threadsafe(self._hand, waiter, worker)
                    return
            self._idle.append(worker)

    def _hand(self, waiter: asyncio.Future[_Worker], worker: _Worker) -> None:
        """On the waiter's loop: give it the worker, or pass the worker on if it gave up."""
        if waiter.done():
            self._release(worker)
        else:
            waiter.set_result(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        with self._lock:
            self._workers.discard(worker)
        threading.Thread(target=self._retire_and_add, args=(worker,), daemon=True).start()

    def _retire_and_add(self, worker: _Worker) -> None:
        _stop(worker)
        if worker.spill is not None:  # what it was writing when it was stopped
            remove_spill(worker.spill)
        if not self._is_closed:
            self._add_worker()
        with self._lock:
            self._collect()

    def _add_worker(self) -> None:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(theirs,), name="innograph-query-worker", daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        if not (ours.poll(_START_TIMEOUT) and ours.recv() == "ready"):
            _stop(worker)
            return
        with self._lock:
            if self._is_closed:
                _stop(worker)
                return
            self._workers.add(worker)
        self._release(worker)


async def _readable(connection: Connection, timeout: float) -> bool:
    """Wait without a thread until the connection has data; False after `timeout` seconds.

    One future settled by whichever comes first, the reader or a timer: cheaper on every query
    than `asyncio.wait_for`, which wraps the future in another and a timeout context.

    uvloop (libuv) switches a descriptor it watches to non-blocking and leaves it so; the pool
    then reads and writes it with blocking calls, and an answer that arrives in two writes
    (over 16 KiB) would fail halfway with EAGAIN. So blocking mode is restored afterwards.
    """
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[bool] = loop.create_future()
    descriptor = connection.fileno()

    def settle(is_readable: bool) -> None:
        if not ready.done():
            ready.set_result(is_readable)

    try:
        loop.add_reader(descriptor, settle, True)
    except NotImplementedError:  # an event loop without readers (Windows' proactor)
        return await asyncio.to_thread(connection.poll, max(0.0, timeout))
    timer = loop.call_later(max(0.0, timeout), settle, False)
    try:
        return await ready
    finally:
        timer.cancel()
        loop.remove_reader(descriptor)
        os.set_blocking(descriptor, True)


def _refuse(waiter: asyncio.Future[_Worker], error: Exception) -> None:
    if not waiter.done():
        waiter.set_exception(error)


def _stop(worker: _Worker) -> None:
    try:
        worker.process.kill()
    except ValueError:  # stopped already (closing the pool and replacing it raced)
        return
    worker.process.join()
    worker.connection.close()
    worker.process.close()


def _answer_or_raise(message: tuple[str, Any], version: str) -> Answer:
    status, payload = message
    if status == "ok":
        assert isinstance(payload, Answer)
        return replace(payload, version=version)
    kind, text = payload
    raise StoreError(text) if kind == "store" else QueryError(text)
