"""Relevance of search and reconciliation, measured on labelled queries (issue #19).

The labelled sets are `tests/relevance/search.json` (a query and the resources that are a right
first hit) and `tests/relevance/reconciliation.json` (a name, a type, the resource it means or
null, and its case: `exact`, `variant` (case, accents, legal form, spacing), `misspelt` or
`ambiguous`). Each entry says whether it is about the seed release (`seed`) or the generated
ecosystem of 2,000 organisations, seed 7 (`generated`, see `benchmarks.generate`), whose
expected answers were read from the generated labels, not from what the service answers.

Search is scored by the mean reciprocal rank of the first right hit (MRR) and the share of
queries whose first hit is right (hits@1). Reconciliation by precision (of the matches made,
the share that are the resource the name means: a wrong auto-match costs an OpenRefine user a
wrong link) and recall on exact and variant names of one resource (the share matched).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from innograph import lookups
from innograph.store import Store

__all__ = [
    "CASES",
    "SearchCase",
    "MatchCase",
    "SearchScores",
    "MatchScores",
    "search_cases",
    "match_cases",
    "search_scores",
    "match_scores",
]

CASES = Path(__file__).resolve().parents[1] / "tests" / "relevance"
"""The folder of the labelled sets."""
DEPTH = 10
"""How many hits are read for the reciprocal rank: a right hit below the tenth counts 0."""


@dataclass(frozen=True)
class SearchCase:
    """A search query, the resources that are a right first hit, what kind of query it is."""

    query: str
    expected: frozenset[str]
    case: str
    data: str


@dataclass(frozen=True)
class MatchCase:
    """A name to reconcile, the class asked for, the resource it means (None: several)."""

    name: str
    type: str
    means: str | None
    case: str
    data: str


@dataclass(frozen=True)
class SearchScores:
    queries: int
    mrr: float
    hits_at_1: float
    misses: tuple[tuple[str, str], ...]
    """(query, first hit) of the queries whose first hit is wrong."""


@dataclass(frozen=True)
class MatchScores:
    names: int
    matches: int
    precision: float
    recall: float
    """Of the exact and variant names of one resource, the share matched to it."""
    first: float
    """Of the names that mean one resource, the share whose first candidate is it."""
    wrong: tuple[tuple[str, str], ...]
    """(name, matched resource) of the wrong matches, (name, "") of the exact names missed."""


def search_cases(data: str, folder: Path = CASES) -> list[SearchCase]:
    """The labelled search queries about `seed` or `generated` data."""
    return [
        SearchCase(entry["query"], frozenset(entry["expected"]), entry["case"], entry["data"])
        for entry in _entries(folder / "search.json", data)
    ]


def match_cases(data: str, folder: Path = CASES) -> list[MatchCase]:
    """The labelled reconciliation names about `seed` or `generated` data."""
    return [
        MatchCase(entry["name"], entry["type"], entry["means"], entry["case"], entry["data"])
        for entry in _entries(folder / "reconciliation.json", data)
    ]


def _entries(path: Path, data: str) -> Iterator[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return (entry for entry in entries if entry["data"] == data)


def search_scores(store: Store, cases: list[SearchCase]) -> SearchScores:
    """MRR and hits@1 of the store's search on the cases."""
    reciprocal: list[float] = []
    misses: list[tuple[str, str]] = []
    for case in cases:
        found = [hit.iri for hit in lookups.search(store, case.query, limit=DEPTH)]
        rank = next((n for n, iri in enumerate(found, 1) if iri in case.expected), None)
        reciprocal.append(1 / rank if rank else 0.0)
        if rank != 1:
            misses.append((case.query, found[0] if found else ""))
    hits = sum(value == 1.0 for value in reciprocal)
    return SearchScores(len(cases), sum(reciprocal) / len(cases), hits / len(cases), tuple(misses))


def match_scores(store: Store, cases: list[MatchCase]) -> MatchScores:
    """Precision of the matches, recall on exact and variant names, on the cases."""
    matches = right = exact = exact_matched = meant = first = 0
    wrong: list[tuple[str, str]] = []
    for case in cases:
        candidates = lookups.reconcile(store, case.name, types=(case.type,), limit=3)
        matched = next((c.iri for c in candidates if c.match), None)
        if matched is not None:
            matches += 1
            right += matched == case.means
            if matched != case.means:
                wrong.append((case.name, matched))
        if case.means is not None:
            meant += 1
            first += bool(candidates) and candidates[0].iri == case.means
        if case.case in ("exact", "variant") and case.means is not None:
            exact += 1
            exact_matched += matched == case.means
            if matched is None:
                wrong.append((case.name, ""))
    return MatchScores(
        len(cases),
        matches,
        right / matches if matches else 1.0,
        exact_matched / exact if exact else 1.0,
        first / meant if meant else 1.0,
        tuple(wrong),
    )
