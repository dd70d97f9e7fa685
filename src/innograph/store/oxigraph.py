"""The embedded store: pyoxigraph on RocksDB on disk, or in memory for tests."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import IO

import pyoxigraph

from innograph._types import Bindings, GraphName, Term
from innograph.errors import QueryError, StoreError
from innograph.ingest.parsing import ProgressCallback
from innograph.ingest.sources import SourceFile
from innograph.namespaces import PREFIXES
from innograph.store.catalog import read_catalog
from innograph.store.commit import (
    Plan,
    commit,
    current_version,
    is_internal,
    is_same,
    recover,
    staged_in,
    tidy,
    update_and_move,
)
from innograph.store.digests import EMPTY_DIGEST, graph_digest
from innograph.store.folders import derived_folder, remove_leftovers, scratch_folder
from innograph.store.locking import lock_store
from innograph.store.protocol import (
    DEFAULT_GRAPH,
    CatalogRecord,
    EmbeddedStore,
    Patch,
    QueryResult,
)

__all__ = ["OxigraphStore"]


_GraphTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.DefaultGraph
_NamedTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode


class OxigraphStore:
    """The default store, an `EmbeddedStore`: pyoxigraph, with the catalog kept in its own
    named graph."""

    def __init__(
        self,
        store: pyoxigraph.Store,
        *,
        location: Path | None = None,
        writable: bool = True,
        lock: IO[bytes] | None = None,
    ) -> None:
        self._store = store
        self._location = location
        self._writable = writable
        self._lock = lock
        self._version = current_version(store) or "empty"
        self._graphs_cache: tuple[str, list[GraphName]] | None = None
        self._count_cache: tuple[str, int] | None = None
        self._union_cache: tuple[str, list[_GraphTerm], list[_NamedTerm]] | None = None
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._plan = Plan()
        if writable:
            recover(store)

    @classmethod
    def open(cls, location: str, *, read_only: bool = False) -> OxigraphStore:
        """Given `:memory:` or a folder, open the store there (creating the folder).

        Read-only, any number of processes may open the folder at once, but none may write
        it meanwhile: `innograph.store.locking` keeps the writer and the readers apart.
        """
        if location == ":memory:":
            return cls(pyoxigraph.Store())
        path = Path(location)
        if read_only and not path.is_dir():
            raise StoreError(f"cannot open the store at {path} read-only: there is no store")
        lock = lock_store(path, exclusive=not read_only)
        try:
            if read_only:
                store = pyoxigraph.Store.read_only(str(path))
            else:
                remove_leftovers(path)  # the lock is ours alone: no process uses them
                path.mkdir(parents=True, exist_ok=True)
                store = pyoxigraph.Store(str(path))
        except OSError as error:
            lock.close()
            raise StoreError(
                f"cannot open the store at {path}: {error} "
                "(is another innograph process using it? set INNOGRAPH_STORE to another folder)"
            ) from None
        return cls(store, location=path, writable=not read_only, lock=lock)

    @classmethod
    def open_snapshot(cls, directory: Path) -> OxigraphStore:
        """Given a checkpoint folder that no process writes (`checkpoint`), open it read-only."""
        try:
            store = pyoxigraph.Store.read_only(str(directory))
        except OSError as error:
            raise StoreError(f"cannot open the snapshot at {directory}: {error}") from None
        return cls(store, location=directory, writable=False)

    @property
    def version(self) -> str:
        return self._version

    @property
    def derived_folder(self) -> Path:
        """`<store>.derived/` beside the store's folder (`innograph.store.folders`); for a
        store in memory, a temporary folder removed with the store."""
        if self._location is not None:
            return derived_folder(self._location)
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="innograph-derived-")
        return Path(self._scratch.name)

    @property
    def scratch_folder(self) -> Path:
        """`<store>.scratch/` beside the store's folder; for a store in memory, the system's
        temporary folder."""
        if self._location is not None:
            return scratch_folder(self._location)
        return Path(tempfile.gettempdir())

    @property
    def raw(self) -> pyoxigraph.Store:
        """The pyoxigraph store itself, for tests that look at every quad, catalog included."""
        return self._store

    def named_graphs(self) -> list[GraphName]:
        if self._graphs_cache is None or self._graphs_cache[0] != self._version:
            graphs = sorted(
                graph.value
                for graph in self._store.named_graphs()
                if isinstance(graph, pyoxigraph.NamedNode) and not is_internal(graph)
            )
            self._graphs_cache = (self._version, graphs)
        return list(self._graphs_cache[1])

    def _union(self) -> tuple[list[_GraphTerm], list[_NamedTerm]]:
        """The default dataset for pyoxigraph, per version: the union, and every named graph.
        The store's own default graph (written only by SPARQL Update) joins the union when it
        holds a quad: each graph listed costs the engine, an empty one adds nothing (2-hop
        neighbourhood at 20,000 organisations: 0.29 → 0.26 ms, `benchmarks/README.md`)."""
        if self._union_cache is None or self._union_cache[0] != self._version:
            every_graph: list[_NamedTerm] = [pyoxigraph.NamedNode(g) for g in self.named_graphs()]
            own = pyoxigraph.DefaultGraph()
            first = next(self._store.quads_for_pattern(None, None, None, own), None)
            union: list[_GraphTerm] = [*every_graph] if first is None else [own, *every_graph]
            self._union_cache = (self._version, union, every_graph)
        _, union, every_graph = self._union_cache
        return union, every_graph

    def triple_count(self, graph: GraphName | None = None) -> int:
        """Count triples; the total is kept per version (`/health` asks for it, and counting
        two million triples takes a second)."""
        if graph is None and self._count_cache and self._count_cache[0] == self._version:
            return self._count_cache[1]
        graphs = [graph] if graph is not None else self.named_graphs()
        count = self._count(graphs)
        if graph is None:
            self._count_cache = (self._version, count)
        return count

    def quads(
        self,
        subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple | None = None,
        predicate: pyoxigraph.NamedNode | None = None,
        object: Term | pyoxigraph.Triple | None = None,
        *,
        graph: GraphName | None = None,
    ) -> Iterator[pyoxigraph.Quad]:
        if graph is not None:
            return self._store.quads_for_pattern(subject, predicate, object, _graph_term(graph))
        return (
            quad
            for quad in self._store.quads_for_pattern(subject, predicate, object, None)
            if isinstance(quad.graph_name, pyoxigraph.DefaultGraph)
            or not is_internal(quad.graph_name)
        )

    def _count(self, graphs: list[GraphName]) -> int:
        result = self._store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
            default_graph=[_graph_term(name) for name in graphs],
        )
        assert isinstance(result, pyoxigraph.QuerySolutions)
        for row in result:
            count = row["n"]
            assert isinstance(count, pyoxigraph.Literal)
            return int(count.value)
        return 0

    def catalog(self) -> dict[GraphName, CatalogRecord]:
        return read_catalog(self._store)

    def bulk_load(self, source: SourceFile, *, on_progress: ProgressCallback | None = None) -> None:
        self._plan.stream(self._store, source, on_progress)

    def discard(self) -> None:
        tidy(self._store, self._plan.staged, ())
        self._plan = Plan()

    def write(
        self,
        graphs: Mapping[GraphName, Sequence[pyoxigraph.Quad]],
        *,
        drop: Iterable[GraphName] = (),
        records: Iterable[CatalogRecord] = (),
        forget: Iterable[GraphName] = (),
        patches: Mapping[GraphName, Patch] | None = None,
    ) -> bool:
        """See `innograph.store.commit` for how, and what it costs."""
        plan, self._plan = self._plan, Plan()
        moved = plan.take(
            graphs,
            drop=drop,
            existing={graph.value for graph in self._store.named_graphs()},
            patches=patches,
            holds=partial(is_same, self._store),
            staged=staged_in(self._store),
        )
        return self._commit(plan, records, forget if moved else (), moved=moved)

    def record(self, records: Iterable[CatalogRecord], *, forget: Iterable[GraphName] = ()) -> None:
        self._commit(Plan(), records, forget, moved=True)

    def _commit(
        self,
        plan: Plan,
        records: Iterable[CatalogRecord],
        forget: Iterable[GraphName],
        *,
        moved: bool,
    ) -> bool:
        """Commit a plan with catalog changes; a new version if `moved`; return `moved`."""
        plan.record(records, forget)
        if moved or plan.forget:
            version = uuid.uuid4().hex if moved else None
            commit(self._store, plan, version)
            self._version = version or self._version
        return moved

    def dump(
        self, output: IO[bytes], *, rdf_format: pyoxigraph.RdfFormat, graph: GraphName | None
    ) -> None:
        graphs = [graph] if graph is not None else self.named_graphs()
        quads = (
            quad
            for name in graphs
            for quad in self._store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(name))
        )
        if rdf_format.supports_datasets:
            pyoxigraph.serialize(quads, output, rdf_format, prefixes=PREFIXES)
        else:
            triples = (pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads)
            pyoxigraph.serialize(triples, output, rdf_format, prefixes=PREFIXES)

    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        default_graphs: Sequence[GraphName] | None = None,
        named_graphs: Sequence[GraphName] | None = None,
        use_query_dataset: bool = False,
    ) -> QueryResult:
        union, every_graph = self._union()
        default = union
        if default_graphs is not None:
            default = [_graph_term(name) for name in default_graphs]
        named = every_graph
        if named_graphs is not None:
            named = [pyoxigraph.NamedNode(name) for name in named_graphs]
        try:
            return self._store.query(
                sparql,
                prefixes=PREFIXES,
                default_graph=None if use_query_dataset else default,
                named_graphs=None if use_query_dataset else named,
                substitutions={
                    pyoxigraph.Variable(name): value for name, value in (bindings or {}).items()
                },
            )
        except (SyntaxError, OSError) as error:
            raise QueryError(str(error)) from None

    def update(self, sparql: str, *, patches: Mapping[GraphName, Patch] | None = None) -> None:
        plan = None
        if patches and any(patches.values()):
            plan = Plan()
            for name, patch in patches.items():
                plan.patch(staged_in(self._store), name, patch)
        try:
            self._version = update_and_move(self._store, sparql, PREFIXES, plan)
        except (SyntaxError, OSError, RuntimeError) as error:
            raise QueryError(str(error)) from None

    def quad_count(self) -> int:
        return len(self._store)

    def graph_digests(self) -> dict[GraphName, bytes]:
        """Hash each graph as the store writes it, in index order, so that equal graphs of a
        store and its copy write the same bytes."""
        return {
            _graph_name(graph): graph_digest(self._store, graph) for graph in self._data_graphs()
        }

    def changed_graphs(self, before: EmbeddedStore) -> dict[GraphName, list[pyoxigraph.Quad]]:
        """Compare the two stores' digests graph by graph (a graph missing on one side is
        empty there): 17 s a side at 1.9 M triples, where comparing sets of quads in Python
        took 30."""
        now, earlier = self.graph_digests(), before.graph_digests()
        graphs = {_graph_name(graph): graph for graph in self._data_graphs()}
        return {
            name: sorted(self._quads(graphs.get(name)), key=str)
            for name in now.keys() | earlier.keys()
            if now.get(name, EMPTY_DIGEST) != earlier.get(name, EMPTY_DIGEST)
        }

    def _data_graphs(self) -> list[_GraphTerm]:
        """The default graph and every named graph, the catalog aside."""
        named = (graph for graph in self._store.named_graphs() if not is_internal(graph))
        return [pyoxigraph.DefaultGraph(), *named]

    def _quads(self, graph: _GraphTerm | None) -> Iterable[pyoxigraph.Quad]:
        """The quads of a graph of this store (None: a graph it does not have)."""
        return () if graph is None else self._store.quads_for_pattern(None, None, None, graph)

    def checkpoint(self, directory: Path) -> None:
        if self._location is not None:
            if self._writable:
                self._store.flush()
            self._store.backup(str(directory))
            return
        # An in-memory store has no files to link to: copy it into a new store on disk,
        # closed (dropped) before anyone opens it.
        copy = pyoxigraph.Store(str(directory))
        copy.bulk_extend(self._store)
        copy.flush()
        del copy

    def close(self) -> None:
        if self._writable:
            self._store.flush()
        del self._store
        if self._lock is not None:
            self._lock.close()  # releases the lock
        if self._scratch is not None:
            self._scratch.cleanup()


def _graph_term(name: GraphName) -> pyoxigraph.NamedNode | pyoxigraph.DefaultGraph:
    """A graph name as pyoxigraph takes it: `DEFAULT_GRAPH` is the store's default graph."""
    return pyoxigraph.DefaultGraph() if name == DEFAULT_GRAPH else pyoxigraph.NamedNode(name)


def _graph_name(graph: _GraphTerm) -> GraphName:
    if isinstance(graph, pyoxigraph.DefaultGraph):
        return DEFAULT_GRAPH
    return graph.value if isinstance(graph, pyoxigraph.NamedNode) else str(graph)
