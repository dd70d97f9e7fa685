"""The folders an on-disk store keeps beside its own, and what a crash leaves in them.

RocksDB owns the store's folder, so what innograph keeps for a store sits beside it, named after
it: `<store>.lock` (`innograph.store.locking`), `<store>.derived/` for files derived from one
version (the lookup tables: each written as `*.partial`, then renamed), and `<store>.scratch/`
for what lasts no longer than the process that made it (the query workers' snapshots, an
update's rehearsal copy, answers too large for memory).

A process that is killed, or crashes, leaves its `.partial` files and its scratch folders
behind; the snapshots are RocksDB checkpoints, hard links to the files of versions long gone,
which keep their disk space taken. A process that opens the store for writing holds its lock
exclusively, so no other process uses these files then: it removes them (`remove_leftovers`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["derived_folder", "scratch_folder", "remove_leftovers"]

_PARTIAL = "*.partial"
"""How a derived file being written is named until it is complete."""


def derived_folder(store: Path) -> Path:
    """Given a store's folder, return the folder of the files derived from it."""
    return store.with_name(store.name + ".derived")


def scratch_folder(store: Path) -> Path:
    """Given a store's folder, return the folder of its copies that last one process."""
    return store.with_name(store.name + ".scratch")


def remove_leftovers(store: Path) -> None:
    """Remove what processes that used the store before left behind: every scratch folder and
    every derived file still being written. Only for the holder of the writer's lock."""
    shutil.rmtree(scratch_folder(store), ignore_errors=True)
    for partial in derived_folder(store).glob(_PARTIAL):
        partial.unlink(missing_ok=True)
