"""Idle workers, and the requests waiting for one: a freed worker goes to the longest waiter.

A request waits on its event loop (a future, settled from whichever thread frees a worker) or
in a thread (an update's rehearsal, a query from a thread); both wait in the same queue, first
come, first served, so neither kind starves the other.

Idle workers are handed out last freed, first out: the busy ones stay warm (their snapshot
open, their caches filled), and the ones a burst left over stay idle long enough for the pool
to stop them (`take_idle`).
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["HandOff"]

T = TypeVar("T")

_Waiter = asyncio.Future[T] | concurrent.futures.Future[T]
"""A request waiting for a worker: on an event loop, or in a thread."""


class HandOff(Generic[T]):
    """Hands out idle workers (of any type `T`); `busy` makes the error of a request that
    waited until its deadline, and `on_wait` is called each time a request starts waiting (the
    pool starts another worker then, if it may)."""

    def __init__(
        self, busy: Callable[[], Exception], on_wait: Callable[[], None] = lambda: None
    ) -> None:
        self._busy = busy
        self._on_wait = on_wait
        # Both under `_lock`: idle workers with the moment each was freed (`time.monotonic`,
        # last freed at the end), and requests waiting for one (oldest first).
        self._idle: list[tuple[T, float]] = []
        self._waiters: collections.deque[_Waiter[T]] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self, deadline: float) -> T:
        """An idle worker, waited for in this thread until the deadline (`time.monotonic`)."""
        waiter: concurrent.futures.Future[T] = concurrent.futures.Future()
        idle = self._idle_or_queue(waiter)
        if idle is not None:
            return idle
        try:
            return waiter.result(timeout=max(0.0, deadline - time.monotonic()))
        except concurrent.futures.TimeoutError:
            if not self._forget(waiter):
                self.release(waiter.result())  # handed over just as the wait ended
            raise self._busy() from None

    async def acquire_async(self, deadline: float) -> T:
        """An idle worker, waited for on the event loop until the deadline.

        A freed worker is handed straight to the first waiting future: no thread blocks per
        waiting request (at 8 requests in flight on 2 workers, such threads' hand-offs cost a
        quarter of the throughput).
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[T] = loop.create_future()
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
                self.release(waiter.result())
            raise
        finally:
            timer.cancel()
            self._forget(waiter)

    def release(self, worker: T) -> None:
        """Hand a free worker to the longest waiting request, else put it with the idle ones."""
        with self._lock:
            while self._waiters:
                waiter = self._waiters.popleft()
                if isinstance(waiter, concurrent.futures.Future):
                    waiter.set_result(worker)
                    return
                if not waiter.done():
                    waiter.get_loop().call_soon_threadsafe(self._hand, waiter, worker)
                    return
            self._idle.append((worker, time.monotonic()))

    def take_idle(self, idle_for: float, most: int) -> list[T]:
        """Take out of the hand-off at most `most` workers idle for `idle_for` seconds or
        more (the longest idle first), to be stopped."""
        cutoff = time.monotonic() - idle_for
        with self._lock:
            taken = [worker for worker, freed in self._idle[:most] if freed <= cutoff]
            del self._idle[: len(taken)]
        return taken

    def close(self, error: Exception) -> None:
        """Refuse every waiting request with `error`, and forget the idle workers."""
        with self._lock:
            self._idle.clear()
            waiters, self._waiters = list(self._waiters), collections.deque()
        for waiter in waiters:
            if isinstance(waiter, concurrent.futures.Future):
                waiter.set_exception(error)
            else:
                waiter.get_loop().call_soon_threadsafe(_refuse, waiter, error)

    def _idle_or_queue(self, waiter: _Waiter[T]) -> T | None:
        """An idle worker, or None once `waiter` is queued for the next one freed."""
        with self._lock:
            if self._idle:
                return self._idle.pop()[0]
            self._waiters.append(waiter)
        self._on_wait()
        return None

    def _forget(self, waiter: _Waiter[T]) -> bool:
        """Take a waiter that stops waiting out of the queue; False if it was handed a worker
        already (it left the queue then)."""
        with self._lock:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
                return True
            return False

    def _hand(self, waiter: asyncio.Future[T], worker: T) -> None:
        """On the waiter's loop: give it the worker, or pass the worker on if it gave up."""
        if waiter.done():
            self.release(worker)
        else:
            waiter.set_result(worker)


def _refuse(waiter: asyncio.Future[T], error: Exception) -> None:
    if not waiter.done():
        waiter.set_exception(error)
