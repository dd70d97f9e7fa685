"""What each release says about one resource, oldest release first.

Read from the store by one named query (`queries/entity-history.rq`), bound to the resource:
the facts whose `owl:Axiom` annotation names it as subject or value, grouped by the source the
cited passages belong to. Only asserted graphs are read: provenance is what sources state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph

from innograph.curation.encoding import resolve, short
from innograph.errors import NotFound
from innograph.queries import NamedQuery, read_query, run_query
from innograph.store import Store

__all__ = ["Statement", "Release", "history"]

_QUERY = Path(__file__).parent / "queries" / "entity-history.rq"


@dataclass(frozen=True)
class Statement:
    """One fact a release states about the resource, with the words stating it: IRIs for the
    subject and property, the value as `short` writes it (an id, a CURIE or a literal)."""

    subject: str
    property: str
    value: str
    evidence: str


@dataclass(frozen=True)
class Release:
    """A release that mentions the resource: its IRI, date, title and what it says."""

    source: str
    date: str | None
    title: str | None
    statements: tuple[Statement, ...]


@cache
def _query() -> NamedQuery:
    return read_query(_QUERY)


def history(store: Store, entity: str) -> tuple[Release, ...]:
    """Given an id (`organisation/openzone`) or IRI, return the releases saying something of it,
    oldest first; NotFound if none does."""
    iri = entity if "://" in entity else str(resolve(entity))
    result = run_query(
        store, _query(), bindings={"entity": pyoxigraph.NamedNode(iri)}, asserted=True
    )
    assert isinstance(result, pyoxigraph.QuerySolutions)
    releases: dict[str, Release] = {}
    for row in result:
        source = _text(row["source"]) or ""
        release = releases.get(source) or Release(
            source, _text(row["date"]), _text(row["title"]), ()
        )
        statement = Statement(
            _text(row["subject"]) or "",
            _text(row["property"]) or "",
            _value(row["value"]),
            _text(row["evidence"]) or "",
        )
        releases[source] = Release(
            release.source, release.date, release.title, release.statements + (statement,)
        )
    if not releases:
        raise NotFound(f"no release says anything about {entity} ({iri})")
    return tuple(releases.values())


def _value(term: object) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return short(term.value)
    return str(term)


def _text(term: object) -> str | None:
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return term.value
    return None
