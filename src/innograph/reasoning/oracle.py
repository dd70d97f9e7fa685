"""owlrl, the reference: the closure the fast path must equal, up to the named differences.

owlrl is pure Python and slow (8.6 s for 10 k triples, 72 s for 100 k), so it is the oracle of
the tests and a peer in the benchmark, never the path a write takes.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Triple

from innograph.reasoning.bridge import from_rdflib, to_rdflib
from innograph.reasoning.differences import without_differences
from innograph.reasoning.facts import source_graphs
from innograph.store import Store

__all__ = ["reference_closure", "reference_inferred", "asserted_triples"]


def asserted_triples(store: Store) -> set[Triple]:
    """Every triple of the store's source graphs."""
    return {quad.triple for graph in source_graphs(store) for quad in store.quads(graph=graph)}


def reference_closure(triples: Iterable[Triple]) -> frozenset[Triple]:
    """Given asserted triples, return what owlrl's OWL 2 RL closure adds to them, as RDF can
    state it (`bridge.from_rdflib`)."""
    import owlrl

    asserted = set(triples)
    graph = to_rdflib(asserted)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return frozenset(from_rdflib(graph)) - asserted


def reference_inferred(triples: Iterable[Triple]) -> frozenset[Triple]:
    """Given asserted triples, return what owlrl's closure adds to them, less the named
    differences (`differences.py`): what the fast path must infer."""
    return frozenset(without_differences(reference_closure(triples)))
