"""Run the library's own named queries and read their solutions as Python values.

The `.rq` files in `innograph/lookups/queries/` are the only SPARQL the lookups use; callers pass
parameters as bindings, so user input never becomes query text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import pyoxigraph

from innograph._types import Term
from innograph.queries import NamedQuery, read_query, run_query
from innograph.store import Store

__all__ = [
    "Row",
    "SERVICE_QUERIES",
    "service_query",
    "select",
    "ask",
    "iri",
    "text",
    "language",
    "integer",
    "number",
    "day",
    "date_part",
]

SERVICE_QUERIES = Path(__file__).parent / "queries"
"""The `.rq` files the library itself runs (as opposed to the analysts' `queries/`)."""

Row = pyoxigraph.QuerySolution | Mapping[str, Term | None]
"""A solution of a query, or one read back from a derived table (`row_tables.Solution`): a
variable it does not bind reads as None."""


@cache
def service_query(name: str) -> NamedQuery:
    """Given `links`, return the named query in `innograph/lookups/queries/links.rq` (read once)."""
    return read_query(SERVICE_QUERIES / f"{name}.rq")


def select(store: Store, name: str, **bindings: Term) -> Iterator[pyoxigraph.QuerySolution]:
    """Run a library SELECT query with the given bindings; yield its solutions lazily."""
    result = run_query(store, service_query(name), bindings=bindings)
    assert isinstance(result, pyoxigraph.QuerySolutions), f"{name}.rq is not a SELECT query"
    return iter(result)


def ask(store: Store, name: str, **bindings: Term) -> bool:
    """Run a library ASK query with the given bindings."""
    result = run_query(store, service_query(name), bindings=bindings)
    assert isinstance(result, pyoxigraph.QueryBoolean), f"{name}.rq is not an ASK query"
    return bool(result)


def iri(row: Row, variable: str) -> str | None:
    """The IRI bound to a variable, or None when it is unbound or not an IRI."""
    term = row[variable]
    return term.value if isinstance(term, pyoxigraph.NamedNode) else None


def text(row: Row, variable: str) -> str | None:
    """The lexical form of a literal bound to a variable, or None."""
    term = row[variable]
    return term.value if isinstance(term, pyoxigraph.Literal) else None


def language(row: Row, variable: str) -> str | None:
    """The language tag of a literal bound to a variable, or None."""
    term = row[variable]
    return term.language if isinstance(term, pyoxigraph.Literal) else None


def integer(row: Row, variable: str) -> int | None:
    """An integer literal's value (or a decimal one's whole part), or None."""
    value = number(row, variable)
    return int(value) if value is not None else None


def number(row: Row, variable: str) -> Decimal | None:
    """A numeric literal's exact value, or None when unbound or not a number."""
    lexical = text(row, variable)
    if lexical is None:
        return None
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def day(row: Row, variable: str) -> str | None:
    """The date part of an `xsd:dateTime` bound to a variable."""
    return date_part(text(row, variable))


def date_part(lexical: str | None) -> str | None:
    """The date part of an `xsd:dateTime`: `2021-05-17T00:00:00+02:00` → `2021-05-17`."""
    return lexical.split("T", 1)[0] if lexical else None
