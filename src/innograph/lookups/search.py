"""Full-text search: ranked, accent- and case-insensitive, matching word prefixes.

The index is SQLite FTS5 from the standard library (tokenizer `unicode61 remove_diacritics 2`,
so `università` matches `universita`), a file derived from each store version (see
`innograph.lookups.tables`). One index row holds a resource's names and texts in one language
(untagged texts count for every language); BM25 ranks names ten times above body text. Every
word of the query must match the start of a word (`conic` finds "Fabrizio Conicella",
`parchi` finds the passages about science parks); when no resource matches them all, any
word may match. When thousands match (a two-letter prefix), only the 200 shortest are
ranked: BM25 would rank the short ones first anyway, and ranking them all is what made such
a search slow.
"""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from pathlib import Path

from innograph.caching import PerVersion
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming
from innograph.lookups.models import SearchHit
from innograph.lookups.rows import iri, language, select, text
from innograph.lookups.tables import Readers, derived_file
from innograph.store import Store

__all__ = ["SearchIndex", "search", "search_index", "fts_query"]


_WORD = re.compile(r"\w+")
_SCHEMA = (
    "CREATE VIRTUAL TABLE documents USING fts5("
    "name, body, iri UNINDEXED, kind UNINDEXED, language UNINDEXED, "
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
)
"""Prefix indexes of 2, 3 and 4 characters: without them FTS5 merges the postings of every
word that starts with the prefix (100k organisations, the benchmark's ten words: 4.4 ms mean
a search, 13.6 ms for `bio`; with them 1.3 ms mean, for a file 19 % larger)."""
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


class SearchIndex:
    """An FTS5 index of one store version's names and texts, a file read by every thread."""

    def __init__(self, path: Path) -> None:
        self._readers = Readers(path)

    @classmethod
    def build(cls, store: Store) -> SearchIndex:
        """The index of the store's current version: opened if written before, else written."""
        return cls(derived_file(store, "search", lambda connection: _write(store, connection)))

    def search(
        self, query: str, *, lang: str | None = None, kind: str | None = None, limit: int = 20
    ) -> list[tuple[str, str, str, float, str]]:
        """Rows (iri, kind, language, score, snippet) of the best match of each resource."""
        language_tag, kind_name = lang or "", kind or ""
        rows: list[tuple[str, str, str, float, str]] = []
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
            rows = self._readers.connection().execute(_SEARCH, parameters).fetchall()
        best: dict[str, tuple[str, str, str, float, str]] = {}
        for resource, kind_found, tag, rank, snippet in rows:
            if resource not in best:
                best[resource] = (resource, kind_found, tag, round(-rank, 6), snippet)
        return sorted(best.values(), key=lambda hit: (-hit[3], hit[0]))[:limit]


def _write(store: Store, connection: sqlite3.Connection) -> None:
    """Read every indexable text of the store into a new index, shortest documents first."""
    documents: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"name": [], "body": []}
    )
    kinds: dict[str, str] = {}
    for row in select(store, "search-documents"):
        resource, kind, field, words = (
            iri(row, "resource"),
            text(row, "kind"),
            text(row, "field"),
            text(row, "text"),
        )
        if resource and kind and field in ("name", "body") and words:
            kinds.setdefault(resource, kind)
            documents[(resource, language(row, "text") or "")][field].append(words)
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
    """Given words, return the best-matching resources, best first."""
    hits = search_index(store).search(q, lang=lang, kind=kind, limit=limit)
    return tuple(
        SearchHit(
            id=rest_id(resource),
            iri=resource,
            name=_name(store, resource, kind_found),
            kind=kind_found,
            score=score,
            snippet=snippet,
            language=tag or None,
        )
        for resource, kind_found, tag, score, snippet in hits
    )


def _name(store: Store, resource: str, kind: str) -> str:
    last = resource.rsplit("/", 1)[-1]
    if kind == "passage" and last.isdigit():
        return f"passage {last}"
    return naming(store, resource).display
