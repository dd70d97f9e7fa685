"""The whole store as downloadable files: `/dumps/innograph.trig`, `.nq`, `.ttl`, `.jsonld`.

Each dump is written by `innograph.sparql.export.export` (graph by graph in TriG, N-Quads and
JSON-LD, merged in Turtle), once per store version, to the store's `derived_folder`, beside
its gzip copy: serving a dump is then sending a file, whatever its size, and the HTTP cache
validators come from the version (a dump changes exactly when the store does). `innograph.*`
holds what the sources say (the asserted graphs); `innograph-inferred.*` adds the OWL 2 RL
closure, as the named graph `INFERRED_GRAPH` in the formats with graphs and merged in Turtle.

Files are written under a temporary name and renamed, so a reader never sees half a dump and
two processes writing the same one both succeed (the last rename wins: the same bytes); the
dumps of older versions are removed when a newer one is written, but for the newest of them (a
download in progress may be reading it). A dump is named after the version the store had when
its writing began; a write meanwhile moves the version, so the next request writes a new one.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from innograph.errors import NotFound
from innograph.queries import GRAPH_FORMATS
from innograph.sparql.export import export
from innograph.store import Store

__all__ = ["Dump", "DumpFile", "DUMPS", "GZIP_SUFFIX", "dump_file"]

GZIP_SUFFIX = ".gz"
_LEVEL = 6
"""gzip level: 6 compresses N-Quads within 1-2 % of 9, in about a third of the time."""


@dataclass(frozen=True)
class Dump:
    """One dump: its file name, RDF format and whether it includes the inferred graph."""

    name: str
    format_name: str
    media_type: str
    inferred: bool

    @property
    def has_graphs(self) -> bool:
        """Whether the dump keeps each graph apart (TriG, N-Quads) or merges them."""
        return GRAPH_FORMATS[self.format_name].supports_datasets


def _dumps() -> Iterator[Dump]:
    formats = (
        ("trig", "trig", "application/trig"),
        ("nq", "nquads", "application/n-quads"),
        ("ttl", "turtle", "text/turtle"),
        ("jsonld", "jsonld", "application/ld+json"),
    )
    for stem, inferred in (("innograph", False), ("innograph-inferred", True)):
        for suffix, format_name, media_type in formats:
            yield Dump(f"{stem}.{suffix}", format_name, media_type, inferred)


DUMPS: dict[str, Dump] = {dump.name: dump for dump in _dumps()}
"""Every dump by file name; each is offered as it is and gzipped (`GZIP_SUFFIX`)."""


@dataclass(frozen=True)
class DumpFile:
    """A dump of one store version, on disk: as it is and gzipped."""

    dump: Dump
    path: Path
    compressed: Path
    version_tag: str
    """A digest of the store version and the dump's name: the basis of a strong ETag."""


_WRITING = threading.Lock()
"""One dump written at a time in a process: a second request for it waits, then reads it."""


def dump_file(store: Store, name: str) -> DumpFile:
    """Given a dump's file name (`innograph.ttl`), return its files for the store's current
    version, writing them first if this version has none yet; an unknown name is NotFound."""
    dump = DUMPS.get(name)
    if dump is None:
        raise NotFound(f"no dump named {name!r} (known: {', '.join(DUMPS)})")
    version = hashlib.sha256(store.version.encode("utf-8")).hexdigest()[:24]
    folder = store.derived_folder
    path = folder / f"dump-{version}-{name}"
    compressed = path.with_name(path.name + GZIP_SUFFIX)
    if not compressed.exists():
        with _WRITING:
            if not compressed.exists():
                folder.mkdir(parents=True, exist_ok=True)
                _remove_superseded(folder, name, keep=path)
                _write(store, dump, path)
    tag = hashlib.sha256(f"{store.version}\n{name}".encode()).hexdigest()[:32]
    return DumpFile(dump=dump, path=path, compressed=compressed, version_tag=tag)


def _write(store: Store, dump: Dump, path: Path) -> None:
    """Export the dump to `path`, then gzip it beside; each file appears whole or not at all
    (the gzip copy last, so that its presence says both are there)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as output:
            export(
                store, output, rdf_format=GRAPH_FORMATS[dump.format_name], inferred=dump.inferred
            )
        os.replace(partial, path)
        with path.open("rb") as source, gzip.open(partial, "wb", compresslevel=_LEVEL) as target:
            shutil.copyfileobj(source, target, 1 << 20)
        os.replace(partial, path.with_name(path.name + GZIP_SUFFIX))
    finally:
        partial.unlink(missing_ok=True)


def _remove_superseded(folder: Path, name: str, *, keep: Path) -> None:
    """Remove the files of `name` of older versions but the newest, which a download may be
    reading still. (Partial files a crash left are removed with the store's other leftovers,
    `innograph.store.folders.remove_leftovers`.)"""
    older = sorted(
        (found for found in folder.glob(f"dump-*-{name}") if found != keep),
        key=lambda found: found.stat().st_mtime,
    )
    for stale in older[:-1]:
        stale.unlink(missing_ok=True)
        stale.with_name(stale.name + GZIP_SUFFIX).unlink(missing_ok=True)
