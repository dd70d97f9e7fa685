"""What innograph does about Virtuoso 7.2's ways (README, "Running in production"): its
silent row cap, its own graphs, its blank node names. `innograph.store.remote` calls this
module for a store whose answers carry a `Server: Virtuoso/…` header.

Virtuoso cuts every answer at `ResultSetMaxRows` rows and says nothing in the body. A SELECT
answer that reaches the cap is read again page by page (`complete`): the query becomes a
sub-SELECT with LIMIT and OFFSET outside it (`virtuoso-page.rq`), sorted by every variable
when it has no order of its own (`virtuoso-page-sorted.rq`), so that each page is cut from the
same sequence. Paging stops at the rows the caller wants (the service's result limit). A graph
answer (CONSTRUCT, DESCRIBE) that reaches the cap cannot be paged so: it is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from innograph.errors import QueryError, StoreError
from innograph.store.binding import Outline, outline
from innograph.store.endpoint import Endpoint

__all__ = ["OWN_GRAPHS", "complete", "refuse_cut_graph", "row_cap"]


def _read(name: str) -> str:
    return Path(__file__).with_name(name).read_text(encoding="utf-8")


_ROW_CAP = _read("virtuoso-row-cap.rq")
_PAGE = _read("virtuoso-page.rq")
_SORTED_PAGE = _read("virtuoso-page-sorted.rq")

OWN_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
        "http://www.w3.org/2002/07/owl#",
    }
)
"""The graphs a new Virtuoso database holds (its mappings, LDP and OWL vocabularies, its
service description): Virtuoso's, not data."""
_NOT_IN_BLANK_NODE = re.compile(r"[^A-Za-z0-9_]+")
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}
"""Virtuoso writes a stored boolean as 1 or 0, which pyoxigraph keeps as a term apart from
`true` and `false` (the same value, another lexical form)."""


def row_cap(endpoint: Endpoint, *, timeout: float) -> int:
    """The rows Virtuoso cuts every answer at (ResultSetMaxRows), read from the store."""
    response = endpoint.query(_ROW_CAP, timeout=timeout)
    rows = json.loads(response.body)["results"]["bindings"]
    try:
        return int(rows[0]["cap"]["value"])
    except (IndexError, KeyError, ValueError):
        raise StoreError("Virtuoso did not say how many rows it cuts answers at") from None


def complete(
    body: bytes,
    sparql: str,
    *,
    row_cap: int,
    ask: Callable[[str], bytes],
    max_rows: int | None = None,
) -> bytes:
    """Given Virtuoso's SPARQL Results JSON for the query `sparql`, return the whole answer,
    its blank nodes written as identifiers and its booleans as `true` and `false`: the answer
    itself when the cap did not cut it, else the query's pages, each asked with `ask` (query
    text to JSON), until a page falls short of the cap or `max_rows` rows are in. QueryError
    for a query that cannot be paged."""
    if len(body) < 2 * row_cap and b"bnode" not in body and _BOOLEAN.encode() not in body:
        return body  # fewer rows than the cap (a row takes two bytes at least), none to mend
    answer = json.loads(body)
    rows: list[dict[str, Any]] | None = answer.get("results", {}).get("bindings")
    if rows is not None and len(rows) >= row_cap and (max_rows is None or max_rows > len(rows)):
        shape = outline(sparql)
        if shape.form != "SELECT" or shape.has_dataset:
            raise _cut(row_cap, "a query with FROM clauses cannot be read in pages")
        rows = []
        while True:
            text = _page(sparql, shape, answer["head"]["vars"], offset=len(rows), rows=row_cap)
            page = json.loads(ask(text))["results"]["bindings"]
            rows.extend(page)
            if len(page) < row_cap or (max_rows is not None and len(rows) >= max_rows):
                break
        answer["results"]["bindings"] = rows
    for row in rows or ():
        for term in row.values():
            if term.get("type") == "bnode":
                term["value"] = _NOT_IN_BLANK_NODE.sub("_", term["value"])
            elif term.get("datatype") == _BOOLEAN:
                term["value"] = _CANONICAL_BOOLEAN.get(term["value"], term["value"])
    return json.dumps(answer).encode("utf-8")


def refuse_cut_graph(triples: int, *, row_cap: int) -> None:
    """Refuse a graph answer that reached the cap: Virtuoso cut it, and it cannot be paged."""
    if triples >= row_cap:
        raise _cut(row_cap, "a CONSTRUCT or DESCRIBE answer cannot be read in pages")


def _page(sparql: str, shape: Outline, variables: list[str], *, offset: int, rows: int) -> str:
    """The query as a sub-SELECT (its prologue before), cut to one page."""
    prologue, query = sparql[: shape.start], sparql[shape.start :]
    if shape.is_ordered or not variables:
        wrapped = _PAGE.replace("\n#QUERY\n", "\n" + query + "\n")
    else:
        order = " ".join("?" + name for name in variables)
        wrapped = _SORTED_PAGE.replace("\n#QUERY\n", "\n" + query + "\n")
        wrapped = wrapped.replace("ORDER BY #ORDER", "ORDER BY " + order)
    return prologue + wrapped + f"\nLIMIT {rows:d} OFFSET {offset:d}"


def _cut(row_cap: int, why: str) -> QueryError:
    return QueryError(
        f"the answer reached {row_cap:,} rows, where Virtuoso cuts answers without saying "
        f"so (ResultSetMaxRows, [SPARQL] of virtuoso.ini), and {why}: ask for fewer rows "
        "(LIMIT), or raise ResultSetMaxRows"
    )
