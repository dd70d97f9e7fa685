"""[query] Typed links between actors, both directions, each with the passages that state it.

A link is read from the actor's side: OpenZone is `member-of` IASP, IASP `has-member`
OpenZone. Agreements link their parties `mutual`ly; posts link a person and an organisation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.evidence import Triple, evidence_around, evidence_for
from innograph.labels import ref
from innograph.models import Evidence, Link
from innograph.rows import day, iri, select
from innograph.store import Store

__all__ = ["KINDS", "RawLink", "raw_links", "links", "with_evidence"]

KINDS = ("agreement", "membership", "founding", "hosting", "post")
"""Kinds of link, in the order they are listed."""


@dataclass(frozen=True)
class RawLink:
    """A link as the `links` query gives it: IRIs only, with the triple that carries it."""

    kind: str
    relation: str
    direction: str
    other: str
    via: str | None
    date: str | None
    announced: str | None
    sectors: tuple[str, ...]
    role: str | None
    status: str | None
    stated: tuple[tuple[str, str, str], ...]
    """The asserted triples that carry the link: one, or two for a link through a node."""


_RAW: VersionedCache[str, tuple[RawLink, ...]] = VersionedCache()


def raw_links(store: Store, actor: str) -> tuple[RawLink, ...]:
    """Given an actor IRI, return its links (cached per store version), in a stable order."""
    return _RAW.get(store, actor, lambda: _read(store, actor))


def links(
    store: Store, actor: str, *, kind: str | None = None, direction: str | None = None
) -> tuple[Link, ...]:
    """Given an actor IRI, return its links with evidence, optionally of one kind or direction.

    A `mutual` link (an agreement) counts as both `outgoing` and `incoming`.
    """
    selected = [
        link
        for link in raw_links(store, actor)
        if (kind is None or link.kind == kind)
        and (direction is None or link.direction in (direction, "mutual"))
    ]
    if not selected:
        return ()
    around = evidence_around(store, actor)
    return tuple(_named(store, link, around) for link in selected)


def with_evidence(store: Store, link: RawLink) -> Link:
    """Given a raw link, return it with names and the passages that state it."""
    around: dict[Triple, tuple[Evidence, ...]] = {}
    for triple in link.stated:
        subject, prop, target = (pyoxigraph.NamedNode(part) for part in triple)
        around[triple] = evidence_for(store, subject, prop, target)
    return _named(store, link, around)


def _named(store: Store, link: RawLink, around: dict[Triple, tuple[Evidence, ...]]) -> Link:
    evidence: dict[str, Evidence] = {}
    for triple in link.stated:
        for found in around.get(triple, ()):
            evidence.setdefault(found.passage.iri, found)
    return Link(
        kind=link.kind,
        relation=link.relation,
        direction=link.direction,
        other=ref(store, link.other),
        via=ref(store, link.via) if link.via else None,
        date=link.date,
        announced=link.announced,
        sectors=tuple(ref(store, sector) for sector in link.sectors),
        role=ref(store, link.role) if link.role else None,
        status=ref(store, link.status) if link.status else None,
        evidence=tuple(sorted(evidence.values(), key=lambda found: found.index or 0)),
    )


def _read(store: Store, actor: str) -> tuple[RawLink, ...]:
    merged: dict[tuple[str, str, str | None], RawLink] = {}
    for row in select(store, "links", actor=pyoxigraph.NamedNode(actor)):
        kind, relation, direction = (
            _literal(row[name]) for name in ("kind", "relation", "direction")
        )
        other, stated, prop, target = (
            iri(row, name) for name in ("other", "stated", "statedProperty", "statedTarget")
        )
        if not (other and stated and prop and target):
            continue
        via, sector, actor_property = iri(row, "via"), iri(row, "sector"), iri(row, "actorProperty")
        stated_triples: tuple[tuple[str, str, str], ...] = ((stated, prop, target),)
        if via and actor_property:
            stated_triples = ((via, actor_property, actor), *stated_triples)
        key = (relation, other, via)
        current = merged.get(key)
        if current is None:
            merged[key] = RawLink(
                kind=kind,
                relation=relation,
                direction=direction,
                other=other,
                via=via,
                date=day(row, "date"),
                announced=day(row, "announced"),
                sectors=(sector,) if sector else (),
                role=iri(row, "role"),
                status=iri(row, "status"),
                stated=stated_triples,
            )
        elif sector and sector not in current.sectors:
            merged[key] = replace(current, sectors=tuple(sorted((*current.sectors, sector))))
    return tuple(sorted(_without_shortcuts(merged.values()), key=_order))


def _without_shortcuts(found: Iterable[RawLink]) -> list[RawLink]:
    """Drop a shortcut (`hasAgreementWith`, `memberOf`) when a qualified node says the same."""
    found = list(found)
    qualified = {(link.relation, link.other) for link in found if link.via}
    return [link for link in found if link.via or (link.relation, link.other) not in qualified]


def _order(link: RawLink) -> tuple[int, str, str, str]:
    return (KINDS.index(link.kind), link.relation, link.other, link.via or "")


def _literal(term: object) -> str:
    return term.value if isinstance(term, pyoxigraph.Literal) else ""
