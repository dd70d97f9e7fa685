"""One write, one transaction: a graph's replacement, its catalog records and the version move
commit together, or none of them does.

pyoxigraph 0.5 has no transaction object. What it makes atomic: `Store.update` (a whole SPARQL
Update request, every operation of it, in one RocksDB transaction), `Store.extend` and
`Store.load` (adding only). `remove_graph`, `remove`, `bulk_extend` and `bulk_load` each commit
on their own, or (the bulk ones) write files with no transaction at all. Removing the old graph
and adding the new one in two calls, as before, left a crash between them with the graph gone,
and the version, moved in a third call, could disagree with the data.

So a write is staged, then committed by one fixed update (`commit.rq`):

1. the new quads go to a *staging graph* of their own (`bulk_extend`, or `bulk_load` streaming
   a file), which no query sees (`is_internal`);
2. a *plan* goes to the pending graph in one `extend`: the graphs to clear, each staging graph's
   target, the catalog records to forget and write, the new version;
3. `commit.rq` reads the plan and does all of it in one `update` — one transaction — and drops
   the plan;
4. the staging graphs are removed. They are invisible, so a crash here loses nothing, and the
   leftovers of a crash anywhere before step 3 are removed when the store is next opened.

The version moves only if some graph's quads change: a graph given as quads is compared with
the stored one first (counts, then the quads themselves only when the counts agree), so an
identical PUT or reload writes no data and keeps every cache.

A SPARQL Update needs no staging: it is one request already, and `update_and_move` appends
`new-version.rq` to it, so its changes and the version's move are one transaction too.

Measured (`Store.write` of 250 k triples over a 300 k-triple graph, on-disk store, this
2-core machine while the test suite ran beside it): before, `remove_graph` + `extend` +
`record` took 21.7 s and peaked at 651 MB RSS; now 72.9 s and 1,049 MB. Step by step, on
pyoxigraph alone (machine idle): staging 3.8 s; the commit transaction ~23 s (clearing 300 k
quads 13 s, copying 250 k 10 s), held in memory until it commits, hence the peak; removing
the staging graph 12 s. Slower and larger, and the only way pyoxigraph 0.5 offers to make the swap
atomic; removing the staging graph after the write lock is released is the obvious next cut.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeGuard

import pyoxigraph

from innograph._types import GraphName
from innograph.ingest.parsing import ProgressCallback, open_with_progress, parse_error
from innograph.ingest.sources import SourceFile
from innograph.namespaces import CATALOG, CATALOG_GRAPH
from innograph.store.protocol import CatalogRecord, Patch

__all__ = [
    "Plan",
    "PENDING_GRAPH",
    "STAGING",
    "is_internal",
    "new_staging",
    "commit",
    "tidy",
    "recover",
    "is_same",
    "update_and_move",
    "current_version",
    "plan_quads",
    "COMMIT",
    "NEW_VERSION",
    "APPLY_PATCH",
    "PENDING",
    "record_quads",
    "RECORD_PATH",
    "RECORD_SHA256",
    "RECORD_GRAPH",
    "RECORD_LOADED_AT",
]

PENDING_GRAPH = "https://w3id.org/innograph/graph/pending"
"""The plan of the write being committed; present only between steps 2 and 3."""

STAGING = "https://w3id.org/innograph/graph/staging/"
"""The prefix of staging graphs, one per graph being written."""

COMMIT = Path(__file__).with_name("commit.rq").read_text(encoding="utf-8")
NEW_VERSION = Path(__file__).with_name("new-version.rq").read_text(encoding="utf-8")
APPLY_PATCH = Path(__file__).with_name("apply-patch.rq").read_text(encoding="utf-8")
_CATALOG = pyoxigraph.NamedNode(CATALOG_GRAPH)
_STORE = pyoxigraph.NamedNode(CATALOG + "store")
PENDING = pyoxigraph.NamedNode(PENDING_GRAPH)
_PLAN = pyoxigraph.NamedNode(CATALOG + "pending")
_CLEAR = pyoxigraph.NamedNode(CATALOG + "clear")
_STAGED_FOR = pyoxigraph.NamedNode(CATALOG + "stagedFor")
_REMOVED_FROM = pyoxigraph.NamedNode(CATALOG + "removedFrom")
_FORGET = pyoxigraph.NamedNode(CATALOG + "forget")
_VERSION = pyoxigraph.NamedNode(CATALOG + "version")
RECORD_PATH = pyoxigraph.NamedNode(CATALOG + "path")
RECORD_SHA256 = pyoxigraph.NamedNode(CATALOG + "sha256")
RECORD_GRAPH = pyoxigraph.NamedNode(CATALOG + "graph")
RECORD_LOADED_AT = pyoxigraph.NamedNode(CATALOG + "loadedAt")


def is_internal(graph: pyoxigraph.NamedNode | pyoxigraph.BlankNode) -> bool:
    """Whether a graph is the store's own (catalog, plan, staging), hidden from queries."""
    return _is_scratch(graph) or (
        isinstance(graph, pyoxigraph.NamedNode) and graph.value == CATALOG_GRAPH
    )


