"""Caches that live as long as one version of one store, then start afresh.

The store's `version` changes on every write, so anything computed from its contents (labels,
neighbours, a search index) stays valid exactly while the version does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from innograph.store import Store

__all__ = ["VersionedCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class VersionedCache(Generic[K, V]):
    """A mapping emptied when the store (or its version) changes, and when it grows too large."""

    def __init__(self, *, max_size: int = 50_000) -> None:
        self._max_size = max_size
        self._owner: tuple[int, str] | None = None
        self._values: dict[K, V] = {}
        self._lock = threading.Lock()

    def peek(self, store: Store, key: K) -> V | None:
        """The cached value for `key` in this store version, or None: never computes."""
        with self._lock:
            if (id(store), store.version) != self._owner:
                return None
            return self._values.get(key)

    def get(self, store: Store, key: K, compute: Callable[[], V]) -> V:
        """Return the cached value for `key` in this store version, computing it if missing."""
        owner = (id(store), store.version)
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
