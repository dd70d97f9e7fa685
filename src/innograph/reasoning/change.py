"""A write's change to the source graphs, as the reasoner needs it: quads added and removed,
and from them the triples that become asserted or stop being asserted in any graph."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph
from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple

from innograph._types import GraphName
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.stored import StoredQuads
from innograph.store import DEFAULT_GRAPH, Store

__all__ = [
    "Change",
    "change_of_write",
    "canonical",
    "asserted_delta",
]

_INFERRED = NamedNode(INFERRED_GRAPH)
_GraphTerm = NamedNode | DefaultGraph


@dataclass(frozen=True)
class Change:
    """Quads a write adds to the store and quads it removes (inferred-graph quads aside)."""

    added: tuple[Quad, ...] = ()
    removed: tuple[Quad, ...] = ()


def _graph_term(name: GraphName) -> _GraphTerm:
    """A graph name as pyoxigraph takes it (`DEFAULT_GRAPH` is the default graph)."""
    return DefaultGraph() if name == DEFAULT_GRAPH else NamedNode(name)


def canonical(quads: Iterable[Quad]) -> list[Quad]:
    """Quads as the store will hold them: pyoxigraph's store writes some literals in a
    canonical form (`"2021-05-17T00:00:00+00:00"^^xsd:dateTime` becomes `…Z`), so a parsed
    quad may not equal the stored one; passing through a store in memory makes them equal."""
    scratch = pyoxigraph.Store()
    scratch.extend(quads)
    return list(scratch)


def change_of_write(
    store: Store,
    graphs: Mapping[GraphName, Sequence[Quad]],
    *,
    drop: Iterable[GraphName] = (),
) -> Change:
    """Given what `Store.write` is about to be called with (each graph's new quads, graphs to
    drop), return the change it makes: the quads of each graph against those stored (in the
    store's canonical form)."""
    added: list[Quad] = []
    removed: list[Quad] = []
    for name, quads in graphs.items():
        if name == INFERRED_GRAPH:
            continue
        graph = _graph_term(name)
        old = set(store.quads(graph=name))
        new = set(canonical(Quad(q.subject, q.predicate, q.object, graph) for q in quads))
        added += new - old
        removed += old - new
    for name in drop:
        if name != INFERRED_GRAPH:
            removed += store.quads(graph=name)
    return Change(tuple(added), tuple(removed))


def asserted_delta(store: Store | StoredQuads, change: Change) -> tuple[set[Triple], set[Triple]]:
    """Given a change not yet made (and the store, or its `StoredQuads` to share what it
    learns about the store's terms), return the triples no source graph asserts now and one
    will (gained), and those some source graph asserts now and none will (lost)."""
    stored = store if isinstance(store, StoredQuads) else StoredQuads(store)
    adding: dict[Triple, set[object]] = defaultdict(set)
    removing: dict[Triple, set[object]] = defaultdict(set)
    for quad in change.added:
        if quad.graph_name != _INFERRED:
            adding[quad.triple].add(quad.graph_name)
    for quad in change.removed:
        if quad.graph_name != _INFERRED:
            removing[quad.triple].add(quad.graph_name)
    gained: set[Triple] = set()
    lost: set[Triple] = set()
    for triple in adding.keys() | removing.keys():
        before = {
            quad.graph_name
            for quad in stored.quads(triple.subject, triple.predicate, triple.object)
            if quad.graph_name != _INFERRED
        }
        after = (before - removing[triple]) | adding[triple]
        if after and not before:
            gained.add(triple)
        elif before and not after:
            lost.add(triple)
    return gained, lost
