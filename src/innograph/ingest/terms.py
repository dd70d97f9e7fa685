"""rdflib terms as pyoxigraph terms: the shapes and the ontology are read with rdflib (pySHACL's
and owlrl's graphs), the data lives in pyoxigraph."""

from __future__ import annotations

import pyoxigraph
import rdflib

from innograph._types import Term

__all__ = ["rdflib_term"]


def rdflib_term(node: rdflib.term.Node) -> Term:
    """The pyoxigraph term for an rdflib IRI, blank node or literal (ValueError otherwise)."""
    if isinstance(node, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return pyoxigraph.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language is not None:
            return pyoxigraph.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
        return pyoxigraph.Literal(str(node))
    raise ValueError(f"an rdflib term pyoxigraph cannot hold: {node!r}")
