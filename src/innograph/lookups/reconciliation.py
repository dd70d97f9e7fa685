"""Reconciliation: messy names → the organisations, people and places they mean.

Names are normalised before comparison: accents and case dropped, punctuation made spaces,
runs of single letters joined (`s.r.l.` → `srl`), legal forms removed (`srl`, `spa`, `ltd` …).
A candidate's score (0–100) is the best of rapidfuzz's token-sort ratio on the normalised
names, its ratio on the names without spaces (so `Open Zone srl` meets "OpenZone" and
`Tus-Park Jiangsu` meets "TusPark (Jiangsu)") and 0.85 × its token-set ratio (words of one name
all found in the other: "institute" is a candidate for any institute, never a match).

A candidate is a `match` (OpenRefine accepts it without review) when the query, normalised and
without spaces, is one of its names, normalised the same way, and no other resource of the
requested types bears that name: `Open Zone S.r.l.` matches "OpenZone". A name that several
resources bear is no match, and each of them says how many bear it (`namesakes`); a name spelt
differently (`Fabrizio Conicela`, `Fimi Biotech` for "Fimino Biotech") is scored, never
matched, however high it scores: a score ranks candidates, it does not prove identity.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from innograph.caching import PerVersion
from innograph.errors import InvalidParameter
from innograph.lookups.descriptions import ORGANISATION, PERSON, PLACE, every_superclass
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import Candidate, Ref
from innograph.lookups.rows import iri, select, text
from innograph.store import Store

__all__ = [
    "RECONCILABLE",
    "normalise",
    "NameIndex",
    "SimilarName",
    "similar_names",
    "reconcile",
    "best_match",
    "BatchQuery",
    "parse_batch",
    "name_key",
]

RECONCILABLE = (ORGANISATION, PERSON, PLACE)
"""The classes whose instances can be reconciled (the service's default types)."""

EXACT_SCORE = 100.0
SUBSET_WEIGHT = 0.85
"""A name whose words are all in a longer name scores at most 85: a candidate, never a match."""

_LEGAL_FORMS = frozenset(
    "srl srls spa sapa sas snc scarl scrl ltd limited plc llc inc corp gmbh ag kg sa sarl "
    "bv nv oy ab as aps".split()
)


def normalise(name: str) -> str:
    """Given `Open Zone S.r.l.`, return `open zone`: no accents, case, punctuation or legal form."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    words: list[str] = []
    letters: list[str] = []
    for token in plain.split():
        if len(token) == 1:
            letters.append(token)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        words.append(token)
    if letters:
        words.append("".join(letters))
    kept = [word for word in words if word not in _LEGAL_FORMS]
    return " ".join(kept or words)


def name_key(name: str) -> str:
    """Given `Tus-Park (Jiangsu) S.r.l.`, return `tusparkjiangsu`: the normalised name without
    spaces, which two names share when they are the same name written differently."""
    return normalise(name).replace(" ", "")


@dataclass(frozen=True)
class SimilarName:
    """A resource whose name resembles a query: the name that scored best, its score, and,
    for a resource bearing the query itself as a name, how many of the requested types do."""

    resource: str
    label: str
    score: float
    namesakes: int = 0


@dataclass(frozen=True)
class _Entry:
    resource: str
    label: str
    normalised: str
    compact: str


class NameIndex:
    """The normalised names of one store version's reconcilable resources."""

    def __init__(
        self,
        entries: list[_Entry],
        classes: dict[str, frozenset[str]],
        direct: dict[str, tuple[str, ...]],
    ) -> None:
        self._entries = entries
        self._normalised = [entry.normalised for entry in entries]
        self._compact = [entry.compact for entry in entries]
        self._holders: dict[str, dict[str, str]] = defaultdict(dict)
        for entry in entries:
            self._holders[entry.compact].setdefault(entry.resource, entry.label)
        self.classes = classes
        """Every class of each resource, inherited ones included."""
        self.direct = direct
        """The classes each resource is stated to belong to."""

    @classmethod
    def build(cls, store: Store) -> NameIndex:
        ancestors = every_superclass(store)
        entries: dict[tuple[str, str], _Entry] = {}
        classes: dict[str, set[str]] = defaultdict(set)
        direct_classes: dict[str, set[str]] = defaultdict(set)
        for row in select(store, "reconciliation-names"):
            resource, direct, label = iri(row, "resource"), iri(row, "type"), text(row, "label")
            if not (resource and direct and label):
                continue
            classes[resource].update({direct, *ancestors.get(direct, ())})
            direct_classes[resource].add(direct)
            normalised = normalise(label)
            entries.setdefault(
                (resource, normalised),
                _Entry(resource, label, normalised, name_key(label)),
            )
        return cls(
            sorted(entries.values(), key=lambda entry: (entry.resource, entry.label)),
            {resource: frozenset(found) for resource, found in classes.items()},
            {resource: tuple(sorted(found)) for resource, found in direct_classes.items()},
        )

    def holders(self, query: str, *, types: frozenset[str]) -> list[tuple[str, str]]:
        """The resources of the types (any, when none) one of whose names is the query, each
        with that name as it is written."""
        return sorted(
            (resource, label)
            for resource, label in self._holders.get(name_key(query), {}).items()
            if self.is_a(resource, types)
        )

    def is_a(self, resource: str, types: frozenset[str]) -> bool:
        """Whether the resource belongs to one of the types (any, when none)."""
        return not types or bool(types & self.classes.get(resource, frozenset()))

    def closest(self, query: str, *, types: frozenset[str], limit: int) -> list[SimilarName]:
        """The best resources for a name, each with its name that scored best, best first."""
        wanted = normalise(query)
        if not wanted:
            return []
        compact = wanted.replace(" ", "")
        pool = max(50, limit * 10)
        hits: dict[int, float] = defaultdict(float)
        for scorer, choices, needle, weight in (
            (fuzz.token_sort_ratio, self._normalised, wanted, 1.0),
            (fuzz.token_set_ratio, self._normalised, wanted, SUBSET_WEIGHT),
            (fuzz.ratio, self._compact, compact, 1.0),
        ):
            for _, score, index in process.extract(needle, choices, scorer=scorer, limit=pool):
                hits[index] = max(hits[index], float(score) * weight)
        best: dict[str, SimilarName] = {}
        for index, score in sorted(hits.items()):
            entry = self._entries[index]
            if not self.is_a(entry.resource, types):
                continue
            if entry.resource not in best or best[entry.resource].score < round(score, 2):
                best[entry.resource] = SimilarName(entry.resource, entry.label, round(score, 2))
        return sorted(best.values(), key=lambda hit: (-hit.score, hit.resource))[:limit]


_INDEXES = PerVersion(NameIndex.build)
"""The names of the store's current version, built on first use."""


def similar_names(
    store: Store, query: str, *, types: tuple[str, ...] = (), limit: int = 5
) -> list[tuple[SimilarName, bool]]:
    """Given a messy name and optional class IRIs, return the resources that bear the name
    itself (scored 100), then the closest others, best first, each with its best-scoring name
    and whether it is a match (the only resource of the types that bears the name): what
    `reconcile` answers, without the display names and types (a read of the labels table)."""
    index = _INDEXES.get(store)
    wanted = frozenset(types)
    holders = index.holders(query, types=wanted)
    exact = [
        SimilarName(resource, label, EXACT_SCORE, namesakes=len(holders))
        for resource, label in holders
    ]
    held = {resource for resource, _ in holders}
    near = [
        hit for hit in index.closest(query, types=wanted, limit=limit) if hit.resource not in held
    ]
    return [(hit, hit.namesakes == 1) for hit in [*exact, *near][:limit]]


def reconcile(
    store: Store, query: str, *, types: tuple[str, ...] = (), limit: int = 5
) -> tuple[Candidate, ...]:
    """Given a messy name and optional class IRIs, return typed candidates, best first: the
    resources that bear the name itself first, a match when only one does."""
    index = _INDEXES.get(store)
    return tuple(
        Candidate(
            id=rest_id(hit.resource),
            iri=hit.resource,
            name=naming(store, hit.resource).display,
            types=_types(store, index, hit.resource),
            score=hit.score,
            match=is_match,
            namesakes=hit.namesakes,
        )
        for hit, is_match in similar_names(store, query, types=types, limit=limit)
    )


def best_match(store: Store, name: str, *, types: tuple[str, ...] = ()) -> Candidate | None:
    """Given one messy name, return the one resource of the types that bears it, or None."""
    candidates = reconcile(store, name, types=types, limit=1)
    return candidates[0] if candidates and candidates[0].match else None


def _types(store: Store, index: NameIndex, resource: str) -> tuple[Ref, ...]:
    return tuple(ref(store, cls) for cls in index.direct.get(resource, ()))


@dataclass(frozen=True)
class BatchQuery:
    """One query of a W3C Reconciliation API batch: a name, optional types, a limit."""

    query: str
    types: tuple[str, ...] = ()
    limit: int = 5


MAX_LIMIT = 50


def parse_batch(queries: str) -> dict[str, BatchQuery]:
    """Given the `queries` JSON of a reconciliation request, return its queries by key.

    `{"q0": {"query": "Open Zone srl", "type": "ig:Organisation", "limit": 3}}` →
    `{"q0": BatchQuery("Open Zone srl", ("ig:Organisation",), 3)}`; `type` may also be a list
    of ids or of `{"id": …}` objects.
    """
    try:
        batch = json.loads(_clean(json.dumps(json.loads(queries), ensure_ascii=False)))
    except (ValueError, RecursionError):
        raise InvalidParameter("queries", "not JSON") from None
    if not isinstance(batch, dict):
        raise InvalidParameter("queries", "must be a JSON object of queries by key")
    return {str(key): _batch_query(str(key), value) for key, value in batch.items()}


def _batch_query(key: str, value: object) -> BatchQuery:
    if not isinstance(value, dict) or not isinstance(value.get("query"), str):
        raise InvalidParameter("queries", f"query {key!r} needs a string 'query'")
    limit = value.get("limit", 5)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter("queries", f"query {key!r}: 'limit' must be 1 to {MAX_LIMIT}")
    raw = value.get("type", [])  # absent: any type; null is not a type (the document says so)
    listed = raw if isinstance(raw, list) else [raw]
    types = [item.get("id") if isinstance(item, dict) else item for item in listed]
    if not all(isinstance(item, str) and item for item in types):
        raise InvalidParameter("queries", f"query {key!r}: 'type' must be class ids")
    return BatchQuery(query=value["query"], types=tuple(str(item) for item in types), limit=limit)


def _clean(text: str) -> str:
    """Replace lone surrogates (valid in JSON escapes, not in UTF-8) so every name can be output."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
