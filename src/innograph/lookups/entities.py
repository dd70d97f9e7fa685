"""Any resource as its page shows it, and the graph's overview for the home page.

An entity is read from the source graphs only (the inferred graph left out): a page says what
the releases say, each statement beside the passages that state it. Read triple by triple
through `Store.quads`, which every store answers without parsing a query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import islice

import pyoxigraph

from innograph.caching import PerVersion
from innograph.errors import NotFound
from innograph.lookups.descriptions import KINDS, KINDS_OF, OWL, RDF_TYPE
from innograph.lookups.evidence import triple_evidence
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import named_fact, naming, ref
from innograph.lookups.models import Count
from innograph.lookups.models.entities import Entity, Overview, SourceSummary, Statement
from innograph.lookups.profiles import figures
from innograph.lookups.rows import date_part, iri, select, text
from innograph.namespaces import INFERRED_GRAPH, PREFIXES
from innograph.store import Store

__all__ = ["entity", "overview", "INCOMING_LIMIT"]

INCOMING_LIMIT = 500
"""Statements pointing at one resource that a page lists (an association may have thousands
of members; `Entity.incoming_total` counts them all)."""

_INFERRED = pyoxigraph.NamedNode(INFERRED_GRAPH)
_NAMES = {
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["skos"] + "altLabel",
}
"""Shown as the entity's names, not among its statements."""
_BOOKKEEPING = {OWL + "annotatedSource", OWL + "annotatedTarget"}
"""An axiom annotation's pointers: provenance of a statement, shown as its evidence."""
_HIDDEN_KINDS = {OWL + "NamedIndividual", OWL + "Thing"}


def entity(store: Store, iri_: pyoxigraph.NamedNode, *, actor: bool) -> Entity:
    """Given a resource IRI and whether it is an organisation or a person, return what the
    sources state about it and what points at it; NotFound if no source graph mentions it."""
    outgoing = _asserted(store.quads(iri_, None, None))
    incoming = [
        quad
        for quad in _asserted(store.quads(None, None, iri_))
        if isinstance(quad.subject, pyoxigraph.NamedNode)
        and quad.predicate.value not in _BOOKKEEPING
    ]
    if not outgoing and not incoming:
        raise NotFound(f"the graph says nothing about <{iri_.value}>")
    kinds = [
        quad.object.value
        for quad in outgoing
        if quad.predicate.value == RDF_TYPE
        and isinstance(quad.object, pyoxigraph.NamedNode)
        and quad.object.value not in _HIDDEN_KINDS
    ]
    named = naming(store, iri_.value)
    stated = [q for q in outgoing if q.predicate.value not in {RDF_TYPE, *_NAMES}]
    return Entity(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=named.display,
        names=named.names,
        kinds=tuple(ref(store, kind) for kind in sorted(set(kinds))),
        statements=_statements(store, stated),
        incoming=_statements(store, islice(incoming, INCOMING_LIMIT)),
        incoming_total=len(incoming),
        figures=figures(store, iri_),
        actor=actor,
    )


def overview(store: Store) -> Overview:
    """What the graph holds: its resources counted by kind, and its source documents; counted
    once per store version (a count of every resource took 0.4 s at 10,000 organisations)."""
    return _OVERVIEWS.get(store)


def _overview(store: Store) -> Overview:
    counted = Counter(kind for _, kind in KINDS_OF.table(store).items())
    sources = tuple(
        SourceSummary(
            id=rest_id(document),
            iri=document,
            name=naming(store, document).display,
            publication_date=date_part(text(row, "published")),
            language=text(row, "language"),
        )
        for row in select(store, "source-documents")
        if (document := iri(row, "document"))
    )
    return Overview(
        kinds=tuple(Count(value=ref(store, kind), count=counted[kind]) for kind in KINDS),
        sources=sources,
        triples=store.triple_count(),
    )


_OVERVIEWS = PerVersion(_overview)


def _asserted(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """The quads of source graphs, each triple once (a triple two releases state is one)."""
    found: dict[pyoxigraph.Triple, pyoxigraph.Quad] = {}
    for quad in quads:
        if quad.graph_name != _INFERRED:
            found.setdefault(quad.triple, quad)
    return list(found.values())


def _statements(store: Store, quads: Iterable[pyoxigraph.Quad]) -> tuple[Statement, ...]:
    made = [_statement(store, quad) for quad in quads]
    return tuple(sorted(made, key=_order))


def _statement(store: Store, quad: pyoxigraph.Quad) -> Statement:
    triple = quad.triple
    return Statement(fact=named_fact(store, triple), evidence=triple_evidence(store, triple))


def _order(statement: Statement) -> tuple[str, str, str]:
    fact = statement.fact
    other = fact.object.name if fact.object else fact.value or ""
    return (fact.property.name.lower(), fact.subject.name.lower(), other.lower())
