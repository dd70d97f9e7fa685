"""Read-only copies of the store for the query workers, one per store version.

Workers never read the live store (see `innograph.sparql.execution`): each reads a snapshot,
a folder written by `EmbeddedStore.checkpoint` and never written again. A snapshot is taken
when a query finds the store at a new version, and deleted once it is neither the current one
nor held by a worker. Writes hold a lock that taking a snapshot also takes, so that no snapshot
catches a write halfway.
"""

from __future__ import annotations

import collections
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from innograph.store import EmbeddedStore

__all__ = ["Snapshot", "Snapshots"]


@dataclass(frozen=True)
class Snapshot:
    """The folder holding one version of the store."""

    version: str
    path: Path


class Snapshots:
    """The snapshots of one store, in numbered folders under `root`."""

    def __init__(self, store: EmbeddedStore, root: Path) -> None:
        self._store = store
        self._root = root
        self._write_lock = threading.RLock()
        # Under `_lock`: the current snapshot, and how many workers hold each snapshot.
        self._current: Snapshot | None = None
        self._holders: collections.Counter[Path] = collections.Counter()
        self._lock = threading.Lock()
        self._counter = 0

    @contextmanager
    def writing(self) -> Iterator[EmbeddedStore]:
        """Hold the store for one write; the next snapshot has all of it or none of it."""
        with self._write_lock:
            yield self._store
            self.refresh()

    def is_stale(self) -> bool:
        """Whether the store has moved to a version that has no snapshot yet."""
        current = self._current
        return current is None or current.version != self._store.version

    def refresh(self) -> None:
        """Take a snapshot if the store has moved to a new version since the last one."""
        if not self.is_stale():
            return
        with self._write_lock:
            if not self.is_stale():
                return
            snapshot = Snapshot(self._store.version, self._folder())
            self._store.checkpoint(snapshot.path)
            with self._lock:
                previous, self._current = self._current, snapshot
                unused = None if previous is None else self._unused(previous.path)
        _remove(unused)

    def hold(self, previous: Path | None) -> Snapshot:
        """Given the snapshot a worker holds (None: none yet), return the current one, which it
        holds instead from now on."""
        with self._lock:
            current = self._current
            assert current is not None, "a snapshot is taken before any worker starts"
            if current.path == previous:
                return current
            self._holders[current.path] += 1
            unused = self._let_go(previous)
        _remove(unused)
        return current

    def let_go(self, path: Path | None) -> None:
        """Given the snapshot a stopped worker held (None: none), count it held by one fewer."""
        with self._lock:
            unused = self._let_go(path)
        _remove(unused)

    @contextmanager
    def copy(self) -> Iterator[Path]:
        """A writable copy of the store, removed afterwards; the caller holds `writing()`, so
        the copy is of the current snapshot's version."""
        # In a folder of its own: opening the copy writes its lock file beside it.
        folder = self._folder("-update")
        try:
            folder.mkdir()
            self._store.checkpoint(folder / "store")
            yield folder / "store"
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _folder(self, suffix: str = "") -> Path:
        with self._lock:
            self._counter += 1
            return self._root / f"{self._counter:06d}{suffix}"

    def _let_go(self, path: Path | None) -> Path | None:
        """One holder fewer; the folder if it is no longer used (lock held)."""
        if path is not None:
            self._holders[path] -= 1
        return self._unused(path)

    def _unused(self, path: Path | None) -> Path | None:
        """The folder if it is neither current nor held, to be removed (lock held); else None."""
        if path is None or self._holders[path] > 0:
            return None
        self._holders.pop(path, None)
        return None if self._current is not None and self._current.path == path else path


def _remove(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
