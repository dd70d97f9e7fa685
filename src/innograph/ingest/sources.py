"""Find the RDF files a user names and tell their format from the file suffix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from innograph.errors import SourceError

__all__ = ["SourceFile", "FORMATS", "XML_CATALOG", "discover", "source_file"]

FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".trig": pyoxigraph.RdfFormat.TRIG,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".owl": pyoxigraph.RdfFormat.RDF_XML,
    ".xml": pyoxigraph.RdfFormat.RDF_XML,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
"""File suffix → RDF syntax. One table, so adding a format is one line."""

XML_CATALOG = "catalog-v001.xml"
"""The OASIS XML catalog Protégé reads beside an ontology (ontology/, data/releases/): it maps
ontology IRIs to local files, and is XML but not RDF, so a folder's loading passes it over."""


@dataclass(frozen=True)
class SourceFile:
    """One RDF file to load, with the named graph its triples go to.

    The graph is the file's own `file:` IRI unless the caller names one, so it stays the
    same from run to run and a file can be reloaded or removed on its own.
    """

    path: Path
    format: pyoxigraph.RdfFormat
    graph: str

    @property
    def is_dataset(self) -> bool:
        """TriG and N-Quads carry their own graph names."""
        return self.format.supports_datasets


def source_file(path: Path, *, graph: str | None = None) -> SourceFile:
    """Given `data/x.ttl`, return SourceFile(path, TURTLE, 'file:///…/data/x.ttl')."""
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        known = ", ".join(sorted(FORMATS))
        raise SourceError(path, f"unknown RDF format {path.suffix!r} (known: {known})")
    if not path.is_file():
        raise SourceError(path, "no such file")
    resolved = path.resolve()
    return SourceFile(path=path, format=rdf_format, graph=graph or resolved.as_uri())


def discover(paths: Iterable[Path]) -> list[SourceFile]:
    """Given files and folders, return every RDF file in them, folders searched recursively.

    Files in a folder whose suffix is not an RDF format (README.md, .rq), and Protégé's XML
    catalogs, are passed over; a file named directly must be RDF.
    """
    found: list[SourceFile] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                source_file(child)
                for child in sorted(path.rglob("*"))
                if child.is_file() and child.suffix.lower() in FORMATS and child.name != XML_CATALOG
            )
        elif path.exists():
            found.append(source_file(path))
        else:
            raise SourceError(path, "no such file or folder")
    return found
