"""The serving processes of one `innograph serve`: which answer, which retire, how many were
restarted, so that a process retires only while another one answers.

With the fast lane (`innograph.sparql.fast_lane`) a process that holds a runaway query
retires: uvicorn's supervisor starts a fresh one once it has exited. If every process retired
at once, no process would answer until the replacements came up, so retirements are
staggered: a process may retire only while at least one other process answers, and a process
that may not keeps serving with its runaway counted against its capacity, asking again later.

Why files and locks: the processes are started by uvicorn's supervisor, which innograph does
not control, so there is no parent that could hand them a shared counter; and a process may die
by any means (a crash, SIGKILL), so nothing it would have to undo on the way out may count it.
Each process therefore holds an exclusive `flock` on a file named by its pid, in
`answering/` while it answers, in `waiting/` while it holds a runaway but may not retire yet,
and in `retiring/` once it retires (a rename keeps the lock): the
kernel releases the lock when the process ends, however it ends, so a file whose lock can be
taken belongs to a dead process, and is removed. Every look and change happens under one more
lock (`roster.lock`), so two processes can never both see the other answering and retire
together. The folder is named by the supervisor's pid (the parent of every serving process),
beside the store (its scratch folder, which the next `innograph serve` clears).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["ProcessCounts", "Roster"]

_ANSWERING = "answering"
_WAITING = "waiting"
_RETIRING = "retiring"
_STARTED = "started"
"""A file holding how many processes have joined the roster so far."""


@dataclass(frozen=True)
class ProcessCounts:
    """What `/health` reports about the serving processes."""

    answering: int
    """Processes accepting requests (the waiting ones among them)."""
    waiting: int
    """Processes that hold a runaway query and wait for another process to answer before they
    retire; they answer meanwhile, with fewer query threads."""
    retiring: int
    """Processes that retired (a runaway query) and finish their requests before they exit."""
    restarted: int
    """Processes started since the service started, beyond the first ones: each replaced one
    that retired, or died."""


class Roster:
    """This process's entry among the serving processes listed in `folder`, `processes` of
    them at the start; `name` tells it from the others' (its pid)."""

    def __init__(self, folder: Path, processes: int, name: str | None = None) -> None:
        self._folder = folder
        self._processes = processes
        self._name = name or str(os.getpid())
        self._held: IO[bytes] | None = None
        self._kind = _ANSWERING
        """Where this process's entry is: answering, waiting or retiring."""

    @classmethod
    def beside(cls, scratch: Path, processes: int) -> Roster:
        """The roster of the processes started by this process's parent (the supervisor)."""
        return cls(scratch / f"processes-{os.getppid()}", processes)

    @property
    def folder(self) -> Path:
        """Where the roster's files are: this process may keep files of its own there too."""
        return self._folder

    def join(self) -> None:
        """List this process as answering, and count it as started."""
        for kind in (_ANSWERING, _WAITING, _RETIRING):
            (self._folder / kind).mkdir(parents=True, exist_ok=True)
        with self._locked():
            entry = (self._folder / _ANSWERING / self._name).open("wb")
            fcntl.flock(entry, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._held = entry
            counter = self._folder / _STARTED
            started = int(counter.read_text()) if counter.exists() else 0
            counter.write_text(str(started + 1))

    def retire(self) -> bool:
        """Move this process to the retiring ones if another process answers (waiting ones
        too), else to the waiting ones; whether it retires."""
        with self._locked():
            living = [*self._living(_ANSWERING), *self._living(_WAITING)]
            is_alone = not [name for name in living if name != self._name]
            self._move(_WAITING if is_alone else _RETIRING)
            return not is_alone

    def stay(self) -> None:
        """Move this process back to the answering ones: it waited, and its runaways ended."""
        with self._locked():
            self._move(_ANSWERING)

    def counts(self) -> ProcessCounts:
        """How many processes answer, retire, and were started after the first ones."""
        with self._locked():
            counter = self._folder / _STARTED
            started = int(counter.read_text()) if counter.exists() else 0
            waiting = len(self._living(_WAITING))
            return ProcessCounts(
                answering=len(self._living(_ANSWERING)) + waiting,
                waiting=waiting,
                retiring=len(self._living(_RETIRING)),
                restarted=max(0, started - self._processes),
            )

    def leave(self) -> None:
        """Let go of this process's entry (it reads as a dead process's from now on)."""
        if self._held is not None:
            self._held.close()
            self._held = None

    def _move(self, kind: str) -> None:
        """Rename this process's entry into `kind` (its lock goes with it)."""
        if kind != self._kind:
            os.rename(self._folder / self._kind / self._name, self._folder / kind / self._name)
            self._kind = kind

    def _living(self, kind: str) -> list[str]:
        """The names in `kind` whose process lives; the others' files are removed."""
        living = []
        for entry in (self._folder / kind).iterdir():
            if entry.name == self._name and self._held is not None:
                living.append(entry.name)
            elif _is_held(entry):
                living.append(entry.name)
            else:
                entry.unlink(missing_ok=True)
        return living

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with (self._folder / "roster.lock").open("wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield


def _is_held(entry: Path) -> bool:
    """Whether a living process holds the lock on `entry` (a process's file)."""
    try:
        with entry.open("rb") as probe:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except FileNotFoundError:
        return False
    return False
