"""A remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, the Oxigraph server…) as a `Store`.

Everything goes over HTTP (`innograph.store.endpoint`): queries and updates by the SPARQL 1.1
Protocol, graph uploads by the Graph Store HTTP Protocol. The store keeps innograph's catalog
and version in its catalog graph, as the embedded store does, so every innograph process in
front of one remote store reads the same version (each keeps it `_VERSION_SECONDS` at most
before asking again) and the same derived tables' keys.

A write is atomic per request, as in the embedded store (`innograph.store.commit`): the new
quads are uploaded to staging graphs, which no query sees; the plan goes to the pending graph;
then one SPARQL Update, `commit.rq`, replaces each target graph with its staging graph, writes
the catalog and moves the version; the staging graphs are then removed. A failure before that
update leaves every graph as it was, and the staging graphs are removed. Files stream in
chunks (`innograph.store.remote_uploads`).

How stores differ, and what is done about it:

- Virtuoso cuts every answer at `ResultSetMaxRows` rows without a word: the cap is read when
  the store is opened (`virtuoso-row-cap.rq`) and a SELECT answer that reaches it is read
  again in pages (`innograph.store.virtuoso.complete`).
- Virtuoso lists graphs of its own, and names blank nodes in a way of its own: its graphs are
  left out of the data graphs, its blank nodes renamed (`innograph.store.virtuoso`).
- Virtuoso loses rows on `rdfs:subClassOf*` joined to other patterns, depending on the data:
  the path is answered from the class hierarchy, read once per version and dataset, written
  into the query as VALUES (`innograph.store.virtuoso_paths`).
- A remote store has no unnamed default graph innograph reads: the default dataset is the union
  of the data graphs, passed as `default-graph-uri`, and `DEFAULT_GRAPH` is a graph like the
  others, named by its IRI.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import pyoxigraph

from innograph._types import Bindings, GraphName, Term
from innograph.errors import InnographError, QueryError
from innograph.ingest.parsing import ProgressCallback, open_with_progress, parse_error
from innograph.ingest.sources import SourceFile
from innograph.namespaces import CATALOG_GRAPH, PREFIXES
from innograph.settings import Remote
from innograph.store import virtuoso, virtuoso_paths
from innograph.store.binding import bind, is_graph_query, prologue
from innograph.store.class_hierarchy import Hierarchy
from innograph.store.commit import (
    APPLY_PATCH,
    COMMIT,
    NEW_VERSION,
    PENDING_GRAPH,
    STAGING,
    Plan,
    new_staging,
    plan_quads,
)
from innograph.store.endpoint import Endpoint
from innograph.store.protocol import CatalogRecord, Patch, QueryResult
from innograph.store.remote_answers import answer
from innograph.store.remote_uploads import WRITE_SECONDS, triple, upload

__all__ = ["RemoteStore"]


def _read(name: str) -> str:
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


_VERSION = _read("remote-version.rq")
_GRAPHS = _read("remote-graphs.rq")
_COUNT = _read("remote-count.rq")
_QUADS = _read("remote-quads.rq")
_CATALOG = _read("remote-catalog.rq")
_CLEAR = _read("remote-clear.rq")
_CAN_UPDATE = _read("remote-can-update.rq")
_VERSION_SECONDS = 1.0
"""How long a process trusts the version it read before reading it again: another process may
have written the store meanwhile."""


class RemoteStore:
    """A `Store` over HTTP; open one with `RemoteStore.open`."""

    def __init__(self, endpoint: Endpoint, *, timeout: float, row_cap: int | None) -> None:
        self._endpoint = endpoint
        self.timeout = timeout
        """Seconds a query may take (INNOGRAPH_QUERY_TIMEOUT), unless `query` is given one."""
        self.row_cap = row_cap
        """The rows the store cuts answers at (Virtuoso), or None."""
        self._version: tuple[float, str] = (0.0, "")
        self._graphs: tuple[str, list[GraphName]] | None = None
        self._count: tuple[str, int] | None = None
        self._hierarchies = virtuoso_paths.Hierarchies()
        self._plan = Plan()

    @classmethod
    def open(cls, remote: Remote, *, timeout: float, read_only: bool = False) -> RemoteStore:
        """Given the store's settings, check that it answers (and, unless `read_only`, takes
        updates), learn how it differs, and return it; StoreError says what is wrong."""
        endpoint = Endpoint(remote)
        first = endpoint.query(_VERSION, timeout=timeout)
        row_cap = None
        if first.server.startswith("Virtuoso"):
            row_cap = virtuoso.row_cap(endpoint, timeout=timeout)
        store = cls(endpoint, timeout=timeout, row_cap=row_cap)
        if not read_only:
            endpoint.update(_CAN_UPDATE, timeout=timeout)
            store._remove_leftovers()
        return store

    @property
    def is_virtuoso(self) -> bool:
        return self.row_cap is not None

    @property
    def version(self) -> str:
        read_at, version = self._version
        if time.monotonic() - read_at > _VERSION_SECONDS:
            rows = self._select(_VERSION, default_graphs=None)
            version = next((row["version"].value for row in rows), "empty")
            self._version = (time.monotonic(), version)
        return version

    @property
    def derived_folder(self) -> Path:
        return self._endpoint.remote.local_folder

    def named_graphs(self) -> list[GraphName]:
        version = self.version
        if self._graphs is None or self._graphs[0] != version:
            rows = self._select(_GRAPHS, default_graphs=None)
            names = (row["graph"].value for row in rows)
            graphs = sorted(name for name in names if not self._is_internal(name))
            self._graphs = (version, graphs)
        return list(self._graphs[1])

    def _is_internal(self, graph: GraphName) -> bool:
        return (
            graph in (CATALOG_GRAPH, PENDING_GRAPH)
            or graph.startswith(STAGING)
            or (self.is_virtuoso and graph in virtuoso.OWN_GRAPHS)
        )

    def triple_count(self, graph: GraphName | None = None) -> int:
        version = self.version
        if graph is None and self._count is not None and self._count[0] == version:
            return self._count[1]
        graphs = [graph] if graph is not None else self.named_graphs()
        if not graphs:
            return 0
        count = int(next(iter(self._select(_COUNT, default_graphs=graphs)))["count"].value)
        if graph is None:
            self._count = (version, count)
        return count

    def quads(
        self,
        subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple | None = None,
        predicate: pyoxigraph.NamedNode | None = None,
        object: Term | pyoxigraph.Triple | None = None,
        *,
        graph: GraphName | None = None,
    ) -> Iterator[pyoxigraph.Quad]:
        graphs = [graph] if graph is not None else self.named_graphs()
        if not graphs:
            return iter(())
        pattern = {"s": subject, "p": predicate, "o": object}
        bindings = {name: term for name, term in pattern.items() if term is not None}
        rows = self._select(_QUADS, bindings=bindings, named_graphs=graphs)  # type: ignore[arg-type]
        return (pyoxigraph.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)

    def catalog(self) -> dict[GraphName, CatalogRecord]:
        rows: dict[GraphName, tuple[str, str, str, list[GraphName]]] = {}
        for row in self._select(_CATALOG, default_graphs=None):
            source = row["source"].value
            path, sha256, loaded_at, graphs = rows.setdefault(
                source, (row["path"].value, row["sha256"].value, row["loadedAt"].value, [])
            )
            if row["graph"] is not None:
                graphs.append(row["graph"].value)
        return {
            source: CatalogRecord(source, path, sha256, tuple(sorted(set(graphs))), loaded_at)
            for source, (path, sha256, loaded_at, graphs) in rows.items()
        }

    def bulk_load(self, source: SourceFile, *, on_progress: ProgressCallback | None = None) -> None:
        staging = new_staging()
        try:
            with source.path.open("rb") as stream:
                triples = pyoxigraph.parse(
                    open_with_progress(stream, on_progress),
                    format=source.format,
                    base_iri=source.path.resolve().as_uri(),
                    without_named_graphs=False,
                )
                upload(self._endpoint, staging, (triple(quad) for quad in triples))
        except SyntaxError as error:
            self._clear([staging])
            raise parse_error(source, error) from None
        except BaseException:
            self._clear([staging])
            raise
        self._plan.staged[staging] = source.graph
        self._plan.clear.add(source.graph)

    def discard(self) -> None:
        self._clear(self._plan.staging())
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
        plan, self._plan = self._plan, Plan()
        try:
            moved = plan.take(
                graphs,
                drop=drop,
                existing=set(self.named_graphs()),
                patches=patches,
                holds=self._holds,
                staged=self._staged,
            )
        except BaseException:
            self._clear(plan.staging())
            raise
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
        """Upload the plan to the pending graph, run `commit.rq` (one request), then remove
        the staging graphs; on failure remove them and the plan, changing nothing."""
        plan.record(records, forget)
        if not (moved or plan.forget):
            return moved
        version = uuid.uuid4().hex if moved else None
        with self._removing([*plan.staging(), pyoxigraph.NamedNode(PENDING_GRAPH)]):
            upload(
                self._endpoint,
                pyoxigraph.NamedNode(PENDING_GRAPH),
                map(triple, plan_quads(plan, version)),
            )
            self._endpoint.update(prologue(COMMIT, PREFIXES) + COMMIT, timeout=WRITE_SECONDS)
        if version is not None:
            self._version = (time.monotonic(), version)
        return moved

    def _holds(self, graph: GraphName, quads: Sequence[pyoxigraph.Quad]) -> bool:
        """Whether a graph already holds exactly these quads: counts first, then the quads."""
        if self.triple_count(graph) != len({triple(quad) for quad in quads}):
            return False
        wanted = {triple(quad) for quad in quads}
        return all(triple(quad) in wanted for quad in self.quads(graph=graph))

    def _staged(self, quads: Sequence[pyoxigraph.Quad]) -> pyoxigraph.NamedNode:
        staging = new_staging()
        upload(self._endpoint, staging, (triple(quad) for quad in quads))
        return staging

    @contextmanager
    def _removing(self, scratch: list[pyoxigraph.NamedNode]) -> Iterator[None]:
        """Remove the scratch graphs (staging, plan) after the block. After a failure their
        removal may fail too (the store went away): that does not hide the first failure,
        and what is left is removed when a writer next opens the store."""
        try:
            yield
        except BaseException:
            with suppress(InnographError):
                self._clear(scratch)
            raise
        self._clear(scratch)

    def _clear(self, graphs: Iterable[pyoxigraph.NamedNode]) -> None:
        for graph in graphs:
            self._endpoint.update(bind(_CLEAR, {"graph": graph}), timeout=WRITE_SECONDS)

    def _remove_leftovers(self) -> None:
        """Remove the staging graphs and plan a crashed write left (invisible, but they take
        room, and a plan left behind would be applied by the next commit)."""
        rows = self._select(_GRAPHS, default_graphs=None)
        names = (row["graph"].value for row in rows)
        self._clear(
            pyoxigraph.NamedNode(name)
            for name in names
            if name == PENDING_GRAPH or name.startswith(STAGING)
        )

    def dump(
        self, output: IO[bytes], *, rdf_format: pyoxigraph.RdfFormat, graph: GraphName | None
    ) -> None:
        quads = self.quads(graph=graph)
        if rdf_format.supports_datasets:
            pyoxigraph.serialize(quads, output, rdf_format, prefixes=PREFIXES)
        else:
            triples = (triple(quad) for quad in quads)
            pyoxigraph.serialize(triples, output, rdf_format, prefixes=PREFIXES)

    def query(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        default_graphs: Sequence[GraphName] | None = None,
        named_graphs: Sequence[GraphName] | None = None,
        use_query_dataset: bool = False,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """See `Store.query`; `timeout`: seconds, instead of `self.timeout`; `max_rows`: the
        rows the caller reads at most (an answer Virtuoso cut is read in pages up to them)."""
        default: list[GraphName] | None = None  # the query's FROM clauses choose
        named: list[GraphName] | None = None
        if not use_query_dataset:
            default = list(self.named_graphs() if default_graphs is None else default_graphs)
            named = list(self.named_graphs() if named_graphs is None else named_graphs)
            default, named = default or [_NO_GRAPH], named or [_NO_GRAPH]
        text = bind(sparql, bindings or {})
        text = prologue(text, PREFIXES) + text
        if self.is_virtuoso:
            text = virtuoso_paths.rewrite(
                text, lambda: self._hierarchy(default or self.named_graphs())
            )
        return answer(
            self._endpoint,
            text,
            timeout=self.timeout if timeout is None else timeout,
            is_graph=is_graph_query(sparql),
            default_graphs=default,
            named_graphs=named,
            row_cap=self.row_cap,
            max_rows=max_rows,
        )

    def _hierarchy(self, graphs: list[GraphName]) -> Hierarchy:
        """The class hierarchy of a dataset (its default graphs), read once per version."""
        return self._hierarchies.get(
            self.version,
            graphs,
            lambda: self._select(virtuoso_paths.CLASSES, default_graphs=graphs),
        )

    def _select(
        self,
        sparql: str,
        *,
        bindings: Bindings | None = None,
        default_graphs: list[GraphName] | None = None,
        named_graphs: list[GraphName] | None = None,
    ) -> pyoxigraph.QuerySolutions:
        """Run one of this module's SELECT queries with the dataset given (None: the store's)."""
        result = answer(
            self._endpoint,
            bind(sparql, bindings or {}),
            timeout=self.timeout,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            row_cap=self.row_cap,
        )
        assert isinstance(result, pyoxigraph.QuerySolutions)
        return result

    def update(self, sparql: str, *, patches: Mapping[GraphName, Patch] | None = None) -> None:
        """Run the update, the patches' share (`apply-patch.rq`) and the version's move
        (`new-version.rq`) as one request."""
        plan = Plan()
        for name, patch in (patches or {}).items():
            plan.patch(self._staged, name, patch)
        tail = NEW_VERSION
        scratch = plan.staging()
        with self._removing(scratch):
            if plan.patched:
                scratch.append(pyoxigraph.NamedNode(PENDING_GRAPH))
                upload(
                    self._endpoint,
                    pyoxigraph.NamedNode(PENDING_GRAPH),
                    map(triple, plan_quads(plan, None)),
                )
                tail = APPLY_PATCH + "\n;\n" + NEW_VERSION
            self._update_then(prologue(sparql + tail, PREFIXES) + sparql, tail)
        self._version = (0.0, "")  # new-version.rq chose it: read it again

    def _update_then(self, sparql: str, tail: str) -> None:
        """Send an update with `tail` after it, as one request: `;` between them unless the
        update already ends with one (then the text without it is the valid one)."""
        try:
            self._endpoint.update(sparql + "\n;\n" + tail, timeout=self.timeout)
        except QueryError:
            self._endpoint.update(sparql + "\n" + tail, timeout=self.timeout)

    def close(self) -> None:
        """Close the connections kept alive for queries."""
        self._endpoint.close()


_NO_GRAPH = "urn:x-innograph:no-graph"
"""A graph no store holds, named where a dataset must be empty: a request naming no graph at
all would get the store's own choice instead."""
