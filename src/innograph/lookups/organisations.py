"""Organisations: a filtered, paginated list with its counts (the profile is `profiles`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.lookups.descriptions import ORGANISATION, every_superclass
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import ref
from innograph.lookups.models import Count, Facets, OrganisationPage, OrganisationSummary
from innograph.lookups.paging import decode_cursor, take_page
from innograph.lookups.rows import iri, select, text
from innograph.lookups.tables import DerivedTable
from innograph.store import Store

__all__ = ["DIRECTORY", "SUMMARIES", "organisations", "facets"]


def organisations(
    store: Store,
    *,
    type: pyoxigraph.NamedNode | None = None,
    sector: pyoxigraph.NamedNode | None = None,
    country: pyoxigraph.NamedNode | None = None,
    member_of: pyoxigraph.NamedNode | None = None,
    text_filter: str | None = None,
    given: dict[str, str],
    limit: int = 20,
    cursor: str | None = None,
) -> OrganisationPage:
    """One page of organisations sorted by name, each filter narrowing the list; `given` are
    the filters as the caller wrote them, which the page repeats.

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
    facets = _facets(store, filters, matching)
    return OrganisationPage(items=items, next_cursor=next_cursor, filters=given, facets=facets)


def _directory_after(
    store: Store, key: str, matching: frozenset[str] | None, wanted: int
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


def facets(store: Store) -> Facets:
    """Counts of all organisations by type and country, counted once per store version."""
    return _facets(store, (None,) * 5, None)


def _facets(store: Store, filters: tuple[object, ...], matching: frozenset[str] | None) -> Facets:
    """Counts of the organisations that pass the filters (all of them for none), kept per
    filter and store version."""
    key = tuple("" if value is None else str(value) for value in filters)
    return _FACETS.get(store, key, lambda: _count_facets(store, matching))


def _count_facets(store: Store, matching: frozenset[str] | None) -> Facets:
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


def _counts(store: Store, counted: Counter[str]) -> tuple[Count, ...]:
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Count(value=ref(store, value), count=count) for value, count in ordered)


def _summary(store: Store, organisation: str, name: str) -> OrganisationSummary:
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
