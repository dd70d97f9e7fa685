"""Source documents: a press release, its passages, and the facts drawn from each."""

from __future__ import annotations

import pyoxigraph

from innograph.lookups.descriptions import describe
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import Fact, Source, SourcePassage
from innograph.lookups.rows import integer, iri, language, select, text
from innograph.namespaces import IG
from innograph.store import EmbeddedStore

__all__ = ["SOURCE_DOCUMENT", "source"]

SOURCE_DOCUMENT = IG + "SourceDocument"


def source(store: EmbeddedStore, iri_: pyoxigraph.NamedNode, name: str) -> Source:
    """A source document with its passages in order, each with the facts it states."""
    found = describe(store, iri_, cls=SOURCE_DOCUMENT, what="source", name=name)
    facts = _facts(store, iri_)
    passages = tuple(
        SourcePassage(
            id=rest_id(passage),
            iri=passage,
            index=integer(row, "index"),
            text=text(row, "text") or "",
            language=language(row, "text"),
            facts=tuple(facts.get(passage, ())),
        )
        for row in select(store, "passages", document=iri_)
        if (passage := iri(row, "passage"))
    )
    headlines = found.strings(IG + "headline")
    dates = found.strings(IG + "publicationDate")
    places = found.refs(store, IG + "datelinePlace")
    return Source(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=naming(store, iri_.value).display,
        types=found.types(store),
        headline=headlines[0] if headlines else None,
        publication_date=dates[0].split("T", 1)[0] if dates else None,
        language=found.first(IG + "language"),
        dateline_place=places[0] if places else None,
        publishers=found.refs(store, IG + "publishedBy"),
        passages=tuple(dict((p.iri, p) for p in passages).values()),
    )


def _facts(store: EmbeddedStore, document: pyoxigraph.NamedNode) -> dict[str, list[Fact]]:
    by_passage: dict[str, list[Fact]] = {}
    for row in select(store, "facts", document=document):
        passage, subject, prop = iri(row, "passage"), iri(row, "subject"), iri(row, "property")
        target = row["object"]
        if passage is None or subject is None or prop is None or target is None:
            continue
        literal = isinstance(target, pyoxigraph.Literal)
        fact = Fact(
            subject=ref(store, subject),
            property=ref(store, prop),
            object=ref(store, target.value) if isinstance(target, pyoxigraph.NamedNode) else None,
            value=target.value if literal else None,
            language=language(row, "object"),
            excerpt=text(row, "excerpt"),
        )
        facts = by_passage.setdefault(passage, [])
        if fact not in facts:
            facts.append(fact)
    return by_passage
