"""The lock file that keeps a writer and readers of an on-disk store apart.

Any number of processes may open a RocksDB folder read-only at once, but none may write it
meanwhile: that is undefined behaviour in RocksDB, which locks out a second writer only. So
`<store>.lock` beside the folder is held shared by readers and exclusively by the writer, and
either side is refused, naming the other, while the other has it open.
"""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO

from innograph.errors import StoreError

__all__ = ["lock_store"]


def lock_store(path: Path, *, exclusive: bool) -> IO[bytes]:
    """Take `<store>.lock` for a writer (exclusive) or a reader (shared), or raise StoreError."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = lock_path.open("a+b")
    except OSError as error:
        raise StoreError(f"cannot open the store at {path}: {error}") from None
    try:
        fcntl.flock(lock, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        holder = "another innograph process has it open" if exclusive else "a process writes it"
        raise StoreError(
            f"cannot open the store at {path}{'' if exclusive else ' read-only'}: {holder} "
            f"({lock_path} is held); stop it first, or set INNOGRAPH_STORE to another folder"
        ) from None
    return lock
