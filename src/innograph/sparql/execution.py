"""Run SPARQL queries in worker processes, so a query past its time limit can be stopped.

Why worker processes
--------------------
pyoxigraph cannot cancel a running query, and it releases the GIL while it evaluates, so a
thread cannot be interrupted either: the only way to stop a query is to stop the process that
runs it. The service therefore keeps a pool of worker processes, each holding a read-only view
of the data, and the HTTP process waits for an answer at most `Settings.query_timeout` seconds.
A worker that overruns is killed (SIGKILL) and a fresh one takes its place in the background,
while the other workers go on answering (QueryTimeout, a 503 that invites a retry). A worker
that dies by itself while running a job is replaced the same way, but the job most likely killed
it (pyoxigraph segfaults on some texts the shape limits do not foresee), so that is QueryCrashed,
which invites no retry.

Served read-only from several processes, queries skip the pool and run in the serving process
itself, which retires after a runaway instead (`innograph.sparql.fast_lane`).

Where the workers' data comes from
----------------------------------
Opening the live RocksDB folder read-only while the service writes it is undefined behaviour,
so workers never see the live store: they read a *snapshot*, a folder written by
`EmbeddedStore.checkpoint` and never written again. For a store on disk that is a RocksDB checkpoint
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

How many workers
----------------
A long query must not hold up a short one, and nothing can pause a running query, so the pool
runs more workers than there are cores and lets the operating system share the CPU
(`innograph.settings.Admission`). It keeps `Settings.query_workers` ready, starts another each
time a query finds none idle (the query takes the first one freed or started, whichever comes
first), up to `Admission.concurrency`, and stops extra workers idle for `_IDLE_EXTRA` seconds.
An idle worker costs 4-15 MB (PSS, seed store). Each client address may have
`Admission.per_client` queries in progress (`innograph.sparql.quotas`), and a query waits at
most `Admission.queue_wait` seconds for a worker; its time limit starts when a worker takes it.
Measured on 2 cores at an 8 s limit, with eight queries from eight clients running to the
limit: a one-triple ASK answered in 16 ms (p50) and 33 ms (p99) with room for ten workers,
against 7.9 s with two workers (`benchmarks/bench_fairness.py`).

Before a query is sent, `innograph.sparql.screening` refuses SERVICE to hosts off the allow-list, so
no worker ever opens a connection it should not. Results are cut at `Settings.result_limit`
inside the worker (`innograph.sparql.results`), so a huge result never crosses the pipe.

Updates are time-limited the same way: a worker rehearses each one on a writable checkpoint of
the store first (`rehearse`); what an update then goes through is `innograph.sparql.updates`.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from innograph.errors import QueryCrashed, QueryTimeout, StoreError
from innograph.settings import ADMISSION, QUERY_LIMITS, Admission, QueryLimits, Settings
from innograph.sparql.handoff import HandOff
from innograph.sparql.messages import Changed, Failed, Query, QueryJob, Rehearsal, Reply
from innograph.sparql.processes import Worker, WorkerProcesses, readable
from innograph.sparql.quotas import ClientQuotas
from innograph.sparql.results import Answer
from innograph.sparql.screening import check_update, screen_job
from innograph.sparql.snapshots import Snapshot, Snapshots
from innograph.sparql.updates import apply_update
from innograph.store import EmbeddedStore, Store

if TYPE_CHECKING:  # pySHACL is imported only where validation runs
    from innograph.ingest.validation import Validator

__all__ = [
    "QueryJob",
    "QueryPool",
]

_EXIT_WAIT = 1.0
"""Seconds to wait for a worker whose pipe closed to exit, to report how it ended."""

_LONG_TEXT = 16_384
"""Queries longer than this (characters) are screened in a thread, off the event loop."""

_IDLE_EXTRA = 60.0
"""Seconds a worker beyond `Settings.query_workers` may stay idle before it is stopped."""


class QueryPool:
    """Worker processes that answer queries from snapshots of a store, each within a time limit.

    Writes go through `writing()` (or `update`), so that snapshots are never taken halfway
    through one. The parts: `Snapshots` (the workers' copies of the store), `WorkerProcesses`
    (starting and replacing workers), `HandOff` (requests waiting for a free worker) and the
    messages of `innograph.sparql.messages`.
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
        limits: QueryLimits = QUERY_LIMITS,
        admission: Admission = ADMISSION,
        idle_extra: float = _IDLE_EXTRA,
        reasoning: bool = False,
    ) -> None:
        self._store = store
        self.reasoning = reasoning
        """Whether writes keep the inferred graph in step (`Settings.reasoning`)."""
        self._size = max(1, workers)
        self._concurrency = max(self._size, admission.concurrency)
        self._queue_wait = admission.queue_wait
        self._quotas = ClientQuotas(admission.per_client)
        self._idle_extra = idle_extra
        self._reaper_stop = threading.Event()
        self.timeout = timeout
        self.result_limit = result_limit
        self._service_allow = service_allow
        self._union_default_graph = union_default_graph
        self._limits = limits
        self._root = Path(tempfile.mkdtemp(prefix="innograph-snapshots-", dir=snapshot_root))
        self._answers = self._root / "answers"
        self._answers.mkdir()
        self._snapshots = Snapshots(store, self._root)
        self._handoff: HandOff[Worker] = HandOff(self._busy, self._grow)
        self._workers = WorkerProcesses(self._snapshots, self._release)

    @classmethod
    def from_settings(cls, store: EmbeddedStore, settings: Settings) -> QueryPool:
        """Given the service settings, return a pool sized and limited as they say, its
        snapshots in the store's scratch folder (cleared when a crash left them)."""
        root = store.scratch_folder.resolve()
        root.mkdir(parents=True, exist_ok=True)
        return cls(
            store,
            workers=settings.query_workers,
            timeout=settings.query_timeout,
            result_limit=settings.result_limit,
            service_allow=settings.service_allow,
            snapshot_root=root,
            union_default_graph=settings.union_default_graph,
            limits=settings.query_limits,
            admission=settings.admission,
            reasoning=settings.reasoning,
        )

    @property
    def version(self) -> str:
        """The version of the live store: what a new query would be answered from."""
        return self._store.version

    @property
    def workers(self) -> int:
        """Worker processes running or starting."""
        return self._workers.count

    def start(self) -> QueryPool:
        """Take the first snapshot, start the workers kept ready, and the thread that stops
        extra ones left idle; return the pool."""
        self._snapshots.refresh()
        self._workers.start(self._size)
        threading.Thread(
            target=self._stop_idle_extras, name="innograph-reaper", daemon=True
        ).start()
        return self

    def close(self) -> None:
        """Stop every worker and delete every snapshot; requests still waiting are refused."""
        self._reaper_stop.set()
        self._handoff.close(StoreError("the query service is shutting down"))
        self._workers.close()
        shutil.rmtree(self._root, ignore_errors=True)

    def run(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Given a job, return its answer; QueryTimeout if it runs past the time limit.

        SERVICE to a host off the allow-list is refused (QueryRefused) before anything runs,
        and so is a query from a `client` (address) that has its share in progress
        (TooManyQueries). An answer too large for memory is in the file `answer.path`, which
        the caller removes.
        """
        screened, use_query_dataset = self._screen(job)
        with self._quotas.admitted(client):
            self._snapshots.refresh()
            worker = self._handoff.acquire(time.monotonic() + self._queue_wait)
            deadline = time.monotonic() + self.timeout
            version = self._send(worker, screened, use_query_dataset)
            return self._finish(worker, self._reply(worker, deadline), version)

    async def run_async(self, job: QueryJob, *, client: str | None = None) -> Answer:
        """Like `run`, for an event loop: no thread waits while the worker evaluates.

        If the awaiting task is cancelled (the client went away), the worker is stopped.
        """
        is_long = len(job.text) > _LONG_TEXT
        screened, use_query_dataset = (
            await asyncio.to_thread(self._screen, job) if is_long else self._screen(job)
        )
        with self._quotas.admitted(client):
            return await self._run_screened(screened, use_query_dataset)

    async def _run_screened(self, screened: QueryJob, use_query_dataset: bool) -> Answer:
        """Wait for a worker (at most the queue wait), then for its answer (the time limit)."""
        if self._snapshots.is_stale():
            await asyncio.to_thread(self._snapshots.refresh)
        worker = await self._handoff.acquire_async(time.monotonic() + self._queue_wait)
        deadline = time.monotonic() + self.timeout
        version = self._send(worker, screened, use_query_dataset)
        try:
            is_answered = await readable(worker.connection, deadline - time.monotonic())
        except OSError:
            raise self._crashed(worker) from None
        except BaseException:
            self._workers.replace(worker)
            raise
        return self._finish(worker, self._receive(worker) if is_answered else None, version)

    def _screen(self, job: QueryJob) -> tuple[QueryJob, bool]:
        return screen_job(
            job,
            service_allow=self._service_allow,
            limits=self._limits,
            union_default_graph=self._union_default_graph,
        )

    def _send(self, worker: Worker, job: QueryJob, use_query_dataset: bool) -> str:
        """Send a job with the current snapshot; return that snapshot's version."""
        snapshot = self._hold(worker)
        worker.spill = self._answers / uuid.uuid4().hex
        spill = str(worker.spill)
        self._post(
            worker, Query(str(snapshot.path), job, self.result_limit, use_query_dataset, spill)
        )
        return snapshot.version

    def _finish(self, worker: Worker, reply: Reply | None, version: str) -> Answer:
        if reply is None:
            raise self._stopped(worker, "query")
        answer = self._answered(worker, reply)
        assert isinstance(answer, Answer)
        return replace(answer, version=version)

    def update(
        self,
        sparql: str,
        *,
        validator: Validator | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        """Run a SPARQL Update on the store; LOAD, and SERVICE off the allow-list, are refused.

        Rehearsed in a worker, checked, then applied (`innograph.sparql.updates`): past the
        time limit the worker is stopped and the live store never sees the update
        (QueryTimeout); with a validator, an update that breaks the shapes changes nothing.
        """
        check_update(sparql, service_allow=self._service_allow, limits=self._limits)
        apply_update(self, sparql, validator=validator, stop=stop)

    def rehearse(self, sparql: str, *, compare: bool) -> Changed:
        """Run an update in a worker on a copy of the store's current version (the write lock
        is held, so it stays current); return whether it changed anything and, if `compare`,
        the graphs it changed, with their quads."""
        self._snapshots.refresh()
        with self._snapshots.copy() as copy:
            worker = self._handoff.acquire(time.monotonic() + self._queue_wait)
            deadline = time.monotonic() + self.timeout
            snapshot = self._hold(worker)
            self._post(worker, Rehearsal(str(snapshot.path), str(copy), sparql, compare))
            reply = self._reply(worker, deadline)
            if reply is None:
                raise self._stopped(worker, "update", "; nothing was changed")
            if not isinstance(reply, Failed):  # updated: the comparison takes no time limit,
                reply = self._reply(worker, None)  # it is bounded by the store
                assert reply is not None  # without a deadline, the worker replies or is lost
            changed = self._answered(worker, reply)
        assert isinstance(changed, Changed)
        return changed

    @contextmanager
    def writing(self) -> Iterator[Store]:
        """Hold the store for one write; the next query sees all of it or none of it."""
        with self._snapshots.writing() as store:
            yield store

    def _hold(self, worker: Worker) -> Snapshot:
        """The current snapshot, which the worker is about to read."""
        snapshot = self._snapshots.hold(worker.snapshot)
        worker.snapshot = snapshot.path
        return snapshot

    def _post(self, worker: Worker, message: Query | Rehearsal) -> None:
        try:
            worker.connection.send(message)
        except OSError:
            raise self._lost(worker) from None

    def _reply(self, worker: Worker, deadline: float | None) -> Reply | None:
        """The worker's next message, or None if none came by the deadline (None: no limit)."""
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            is_answered = worker.connection.poll(timeout)
        except (EOFError, OSError):
            raise self._crashed(worker) from None
        return self._receive(worker) if is_answered else None

    def _receive(self, worker: Worker) -> Reply:
        try:
            reply: Reply = worker.connection.recv()
        except (EOFError, OSError):
            raise self._crashed(worker) from None
        return reply

    def _answered(self, worker: Worker, reply: Reply) -> Reply:
        """Free a worker that replied; raise the error it reported, if any."""
        self._release(worker)
        if isinstance(reply, Failed):
            raise reply.error()
        return reply

    def _release(self, worker: Worker) -> None:
        """Hand a free worker on; an answer file it wrote belongs to whoever got the answer."""
        worker.spill = None
        self._handoff.release(worker)

    def _stopped(self, worker: Worker, what: str, outcome: str = "") -> QueryTimeout:
        """Replace a worker that ran past the time limit; return the error that says so."""
        self._workers.replace(worker)
        return QueryTimeout.stopped(what, self.timeout, outcome)

    def _lost(self, worker: Worker) -> StoreError:
        """Replace a worker found dead before it was given a job: nothing was run, so the
        request may be sent again (a 503 with Retry-After)."""
        self._workers.replace(worker)
        return StoreError("a query worker stopped unexpectedly; please retry")

    def _crashed(self, worker: Worker) -> QueryCrashed:
        """Replace a worker that died while running a job the pool had not stopped: the text
        most likely crashed the engine (pyoxigraph segfaults on some, as on 2,500 nested
        groups before the shape limits), so the error invites no retry."""
        worker.process.join(_EXIT_WAIT)
        code = worker.process.exitcode
        self._workers.replace(worker)
        how = f" (signal {-code})" if code is not None and code < 0 else ""
        return QueryCrashed(
            f"the query engine crashed on this request: its worker process died{how}; "
            "nothing was changed, and sending the same request again would likely crash it again"
        )

    def _grow(self) -> None:
        """A request is waiting: start another worker, if the concurrency allows one."""
        self._workers.grow(self._concurrency)

    def _stop_idle_extras(self) -> None:
        """Every few seconds until the pool closes, stop the workers beyond the ones kept ready
        that have been idle for `_idle_extra` seconds."""
        while not self._reaper_stop.wait(min(10.0, self._idle_extra / 2)):
            extra = self._workers.count - self._size
            if extra > 0:
                for worker in self._handoff.take_idle(self._idle_extra, extra):
                    self._workers.retire(worker)

    def _busy(self) -> QueryTimeout:
        return QueryTimeout(
            f"no query worker became free within {self._queue_wait:g} s: all "
            f"{self._concurrency} are busy (INNOGRAPH_QUERY_QUEUE_WAIT, "
            "INNOGRAPH_QUERY_CONCURRENCY)",
            timeout=self._queue_wait,
        )
