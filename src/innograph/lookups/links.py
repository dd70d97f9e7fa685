"""Typed links between actors, both directions, each with the passages that state it.

A link is read from the actor's side: OpenZone is `member-of` IASP, IASP `has-member`
OpenZone. Agreements link their parties `mutual`ly; posts link a person and an organisation.
Every actor's links are read by one unbound run of `links.rq` per store version (see
`innograph.lookups.tables`), so a lookup costs no query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import pyoxigraph

from innograph.lookups.evidence import evidence_for, excerpt_order
from innograph.lookups.explanations import is_inferred, premise_evidence
from innograph.lookups.labels import ref
from innograph.lookups.models import Evidence, Link
from innograph.lookups.models.connections import Triple
from innograph.lookups.rows import date_part, select
from innograph.lookups.tables import DerivedTable
from innograph.store import Store

__all__ = ["LINKS", "KINDS", "RawLink", "raw_links", "links", "with_evidence", "statements"]

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
    readings: tuple[tuple[Triple, ...], ...]
    """Each way the graph holds the link: the triples that carry it (one, or two for a link
    through a node), once per direction it is held in (`foundedBy` as a source states it,
    `founded` as its inverse is inferred)."""


def raw_links(store: Store, actor: str) -> tuple[RawLink, ...]:
    """Given an actor IRI, return its links in a stable order."""
    return tuple(_merged(actor, LINKS.get(store, actor)))


def links(
    store: Store, actor: str, *, kind: str | None = None, direction: str | None = None
) -> tuple[Link, ...]:
    """Given an actor IRI, return its links with evidence, optionally of one kind or direction.

    A `mutual` link (an agreement) counts as both `outgoing` and `incoming`.
    """
    return tuple(
        with_evidence(store, link)
        for link in raw_links(store, actor)
        if (kind is None or link.kind == kind)
        and (direction is None or link.direction in (direction, "mutual"))
    )


def with_evidence(store: Store, link: RawLink) -> Link:
    """Given a raw link, return it with names and the passages that state it.

    A link no reading of which is stated outright (every reading needs a triple only a rule
    entails) names the rule, and carries the evidence of the triples the rule starts from."""
    evidence: dict[str, Evidence] = {}
    inferred_by: str | None = None
    stated = False
    for reading in link.readings:
        rules = []
        for triple in reading:
            subject, prop, target = (pyoxigraph.NamedNode(part) for part in triple)
            rule, premises = premise_evidence(store, triple)
            if rule is not None:
                rules.append(rule)
            for found in (*evidence_for(store, subject, prop, target), *premises):
                kept = evidence.get(found.passage.iri, found)
                evidence[found.passage.iri] = min(
                    kept, found, key=lambda quote: excerpt_order(quote.excerpt)
                )
        stated = stated or not rules
        inferred_by = inferred_by or next(iter(rules), None)
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
        inferred_by=None if stated else inferred_by,
        statements=statements(store, link),
    )


def statements(store: Store, link: RawLink) -> tuple[Triple, ...]:
    """Given a raw link, return the triples of the graph that carry it: those of its one
    reading; of several (a source's `foundedBy` and its inferred inverse `founded`), those of
    the readings a source states, all of them when each needs a rule."""
    readings = link.readings
    if len(readings) > 1:
        stated = [each for each in readings if not any(is_inferred(store, t) for t in each)]
        readings = tuple(stated) or readings
    return tuple(sorted({triple for reading in readings for triple in reading}))


def _every_link(store: Store) -> Iterator[tuple[str, Any]]:
    """Every row of `links.rq` as (actor, the lexical values of `_COLUMNS`), in one run."""
    for row in select(store, "links"):
        actor, *terms = row  # a solution iterates in the order of the SELECT clause
        if isinstance(actor, pyoxigraph.NamedNode):
            yield actor.value, [term.value if term is not None else None for term in terms]


_COLUMNS = (
    "kind",
    "relation",
    "direction",
    "other",
    "via",
    "date",
    "announced",
    "sector",
    "role",
    "status",
    "stated",
    "statedProperty",
    "statedTarget",
    "actorProperty",
)
"""The variables after ?actor in the SELECT clause of `links.rq`, in its order."""


def _merged(actor: str, rows: Iterable[list[str | None]]) -> list[RawLink]:
    """One actor's rows as links: one per relation, other actor and node, sectors gathered."""
    merged: dict[tuple[str, str, str | None], RawLink] = {}
    for values in rows:
        row = dict(zip(_COLUMNS, values, strict=True))
        kind, relation, direction = row["kind"], row["relation"], row["direction"]
        other, stated, prop, target = (
            row[name] for name in ("other", "stated", "statedProperty", "statedTarget")
        )
        if not (kind and relation and direction and other and stated and prop and target):
            continue
        via, sector, actor_property = row["via"], row["sector"], row["actorProperty"]
        reading: tuple[Triple, ...] = ((stated, prop, target),)
        if via and actor_property:
            reading = ((via, actor_property, actor), *reading)
        key = (relation, other, via)
        current = merged.get(key)
        if current is None:
            merged[key] = RawLink(
                kind=kind,
                relation=relation,
                direction=direction,
                other=other,
                via=via,
                date=date_part(row["date"]),
                announced=date_part(row["announced"]),
                sectors=(sector,) if sector else (),
                role=row["role"],
                status=row["status"],
                readings=(reading,),
            )
        else:
            # The same link from another row: another sector, or another reading (a
            # source's `foundedBy` beside its inferred inverse `founded`).
            sectors = current.sectors
            if sector and sector not in sectors:
                sectors = tuple(sorted((*sectors, sector)))
            readings = tuple(sorted({*current.readings, reading}))
            merged[key] = replace(current, sectors=sectors, readings=readings)
    return sorted(_without_shortcuts(merged.values()), key=_order)


def _without_shortcuts(found: Iterable[RawLink]) -> list[RawLink]:
    """Drop a shortcut (`hasAgreementWith`, `memberOf`) when a qualified node says the same."""
    found = list(found)
    qualified = {(link.relation, link.other) for link in found if link.via}
    return [link for link in found if link.via or (link.relation, link.other) not in qualified]


def _order(link: RawLink) -> tuple[int, str, str, str]:
    return (KINDS.index(link.kind), link.relation, link.other, link.via or "")


LINKS = DerivedTable("links", _every_link, held=False)
"""Read from SQLite, one lookup per actor: held in memory, the links of 100,000 organisations
took 330 MB, where names and kinds (many lookups per answer) take 200 MB together."""
