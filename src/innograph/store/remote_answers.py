"""A remote store's answers as pyoxigraph's result types, read within one deadline.

A table (SPARQL Results JSON) or a graph (N-Triples, Turtle) is parsed into what the embedded
store returns, so that everything above the store reads one kind of result. On Virtuoso the
answer may have been cut at its row cap: a table is read again in pages, a graph refused
(`innograph.store.virtuoso`); every page shares the query's time limit.
"""

from __future__ import annotations

import time

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import QueryError, QueryTimeout
from innograph.store import virtuoso
from innograph.store.endpoint import Endpoint, Response
from innograph.store.protocol import QueryResult

__all__ = ["answer"]

_EVERY_TRIPLE = "CONSTRUCT WHERE { ?s ?p ?o }"
_GRAPH_FORMATS = {
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/plain": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
}


def answer(
    endpoint: Endpoint,
    text: str,
    *,
    timeout: float,
    is_graph: bool = False,
    default_graphs: list[GraphName] | None,
    named_graphs: list[GraphName] | None,
    row_cap: int | None,
    max_rows: int | None = None,
) -> QueryResult:
    """Send a query with its dataset and return its answer parsed; `row_cap`: the rows
    Virtuoso cuts answers at (None: not Virtuoso); `max_rows`: the rows the caller reads at
    most, which is where paging through a cut answer stops."""
    deadline = time.monotonic() + timeout

    def ask(query: str) -> Response:
        left = deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeout.stopped("query", timeout, " (reading its answer in pages)")
        return endpoint.query(
            query,
            timeout=left,
            is_graph=is_graph,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
        )

    response = ask(text)
    graph_format = _GRAPH_FORMATS.get(response.media_type)
    if graph_format is not None:
        scratch = pyoxigraph.Store()
        scratch.load(response.body, format=graph_format)
        if row_cap is not None:
            virtuoso.refuse_cut_graph(len(scratch), row_cap=row_cap)
        return scratch.query(_EVERY_TRIPLE)
    if response.media_type != "application/sparql-results+json":
        raise QueryError(f"the remote store answered {response.media_type or 'nothing'}")
    body = response.body
    if row_cap is not None:
        body = virtuoso.complete(
            body, text, row_cap=row_cap, ask=lambda page: ask(page).body, max_rows=max_rows
        )
    return pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
