"""Places and sectors: what a place contains and who is there; sector counts."""

from __future__ import annotations

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.lookups.descriptions import describe
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import Place, SectorCount
from innograph.lookups.rows import integer, iri, select
from innograph.namespaces import IG
from innograph.store import EmbeddedStore

__all__ = ["PLACE", "place", "sectors"]

PLACE = IG + "Place"
_LOCATING = {IG + "locatedIn", IG + "country"}
_PART_OF = IG + "partOfPlace"


def place(store: EmbeddedStore, iri_: pyoxigraph.NamedNode, name: str) -> Place:
    """A place, the places it is part of and contains, and the organisations located there."""
    found = describe(store, iri_, cls=PLACE, what="place", name=name)
    named = naming(store, iri_.value)
    contains: list[str] = []
    organisations: list[str] = []
    for row in select(store, "incoming", resource=iri_):
        subject, prop = iri(row, "subject"), iri(row, "property")
        if subject and prop == _PART_OF:
            contains.append(subject)
        elif subject and prop in _LOCATING:
            organisations.append(subject)
    return Place(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=named.display,
        names=named.names,
        types=found.types(store),
        part_of=found.refs(store, _PART_OF),
        contains=tuple(ref(store, value) for value in dict.fromkeys(contains)),
        organisations=tuple(ref(store, value) for value in dict.fromkeys(organisations)),
    )


_SECTORS: VersionedCache[str, tuple[SectorCount, ...]] = VersionedCache(max_size=1)


def sectors(store: EmbeddedStore) -> tuple[SectorCount, ...]:
    """Every sector and service line, with how many organisations and agreements use it.

    Counting takes ~150 ms over two million triples, so it is done once per store version.
    """
    return _SECTORS.get(store, "sectors", lambda: _count_sectors(store))


def _count_sectors(store: EmbeddedStore) -> tuple[SectorCount, ...]:
    return tuple(
        SectorCount(
            sector=ref(store, sector),
            scheme=(iri(row, "scheme") or "").rsplit("/", 1)[-1],
            organisations=integer(row, "organisations") or 0,
            agreements=integer(row, "agreements") or 0,
        )
        for row in select(store, "sectors")
        if (sector := iri(row, "sector"))
    )
