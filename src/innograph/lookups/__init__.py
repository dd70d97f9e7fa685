"""The lookups behind the REST API: ids in, frozen dataclasses out.

Each function takes REST ids (`openzone`, `organisation/openzone`, `igid:…` or a full IRI),
resolves them, and runs the named queries in `innograph/lookups/queries/`. Ids and names that
name nothing raise NotFound, in a parameter too (naming it); other unusable values raise
InvalidParameter naming the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph

from innograph.errors import NotFound
from innograph.lookups import agreements as _agreements
from innograph.lookups import documents as _documents
from innograph.lookups import entities as _entities
from innograph.lookups import networks as _networks
from innograph.lookups import operations as _operations
from innograph.lookups import organisations as _organisations
from innograph.lookups import paths as _paths
from innograph.lookups import people as _people
from innograph.lookups import places as _places
from innograph.lookups import profiles as _profiles
from innograph.lookups import reconciliation as _reconciliation
from innograph.lookups import search as _search
from innograph.lookups.descriptions import (
    KINDS_OF,
    SOURCE_DOCUMENT,
    graph_description,
    instance_of,
)
from innograph.lookups.evidence import EVIDENCE
from innograph.lookups.explanations import explanation
from innograph.lookups.identifiers import resolve
from innograph.lookups.labels import NAMES, ref
from innograph.lookups.links import LINKS, links
from innograph.lookups.models import (
    ActorPath,
    Agreement,
    AgreementPage,
    Candidate,
    Entity,
    Link,
    Network,
    OrganisationPage,
    OrganisationProfile,
    Overview,
    Person,
    Place,
    QueryAnswer,
    QueryDescription,
    Ref,
    SearchHit,
    SectorCount,
    Source,
)
from innograph.lookups.ontology import ontology_page, ontology_rdf
from innograph.lookups.parameters import ACTORS, a_class, actor, existing, organisation_class
from innograph.store import Store

__all__ = [
    "prepare",
    "organisations",
    "organisation",
    "profile_at_hand",
    "organisation_links",
    "links_at_hand",
    "FEW_LINKS",
    "agreements",
    "agreement",
    "person",
    "sectors",
    "place",
    "source",
    "resource_page",
    "resource_description",
    "ontology_rdf",
    "ontology_page",
    "overview",
    "network",
    "description",
    "actor",
    "paths",
    "explanation",
    "search",
    "reconcile",
    "match",
    "reconciliation_types",
    "reconcile_batch",
    "named_queries",
    "run_named_query",
]


def prepare(store: Store) -> None:
    """Read, for the store's current version, everything lookups read from the whole store.

    Names, links, evidence, the directory of organisations, the profiles' tables, the search
    index and the facet counts are each built on first use; building them here, when the
    service starts, keeps that wait off the first requests.
    """
    for table in (
        NAMES,
        KINDS_OF,
        EVIDENCE,
        LINKS,
        _organisations.DIRECTORY,
        _organisations.SUMMARIES,
        *_profiles.TABLES,
    ):
        table.table(store)
    _search.search_index(store)
    _places.sectors(store)
    _organisations.facets(store)


def organisations(
    store: Store,
    *,
    type: str | None = None,
    sector: str | None = None,
    country: str | None = None,
    member_of: str | None = None,
    q: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> OrganisationPage:
    """One page of organisations by name; `type` is a class name (`SciencePark`) or IRI."""
    given = {"type": type, "sector": sector, "country": country, "member_of": member_of, "q": q}
    return _organisations.organisations(
        store,
        type=organisation_class(store, type) if type else None,
        sector=existing(store, "sector", sector, kind="sector") if sector else None,
        country=existing(store, "country", country, kind="place") if country else None,
        member_of=existing(store, "member_of", member_of, kind="organisation")
        if member_of
        else None,
        text_filter=q,
        given={name: value for name, value in given.items() if value is not None},
        limit=limit,
        cursor=cursor,
    )


def organisation(store: Store, identifier: str) -> OrganisationProfile:
    iri = resolve(identifier, kind="organisation", what="organisation")
    return _profiles.organisation(store, iri, identifier)


def profile_at_hand(store: Store) -> bool:
    """Whether `organisation` answers at once, with nothing to wait for: every table it
    reads is open for the store's version (it then reads a few rows of each, and runs no
    query). The HTTP layer then answers on its event loop, as for `links_at_hand`."""
    tables = (KINDS_OF, NAMES, EVIDENCE, *_profiles.TABLES)
    return all(table.ready(store) is not None for table in tables)


FEW_LINKS = 64
"""Links an actor may have for `links_at_hand`: most have a handful (0.3-0.5 ms with their
evidence at 100k organisations); an association's hundreds of members took 30-70 ms."""


def links_at_hand(store: Store, identifier: str) -> bool:
    """Whether `organisation_links` answers at once, with nothing to wait for: every table it
    reads is open for the store's version and the actor has at most `FEW_LINKS` links.

    The HTTP layer then answers on its event loop instead of handing the call to a thread:
    at 100k organisations on two processes, /links went from 1,310 to 1,570 requests/s.
    """
    links_table = LINKS.ready(store)
    others_open = all(table.ready(store) is not None for table in (KINDS_OF, NAMES, EVIDENCE))
    if links_table is None or not others_open:
        return False
    try:
        iri = resolve(identifier, kind="organisation", what="organisation or person")
    except NotFound:
        return True  # answered at once, with the error
    return links_table.count(iri.value) <= FEW_LINKS