def _is_scratch(
    graph: pyoxigraph.NamedNode | pyoxigraph.BlankNode,
) -> TypeGuard[pyoxigraph.NamedNode]:
    """Whether a graph is one a write holds only until it commits: the plan, or a staging
    graph (so one found when the store opens was left by a crash)."""
    return isinstance(graph, pyoxigraph.NamedNode) and (
        graph.value == PENDING_GRAPH or graph.value.startswith(STAGING)
    )


def new_staging() -> pyoxigraph.NamedNode:
    """A fresh staging graph's name."""
    return pyoxigraph.NamedNode(STAGING + uuid.uuid4().hex)


Stager = Callable[[Sequence[pyoxigraph.Quad]], pyoxigraph.NamedNode]
"""Puts quads into a new staging graph and returns its name: a graph of the embedded store
(`staged_in`), or one uploaded to a remote store."""


@dataclass
class Plan:
    """What one write changes: graphs cleared, staging graphs copied in or taken out,
    catalog quads."""

    clear: set[GraphName] = field(default_factory=set)
    staged: dict[pyoxigraph.NamedNode, GraphName] = field(default_factory=dict)
    removed: dict[pyoxigraph.NamedNode, GraphName] = field(default_factory=dict)
    """Staging graphs whose quads are removed from their target."""
    patched: set[GraphName] = field(default_factory=set)
    """Graphs changed by a patch (removed afterwards if the patch left them empty)."""
    forget: set[GraphName] = field(default_factory=set)
    catalog: list[pyoxigraph.Quad] = field(default_factory=list)

    def stream(
        self, store: pyoxigraph.Store, source: SourceFile, on_progress: ProgressCallback | None
    ) -> None:
        """Stream a file into a new staging graph for its graph, with pyoxigraph's bulk loader
        (no transaction, and none needed: a staging graph is invisible)."""
        staging = new_staging()
        try:
            with source.path.open("rb") as stream:
                store.bulk_load(
                    open_with_progress(stream, on_progress),
                    format=source.format,
                    base_iri=source.path.resolve().as_uri(),
                    to_graph=staging,
                )
        except SyntaxError as error:
            store.remove_graph(staging)
            raise parse_error(source, error) from None
        except BaseException:
            store.remove_graph(staging)
            raise
        self.staged[staging] = source.graph
        self.clear.add(source.graph)

    def stage(self, staged: Stager, graph: GraphName, quads: Sequence[pyoxigraph.Quad]) -> None:
        """Put quads into a new staging graph for `graph` (whose old quads are cleared)."""
        self.staged[staged(quads)] = graph
        self.clear.add(graph)

    def patch(self, staged: Stager, graph: GraphName, patch: Patch) -> None:
        """Stage the quads to add to `graph` and those to remove from it (the rest stays);
        an empty patch changes nothing."""
        if not patch:
            return
        if patch.added:
            self.staged[staged(patch.added)] = graph
        if patch.removed:
            self.removed[staged(patch.removed)] = graph
        self.patched.add(graph)

    def take(
        self,
        graphs: Mapping[GraphName, Sequence[pyoxigraph.Quad]],
        *,
        drop: Iterable[GraphName],
        existing: Collection[GraphName],
        patches: Mapping[GraphName, Patch] | None,
        holds: Callable[[GraphName, Sequence[pyoxigraph.Quad]], bool],
        staged: Stager,
    ) -> bool:
        """Plan a write (`Store.write`), the same on every store but for how quads are staged
        and compared: clear each graph of `drop` that exists, stage each graph of `graphs`
        that does not already hold its quads, and each patch. Return whether the write moves
        anything (else only the catalog may change)."""
        self.clear.update(name for name in drop if name in existing)
        for name, quads in graphs.items():
            if not holds(name, quads):
                self.stage(staged, name, quads)
        for name, patch in (patches or {}).items():
            self.patch(staged, name, patch)
        return bool(self.clear or self.patched)

    def record(self, records: Iterable[CatalogRecord], forget: Iterable[GraphName]) -> None:
        """Forget catalog records and write others (each replacing its source's)."""
        records = list(records)
        self.forget.update([*forget, *(record.source for record in records)])
        self.catalog = [quad for record in records for quad in record_quads(record)]

    def staging(self) -> list[pyoxigraph.NamedNode]:
        """Every staging graph of the plan, to remove once it is committed (or has failed)."""
        return [*self.staged, *self.removed]


