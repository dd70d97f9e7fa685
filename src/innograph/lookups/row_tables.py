"""A named query's rows for every resource, read once per store version, looked up by resource.

A query bound to one resource costs 0.5–3 ms to parse and plan however little it returns; a
profile ran five. A `RowTable` runs the query once unbound per store version (see
`innograph.lookups.tables`) and keeps each row under the resource its key variable names, so a
lookup reads rows from SQLite instead of asking the store.

The unbound queries have no ORDER BY: the store sorts by comparing strings it reads from
RocksDB, and sorting every organisation's statements that way took 113 s at 100,000
organisations against 14 s unsorted. A lookup sorts one resource's few rows instead, in the
order SPARQL's ORDER BY gives (`order_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph

from innograph._types import Term
from innograph.lookups.rows import service_query
from innograph.lookups.tables import DerivedTable, Table
from innograph.queries import run_query
from innograph.store import Store

__all__ = ["RowTable", "Solution", "order_key", "encode", "decode"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    _XSD + name
    for name in (
        *("integer", "decimal", "float", "double", "int", "long", "short", "byte"),
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
}
_TEMPORAL = {
    _XSD + name
    for name in ("dateTime", "date", "time", "gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth")
}


class Solution(dict[str, Term | None]):
    """A query solution read back from a table: a variable it does not bind is None, as in
    pyoxigraph's `QuerySolution`."""

    def __missing__(self, variable: str) -> None:
        return None


class RowTable:
    """The rows of the named query `query` by resource: each row is kept under the IRI bound
    to each of its `keys` variables (a post under its organisation and its person), and a
    resource's rows come back sorted as `ORDER BY` the `order` variables sorts them; rows it
    leaves tied keep the order the query gave them, as they did bound.

    `keep(store, resource)` may leave resources out (statements of anything but an
    organisation, for profiles)."""

    def __init__(
        self,
        query: str,
        *,
        keys: tuple[str, ...],
        order: tuple[str, ...],
        keep: Callable[[Store, str], bool] | None = None,
    ) -> None:
        self.query = query
        self.keys = keys
        self.order = order
        self._keep = keep
        self._table = DerivedTable(query, self._read, held=False)

    def table(self, store: Store) -> Table:
        """The table of the store's current version (built if missing)."""
        return self._table.table(store)

    def ready(self, store: Store) -> Table | None:
        """The table of the store's current version if it is open already, else None."""
        return self._table.ready(store)

    def rows(self, store: Store, resource: str, variable: str | None = None) -> list[Solution]:
        """The rows whose `variable` (by default the only key) is bound to `resource`, as the
        query bound to it gives them, in its order."""
        variable = variable or self.keys[0]
        single = len(self.keys) == 1
        found = []
        for stored in self._table.get(store, resource):
            row = Solution({name: decode(value) for name, value in stored.items()})
            if single:
                row[variable] = pyoxigraph.NamedNode(resource)
            bound = row[variable]
            if isinstance(bound, pyoxigraph.NamedNode) and bound.value == resource:
                found.append(row)
        return sorted(found, key=self._order)

    def _order(self, row: Solution) -> tuple[tuple[Any, ...], ...]:
        return tuple(order_key(row[name]) for name in self.order)

    def _read(self, store: Store) -> Iterator[tuple[str, Any]]:
        """Every row of the unbound query under each resource its keys name. With one key, the
        key's own variable is left out of the stored row (it is the row's key)."""
        result = run_query(store, service_query(self.query))
        assert isinstance(result, pyoxigraph.QuerySolutions), f"{self.query}.rq is not a SELECT"
        names = [variable.value for variable in result.variables]
        single = self.keys[0] if len(self.keys) == 1 else None
        kept: dict[str, bool] = {}  # a resource's rows are many: ask `keep` once for each
        for solution in result:
            row = {
                name: encode(term)
                for name, term in zip(names, solution, strict=True)
                if term is not None and name != single
            }
            resources = {
                term.value
                for key in self.keys
                if isinstance(term := solution[key], pyoxigraph.NamedNode)
            }
            for resource in sorted(resources):
                if resource not in kept:
                    kept[resource] = self._keep is None or self._keep(store, resource)
                if kept[resource]:
                    yield resource, row


def encode(term: object) -> Any:
    """A term as JSON: an IRI as its text, a literal as [lexical form, language, datatype],
    a blank node as {"blank": id}."""
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.Literal):
        datatype = None if term.language else term.datatype.value
        return [term.value, term.language, datatype]
    if isinstance(term, pyoxigraph.BlankNode):
        return {"blank": term.value}
    raise ValueError(f"a derived row holds IRIs, literals and blank nodes, not {term!r}")


def decode(value: Any) -> Term:
    """The term `encode` wrote."""
    if isinstance(value, str):
        return pyoxigraph.NamedNode(value)
    if isinstance(value, dict):
        return pyoxigraph.BlankNode(value["blank"])
    lexical, language, datatype = value
    if language:
        return pyoxigraph.Literal(lexical, language=language)
    return pyoxigraph.Literal(lexical, datatype=pyoxigraph.NamedNode(datatype))


def order_key(term: Term | None) -> tuple[Any, ...]:
    """Where ORDER BY puts a term, as pyoxigraph orders them: unbound first, then blank
    nodes, IRIs (by their text) and literals: numbers by value, dates and times by their text,
    then every other literal by its text, and for one text language-tagged strings (by tag)
    before plain strings before other datatypes."""
    if term is None:
        return (0,)
    if isinstance(term, pyoxigraph.BlankNode):
        return (1, term.value)
    if isinstance(term, pyoxigraph.NamedNode):
        return (2, term.value)
    datatype = term.datatype.value
    number = _number(term)
    if number is not None:
        return (3, 0, number, term.value)
    if datatype in _TEMPORAL:
        return (3, 1, term.value, datatype)
    if term.language:
        return (3, 2, term.value, 0, term.language)
    return (3, 2, term.value, 1 if datatype == _XSD + "string" else 2, datatype)


def _number(literal: pyoxigraph.Literal) -> Decimal | None:
    if literal.language or literal.datatype.value not in _NUMERIC:
        return None
    try:
        value = Decimal(literal.value)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
