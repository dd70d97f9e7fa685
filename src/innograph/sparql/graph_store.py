"""The Graph Store HTTP Protocol on one named graph: read, replace, merge, drop.

https://www.w3.org/TR/sparql11-http-rdf-update/. A write is parsed and validated against the
SHACL shapes (the same `Validator` as `innograph load`) before anything is written, and runs
inside `QueryPool.writing()`, so queries see the graph as it was or as it is, never halfway.
The catalog record of a file whose graph is rewritten is forgotten: the graph no longer holds
what the file says, and the next `innograph load` of that file loads it again.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import NotFound
from innograph.ingest.parsing import parse_error
from innograph.ingest.sources import SourceFile
from innograph.ingest.validation import Validator
from innograph.sparql.execution import QueryPool
from innograph.store import Store

__all__ = ["read_graph", "replace_graph", "merge_graph", "drop_graph", "UPLOAD"]

UPLOAD = Path("request body")
"""The name a parse or SHACL error gives to the uploaded data."""

_ALL_TRIPLES = "CONSTRUCT WHERE { ?s ?p ?o }"


def read_graph(store: Store, graph: GraphName | None, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    """Given a graph IRI (None: the default graph, the union of all), return it serialised."""
    if graph is not None and graph not in store.named_graphs():
        raise NotFound(f"no graph {graph}")
    output = io.BytesIO()
    store.dump(output, rdf_format=rdf_format, graph=graph)
    return output.getvalue()


def _parse(
    data: bytes, graph: GraphName, rdf_format: pyoxigraph.RdfFormat
) -> list[pyoxigraph.Quad]:
    source = SourceFile(path=UPLOAD, format=rdf_format, graph=graph)
    name = pyoxigraph.NamedNode(graph)
    try:
        return [
            pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, name)
            for triple in pyoxigraph.parse(data, format=rdf_format, base_iri=graph)
        ]
    except SyntaxError as error:
        raise parse_error(source, error) from None


def _existing(store: Store, graph: GraphName) -> list[pyoxigraph.Quad]:
    if graph not in store.named_graphs():
        return []
    result = store.query(_ALL_TRIPLES, default_graphs=[graph])
    assert isinstance(result, pyoxigraph.QueryTriples)
    name = pyoxigraph.NamedNode(graph)
    return [pyoxigraph.Quad(t.subject, t.predicate, t.object, name) for t in result]


def _check(
    validator: Validator | None,
    graph: GraphName,
    quads: list[pyoxigraph.Quad],
    rdf_format: pyoxigraph.RdfFormat,
) -> None:
    if validator is not None:
        validator.check(SourceFile(path=UPLOAD, format=rdf_format, graph=graph), quads)


def _store_graph(store: Store, graph: GraphName, quads: list[pyoxigraph.Quad]) -> None:
    store.write({graph: quads}, forget=_records_of(store, graph))


def _records_of(store: Store, graph: GraphName) -> list[GraphName]:
    return [
        record.source
        for record in store.catalog().values()
        if record.source == graph or graph in record.graphs
    ]


def replace_graph(
    pool: QueryPool,
    graph: GraphName,
    data: bytes,
    rdf_format: pyoxigraph.RdfFormat,
    *,
    validator: Validator | None,
) -> bool:
    """Make `graph` hold exactly the uploaded triples; return whether it is new (PUT)."""
    quads = _parse(data, graph, rdf_format)
    _check(validator, graph, quads, rdf_format)
    with pool.writing() as store:
        is_new = graph not in store.named_graphs()
        _store_graph(store, graph, quads)
    return is_new


def merge_graph(
    pool: QueryPool,
    graph: GraphName,
    data: bytes,
    rdf_format: pyoxigraph.RdfFormat,
    *,
    validator: Validator | None,
) -> bool:
    """Add the uploaded triples to `graph`, validating the merged graph; return if new (POST)."""
    added = _parse(data, graph, rdf_format)
    with pool.writing() as store:
        existing = _existing(store, graph)
        _check(validator, graph, existing + added, rdf_format)
        _store_graph(store, graph, existing + added)
    return not existing


def drop_graph(pool: QueryPool, graph: GraphName) -> None:
    """Remove `graph`; NotFound if the store has no such graph (DELETE)."""
    with pool.writing() as store:
        if graph not in store.named_graphs():
            raise NotFound(f"no graph {graph}")
        store.write({}, drop=[graph], forget=_records_of(store, graph))
