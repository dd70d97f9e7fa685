"""Child processes of the service: how they are started, and how they end with it.

The query workers and the processes that check a write with SHACL are started from one
context (`context`); the HTTP processes of `innograph serve --processes N` by uvicorn, through
`multiprocessing` too. Each calls `die_with_parent` first thing, so that none outlives the
process that started it, however that one ends: killed with SIGKILL, it runs no code of its own.

Why not the kernel's PR_SET_PDEATHSIG: it fires when the parent *thread* that forked exits.
The query workers are forked by multiprocessing's forkserver, which is single-threaded, but
the forkserver leaves only when every holder of its "alive" pipe has gone, and each worker
holds one: measured, a server killed with SIGKILL while two workers ran queries left the
forkserver, the resource tracker and both workers running, for as long as the queries ran.
Instead each child watches the pipe `multiprocessing` keeps open from the process that started
it (`parent_process().sentinel`), on a thread of its own, and kills itself when the pipe
closes: the kernel closes it when that process ends, whatever ends it, and if it has already
ended the pipe reads as closed at once, so no start is too late. Once the children are gone,
the forkserver and the resource tracker find their pipes closed and leave by themselves.
Measured (`innograph serve`, 2 query workers each busy with a query, SIGKILL on the server's
main process, 4 trials): before, all 4 processes it had started still ran 5 s later (with
`--processes 2`, all 9-11); now none, gone within 0.03-0.05 s (0.09-0.23 s).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Sequence
from multiprocessing.connection import wait
from multiprocessing.context import ForkServerContext, SpawnContext

__all__ = ["context", "die_with_parent"]


def context(preload: Sequence[str] = ()) -> ForkServerContext | SpawnContext:
    """forkserver where the platform has it (fast, and never forks a process with threads),
    else spawn. There is one forkserver per process: `preload` (module names) are imported by
    it once, before it forks any child, if it has not started yet."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        if preload:
            forkserver.set_forkserver_preload(list(preload))
        return forkserver
    return multiprocessing.get_context("spawn")


def die_with_parent() -> None:
    """In a child started by `multiprocessing`: be killed (SIGKILL) as soon as the process that
    started it ends. Elsewhere (the service's own process), nothing."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(
            target=_watch, args=(parent.sentinel,), name="innograph-parent-watch", daemon=True
        ).start()


def _watch(sentinel: int) -> None:
    wait([sentinel])
    os.kill(os.getpid(), signal.SIGKILL)
