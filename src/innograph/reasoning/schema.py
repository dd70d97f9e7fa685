"""The schema (TBox): the axioms the store holds, and what OWL 2 RL entails from them alone.

The schema is small (about 600 axioms in the seed ontology) and changes rarely, so its closure
is left to owlrl, the reference: run on the axioms only it takes well under a second, and its
scm-* rules (subclass and subproperty closure, domains and ranges inherited along both,
equivalences) are then exactly the reference's. `rules.py` compiles the data rules from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph

from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.bridge import from_rdflib, to_rdflib
from innograph.reasoning.differences import without_differences
from innograph.reasoning.vocabulary import SCHEMA_CLASSES, SCHEMA_PREDICATES, TYPE
from innograph.store import Store

__all__ = ["Schema", "read_schema", "is_axiom"]

_INFERRED = pyoxigraph.NamedNode(INFERRED_GRAPH)


def is_axiom(triple: pyoxigraph.Triple | pyoxigraph.Quad) -> bool:
    """Whether a triple belongs to the schema: a write that adds or removes one changes the
    rules themselves."""
    if triple.predicate == TYPE:
        return triple.object in SCHEMA_CLASSES
    return triple.predicate in SCHEMA_PREDICATES


@dataclass(frozen=True)
class Schema:
    """The asserted axioms, and the triples OWL 2 RL entails from them that none of them is."""

    axioms: frozenset[pyoxigraph.Triple]

    @cached_property
    def entailed(self) -> frozenset[pyoxigraph.Triple]:
        """owlrl's closure of the axioms, less the axioms and the named differences."""
        import owlrl  # imported here: owlrl is needed only when the schema changes

        graph = to_rdflib(self.axioms)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
        return frozenset(without_differences(from_rdflib(graph))) - self.axioms

    @cached_property
    def triples(self) -> frozenset[pyoxigraph.Triple]:
        """Axioms and entailed triples: what the rules are compiled from."""
        return self.axioms | self.entailed


def read_schema(store: Store) -> Schema:
    """Given a store, return the axioms its source graphs hold (the inferred graph aside)."""
    found: set[pyoxigraph.Triple] = set()
    for predicate in SCHEMA_PREDICATES:
        found.update(_asserted(store.quads(None, predicate, None)))
    for kind in SCHEMA_CLASSES:
        found.update(_asserted(store.quads(None, TYPE, kind)))
    return Schema(frozenset(found))


def _asserted(quads: Iterable[pyoxigraph.Quad]) -> Iterable[pyoxigraph.Triple]:
    return (quad.triple for quad in quads if quad.graph_name != _INFERRED)
