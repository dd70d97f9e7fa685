"""Agreements (memoranda of understanding …): a paginated list and one agreement."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph

from innograph.lookups.descriptions import describe, properties
from innograph.lookups.evidence import evidence_for
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import Agreement, AgreementSummary, Evidence, Objective, Page, Quote
from innograph.lookups.paging import decode_cursor, take_page
from innograph.lookups.rows import iri, language, select, text
from innograph.namespaces import IG
from innograph.store import EmbeddedStore

__all__ = ["AGREEMENT", "agreements", "agreement", "quotes"]

AGREEMENT = IG + "Agreement"
_SKOS_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
_NOWHERE = pyoxigraph.NamedNode(IG + "Nothing")
_HAS_PARTY = pyoxigraph.NamedNode(IG + "hasParty")


def agreements(
    store: EmbeddedStore,
    *,
    party: pyoxigraph.NamedNode | None = None,
    sector: pyoxigraph.NamedNode | None = None,
    limit: int = 20,
    cursor: str | None = None,
) -> Page[AgreementSummary]:
    """One page of agreements by signing date, optionally those of one party or sector."""
    after_key, after_iri = decode_cursor(cursor, size=2)
    rows = select(
        store,
        "agreements",
        party=party or _NOWHERE,
        sector=sector or _NOWHERE,
        byParty=pyoxigraph.Literal(party is not None),
        bySector=pyoxigraph.Literal(sector is not None),
        afterKey=pyoxigraph.Literal(after_key),
        afterIri=pyoxigraph.Literal(after_iri),
    )
    page, next_cursor = take_page(
        rows, limit=limit, keys=lambda row: (text(row, "key") or "", iri(row, "agreement") or "")
    )
    return Page(
        items=tuple(_summary(store, iri(row, "agreement") or "") for row in page),
        next_cursor=next_cursor,
    )


def agreement(store: EmbeddedStore, iri_: pyoxigraph.NamedNode, name: str) -> Agreement:
    """Everything stated about one agreement; raises NotFound if it is not one."""
    found = describe(store, iri_, cls=AGREEMENT, what="agreement", name=name)
    named = naming(store, iri_.value)
    dates = found.strings(IG + "signingDate")
    places = found.refs(store, IG + "signingPlace")
    evidence: dict[str, Evidence] = {}
    for party in found.iris(IG + "hasParty"):
        for stated in evidence_for(store, iri_, _HAS_PARTY, pyoxigraph.NamedNode(party)):
            evidence.setdefault(stated.passage.iri, stated)
    return Agreement(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=named.display,
        names=named.names,
        types=found.types(store),
        parties=found.refs(store, IG + "hasParty"),
        date=dates[0].split("T", 1)[0] if dates else None,
        place=places[0] if places else None,
        sectors=found.refs(store, IG + "focusSector"),
        aims=tuple(_objective(store, aim) for aim in found.iris(IG + "hasObjective")),
        quotes=quotes(store, iri_),
        sources=found.refs(store, IG + "announcedIn"),
        evidence=tuple(sorted(evidence.values(), key=lambda stated: stated.index or 0)),
    )


def quotes(store: EmbeddedStore, subject: pyoxigraph.NamedNode) -> tuple[Quote, ...]:
    """The quotations about a resource or made by a person, with the passages that hold them."""
    found: dict[str, Quote] = {}
    for row in select(store, "quotes", subject=subject):
        quote, about = iri(row, "quote"), iri(row, "about")
        if quote is None:
            continue
        current = found.get(quote)
        if current is not None:
            if about and about not in {topic.iri for topic in current.about}:
                found[quote] = replace(current, about=(*current.about, ref(store, about)))
            continue
        quoted, speaker = row["text"], iri(row, "speaker")
        found[quote] = Quote(
            iri=quote,
            text=text(row, "text") or "",
            language=language(row, "text"),
            speaker=ref(store, speaker) if speaker else None,
            about=(ref(store, about),) if about else (),
            evidence=evidence_for(
                store, pyoxigraph.NamedNode(quote), pyoxigraph.NamedNode(IG + "quotedText"), quoted
            )
            if isinstance(quoted, pyoxigraph.Literal)
            else (),
        )
    return tuple(found.values())


def _summary(store: EmbeddedStore, agreement_iri: str) -> AgreementSummary:
    found = describe(
        store,
        pyoxigraph.NamedNode(agreement_iri),
        cls=AGREEMENT,
        what="agreement",
        name=agreement_iri,
    )
    dates = found.strings(IG + "signingDate")
    return AgreementSummary(
        id=rest_id(agreement_iri),
        iri=agreement_iri,
        name=naming(store, agreement_iri).display,
        parties=found.refs(store, IG + "hasParty"),
        date=dates[0].split("T", 1)[0] if dates else None,
        sectors=found.refs(store, IG + "focusSector"),
    )


def _objective(store: EmbeddedStore, objective: str) -> Objective:
    found = properties(store, pyoxigraph.NamedNode(objective))
    return Objective(
        iri=objective,
        name=naming(store, objective).display,
        definitions=(*found.texts(_SKOS_DEFINITION), *found.texts(IG + "description")),
    )
