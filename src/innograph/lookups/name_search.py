"""The first tiers of search: resources whose name is the query, or starts with its words.

Someone who types a name wants the resource of that name, not the texts that mention it (ROR
and Wikidata answer so): BM25 alone put the agreement "… between OpenZone and TusPark …"
above the organisation OpenZone, whose one-word name it repeats. So every name and
alternative name of a resource other than a passage is stored under keys made the way
reconciliation compares names (`normalise`: no case, accents, punctuation or legal form) and
without spaces, one key per leading run of its words: "TusPark (Jiangsu) Innovation Research
Institute" under `tuspark`, `tusparkjiangsu`, … and, whole, `tusparkjiangsuinnovationresearch
institute`. A query equal to a whole key is an exact name match (`Tus-Park Jiangsu` finds
"TusPark (Jiangsu)"), equal to a leading run a prefix match (`tus park` finds the institute).
Either is one lookup of an indexed column, however many resources there are.

A query whose words match nothing may be a name misspelt (`Fabrizio Conicela`): the whole
names whose keys start with the same three letters are compared with it (rapidfuzz's ratio,
at least 85), a few thousand at 100k organisations rather than every name, which took 146 ms
a query at 10k with reconciliation's three scorers over all names. A typo in the first three
letters is not found so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from innograph.lookups.reconciliation import name_key, normalise

__all__ = [
    "KIND_ORDER",
    "NameHit",
    "name_keys",
    "write_names",
    "find_names",
    "spelt_alike",
    "marked",
]

KIND_ORDER = ("organisation", "person", "place", "agreement", "source", "sector", "service")
"""Among resources equally well named, the order of their kinds: actors first."""

_SCHEMA = (
    "CREATE TABLE names (key TEXT NOT NULL, whole INTEGER NOT NULL, label TEXT NOT NULL, "
    "iri TEXT NOT NULL, kind TEXT NOT NULL, language TEXT NOT NULL)",
    "CREATE INDEX names_by_key ON names (key, whole)",
)
_FIND = """
SELECT whole, label, iri, kind, language FROM names
WHERE key = :key AND (:kind = '' OR kind = :kind)
ORDER BY whole DESC, length(label), rowid
LIMIT :limit
"""
"""A prefix such as `bio` heads thousands of names at 100k organisations: the shortest are
enough, as many as the page can show (the other resources wait for the text tier)."""
_ALIKE = """
SELECT key, label, iri, kind, language FROM names
WHERE key >= :low AND key < :high AND whole AND (:kind = '' OR kind = :kind)
"""
_SAME_START = 3
"""How many leading letters a misspelt name shares with the name it means."""
SPELT_ALIKE = 85.0
"""The least similarity (0–100) of a name spelt like the query: `Fabrizio Conicela` and
"Fabrizio Conicella" 97, `Zambonn` and "Zambon" 92."""


@dataclass(frozen=True)
class NameHit:
    """A resource one of whose names is the query (`whole`) or starts with its words."""

    iri: str
    kind: str
    label: str
    language: str
    whole: bool


def name_keys(label: str) -> list[str]:
    """Given `TusPark (Jiangsu) Srl`, return `["tuspark", "tusparkjiangsu"]`: each leading run
    of the normalised words, without spaces, the last one the whole name."""
    words = normalise(label).split()
    return ["".join(words[: count + 1]) for count in range(len(words))]


def write_names(connection: sqlite3.Connection, names: Iterable[tuple[str, str, str, str]]) -> None:
    """Store every (resource, kind, label, language) under its keys."""
    for statement in _SCHEMA:
        connection.execute(statement)
    rows = (
        (key, position == len(keys) - 1, label, resource, kind, tag)
        for resource, kind, label, tag in names
        for keys in (name_keys(label),)
        for position, key in enumerate(keys)
    )
    connection.executemany(
        "INSERT INTO names (key, whole, label, iri, kind, language) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def find_names(
    connection: sqlite3.Connection, query: str, *, kind: str, lang: str, limit: int
) -> list[NameHit]:
    """The resources named by the query, best first: whole names before prefixes, then actors
    before other kinds, shorter names before longer, a name in `lang` before other languages;
    each resource once, with its best name."""
    key = "".join(normalise(query).split())
    if not key:
        return []
    rows = connection.execute(_FIND, {"key": key, "kind": kind, "limit": limit * 4}).fetchall()
    best: dict[str, NameHit] = {}
    for whole, label, resource, kind_found, tag in sorted(rows, key=lambda row: _order(row, lang)):
        best.setdefault(resource, NameHit(resource, kind_found, label, tag, bool(whole)))
    return list(best.values())[:limit]


def spelt_alike(
    connection: sqlite3.Connection, query: str, *, kind: str, limit: int
) -> list[tuple[NameHit, float]]:
    """The resources with a whole name spelt like the query, with the similarity, best first."""
    key = name_key(query)
    low = key[:_SAME_START]
    if len(low) < _SAME_START:
        return []
    high = low[:-1] + chr(ord(low[-1]) + 1)
    rows = connection.execute(_ALIKE, {"low": low, "high": high, "kind": kind}).fetchall()
    found = process.extract(
        key, [row[0] for row in rows], scorer=fuzz.ratio, score_cutoff=SPELT_ALIKE, limit=None
    )
    best: dict[str, tuple[NameHit, float]] = {}
    for _, score, index in sorted(found, key=lambda item: (-item[1], rows[item[2]][1])):
        _, label, resource, kind_found, tag = rows[index]
        hit = NameHit(resource, kind_found, label, tag, whole=True)
        best.setdefault(resource, (hit, round(float(score), 2)))
    return list(best.values())[:limit]


def _order(row: tuple[int, str, str, str, str], lang: str) -> tuple[int, int, int, int, str]:
    whole, label, resource, kind, tag = row
    rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return (-whole, rank, len(label), tag not in (lang, ""), resource)


def marked(label: str, query: str) -> str:
    """Given `TusPark (Jiangsu) Innovation Research Institute` and `tus park`, return the label
    with the words that the query's words spell marked, as full-text snippets mark them."""
    wanted = "".join(normalise(query).split())
    pieces: list[str] = []
    for word in label.split(" "):
        key = "".join(normalise(word).split())
        if key and wanted.startswith(key):
            pieces.append(f"<mark>{word}</mark>")
            wanted = wanted[len(key) :]
        else:
            pieces.append(word)
    return " ".join(pieces)
