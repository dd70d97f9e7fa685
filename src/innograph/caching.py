"""Caches that live as long as one version of one store, then start afresh.

The store's `version` changes on every write, so anything computed from its contents (labels,
neighbours, a search index) stays valid exactly while the version does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from innograph.store import Store

__all__ = ["VersionedCache", "PerVersion"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_Owner = tuple[int, str]
"""Which store, and which of its versions, a cached value was computed from."""


def _owner(store: Store) -> _Owner:
    return id(store), store.version


class VersionedCache(Generic[K, V]):
    """A mapping emptied when the store (or its version) changes, and when it grows too large."""

    def __init__(self, *, max_size: int = 50_000) -> None:
        self._max_size = max_size
        self._owner: _Owner | None = None
        self._values: dict[K, V] = {}
        self._lock = threading.Lock()

    def peek(self, store: Store, key: K) -> V | None:
        """The cached value for `key` in this store version, or None: never computes."""
        with self._lock:
            if _owner(store) != self._owner:
                return None
            return self._values.get(key)

    def get(self, store: Store, key: K, compute: Callable[[], V]) -> V:
        """Return the cached value for `key` in this store version, computing it if missing."""
        owner = _owner(store)
        with self._lock:
            if owner != self._owner:
                self._owner, self._values = owner, {}
            if key in self._values:
                return self._values[key]
        value = compute()
        with self._lock:
            if owner == self._owner:
                if len(self._values) >= self._max_size:
                    self._values.clear()
                self._values[key] = value
        return value


class PerVersion(Generic[V]):
    """The value for a store's current version, built by `build(store)` once.

    It is built under a lock, so threads that ask while it is being built wait for it rather
    than build it again: a lookup table or an index costs seconds and memory on a large store.
    `peek` never waits, for a caller that must not (an event loop).
    """

    def __init__(self, build: Callable[[Store], V]) -> None:
        self._build = build
        self._built: tuple[_Owner, V] | None = None
        self._building = threading.Lock()

    def get(self, store: Store) -> V:
        """The value of the store's current version, built if this version has none yet.

        The built value is read without the lock (one read of an immutable pair): every
        lookup asks for its tables, from up to 8 threads at a time."""
        ready = self.peek(store)
        if ready is not None:
            return ready
        with self._building:
            owner, built = _owner(store), self._built
            if built is None or built[0] != owner:
                self._built = None  # the older version's value may go while this one is built
                built = self._built = (owner, self._build(store))
            return built[1]

    def peek(self, store: Store) -> V | None:
        """The value of the store's current version if it is built already, else None."""
        built = self._built
        return built[1] if built is not None and built[0] == _owner(store) else None
