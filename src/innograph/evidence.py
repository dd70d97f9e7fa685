"""[query] Evidence: the passages of source documents that state an asserted triple."""

from __future__ import annotations

import pyoxigraph

from innograph._types import Term
from innograph.identifiers import rest_id
from innograph.labels import ref
from innograph.models import Evidence, Ref
from innograph.rows import integer, iri, language, select, text
from innograph.store import Store

__all__ = ["evidence_for", "passage_ref"]


def evidence_for(store: Store, subject: Term, property: Term, target: Term) -> tuple[Evidence, ...]:
    """Given a triple, return each passage that states it (from its `ig:statedIn` annotations).

    An axiom may cite several passages and several excerpts (`ig:evidenceText`) without saying
    which excerpt is from which passage; each passage gets the excerpt found in its text.
    """
    passages: dict[str, pyoxigraph.QuerySolution] = {}
    excerpts: list[str] = []
    for row in select(store, "evidence", subject=subject, property=property, object=target):
        passage, excerpt = iri(row, "passage"), text(row, "excerpt")
        if passage is not None:
            passages.setdefault(passage, row)
        if excerpt is not None and excerpt not in excerpts:
            excerpts.append(excerpt)
    return tuple(_evidence(store, passage, row, excerpts) for passage, row in passages.items())


def _evidence(
    store: Store, passage: str, row: pyoxigraph.QuerySolution, excerpts: list[str]
) -> Evidence:
    index, words, document = integer(row, "index"), text(row, "text") or "", iri(row, "document")
    found = [excerpt for excerpt in excerpts if _squeezed(excerpt) in _squeezed(words)]
    return Evidence(
        source=ref(store, document) if document else passage_ref(passage, None),
        passage=passage_ref(passage, index),
        index=index,
        text=words,
        language=language(row, "text"),
        excerpt=found[0] if found else None,
    )


def _squeezed(words: str) -> str:
    return " ".join(words.split()).casefold()


def passage_ref(passage: str, index: int | None) -> Ref:
    """Given a passage IRI and its position, return `Ref(id, iri, 'passage 7')`."""
    name = f"passage {index}" if index is not None else "passage"
    return Ref(id=rest_id(passage), iri=passage, name=name)