BULK_STAGING = 20_000
"""Quads from which a staging graph is written by the bulk loader (files written straight into
the database) rather than by one transaction: the bulk loader costs 70–170 ms however few the
quads (a release's 500 on a 2 M-triple store), a transaction 25–50 ms for 1,000, but holds
them all in memory until it commits."""


def staged_in(store: pyoxigraph.Store) -> Stager:
    """How an embedded store stages quads: into a new graph of its own."""
    return partial(_staged, store)


def _staged(store: pyoxigraph.Store, quads: Sequence[pyoxigraph.Quad]) -> pyoxigraph.NamedNode:
    """Copy quads into a new staging graph; return its name."""
    staging = new_staging()
    restaged = (
        pyoxigraph.Quad(quad.subject, quad.predicate, quad.object, staging) for quad in quads
    )
    if len(quads) < BULK_STAGING:
        store.extend(restaged)
    else:
        store.bulk_extend(restaged)
    return staging


def commit(store: pyoxigraph.Store, plan: Plan, version: str | None) -> None:
    """Write the plan in one `extend`, run `commit.rq` (one transaction), then `tidy`.

    `version`: the new version, or None to keep the current one (no data moved)."""
    try:
        store.extend(plan_quads(plan, version))
        store.update(COMMIT)
    except BaseException:  # a plan left behind would be applied by the next write's commit
        tidy(store, [*plan.staging(), PENDING], ())
        raise
    tidy(store, plan.staging(), plan.clear | plan.patched)


def plan_quads(plan: Plan, version: str | None) -> list[pyoxigraph.Quad]:
    """The plan as the quads of the pending graph, which `commit.rq` and `apply-patch.rq` read."""
    quads = [pyoxigraph.Quad(_PLAN, _CLEAR, pyoxigraph.NamedNode(g), PENDING) for g in plan.clear]
    quads += [
        pyoxigraph.Quad(staging, _STAGED_FOR, pyoxigraph.NamedNode(graph), PENDING)
        for staging, graph in plan.staged.items()
    ]
    quads += [
        pyoxigraph.Quad(staging, _REMOVED_FROM, pyoxigraph.NamedNode(graph), PENDING)
        for staging, graph in plan.removed.items()
    ]
    quads += [
        pyoxigraph.Quad(_PLAN, _FORGET, pyoxigraph.NamedNode(g), PENDING) for g in plan.forget
    ]
    quads += [pyoxigraph.Quad(q.subject, q.predicate, q.object, PENDING) for q in plan.catalog]
    if version is not None:
        quads.append(pyoxigraph.Quad(_PLAN, _VERSION, pyoxigraph.Literal(version), PENDING))
    return quads


