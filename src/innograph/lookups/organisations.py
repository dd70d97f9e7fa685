"""Organisations: a filtered, paginated list, and one organisation's profile."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.lookups.descriptions import Description, describe, every_superclass
from innograph.lookups.evidence import evidence_for
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import (
    ContactPoint,
    Count,
    Facets,
    Figure,
    OrganisationProfile,
    OrganisationSummary,
    Page,
    PostHolding,
    Ref,
)
from innograph.lookups.paging import decode_cursor, take_page
from innograph.lookups.rows import decimal, iri, select, text
from innograph.lookups.tables import DerivedTable
from innograph.namespaces import IG
from innograph.store import EmbeddedStore, Store

__all__ = [
    "ORGANISATION",
    "DIRECTORY",
    "SUMMARIES",
    "organisations",
    "organisation",
    "facets",
    "posts",
    "contact_points",
    "sources_about",
]

ORGANISATION = IG + "Organisation"

_FOAF_HOMEPAGE = "http://xmlns.com/foaf/0.1/homepage"


def organisations(
    store: EmbeddedStore,
    *,
    type: pyoxigraph.NamedNode | None = None,
    sector: pyoxigraph.NamedNode | None = None,
    country: pyoxigraph.NamedNode | None = None,
    member_of: pyoxigraph.NamedNode | None = None,
    text_filter: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[OrganisationSummary]:
    """One page of organisations sorted by name, each filter narrowing the list.

    Pages are read in order from the `DIRECTORY`, kept per store version: sorting every
    organisation by name in SPARQL took 50-130 s at 100,000 of them on disk. With filters,
    only the organisations the filters' queries find are kept; each filter's set is computed
    once per store version, so the following pages cost no query.
    """
    after_key, after_iri = decode_cursor(cursor, size=2)
    filters = (type, sector, country, member_of, text_filter)
    matching = _matching(store, *filters) if any(filters) else None
    entries = _directory_after(store, _sort_key(after_key, after_iri), matching, limit + 1)
    page, next_cursor = take_page(entries, limit=limit, keys=lambda entry: (entry[2], entry[0]))
    items = tuple(_summary(store, organisation, name) for organisation, name, _ in page)
    return Page(items=items, next_cursor=next_cursor, facets=_facets(store, filters, matching))


def _directory_after(
    store: EmbeddedStore, key: str, matching: frozenset[str] | None, wanted: int
) -> Iterator[tuple[str, str, str]]:
    """(organisation, name, sort key) after `key` in name order, those in `matching` only."""
    table = DIRECTORY.table(store)
    batch = wanted if matching is None else max(wanted, 500)
    while rows := table.following(key, batch):
        for _, (organisation, name, sort_key) in rows:
            if matching is None or organisation in matching:
                yield organisation, name, sort_key
        key = rows[-1][0]


_MATCHING: VersionedCache[tuple[str, str], frozenset[str]] = VersionedCache(max_size=16)
"""At most 16 filters' sets (~8 MB each at 100,000 organisations), emptied when full."""
_FILTER_QUERIES = {
    "type": "organisations-of-type",
    "sector": "organisations-in-sector",
    "country": "organisations-in-country",
    "memberOf": "organisations-in-association",
    "text": "organisations-named",
}
"""The named query that finds the organisations passing each filter, by its parameter."""


def _matching(
    store: Store,
    type: pyoxigraph.NamedNode | None,
    sector: pyoxigraph.NamedNode | None,
    country: pyoxigraph.NamedNode | None,
    member_of: pyoxigraph.NamedNode | None,
    text_filter: str | None,
) -> frozenset[str]:
    """The organisations that pass every filter given (None: the filter does not apply).

    Each filter is its own small query, its answer kept per store version, so combining
    filters or paging costs set intersections only.
    """
    given: dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal | None] = {
        "type": type,
        "sector": sector,
        "country": country,
        "memberOf": member_of,
        "text": pyoxigraph.Literal(text_filter.lower()) if text_filter else None,
    }
    sets = [
        _passing(store, parameter, value) for parameter, value in given.items() if value is not None
    ]
    return frozenset.intersection(*sets)


