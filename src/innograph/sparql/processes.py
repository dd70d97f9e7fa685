"""The query worker processes: started together, added on demand, each replaced when stopped.

A worker stopped by the pool (a query past the time limit, a client gone) is killed, and a
new one is started in the background while the others go on answering. The pool also adds
workers while requests wait (`grow`, up to its concurrency) and stops the extra ones once they
stay idle (`retire`). Why there are worker processes, and what starting one costs:
`innograph.sparql.execution`.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path

from innograph.children import context
from innograph.errors import StoreError
from innograph.sparql.messages import READY
from innograph.sparql.results import remove_spill
from innograph.sparql.snapshots import Snapshots
from innograph.sparql.worker import serve

__all__ = ["Worker", "WorkerProcesses", "readable"]

_START_TIMEOUT = 60.0
"""Seconds a new worker may take to import its modules and report ready."""


@dataclass(eq=False)
class Worker:
    """One worker process, the pipe to it, and what it holds."""

    process: BaseProcess
    connection: Connection
    snapshot: Path | None = None
    """The snapshot it read last, and keeps open."""
    spill: Path | None = None
    """Where the worker writes an answer too large for memory, for its current job."""


class WorkerProcesses:
    """The running workers; each new one, and each that replaces a stopped one, is handed to
    `on_ready`."""

    def __init__(self, snapshots: Snapshots, on_ready: Callable[[Worker], None]) -> None:
        self._snapshots = snapshots
        self._on_ready = on_ready
        self._context = _context()
        # Under `_lock`: the workers that answer, and how many more are starting.
        self._running: set[Worker] = set()
        self._starting = 0
        self._lock = threading.Lock()
        self._is_closed = False

    @property
    def count(self) -> int:
        """Workers running or starting."""
        with self._lock:
            return len(self._running) + self._starting

    def start(self, count: int) -> None:
        """Start `count` workers side by side; StoreError if none could be started."""
        with self._lock:
            self._starting += count
        starters = [threading.Thread(target=self._add) for _ in range(count)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if not self._running:
            raise StoreError("no query worker could be started")

    def grow(self, limit: int) -> None:
        """Start one more worker in the background, unless `limit` are running or starting."""
        with self._lock:
            if self._is_closed or len(self._running) + self._starting >= limit:
                return
            self._starting += 1
        threading.Thread(target=self._add, daemon=True).start()

    def replace(self, worker: Worker) -> None:
        """Kill a worker and start another in the background."""
        with self._lock:
            self._running.discard(worker)
            self._starting += 1
        threading.Thread(target=self._retire_and_add, args=(worker,), daemon=True).start()

    def retire(self, worker: Worker) -> None:
        """Stop an idle worker for good (none takes its place)."""
        with self._lock:
            self._running.discard(worker)
        self._let_go(worker)

    def close(self) -> None:
        """Stop every worker; none is started after."""
        with self._lock:
            self._is_closed = True
            workers = list(self._running)
            self._running.clear()
        for worker in workers:
            _stop(worker)

    def _retire_and_add(self, worker: Worker) -> None:
        self._let_go(worker)
        self._add()

    def _let_go(self, worker: Worker) -> None:
        """Stop a worker and give up what it held: its snapshot, a half-written answer."""
        _stop(worker)
        if worker.spill is not None:  # what it was writing when it was stopped
            remove_spill(worker.spill)
        self._snapshots.let_go(worker.snapshot)

    def _add(self) -> None:
        """Start one worker (counted in `_starting` by the caller) and hand it on once ready."""
        worker: Worker | None = None
        try:
            worker = self._started()
        finally:
            with self._lock:
                self._starting -= 1
                is_kept = worker is not None and not self._is_closed
                if worker is not None and is_kept:
                    self._running.add(worker)
        if worker is None:
            return
        if is_kept:
            self._on_ready(worker)
        else:
            _stop(worker)

    def _started(self) -> Worker | None:
        """A new worker process that reported ready, or None if it did not in time."""
        if self._is_closed:
            return None
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=serve, args=(theirs,), name="innograph-query-worker", daemon=True
        )
        process.start()
        theirs.close()
        worker = Worker(process, ours)
        try:
            is_ready = ours.poll(_START_TIMEOUT) and ours.recv() == READY
        except (EOFError, OSError):  # it died starting, or the pool closed and stopped it
            is_ready = False
        if not is_ready:
            _stop(worker)
            return None
        return worker


async def readable(connection: Connection, timeout: float) -> bool:
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


def _context() -> ForkServerContext | SpawnContext:
    """The context of every child (`innograph.children`); the forkserver imports what every
    worker needs once, before forking any."""
    return context(preload=["innograph.sparql.worker", "innograph.sparql.messages"])


def _stop(worker: Worker) -> None:
    try:
        worker.process.kill()
    except ValueError:  # stopped already (closing the pool and replacing it raced)
        return
    worker.process.join()
    worker.connection.close()
    worker.process.close()