def tidy(
    store: pyoxigraph.Store, staging: Iterable[pyoxigraph.NamedNode], cleared: Iterable[GraphName]
) -> None:
    """Remove staging graphs, and graphs a commit left empty (pyoxigraph keeps a named graph
    whose quads SPARQL deleted); neither holds data any query sees, so a crash here is harmless."""
    for graph in staging:
        store.remove_graph(graph)
    for name in cleared:
        graph = pyoxigraph.NamedNode(name)
        if next(store.quads_for_pattern(None, None, None, graph), None) is None:
            store.remove_graph(graph)
    store.flush()


def recover(store: pyoxigraph.Store) -> None:
    """Remove the staging graphs and the plan a write left when it crashed before its commit
    (or, for staging graphs, after it): the store is then as that commit left it."""
    tidy(store, [graph for graph in store.named_graphs() if _is_scratch(graph)], ())


def is_same(store: pyoxigraph.Store, graph: GraphName, quads: Sequence[pyoxigraph.Quad]) -> bool:
    """Whether a graph already holds exactly these quads (counts first: a replacement almost
    always changes the count, and counting reads no term twice)."""
    name = pyoxigraph.NamedNode(graph)
    wanted = {pyoxigraph.Quad(q.subject, q.predicate, q.object, name) for q in quads}
    count = sum(1 for _ in store.quads_for_pattern(None, None, None, name))
    stored = store.quads_for_pattern(None, None, None, name)
    return count == len(wanted) and all(quad in wanted for quad in stored)


def update_and_move(
    store: pyoxigraph.Store, sparql: str, prefixes: dict[str, str], plan: Plan | None = None
) -> str:
    """Run a SPARQL Update and `new-version.rq` as one request, one transaction; return the new
    version. With a `plan` (patches staged for other graphs: the inferred graph's share of the
    update), `apply-patch.rq` runs between them, in the same transaction. The requests are
    joined whole (SPARQL allows a request of several operations; no value is formatted into
    any), with `;` between them unless the update already ends with one (then the joined text
    without it is the valid one)."""
    tail = NEW_VERSION
    if plan is not None:
        tail = APPLY_PATCH + "\n;\n" + NEW_VERSION
        store.extend(plan_quads(plan, None))
    try:
        for separator in ("\n;\n", "\n"):
            try:
                store.update(sparql + separator + tail, prefixes=prefixes)
                break
            except SyntaxError:
                if separator == "\n":
                    raise
    except BaseException:
        if plan is not None:  # a plan left behind would be applied by the next write
            tidy(store, [*plan.staging(), PENDING], ())
        raise
    if plan is not None:
        tidy(store, plan.staging(), plan.patched)
    version = current_version(store)
    assert version is not None  # new-version.rq always writes one
    return version


def current_version(store: pyoxigraph.Store) -> str | None:
    """The version the catalog records (None in a store never written)."""
    for quad in store.quads_for_pattern(_STORE, _VERSION, None, _CATALOG):
        assert isinstance(quad.object, pyoxigraph.Literal)
        return quad.object.value
    return None


def record_quads(record: CatalogRecord) -> list[pyoxigraph.Quad]:
    """A catalog record as the quads of the catalog graph."""
    subject = pyoxigraph.NamedNode(record.source)
    quads = [
        pyoxigraph.Quad(subject, RECORD_PATH, pyoxigraph.Literal(record.path), _CATALOG),
        pyoxigraph.Quad(subject, RECORD_SHA256, pyoxigraph.Literal(record.sha256), _CATALOG),
        pyoxigraph.Quad(subject, RECORD_LOADED_AT, pyoxigraph.Literal(record.loaded_at), _CATALOG),
    ]
    quads.extend(
        pyoxigraph.Quad(subject, RECORD_GRAPH, pyoxigraph.NamedNode(graph), _CATALOG)
        for graph in record.graphs
    )
    return quads
