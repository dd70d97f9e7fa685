"""Files derived from one store version: lookup tables and the search index.

A named query bound to one resource costs 0.5–3 ms however little it returns, most of it
parsing and planning; run once unbound, the same query yields every resource's rows for a few
microseconds each. A `DerivedTable` therefore reads a query's answers for every key once per
store version (the version changes on every write, so a table is never stale) and answers
lookups from SQLite.

Each derived database is a file in the store's `derived_folder`, named by what it holds and
the store version: a restart (or `innograph serve` after `innograph load`) opens it instead of
reading the store again. Every thread reads through its own read-only connection, with the file
memory-mapped, so lookups on two cores run side by side (SQLite releases the GIL).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from innograph.caching import PerVersion
from innograph.store import Store

__all__ = ["LAYOUT", "Readers", "derived_path", "derived_file", "Table", "DerivedTable"]

_BATCH = 10_000
_MAPPED = 2**30
_LOOKUP = "SELECT value FROM entries WHERE key = ? ORDER BY rowid"
_EVERY = "SELECT key, value FROM entries ORDER BY rowid"
_FOLLOWING = "SELECT key, value FROM entries WHERE key > ? ORDER BY key LIMIT ?"
_COUNT = "SELECT count(*) FROM entries WHERE key = ?"


LAYOUT = 3
"""The layout of the derived files, in their names: a release that changes what any of them
holds (columns, indexes) raises it, so that files written by an older release are not read."""


def derived_path(store: Store, name: str, version: str | None = None) -> Path:
    """Where the database `name` of a store version (default: the current one) is kept."""
    return store.derived_folder / f"{name}-{version or store.version}-layout{LAYOUT}.sqlite"


def derived_file(store: Store, name: str, write: Callable[[sqlite3.Connection], None]) -> Path:
    """The database `name` of the store's current version, written by `write` if missing.

    It is written under a temporary name and renamed, so a crash never leaves half a file
    under the real name, and two processes that write it at once both succeed (the last
    rename wins: the same contents); files of older versions are removed, but for the newest.
    """
    folder = store.derived_folder
    path = derived_path(store, name)
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for older in _superseded(folder, name):
        older.unlink(missing_ok=True)
    # Named by process: serving processes that start together may each write the same file.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)  # left by a crashed process that had this pid
    try:
        connection = sqlite3.connect(partial)
        try:
            write(connection)
            connection.commit()
        finally:
            connection.close()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _superseded(folder: Path, name: str) -> list[Path]:
    """Files of `name` for older versions, all but the newest one, and the partial files of
    processes that are gone (a crash while writing).

    The newest stays: a request that began before the write may still hold its table, and
    opens a connection to the file the first time one of its threads reads it.
    """
    found = sorted(folder.glob(f"{name}-*.sqlite"), key=lambda path: path.stat().st_mtime)
    return [*found[:-1], *filter(_abandoned, folder.glob(f"{name}-*.sqlite.*.partial"))]


def _abandoned(partial: Path) -> bool:
    """Whether the process that was writing a partial file (its pid is in the name) is gone."""
    pid = partial.suffixes[-2].lstrip(".")
    if not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


class Readers:
    """Read-only connections to one SQLite file, one per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on its first use)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            connection = sqlite3.connect(uri, uri=True)
            # Mapped pages are read without a system call each: lookups hop across the file.
            connection.execute(f"PRAGMA mmap_size = {_MAPPED}")
            self._local.connection = connection
        return connection


class Table:
    """JSON values by text key, several per key, in the order they were written.

    A table `held` in memory answers `get` from a dict of each key's values as one JSON text:
    a lookup then never leaves Python. Through SQLite a lookup releases and retakes the GIL,
    and with eight request threads that hand-off halved the throughput of `/links` (measured).
    """

    def __init__(self, path: Path, *, held: bool = False) -> None:
        self._readers = Readers(path)
        self._held = _grouped(self._readers.connection()) if held else None

    @staticmethod
    def write(connection: sqlite3.Connection, entries: Iterable[tuple[str, Any]]) -> None:
        """Write the entries into a new database (for `derived_file`)."""
        connection.execute("CREATE TABLE entries (key TEXT NOT NULL, value TEXT NOT NULL)")
        batch: list[tuple[str, str]] = []
        for key, value in entries:
            batch.append((key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))))
            if len(batch) >= _BATCH:
                connection.executemany("INSERT INTO entries VALUES (?, ?)", batch)
                batch.clear()
        connection.executemany("INSERT INTO entries VALUES (?, ?)", batch)
        connection.execute("CREATE INDEX entries_by_key ON entries (key)")

    def get(self, key: str) -> list[Any]:
        """The values stored under `key` (none when it is unknown)."""
        if self._held is not None:
            values: list[Any] = json.loads(self._held.get(key, "[]"))
            return values
        rows = self._readers.connection().execute(_LOOKUP, (key,)).fetchall()
        return [json.loads(value) for (value,) in rows]

    def count(self, key: str) -> int:
        """How many values are stored under `key`, without decoding them."""
        if self._held is not None:
            return len(json.loads(self._held.get(key, "[]")))
        found: int = self._readers.connection().execute(_COUNT, (key,)).fetchone()[0]
        return found

    def items(self) -> Iterator[tuple[str, Any]]:
        """Every (key, value), in the order they were written."""
        rows = self._readers.connection().execute(_EVERY)
        return ((key, json.loads(value)) for key, value in rows)

    def following(self, key: str, limit: int) -> list[tuple[str, Any]]:
        """Up to `limit` (key, value) pairs with keys after `key`, in key order (for paging)."""
        rows = self._readers.connection().execute(_FOLLOWING, (key, limit)).fetchall()
        return [(found, json.loads(value)) for found, value in rows]


def _grouped(connection: sqlite3.Connection) -> dict[str, str]:
    """Every key's values as one JSON array text, read in one pass."""
    grouped: dict[str, list[str]] = {}
    for key, value in connection.execute(_EVERY):
        grouped.setdefault(key, []).append(value)
    return {key: f"[{','.join(values)}]" for key, values in grouped.items()}


class DerivedTable:
    """A `Table` per store version, read from the store by `read(store)` on first use."""

    def __init__(
        self, name: str, read: Callable[[Store], Iterable[tuple[str, Any]]], *, held: bool = True
    ) -> None:
        self.name = name
        self._read = read
        self._held = held
        self._tables = PerVersion(self._open)

    def table(self, store: Store) -> Table:
        """The table of the store's current version."""
        return self._tables.get(store)

    def get(self, store: Store, key: str) -> list[Any]:
        """The values under `key` in the store's current version."""
        return self.table(store).get(key)

    def ready(self, store: Store) -> Table | None:
        """The table of the store's current version if it is open already, else None: a
        caller that must not wait (an event loop) asks this first."""
        return self._tables.peek(store)

    def _open(self, store: Store) -> Table:
        def write(connection: sqlite3.Connection) -> None:
            Table.write(connection, self._read(store))

        return Table(derived_file(store, self.name, write), held=self._held)
