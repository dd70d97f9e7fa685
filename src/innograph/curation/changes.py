"""What a release would change in the graph: new entities and facts, facts about entities the
graph already has, conflicts, and likely duplicates, each with its evidence.

The comparison reads the store resource by resource (`Store.quads`, an index lookup each), never
the whole graph, so its cost follows the release's size, not the graph's. The release's own
graph (an earlier ingest of the same sheet) and the inferred graph are left out: a release is
compared with what the other sources state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from innograph._types import GraphName
from innograph.curation.encoding import Encoding, Triple, short
from innograph.lookups.descriptions import ORGANISATION, PERSON, PLACE
from innograph.lookups.reconciliation import similar_names
from innograph.namespaces import IG, IGID, INFERRED_GRAPH
from innograph.reasoning.bridge import from_rdflib
from innograph.store import Store

__all__ = ["Proposal", "Conflict", "Changes", "compare", "ONE_VALUED"]

ONE_VALUED = frozenset({IG + "foundedBy", IG + "country", IG + "signingPlace"})
"""Properties the ontology lets have several values but a source rarely gives two of: a
second founder or country is reported as a conflict, like a second value of a functional
property (read from the ontology), for the curator to confirm."""

PROPOSE_SCORE = 80.0
"""A name scoring this much against a resource of the graph makes that resource a proposal."""

_RECONCILED = {"organisations": ORGANISATION, "people": PERSON, "places": PLACE}
"""The sections whose new entries are matched against the graph's names, and the class each
is matched within."""


@dataclass(frozen=True)
class Proposal:
    """A resource of the graph that a new entry may be: names alike after normalisation."""

    entry: str
    name: str
    candidate: str
    candidate_name: str
    """The candidate's name that resembles the entry's most: the evidence of the proposal."""
    score: float
    match: bool
    """Confident (reconciliation's `match`): the ingest refuses unless the entry says
    `distinct_from` or uses the candidate's id."""


@dataclass(frozen=True)
class Conflict:
    """A value the release gives where the graph has another for a one-valued property."""

    subject: str
    property: str
    value: str
    existing: tuple[tuple[str, GraphName], ...]
    """The graph's values, each with the graph (source file) stating it."""


@dataclass(frozen=True)
class Changes:
    """A release compared with the graph."""

    new_entities: tuple[str, ...] = ()
    reused_entities: tuple[str, ...] = ()
    new_facts: tuple[Triple, ...] = ()
    """Facts about the new entities."""
    facts_about_existing: tuple[Triple, ...] = ()
    """Facts the graph does not have yet about resources it has."""
    already_stated: tuple[Triple, ...] = ()
    """Facts another release states too: both keep them, each with its provenance."""
    conflicts: tuple[Conflict, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    unknown: tuple[tuple[Triple, str], ...] = ()
    """Facts naming a resource neither the release nor the graph has, with that resource."""


def compare(encoding: Encoding, store: Store, *, own_graph: GraphName) -> Changes:
    """Given a release's encoding and the graph it would file into `own_graph`, return what
    adding it would change."""
    graph, reader = encoding.graph, _Reader(store, own_graph)
    entities = sorted(set(encoding.entries) | _typed(encoding.facts))
    known = {entity for entity in entities if reader.exists(entity)}
    one_valued = ONE_VALUED | reader.functional()
    new_facts: list[Triple] = []
    about_existing: list[Triple] = []
    stated: list[Triple] = []
    conflicts: list[Conflict] = []
    unknown: list[tuple[Triple, str]] = []
    for fact in sorted(encoding.facts):
        subject, predicate, value = fact
        existing = reader.values(subject, predicate)
        if _oxigraph(value) in existing:
            stated.append(fact)
            continue
        (about_existing if subject in known else new_facts).append(fact)
        if isinstance(value, URIRef) and predicate != RDF.type and value.startswith(IGID):
            if (value, None, None) not in graph and not reader.exists(value):
                unknown.append((fact, short(value)))
        if str(predicate) in one_valued and existing:
            found = tuple(sorted((_short_term(term), g) for term, g in existing.items()))
            conflicts.append(Conflict(short(subject), short(predicate), short(value), found))
    return Changes(
        new_entities=tuple(short(e) for e in entities if e not in known),
        reused_entities=tuple(short(e) for e in entities if e in known),
        new_facts=tuple(new_facts),
        facts_about_existing=tuple(about_existing),
        already_stated=tuple(stated),
        conflicts=tuple(conflicts),
        proposals=tuple(_proposals(encoding, store, known)),
        unknown=tuple(unknown),
    )


def _typed(facts: Iterable[Triple]) -> set[URIRef]:
    """The resources a release types (a Turtle file has no sheet entries to list them)."""
    return {s for s, p, _ in facts if p == RDF.type and isinstance(s, URIRef)}


def _proposals(encoding: Encoding, store: Store, known: set[URIRef]) -> list[Proposal]:
    found = []
    for entity, where in sorted(encoding.entries.items()):
        cls = _RECONCILED.get(str(where[0]))
        if entity in known or cls is None:
            continue
        names = sorted({str(n) for n in encoding.graph.objects(entity, RDFS.label)})
        best: dict[str, Proposal] = {}
        for name in names:
            for hit, is_match in similar_names(store, name, types=(cls,), limit=3):
                if hit.score < PROPOSE_SCORE or hit.resource == str(entity):
                    continue
                candidate = short(hit.resource)
                proposal = Proposal(short(entity), name, candidate, hit.label, hit.score, is_match)
                if candidate not in best or best[candidate].score < proposal.score:
                    best[candidate] = proposal
        found.extend(sorted(best.values(), key=lambda p: (-p.score, p.candidate)))
    return found


class _Reader:
    """What the other source graphs state, read resource by resource."""

    def __init__(self, store: Store, own_graph: GraphName) -> None:
        self.store = store
        self.left_out = {own_graph, INFERRED_GRAPH}

    def exists(self, resource: URIRef) -> bool:
        """Whether another graph states anything of it (the ontology's terms included)."""
        node = pyoxigraph.NamedNode(str(resource))
        return any(self._kept(quad) for quad in self.store.quads(node))

    def values(self, subject: URIRef, predicate: URIRef) -> dict[object, GraphName]:
        node, prop = pyoxigraph.NamedNode(str(subject)), pyoxigraph.NamedNode(str(predicate))
        return {
            quad.object: _graph_of(quad)
            for quad in self.store.quads(node, prop)
            if self._kept(quad)
        }

    def functional(self) -> frozenset[str]:
        rdf_type, functional = (
            pyoxigraph.NamedNode(str(RDF.type)),
            pyoxigraph.NamedNode(str(OWL.FunctionalProperty)),
        )
        return frozenset(
            quad.subject.value
            for quad in self.store.quads(None, rdf_type, functional)
            if isinstance(quad.subject, pyoxigraph.NamedNode)
        )

    def _kept(self, quad: pyoxigraph.Quad) -> bool:
        return _graph_of(quad) not in self.left_out


def _graph_of(quad: pyoxigraph.Quad) -> GraphName:
    graph = quad.graph_name
    return graph.value if isinstance(graph, pyoxigraph.NamedNode) else ""


def _oxigraph(value: URIRef | Literal) -> object:
    return next(from_rdflib([(URIRef(IGID), RDF.value, value)])).object


def _short_term(term: object) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return short(term.value)
    return str(term)
