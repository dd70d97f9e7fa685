"""Answers to questions asked in words or in SPARQL: search hits, reconciliation candidates
and the rows of the named queries."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Model, Ref


@dataclass(frozen=True)
class SearchHit(Ref):
    """A resource that matches a search, with the best-matching words marked in `snippet`."""

    kind: str
    score: float
    """Relevance, higher is better: 1000 for a name equal to the query, 500 for a name that
    starts with its words, the similarity (85–100) of a name spelt like it, else BM25."""
    snippet: str
    language: str | None
    matched: str
    """How the hit matched, best first: `name` (one of its names is the query, after case,
    accents, punctuation and legal forms are dropped), `prefix` (a name starts with the
    query's words), `similar` (a name spelt like it, when not every word matched) or `text`
    (words of its names or texts start with the query's words)."""
    about: tuple[Ref, ...]
    """For a passage, the resources whose facts it states (what it is evidence for)."""


@dataclass(frozen=True)
class Candidate(Ref):
    """A reconciliation candidate: a resource whose name resembles the query (score 0–100)."""

    types: tuple[Ref, ...]
    score: float
    match: bool
    """True when the query, normalised, is a name of this resource and of no other resource
    of the requested types: it can be accepted without review."""
    namesakes: int = 0
    """How many resources of the requested types bear the query's normalised name, when this
    one does (0 when it does not): more than one makes the name ambiguous, never a match."""


@dataclass(frozen=True)
class QueryParameter(Model):
    """A parameter of a named query: its variable name and kind."""

    name: str
    kind: str
    """IRI, literal or an xsd: datatype."""


@dataclass(frozen=True)
class QueryDescription(Model):
    """A named query: its name, its header lines (the question in English and Italian …) and
    its parameters."""

    name: str
    header: dict[str, str]
    parameters: tuple[QueryParameter, ...]


@dataclass(frozen=True)
class Value(Model):
    """An RDF term in a query answer, as in the SPARQL JSON results format."""

    type: str
    """uri, literal or bnode, as in SPARQL JSON results (triple for an RDF-star triple)."""
    value: str
    datatype: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class QueryAnswer(Model):
    """The answer of a named query: rows of a SELECT, or the truth of an ASK."""

    name: str
    variables: tuple[str, ...]
    rows: tuple[dict[str, Value], ...] = ()
    boolean: bool | None = None
