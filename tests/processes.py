"""The processes a test started, read from /proc (Linux), so no dependency is needed for it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
"""Clock ticks a second: the unit of the CPU times in /proc/<pid>/stat."""


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def living(pids: Iterable[int]) -> set[int]:
    """Those of `pids` still running: a zombie (dead, not yet reaped) is not."""
    return {pid for pid in pids if (fields := _stat(pid)) is not None and fields[0] != "Z"}


def descendants(pid: int) -> set[int]:
    """Every living process below `pid`: its children, theirs, and so on."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) and fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def cpu_seconds(pids: Iterable[int]) -> float:
    """CPU time (user and system) the living processes among `pids` have used so far."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields is not None:
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / _TICK


def commands(pids: Iterable[int]) -> dict[int, str]:
    """Each process's command line, to say which ones a failing test found."""
    found = {}
    for pid in pids:
        try:
            found[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            found[pid] = "(gone)"
    return found


def wait_until_gone(pids: Iterable[int], seconds: float) -> set[int]:
    """Wait up to `seconds` for the processes to end; return those still running then."""
    deadline = time.monotonic() + seconds
    remaining = living(pids)
    while remaining and time.monotonic() < deadline:
        time.sleep(0.05)
        remaining = living(remaining)
    return remaining


def wait_for_new(pid: int, known: set[int], seconds: float) -> set[int]:
    """Wait up to `seconds` for a process below `pid` that is not among `known`; return the
    new ones (none if none came)."""
    deadline = time.monotonic() + seconds
    while not (new := descendants(pid) - known) and time.monotonic() < deadline:
        time.sleep(0.02)
    return new
