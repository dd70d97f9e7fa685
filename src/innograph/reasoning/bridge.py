"""Triples between pyoxigraph and rdflib, term by term, for owlrl (the schema's closure and the
oracle): blank nodes keep their labels, so owlrl's answer names the very nodes of the store.

(`innograph.ingest.validation.to_rdflib` goes through N-Triples, where rdflib relabels every
blank node: fine for SHACL, useless for comparing two closures.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph
import rdflib

from innograph.ingest.terms import rdflib_term
from innograph.namespaces import PREFIXES

__all__ = ["to_rdflib", "from_rdflib"]

_XSD_STRING = PREFIXES["xsd"] + "string"

RdflibTriple = tuple[rdflib.term.Node, rdflib.term.Node, rdflib.term.Node]


def to_rdflib(triples: Iterable[pyoxigraph.Triple]) -> rdflib.Graph:
    """Given pyoxigraph triples, return an rdflib graph of the same triples."""
    graph = rdflib.Graph()
    for triple in triples:
        graph.add((_node(triple.subject), _node(triple.predicate), _node(triple.object)))
    return graph


def from_rdflib(triples: Iterable[RdflibTriple]) -> Iterator[pyoxigraph.Triple]:
    """Given rdflib triples, yield those RDF can state as pyoxigraph triples: a generalised
    triple (a literal subject or predicate, as owlrl writes) is left out."""
    for subject, predicate, object in triples:
        if isinstance(subject, rdflib.Literal) or not isinstance(predicate, rdflib.URIRef):
            continue
        yield pyoxigraph.Triple(
            rdflib_term(subject),  # type: ignore[arg-type]  # a literal subject is left out above
            pyoxigraph.NamedNode(str(predicate)),
            rdflib_term(object),
        )


def _node(term: object) -> rdflib.term.Node:
    """A pyoxigraph term as rdflib's; an `xsd:string` literal as rdflib's plain literal, as
    rdflib itself reads `"x"` (RDF 1.1 makes the two one literal; rdflib keeps them apart)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language is not None:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(
            term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False
        )
    raise ValueError(f"a term owlrl cannot read: {term!r}")
