"""Evidence: the passages of source documents that state an asserted triple.

Every annotated axiom's passages are read by one unbound run of `evidence.rq` per store
version (see `innograph.lookups.tables`) and looked up by the triple they annotate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph

from innograph._types import Term
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import ref
from innograph.lookups.models import Evidence, Ref
from innograph.lookups.rows import integer, iri, language, select, text
from innograph.lookups.tables import DerivedTable
from innograph.store import Store

__all__ = ["EVIDENCE", "evidence_for", "excerpt_order", "triple_evidence", "passage_ref"]


def evidence_for(store: Store, subject: Term, property: Term, target: Term) -> tuple[Evidence, ...]:
    """Given a triple, return each passage that states it (from its `ig:statedIn` annotations).

    An axiom may cite several passages and several excerpts (`ig:evidenceText`) without saying
    which excerpt is from which passage; each passage gets the excerpt found in its text.
    """
    return tuple(
        Evidence(
            source=ref(store, document) if document else passage_ref(passage, None),
            passage=passage_ref(passage, index),
            index=index,
            text=words,
            language=tag,
            excerpt=excerpt,
        )
        for passage, document, index, words, tag, excerpt in EVIDENCE.get(
            store, _key(subject, property, target)
        )
    )


def triple_evidence(store: Store, triple: pyoxigraph.Triple) -> tuple[Evidence, ...]:
    """Given a triple as pyoxigraph holds it, return each passage that states it; none for
    one about a quoted triple (RDF-star), which the sources' annotations never are."""
    subject, target = triple.subject, triple.object
    if isinstance(subject, pyoxigraph.Triple) or isinstance(target, pyoxigraph.Triple):
        return ()
    return evidence_for(store, subject, triple.predicate, target)


def passage_ref(passage: str, index: int | None) -> Ref:
    """Given a passage IRI and its position, return `Ref(id, iri, 'passage 7')`."""
    name = f"passage {index}" if index is not None else "passage"
    return Ref(id=rest_id(passage), iri=passage, name=name)


def _key(subject: object, property: object, target: object) -> str:
    """The table key of a triple: its terms in N-Triples form (IRIs and literals stay apart)."""
    return f"{subject} {property} {target}"


def _every_evidence(store: Store) -> Iterator[tuple[str, Any]]:
    """Each annotated triple's passages: (passage, document, index, text, language, excerpt)."""
    passages: dict[str, dict[str, pyoxigraph.QuerySolution]] = defaultdict(dict)
    excerpts: dict[str, list[str]] = defaultdict(list)
    for row in select(store, "evidence"):
        subject, prop, target = row["subject"], row["property"], row["object"]
        passage, excerpt = iri(row, "passage"), text(row, "excerpt")
        if subject is None or prop is None or target is None or passage is None:
            continue
        triple = _key(subject, prop, target)
        passages[triple].setdefault(passage, row)
        if excerpt is not None and excerpt not in excerpts[triple]:
            excerpts[triple].append(excerpt)
    for triple, cited in passages.items():
        for passage, row in cited.items():
            yield triple, _evidence(passage, row, excerpts[triple])


def _evidence(passage: str, row: pyoxigraph.QuerySolution, excerpts: Iterable[str]) -> Any:
    """The passage's row, with the first (`excerpt_order`) of the axiom's excerpts found in
    its words."""
    words = text(row, "text") or ""
    found = sorted(
        (excerpt for excerpt in excerpts if _squeezed(excerpt) in _squeezed(words)),
        key=excerpt_order,
    )
    return (
        passage,
        iri(row, "document"),
        integer(row, "index"),
        words,
        language(row, "text"),
        found[0] if found else None,
    )


def excerpt_order(excerpt: str | None) -> tuple[int, str]:
    """Sort key of the quotes of one passage, the one to show first: the longest, ties in
    code-point order. Rows and a link's triples come in no set order (pyoxigraph's hash maps
    are seeded per process; a link read from either end lists its triples in another order),
    so "the first found" differed between serving processes."""
    return (-len(excerpt or ""), excerpt or "")


def _squeezed(words: str) -> str:
    return " ".join(words.split()).casefold()


EVIDENCE = DerivedTable("evidence", _every_evidence)
