"""[query] Evidence: the passages of source documents that state an asserted triple."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph

from innograph._types import Term
from innograph.identifiers import rest_id
from innograph.labels import ref
from innograph.models import Evidence, Ref
from innograph.rows import integer, iri, language, select, text
from innograph.store import Store

__all__ = ["Triple", "evidence_for", "evidence_around", "passage_ref"]


Triple = tuple[str, str, str]
"""An asserted triple by the IRIs (or literal forms) of its subject, property and object."""


def evidence_for(store: Store, subject: Term, property: Term, target: Term) -> tuple[Evidence, ...]:
    """Given a triple, return each passage that states it (from its `ig:statedIn` annotations).

    An axiom may cite several passages and several excerpts (`ig:evidenceText`) without saying
    which excerpt is from which passage; each passage gets the excerpt found in its text.
    """
    rows = select(store, "evidence", subject=subject, property=property, object=target)
    return _collect(store, rows).get((subject.value, property.value, target.value), ())


def evidence_around(store: Store, actor: str) -> dict[Triple, tuple[Evidence, ...]]:
    """Given an actor, return the evidence of every annotated triple about it or its links."""
    return _collect(store, select(store, "evidence-around", actor=pyoxigraph.NamedNode(actor)))


def _collect(
    store: Store, rows: Iterable[pyoxigraph.QuerySolution]
) -> dict[Triple, tuple[Evidence, ...]]:
    passages: dict[Triple, dict[str, pyoxigraph.QuerySolution]] = defaultdict(dict)
    excerpts: dict[Triple, list[str]] = defaultdict(list)
    for row in rows:
        subject, prop, target = row["subject"], row["property"], row["object"]
        passage, excerpt = iri(row, "passage"), text(row, "excerpt")
        if subject is None or prop is None or target is None or passage is None:
            continue
        triple = (subject.value, prop.value, target.value)
        passages[triple].setdefault(passage, row)
        if excerpt is not None and excerpt not in excerpts[triple]:
            excerpts[triple].append(excerpt)
    return {
        triple: tuple(_evidence(store, p, row, excerpts[triple]) for p, row in cited.items())
        for triple, cited in passages.items()
    }


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
