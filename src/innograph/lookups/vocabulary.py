"""The classes and properties a store declares, for the query editor's completion.

Read with `innograph/lookups/queries/vocabulary.rq` once per store version: a page that offers them
asks again only after a write.
"""

from __future__ import annotations

from dataclasses import dataclass

from innograph.caching import PerVersion
from innograph.lookups.rows import iri, select, text
from innograph.store import Store

__all__ = ["Vocabulary", "vocabulary"]


@dataclass(frozen=True)
class Vocabulary:
    """IRIs of the declared classes and properties, each sorted."""

    classes: tuple[str, ...]
    properties: tuple[str, ...]


def vocabulary(store: Store) -> Vocabulary:
    """Given a store, return the classes and properties it declares."""
    return _VOCABULARY.get(store)


def _read(store: Store) -> Vocabulary:
    terms: dict[str, list[str]] = {"class": [], "property": []}
    for row in select(store, "vocabulary"):
        term, kind = iri(row, "term"), text(row, "kind")
        if term is not None and kind in terms:
            terms[kind].append(term)
    return Vocabulary(classes=tuple(terms["class"]), properties=tuple(terms["property"]))


_VOCABULARY = PerVersion(_read)
