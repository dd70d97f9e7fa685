"""Where owlrl's closure and the fast path's knowingly differ, each difference named.

owlrl (the reference, `oracle.py`) and the rules compiled from the ontology (`rules.py`) agree
on every triple except these. The oracle test normalises exactly these, and nothing else:

- **generalised triples** — owlrl writes triples with a literal subject: the datatype triples of
  dt-type2 (`"5"^^xsd:integer rdf:type xsd:decimal`), `rdf:type rdf:langString` of every
  language-tagged string, prp-rng on a data property, eq-ref on literals. RDF cannot state them
  and pyoxigraph cannot store them; `bridge.from_rdflib` drops them, on both sides.
- **plain and xsd:string literals** — rdflib keeps `"x"` and `"x"^^xsd:string` apart, RDF 1.1
  and pyoxigraph make them one literal; `bridge` reads both as the one literal.
- **reflexive owl:sameAs** (eq-ref) — owlrl states `x owl:sameAs x` for every term of the graph
  (1,343 triples on the seed data): true of everything, so it tells nothing.
- **built-in vocabulary** — owlrl states axiomatic triples about the terms of `rdf:`, `rdfs:`,
  `owl:` and `xsd:` (`rdfs:label a owl:AnnotationProperty`, `xsd:long a rdfs:Datatype`,
  `xsd:dateTime owl:disjointWith xsd:decimal`) and the scm-cls triples whose subject is one
  (`owl:Nothing rdfs:subClassOf C` for every class C); the fast path states no triple whose
  subject is a built-in term.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph

from innograph.reasoning.vocabulary import BUILT_IN, SAME_AS

__all__ = ["Difference", "DIFFERENCES", "is_built_in", "without_differences"]


@dataclass(frozen=True)
class Difference:
    """One kind of triple owlrl states and the fast path does not, and why."""

    name: str
    why: str
    applies: Callable[[pyoxigraph.Triple], bool]


def _is_reflexive_same_as(triple: pyoxigraph.Triple) -> bool:
    return triple.predicate == SAME_AS and triple.subject == triple.object


def is_built_in(term: object) -> bool:
    """Whether a term is an IRI of the rdf:, rdfs:, owl: or xsd: vocabulary."""
    return isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(BUILT_IN)


def _is_about_built_in(triple: pyoxigraph.Triple) -> bool:
    return is_built_in(triple.subject)


DIFFERENCES = (
    Difference("reflexive owl:sameAs", "eq-ref: true of every term", _is_reflexive_same_as),
    Difference(
        "built-in vocabulary",
        "axiomatic triples about rdf:, rdfs:, owl: and xsd: terms",
        _is_about_built_in,
    ),
)
"""The differences a filter can see on pyoxigraph triples; the other two (generalised triples,
plain and xsd:string literals) are settled by `bridge` when owlrl's answer is read."""


def without_differences(triples: Iterable[pyoxigraph.Triple]) -> Iterator[pyoxigraph.Triple]:
    """Given owlrl's triples, yield those no named difference accounts for."""
    return (t for t in triples if not any(d.applies(t) for d in DIFFERENCES))
