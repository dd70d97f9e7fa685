"""[query] Lookup tables read from the whole store at once, kept for one store version.

A named query bound to one resource costs 0.5–3 ms however little it returns, most of it
parsing and planning; run once unbound, the same query yields every resource's rows for a few
microseconds each. A `DerivedTable` therefore reads a query's answers for every key once per
store version (the version changes on every write, so a table is never stale) and answers
lookups from SQLite.

An on-disk store keeps its tables in its `derived_folder`, one file per table and version, so
that a restart (or `innograph serve` after `innograph load`) opens them instead of reading the
store again. A store in memory gets SQLite's private temporary file (`connect("")`), whose
pages spill to disk: a table of a million links does not stay in the process's memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from innograph.caching import VersionedCache
from innograph.store import Store

__all__ = ["Table", "DerivedTable"]

_BATCH = 10_000
_LOOKUP = "SELECT value FROM entries WHERE key = ? ORDER BY rowid"
_FOLLOWING = "SELECT key, value FROM entries WHERE key > ? ORDER BY key LIMIT ?"


class Table:
    """JSON values by text key, several per key, in the order they were given."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection
        self._lock = threading.Lock()

    @classmethod
    def build(cls, entries: Iterable[tuple[str, Any]], path: Path | None = None) -> Table:
        """Write the entries to a new table: at `path` (atomically), or in a temporary file."""
        partial = path.with_name(path.name + ".partial") if path else None
        if partial is not None:
            partial.unlink(missing_ok=True)
        connection = sqlite3.connect(str(partial or ""), check_same_thread=False)
        connection.execute("CREATE TABLE entries (key TEXT NOT NULL, value TEXT NOT NULL)")
        batch: list[tuple[str, str]] = []
        for key, value in entries:
            batch.append((key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))))
            if len(batch) >= _BATCH:
                connection.executemany("INSERT INTO entries VALUES (?, ?)", batch)
                batch.clear()
        connection.executemany("INSERT INTO entries VALUES (?, ?)", batch)
        connection.execute("CREATE INDEX entries_by_key ON entries (key)")
        connection.commit()
        if path is None or partial is None:
            return cls(connection)
        connection.close()
        os.replace(partial, path)
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> Table:
        """Open a table written by `build`, read-only."""
        uri = f"{path.resolve().as_uri()}?mode=ro"
        return cls(sqlite3.connect(uri, uri=True, check_same_thread=False))

    def get(self, key: str) -> list[Any]:
        """The values stored under `key` (none when it is unknown)."""
        with self._lock:
            rows = self._connection.execute(_LOOKUP, (key,)).fetchall()
        return [json.loads(value) for (value,) in rows]

    def following(self, key: str, limit: int) -> list[tuple[str, Any]]:
        """Up to `limit` (key, value) pairs with keys after `key`, in key order (for paging)."""
        with self._lock:
            rows = self._connection.execute(_FOLLOWING, (key, limit)).fetchall()
        return [(found, json.loads(value)) for found, value in rows]

    def close(self) -> None:
        self._connection.close()


class DerivedTable:
    """A `Table` per store version, read from the store by `read(store)` on first use.

    Threads that ask while it is being built wait for it rather than build it again.
    """

    def __init__(self, name: str, read: Callable[[Store], Iterable[tuple[str, Any]]]) -> None:
        self.name = name
        self._read = read
        self._tables: VersionedCache[str, Table] = VersionedCache(max_size=1)
        self._building = threading.Lock()

    def table(self, store: Store) -> Table:
        """The table of the store's current version."""
        with self._building:
            return self._tables.get(store, "table", lambda: self._open_or_build(store))

    def get(self, store: Store, key: str) -> list[Any]:
        """The values under `key` in the store's current version."""
        return self.table(store).get(key)

    def _open_or_build(self, store: Store) -> Table:
        folder = store.derived_folder
        if folder is None:
            return Table.build(self._read(store))
        path = folder / f"{self.name}-{store.version}.sqlite"
        if path.exists():
            return Table.open(path)
        folder.mkdir(parents=True, exist_ok=True)
        for older in folder.glob(f"{self.name}-*.sqlite*"):
            older.unlink(missing_ok=True)
        return Table.build(self._read(store), path)