def _passing(
    store: Store, parameter: str, value: pyoxigraph.NamedNode | pyoxigraph.Literal
) -> frozenset[str]:
    def read() -> frozenset[str]:
        rows = select(store, _FILTER_QUERIES[parameter], **{parameter: value})
        return frozenset(found for row in rows if (found := iri(row, "organisation")))

    return _MATCHING.get(store, (parameter, str(value)), read)


def _sort_key(key: str, organisation: str) -> str:
    """The directory's key: the lower-cased name, then the IRI (U+0001 sorts before both)."""
    return f"{key}\x01{organisation}"


def _every_organisation(store: Store) -> Iterator[tuple[str, Any]]:
    """Every organisation, from one run of `organisations.rq` (SQLite keeps them in order)."""
    for row in select(store, "organisations"):
        organisation, key, name = iri(row, "organisation"), text(row, "key"), text(row, "name")
        if organisation and key is not None and name is not None:
            yield _sort_key(key, organisation), (organisation, name, key)


DIRECTORY = DerivedTable("directory", _every_organisation, held=False)
"""Read a page at a time from SQLite, in key order."""


_FACETS: VersionedCache[tuple[str, ...], Facets] = VersionedCache(max_size=16)


def facets(store: EmbeddedStore) -> Facets:
    """Counts of all organisations by type and country, counted once per store version."""
    return _facets(store, (None,) * 5, None)


def _facets(
    store: EmbeddedStore, filters: tuple[object, ...], matching: frozenset[str] | None
) -> Facets:
    """Counts of the organisations that pass the filters (all of them for none), kept per
    filter and store version."""
    key = tuple("" if value is None else str(value) for value in filters)
    return _FACETS.get(store, key, lambda: _count_facets(store, matching))


def _count_facets(store: EmbeddedStore, matching: frozenset[str] | None) -> Facets:
    """Count by type (an organisation counts under its classes and their superclasses, as the
    `type` filter selects it) and by country, from the list summaries in one pass."""
    superclasses = every_superclass(store)
    types: dict[str, set[str]] = defaultdict(set)
    countries: Counter[str] = Counter()
    for organisation, (field, value) in SUMMARIES.table(store).items():
        if matching is not None and organisation not in matching:
            continue
        if field == "type":
            types[organisation].update({value, *superclasses.get(value, ())})
        elif field == "country":
            countries[value] += 1
    kinds = Counter(
        cls
        for classes in types.values()
        for cls in classes
        if cls == ORGANISATION or ORGANISATION in superclasses.get(cls, ())
    )
    return Facets(types=_counts(store, kinds), countries=_counts(store, countries))


def _counts(store: EmbeddedStore, counted: Counter[str]) -> tuple[Count, ...]:
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Count(value=ref(store, value), count=count) for value, count in ordered)


def organisation(
    store: EmbeddedStore, iri_: pyoxigraph.NamedNode, name: str
) -> OrganisationProfile:
    """Everything stated about one organisation; raises NotFound if it is not one."""
    found = describe(store, iri_, cls=ORGANISATION, what="organisation", name=name)
    named = naming(store, iri_.value)
    return OrganisationProfile(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=named.display,
        names=named.names,
        types=found.types(store),
        locations=found.refs(store, IG + "locatedIn"),
        near=found.refs(store, IG + "near"),
        country=_first_ref(store, found, IG + "country"),
        founders=found.refs(store, IG + "foundedBy"),
        founding_year=_year(found),
        missions=found.texts(IG + "mission"),
        descriptions=found.texts(IG + "description"),
        websites=(*found.strings(IG + "website"), *found.iris(_FOAF_HOMEPAGE)),
        sectors=found.refs(store, IG + "activeInSector"),
        services=found.refs(store, IG + "offersService"),
        figures=figures(store, iri_),
        people=posts(store, organisation=iri_),
        contact_points=contact_points(store, iri_),
        sources=sources_about(store, iri_),
    )


def figures(store: EmbeddedStore, subject: pyoxigraph.NamedNode) -> tuple[Figure, ...]:
    """The stated numbers about a resource, each with the passages that state it."""
    found: dict[str, Figure] = {}
    for row in select(store, "figures", subject=subject):
        figure, prop = iri(row, "figure"), iri(row, "property")
        if figure is None or prop is None or figure in found:
            continue
        approximation, counted = iri(row, "approximation"), iri(row, "countedKind")
        found[figure] = Figure(
            iri=figure,
            property=ref(store, prop),
            value=decimal(row, "value"),
            approximation=approximation.rsplit("/", 1)[-1] if approximation else None,
            currency=text(row, "notation") or _slug(iri(row, "currency")),
            counted_kind=ref(store, counted) if counted else None,
            evidence=evidence_for(
                store, subject, pyoxigraph.NamedNode(prop), pyoxigraph.NamedNode(figure)
            ),
        )
    return tuple(found.values())


