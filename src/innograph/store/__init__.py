"""The interface every store backend implements, so the layers above never see which.

The embedded pyoxigraph store (`innograph.store.oxigraph`) is the default; a remote SPARQL 1.1
store (through SPARQLWrapper) implements the same protocol. pyoxigraph's term and result
types are the common language: a remote backend parses its answers into them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph

from innograph._types import Bindings, GraphName
from innograph.ingest.parsing import ProgressCallback
from innograph.ingest.sources import SourceFile

__all__ = ["DEFAULT_GRAPH", "Store", "CatalogRecord", "QueryResult", "open_store", "open_snapshot"]

QueryResult = pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples | pyoxigraph.QueryBoolean


@dataclass(frozen=True)
class CatalogRecord:
    """What the store remembers of one loaded file: enough to skip an unchanged reload."""

    source: GraphName
    path: str
    sha256: str
    graphs: tuple[GraphName, ...]
    loaded_at: str


DEFAULT_GRAPH: GraphName = "urn:x-innograph:default-graph"
"""How the default graph (not the union of graphs) is named where a graph name is expected."""


class Store(Protocol):
    """A quad store with one named graph per source file and a catalog of those files."""

    @property
    def version(self) -> str:
        """Changes on every write; keys caches and HTTP ETags."""
        ...

    @property
    def derived_folder(self) -> Path:
        """Where files derived from the store's contents are kept (search index, tables)."""
        ...

    def named_graphs(self) -> list[GraphName]:
        """Every named graph holding data, catalog excluded."""
        ...

    def triple_count(self, graph: GraphName | None = None) -> int:
        """Triples in one graph, or in all data graphs."""
        ...

    def catalog(self) -> dict[GraphName, CatalogRecord]:
        """Records of loaded files, by the file's graph IRI."""
        ...

    def bulk_load(self, source: SourceFile, *, on_progress: ProgressCallback | None = None) -> None:
        """Stream a file into its (new, empty) graph; on error leave that graph absent."""
        ...

    def replace_graphs(self, graphs: Mapping[GraphName, Sequence[pyoxigraph.Quad]]) -> None:
        """Make each named graph hold exactly the given quads."""
        ...

    def remove_graphs(self, graphs: Iterable[GraphName]) -> None:
        """Drop named graphs (missing ones are ignored)."""
        ...

    def record(self, records: Iterable[CatalogRecord], *, forget: Iterable[GraphName] = ()) -> None:
        """Write catalog records, drop forgotten ones, and move to a new version."""
        ...

    def dump(
        self, output: IO[bytes], *, rdf_format: pyoxigraph.RdfFormat, graph: GraphName | None
    ) -> None:
        """Write one graph, or every data graph (quads, or their union for triple formats)."""
        ...

    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        default_graphs: Sequence[GraphName] | None = None,
        named_graphs: Sequence[GraphName] | None = None,
        use_query_dataset: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query; the default graph is the union of all data graphs unless named.

        `named_graphs` limits what GRAPH can see (default: every data graph);
        `use_query_dataset` lets the query's own FROM / FROM NAMED clauses choose instead.
        """
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction, and move to a new version."""
        ...

    def changed_graphs(self, before: Store) -> dict[GraphName, list[pyoxigraph.Quad]]:
        """The graphs whose quads differ from those of `before` (this store earlier, or a copy
        of it), with their quads here; `DEFAULT_GRAPH` names the default graph."""
        ...

    def checkpoint(self, directory: Path) -> None:
        """Write a consistent copy of the whole store to a new folder, for `open_snapshot`."""
        ...

    def close(self) -> None:
        """Flush and release the store (its lock, for an on-disk store)."""
        ...


def open_store(location: str, *, read_only: bool = False) -> Store:
    """Given `:memory:` or a folder path, return the embedded store there.

    Read-only, the folder must hold a store that no process writes while it is open (serving
    from several processes at once, `Settings.processes`)."""
    from innograph.store.oxigraph import OxigraphStore

    return OxigraphStore.open(location, read_only=read_only)


def open_snapshot(directory: Path) -> Store:
    """Given a folder written by `Store.checkpoint`, return a read-only store over it."""
    from innograph.store.oxigraph import OxigraphStore

    return OxigraphStore.open_snapshot(directory)
