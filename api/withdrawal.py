"""Blocking work that stops when its request is withdrawn: the client went away, or the server
is stopping.

A write's SHACL validation runs in a process of its own, which can be killed
(`innograph.ingest.validation_process`), but the work around it runs in a thread, and neither
Starlette nor uvicorn stops a request whose client has gone: the check went on for minutes,
a core busy for nobody. At shutdown uvicorn cancels the requests still running after its
grace period, but a thread cannot be cancelled, so a validation kept the server from stopping.
Here the work is told instead, through a `threading.Event` it watches.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from fastapi import Request
from starlette.concurrency import run_in_threadpool

__all__ = ["run_unless_withdrawn"]

T = TypeVar("T")


async def run_unless_withdrawn(request: Request, work: Callable[[threading.Event], T]) -> T:
    """Run `work(stop)` in a thread and return what it returns; `stop` is set as soon as the
    client has gone or this request is cancelled (the server stopping). The request's body
    must have been read whole."""
    stop = threading.Event()
    running = asyncio.ensure_future(run_in_threadpool(work, stop))
    gone = asyncio.ensure_future(_gone(request))
    try:
        await asyncio.wait((running, gone), return_when=asyncio.FIRST_COMPLETED)
    finally:
        gone.cancel()
        if not running.done():
            stop.set()
            running.add_done_callback(_settled)
    return await running


async def _gone(request: Request) -> None:
    """Return once the client has gone: with the body read, the next message the server has
    for this request is its disconnection."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _settled(running: asyncio.Future[T]) -> None:
    """Read the outcome of work whose request no longer waits for it (cancelled), so that
    asyncio does not report it as never retrieved."""
    if not running.cancelled():
        running.exception()
