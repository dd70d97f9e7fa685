"""What a store offers: `Store`, every backend; `EmbeddedStore`, one whose files are here.

A remote SPARQL 1.1 store can answer queries and updates, list and count graphs, load and
replace them and keep the catalog. It cannot be copied to a folder in milliseconds, nor hashed
graph by graph without reading all of it over the network: the query workers' snapshots and an
update's rehearsal therefore take an `EmbeddedStore`, and everything else a `Store`. Files
derived from a store (the lookup tables) are kept on this machine for either kind, so
`derived_folder` is part of `Store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph

from innograph._types import Bindings, GraphName, Term
from innograph.ingest.parsing import ProgressCallback
from innograph.ingest.sources import SourceFile

__all__ = ["DEFAULT_GRAPH", "Store", "EmbeddedStore", "CatalogRecord", "Patch", "QueryResult"]

QueryResult = pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples | pyoxigraph.QueryBoolean


@dataclass(frozen=True)
class Patch:
    """Quads to add to a graph and quads to remove from it, leaving the rest alone: a small
    change to a large graph (the inferred graph after one release) without copying it whole."""

    added: Sequence[pyoxigraph.Quad] = ()
    removed: Sequence[pyoxigraph.Quad] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


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
        """A folder on this machine for files derived from the store's contents (the lookup
        tables, the search index): beside an embedded store's own folder; a remote store
        names a local folder of its own, since the lookups read these files on every store."""
        ...

    def named_graphs(self) -> list[GraphName]:
        """Every named graph holding data, catalog excluded."""
        ...

    def triple_count(self, graph: GraphName | None = None) -> int:
        """Triples in one graph, or in all data graphs."""
        ...

    def quads(
        self,
        subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple | None = None,
        predicate: pyoxigraph.NamedNode | None = None,
        object: Term | pyoxigraph.Triple | None = None,
        *,
        graph: GraphName | None = None,
    ) -> Iterator[pyoxigraph.Quad]:
        """The quads matching a pattern (None matches anything) in one graph (`DEFAULT_GRAPH`
        names the default graph), or in every data graph: never the catalog's, nor a write's
        staging graphs. The reasoner reads the store this way, pattern by pattern, without
        the cost of parsing and planning a SPARQL query for each of thousands of lookups."""
        ...

    def catalog(self) -> dict[GraphName, CatalogRecord]:
        """Records of loaded files, by the file's graph IRI."""
        ...

    def bulk_load(self, source: SourceFile, *, on_progress: ProgressCallback | None = None) -> None:
        """Stream a file, staged for its graph: no query sees it until the next `write` commits
        it with the rest; on error nothing is staged."""
        ...

    def discard(self) -> None:
        """Forget whatever `bulk_load` staged since the last `write`."""
        ...

    def write(
        self,
        graphs: Mapping[GraphName, Sequence[pyoxigraph.Quad]],
        *,
        drop: Iterable[GraphName] = (),
        records: Iterable[CatalogRecord] = (),
        forget: Iterable[GraphName] = (),
        patches: Mapping[GraphName, Patch] | None = None,
    ) -> bool:
        """In one transaction: make each graph hold exactly its quads (and each file staged by
        `bulk_load`), add and remove the quads of each patch, drop graphs, write catalog
        records, forget others (only if a graph changed), and move to a new version if and
        only if some graph's quads changed; return whether they did. A crash leaves every
        graph, the catalog and the version as before or as after."""
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

    def update(self, sparql: str, *, patches: Mapping[GraphName, Patch] | None = None) -> None:
        """Run a SPARQL 1.1 Update as one transaction, and move to a new version; the quads
        of each patch (the inferred graph's share of the update) are added and removed in the
        same transaction."""
        ...

    def close(self) -> None:
        """Flush and release the store (its lock, for an on-disk store)."""
        ...


class EmbeddedStore(Store, Protocol):
    """A store whose files are on this machine, so it can be copied whole and hashed graph by
    graph cheaply."""

    @property
    def scratch_folder(self) -> Path:
        """Where the copies of the store that last no longer than the process making them go
        (the query workers' snapshots): beside the store's folder, emptied whenever a process
        opens the store for writing, since what it holds then was left by a crash."""
        ...

    def checkpoint(self, directory: Path) -> None:
        """Write a consistent copy of the whole store to a new folder, for `open_snapshot`."""
        ...

    def quad_count(self) -> int:
        """Every quad of the store, the catalog's included (pyoxigraph counts them in Rust)."""
        ...

    def graph_digests(self) -> dict[GraphName, bytes]:
        """A digest of each graph's quads, the catalog aside (`DEFAULT_GRAPH` names the default
        graph): equal graphs have equal digests, in this store and in any copy of it."""
        ...

    def changed_graphs(self, before: EmbeddedStore) -> dict[GraphName, list[pyoxigraph.Quad]]:
        """The graphs whose quads differ from those of `before` (this store earlier, or a copy
        of it), with their quads here; `DEFAULT_GRAPH` names the default graph."""
        ...
