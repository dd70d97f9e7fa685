"""Search: the resources a query names first, then full-text matches of names and texts.

Hits come in tiers (`SearchHit.matched`): resources one of whose names is the query (`name`),
then those whose name starts with its words (`prefix`), both from `name_search`; then the
full-text matches (`text`), ranked by BM25. Passages are never answers above a resource the
query names: each passage hit carries the resources it is evidence for (`about`).

The full-text index is SQLite FTS5 from the standard library (tokenizer `unicode61
remove_diacritics 2`, so `università` matches `universita`), a file derived from each store
version (see `innograph.lookups.tables`), which also holds the name keys and what passages are
about. One index row holds a resource's names and texts in one language (untagged texts count
for every language); BM25 ranks names ten times above body text. Every word of the query must
match the start of a word (`conic` finds "Fabrizio Conicella", `parchi` finds the passages
about science parks); when no resource matches them all, names spelt like the query
(`similar`: `Fabrizio Conicela`) come before the resources that match any word. When thousands
match (a two-letter prefix), only the 200 shortest are ranked: BM25 would rank the short ones
first anyway, and ranking them all is what made such a search slow.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from innograph.caching import PerVersion
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import SearchHit
from innograph.lookups.name_search import (
    NameHit,
    find_names,
    marked,
    spelt_alike,
    write_names,
)
from innograph.lookups.rows import iri, language, select, text
from innograph.lookups.tables import Readers, derived_file
from innograph.store import Store

__all__ = ["SearchIndex", "Found", "search", "search_index", "fts_query"]


_WORD = re.compile(r"\w+")
_SCHEMA = (
    "CREATE VIRTUAL TABLE documents USING fts5("
    "name, body, iri UNINDEXED, kind UNINDEXED, language UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
)
"""Prefix indexes of 2, 3 and 4 characters: without them FTS5 merges the postings of every
word that starts with the prefix (100k organisations, the benchmark's ten words: 4.4 ms mean
a search, 13.6 ms for `bio`; with them 1.3 ms mean, for a file 19 % larger)."""
_ABOUT_SCHEMA = (
    "CREATE TABLE about (passage TEXT NOT NULL, subject TEXT NOT NULL)",
    "CREATE INDEX about_by_passage ON about (passage)",
)
_SEARCH = """
SELECT iri, kind, language, bm25(documents, 10.0, 1.0) AS score,
       snippet(documents, -1, '<mark>', '</mark>', '…', 16)
FROM documents
WHERE documents MATCH :query
  AND (:language = '' OR language = :language OR language = '')
  AND (:kind = '' OR kind = :kind)
  AND rowid <= coalesce((
    SELECT rowid FROM documents
    WHERE documents MATCH :query
      AND (:language = '' OR language = :language OR language = '')
      AND (:kind = '' OR kind = :kind)
    ORDER BY rowid LIMIT 1 OFFSET :candidates
  ), 9223372036854775807)
ORDER BY score LIMIT :limit
"""
"""Ranking every match costs ~1.6 µs each: 45 ms for a two-letter prefix that matches 28,000
names. Documents are stored shortest first, and BM25 favours short fields, so only the matches
up to the `:candidates`-th in storage order (a rowid range, which FTS5 seeks to) are ranked."""
_CANDIDATES = 200
"""How many matches, shortest first, are ranked: every match when fewer match."""
_NAME_SCORES = {"name": 1000.0, "prefix": 500.0}
"""The scores of the name tiers: above any BM25 score, so hits stay in the order of `score`."""


@dataclass(frozen=True)
class Found:
    """One hit as the index finds it, before it is named: how it matched, and its words."""

    iri: str
    kind: str
    language: str
    matched: str
    score: float
    snippet: str


class SearchIndex:
    """An FTS5 index of one store version's names and texts, with the keys of the names and
    what each passage is about: a file read by every thread."""

    def __init__(self, path: Path) -> None:
        self._readers = Readers(path)

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """The index of the store's current version: opened if written before, else written."""
        return cls(derived_file(store, "search", lambda connection: _write(store, connection)))

    def search(
        self, query: str, *, lang: str | None = None, kind: str | None = None, limit: int = 20
    ) -> tuple[list[Found], bool]:
        """The resources named by the query, then the best text match of each other resource,
        best first; and whether every word of the query matched (else any word did)."""
        language_tag, kind_name = lang or "", kind or ""
        connection = self._readers.connection()
        named = find_names(connection, query, kind=kind_name, lang=language_tag, limit=limit)
        found = [_named(hit, query) for hit in named]
        rows: list[tuple[str, str, str, float, str]] = []
        every_word = False
        for operator in (" AND ", " OR "):
            expression = fts_query(query, operator=operator)
            if not expression or rows:
                break
            parameters = {
                "query": expression,
                "language": language_tag,
                "kind": kind_name,
                "limit": limit * 4,
                "candidates": max(_CANDIDATES, limit * 4) - 1,
            }
            rows = connection.execute(_SEARCH, parameters).fetchall()
            every_word = bool(rows) and operator == " AND "
        seen = {hit.iri for hit in found}
        texts: list[Found] = []
        for resource, kind_found, tag, rank, snippet in rows:
            if resource not in seen:
                seen.add(resource)
                texts.append(Found(resource, kind_found, tag, "text", round(-rank, 6), snippet))
        texts.sort(key=lambda hit: (-hit.score, hit.iri))
        return (found + texts)[:limit], every_word

    def spelt_alike(self, query: str, *, kind: str | None, limit: int) -> list[Found]:
        """The resources with a name spelt like the query (a typo), best first."""
        connection = self._readers.connection()
        return [
            Found(hit.iri, hit.kind, hit.language, "similar", score, hit.label)
            for hit, score in spelt_alike(connection, query, kind=kind or "", limit=limit)
        ]

    def about(self, passage: str) -> list[str]:
        """The resources whose facts a passage states."""
        connection = self._readers.connection()
        rows = connection.execute(
            "SELECT subject FROM about WHERE passage = ? ORDER BY rowid", (passage,)
        )
        return [subject for (subject,) in rows]