def posts(
    store: EmbeddedStore,
    *,
    organisation: pyoxigraph.NamedNode | None = None,
    person: pyoxigraph.NamedNode | None = None,
) -> tuple[PostHolding, ...]:
    """Posts in an organisation, or held by a person (bind exactly one)."""
    bindings = {"organisation": organisation} if organisation else {"person": person}
    holdings = []
    for row in select(store, "posts", **{k: v for k, v in bindings.items() if v is not None}):
        post = iri(row, "post")
        if post is None:
            continue
        holdings.append(
            PostHolding(
                post=post,
                person=_optional_ref(store, iri(row, "person")),
                organisation=_optional_ref(store, iri(row, "organisation")),
                role=_optional_ref(store, iri(row, "role")),
            )
        )
    return tuple(holdings)


def contact_points(store: EmbeddedStore, holder: pyoxigraph.NamedNode) -> tuple[ContactPoint, ...]:
    """The contact points of an organisation or a person."""
    grouped: dict[str, dict[str, list[str]]] = {}
    for row in select(store, "contact-points", holder=holder):
        contact = iri(row, "contact") or ""
        fields = grouped.setdefault(contact, {})
        for name in ("type", "email", "telephone"):
            value = text(row, name)
            if value is not None and value not in fields.setdefault(name, []):
                fields[name].append(value)
        for name in ("person", "organisation"):
            value = iri(row, name)
            if value is not None and value not in fields.setdefault(name, []):
                fields[name].append(value)
    return tuple(_contact(store, contact, fields) for contact, fields in grouped.items())


def sources_about(store: EmbeddedStore, resource: pyoxigraph.NamedNode) -> tuple[Ref, ...]:
    """The source documents that state something about the resource."""
    documents = (iri(row, "document") for row in select(store, "sources-about", resource=resource))
    return tuple(ref(store, document) for document in documents if document)


def _summary(store: EmbeddedStore, organisation: str, name: str) -> OrganisationSummary:
    found = SUMMARIES.get(store, organisation)
    types = sorted(value for field, value in found if field == "type")
    countries = sorted(value for field, value in found if field == "country")
    return OrganisationSummary(
        id=rest_id(organisation),
        iri=organisation,
        name=name or rest_id(organisation),
        types=tuple(ref(store, value) for value in types),
        country=ref(store, countries[0]) if countries else None,
    )


def _every_summary(store: Store) -> Iterator[tuple[str, Any]]:
    """Each organisation's direct types and countries, as ("type" | "country", IRI) pairs."""
    for row in select(store, "organisation-summary"):
        organisation = iri(row, "organisation")
        for field in ("type", "country"):
            value = iri(row, field)
            if organisation and value:
                yield organisation, (field, value)


SUMMARIES = DerivedTable("summaries", _every_summary, held=False)


def _contact(store: EmbeddedStore, contact: str, fields: dict[str, list[str]]) -> ContactPoint:
    people, organisations = fields.get("person", []), fields.get("organisation", [])
    return ContactPoint(
        iri=contact,
        contact_type=next(iter(fields.get("type", [])), None),
        emails=tuple(fields.get("email", [])),
        telephones=tuple(fields.get("telephone", [])),
        person=ref(store, people[0]) if people else None,
        organisation=ref(store, organisations[0]) if organisations else None,
    )


def _year(found: Description) -> int | None:
    year = found.first(IG + "foundingYear")
    return int(year) if year and year.lstrip("-").isdigit() else None


def _first_ref(store: EmbeddedStore, found: Description, prop: str) -> Ref | None:
    values = found.iris(prop)
    return ref(store, values[0]) if values else None


def _optional_ref(store: EmbeddedStore, value: str | None) -> Ref | None:
    return ref(store, value) if value else None


def _slug(value: str | None) -> str | None:
    return value.rsplit("/", 1)[-1] if value else None