def organisation_links(
    store: Store, identifier: str, *, kind: str | None = None, direction: str | None = None
) -> tuple[Link, ...]:
    """The typed links of an organisation (or person) to other actors, with evidence."""
    iri = actor(store, identifier)
    return links(store, iri.value, kind=kind, direction=direction)


def agreements(
    store: Store,
    *,
    party: str | None = None,
    sector: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> AgreementPage:
    return _agreements.agreements(
        store,
        party=existing(store, "party", party, kind="organisation") if party else None,
        sector=existing(store, "sector", sector, kind="sector") if sector else None,
        limit=limit,
        cursor=cursor,
    )


def agreement(store: Store, identifier: str) -> Agreement:
    iri = resolve(identifier, kind="agreement", what="agreement")
    return _agreements.agreement(store, iri, identifier)


def person(store: Store, identifier: str) -> Person:
    iri = resolve(identifier, kind="person", what="person")
    return _people.person(store, iri, identifier)


def sectors(store: Store) -> tuple[SectorCount, ...]:
    return _places.sectors(store)


def place(store: Store, identifier: str) -> Place:
    iri = resolve(identifier, kind="place", what="place")
    return _places.place(store, iri, identifier)


def source(store: Store, identifier: str) -> Source:
    iri = resolve(identifier, kind="source", what="source")
    return _documents.source(store, iri, identifier)


def resource_page(store: Store, iri: str) -> Entity | Source:
    """What the page of a resource shows: a source document with its passages, or any other
    resource with its statements; NotFound if the graph says nothing about it."""
    node = _named(iri)
    if instance_of(store, node, SOURCE_DOCUMENT):
        return _documents.source(store, node, iri)
    return _entities.entity(store, node, actor=any(instance_of(store, node, c) for c in ACTORS))


def resource_description(store: Store, iri: str, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    """The RDF description of a resource; NotFound if the graph says nothing about it."""
    node = _named(iri)
    if next(store.quads(node), None) is None and next(store.quads(None, None, node), None) is None:
        raise NotFound(f"the graph says nothing about <{iri}>")
    return graph_description(store, iri, rdf_format)


def _named(iri: str) -> pyoxigraph.NamedNode:
    try:
        return pyoxigraph.NamedNode(iri)
    except ValueError:
        raise NotFound(f"<{iri}> is not an IRI") from None


def network(store: Store, around: str | None = None, *, hops: int = 2, limit: int = 300) -> Network:
    """The actors within `hops` links of one (`around`: an organisation or person id), or of
    the whole ecosystem, at most `limit` of them, and the typed links between them."""
    centre = actor(store, around, parameter="around") if around else None
    return _networks.network(store, centre, hops=hops, limit=limit)


def overview(store: Store) -> Overview:
    """What the graph holds, for its home page: resources by kind, sources by date."""
    return _entities.overview(store)


def description(store: Store, iri: str, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    """The RDF description of a resource already looked up (Turtle, JSON-LD …)."""
    return graph_description(store, iri, rdf_format)


def paths(
    store: Store, start: str, end: str, *, max_hops: int = 4, limit: int = 5
) -> tuple[ActorPath, ...]:
    """Shortest paths between two actors through agreements, memberships, founding, hosting."""
    origin = actor(store, start, parameter="from")
    target = actor(store, end, parameter="to")
    return _paths.paths(store, origin.value, target.value, max_hops=max_hops, limit=limit)


def search(
    store: Store, q: str, *, lang: str | None = None, kind: str | None = None, limit: int = 20
) -> tuple[SearchHit, ...]:
    """The resources a query names, then full-text matches of names and texts (see `search`)."""
    return _search.search(store, q, lang=lang, kind=kind, limit=limit)


def reconciliation_types(store: Store) -> tuple[Ref, ...]:
    """The classes reconciliation looks in (`ig:Organisation`, `foaf:Person`, `ig:Place`)."""
    return tuple(ref(store, cls) for cls in _reconciliation.RECONCILABLE)


def reconcile_batch(store: Store, queries: str) -> dict[str, tuple[Candidate, ...]]:
    """Answer a W3C Reconciliation API batch (`queries` JSON): candidates by query key."""
    batch = _reconciliation.parse_batch(queries)
    return {
        key: reconcile(
            store, query.query, types=query.types, limit=query.limit, parameter="queries"
        )
        for key, query in batch.items()
    }


def reconcile(
    store: Store,
    query: str,
    *,
    types: tuple[str, ...] = (),
    limit: int = 5,
    parameter: str = "type",
) -> tuple[Candidate, ...]:
    """Candidates for a messy name; `types` are class ids (`ig:Organisation`) or IRIs."""
    classes = tuple(a_class(store, parameter, name).value for name in types)
    return _reconciliation.reconcile(store, query, types=classes, limit=limit)


def match(store: Store, name: str, *, type: str | None = None) -> Candidate | None:
    """The one resource of the type that bears a messy name (normalised), or None."""
    classes = (a_class(store, "type", type).value,) if type else ()
    return _reconciliation.best_match(store, name, types=classes)


def named_queries(folder: Path) -> tuple[QueryDescription, ...]:
    return _operations.describe_queries(folder)


def run_named_query(
    store: Store, folder: Path, name: str, arguments: Mapping[str, str], *, limit: int
) -> QueryAnswer:
    """Run a named query of `folder` with its parameters given as text."""
    return _operations.answer(store, folder, name, arguments, limit=limit)