def _named(hit: NameHit, query: str) -> Found:
    matched = "name" if hit.whole else "prefix"
    snippet = marked(hit.label, query)
    return Found(hit.iri, hit.kind, hit.language, matched, _NAME_SCORES[matched], snippet)


def _write(store: Store, connection: sqlite3.Connection) -> None:
    """Read every indexable text of the store into a new index, shortest documents first; keep
    the names of resources other than passages by key, and what each passage is about."""
    documents: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"name": [], "body": []}
    )
    kinds: dict[str, str] = {}
    names: list[tuple[str, str, str, str]] = []
    for row in select(store, "search-documents"):
        resource, kind, field, words = (
            iri(row, "resource"),
            text(row, "kind"),
            text(row, "field"),
            text(row, "text"),
        )
        if resource and kind and field in ("name", "body") and words:
            kind = kinds.setdefault(resource, kind)
            tag = language(row, "text") or ""
            documents[(resource, tag)][field].append(words)
            if field == "name" and kind != "passage":
                names.append((resource, kind, words, tag))
    connection.execute(_SCHEMA)
    rows = sorted(
        (
            ("\n".join(texts["name"]), "\n".join(texts["body"]), resource, kinds[resource], tag)
            for (resource, tag), texts in documents.items()
        ),
        key=lambda row: (len(row[0]), len(row[1])),
    )
    connection.executemany(
        "INSERT INTO documents (name, body, iri, kind, language) VALUES (?, ?, ?, ?, ?)", rows
    )
    write_names(connection, names)
    for statement in _ABOUT_SCHEMA:
        connection.execute(statement)
    connection.executemany(
        "INSERT INTO about (passage, subject) VALUES (?, ?)",
        (
            (passage, subject)
            for row in select(store, "passage-subjects")
            if (passage := iri(row, "passage")) and (subject := iri(row, "subject"))
            if kinds.get(subject, "passage") != "passage"
        ),
    )


def fts_query(query: str, *, operator: str = " AND ") -> str:
    """Given `Conic parc!`, return `"conic"* AND "parc"*`: every word, as a quoted prefix."""
    return operator.join(f'"{word}"*' for word in _WORD.findall(query.lower()))


_INDEXES = PerVersion(SearchIndex.build)


def search_index(store: Store) -> SearchIndex:
    """The index of the store's current version, built on first use."""
    return _INDEXES.get(store)


def search(
    store: Store,
    q: str,
    *,
    lang: str | None = None,
    kind: str | None = None,
    limit: int = 20,
) -> tuple[SearchHit, ...]:
    """Given words, return the resources they name, then those whose texts match, best first."""
    index = search_index(store)
    found, every_word = index.search(q, lang=lang, kind=kind, limit=limit)
    if not every_word:
        found = _with_spellings(found, index.spelt_alike(q, kind=kind, limit=limit), limit)
    return tuple(
        SearchHit(
            id=rest_id(hit.iri),
            iri=hit.iri,
            name=_name(store, hit.iri, hit.kind),
            kind=hit.kind,
            score=hit.score,
            snippet=hit.snippet,
            language=hit.language or None,
            matched=hit.matched,
            about=tuple(ref(store, subject) for subject in index.about(hit.iri))
            if hit.kind == "passage"
            else (),
        )
        for hit in found
    )


def _with_spellings(found: list[Found], spelt: list[Found], limit: int) -> list[Found]:
    """When not every word matched, the names spelt like the query (a typo in a name) come
    after the names it is and before the resources that match some of its words."""
    named = [hit for hit in found if hit.matched != "text"]
    seen = {hit.iri for hit in named}
    near = [hit for hit in spelt if hit.iri not in seen]
    seen |= {hit.iri for hit in near}
    rest = [hit for hit in found if hit.iri not in seen]
    return (named + near + rest)[:limit]


def _name(store: Store, resource: str, kind: str) -> str:
    last = resource.rsplit("/", 1)[-1]
    if kind == "passage" and last.isdigit():
        return f"passage {last}"
    return naming(store, resource).display
