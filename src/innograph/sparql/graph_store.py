"""The Graph Store HTTP Protocol on one named graph: read, replace, merge, drop.

https://www.w3.org/TR/sparql11-http-rdf-update/. A write is parsed and validated against the
SHACL shapes (the same `Validator` as `innograph load`) before anything is written, and runs
inside `QueryService.writing()`, so queries see the graph as it was or as it is, never halfway.
The catalog record of a file whose graph is rewritten is forgotten: the graph no longer holds
what the file says, and the next `innograph load` of that file loads it again.

The validation runs in a process of its own, stopped at the query time limit or when `stop`
is set (`innograph.ingest.validation_process`), and without the write lock, so that reads and
other writes go on meanwhile. Shapes are checked graph by graph, so a PUT's verdict depends on
the upload alone: it is written whatever another writer did to the graph meanwhile (the last
write wins). A POST's verdict is on the graph it read plus the upload, so the merge is written
only if the graph still holds what was read, else read and validated again (`WRITE_ATTEMPTS`).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import NotFound, StoreError
from innograph.ingest.parsing import parse_error
from innograph.ingest.sources import SourceFile
from innograph.ingest.validation import Validator
from innograph.ingest.validation_process import check_apart
from innograph.reasoning import inferred_patch, refuse_inferred
from innograph.sparql.execution import WRITE_ATTEMPTS
from innograph.sparql.service import QueryService
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
    pool: QueryService,
    validator: Validator | None,
    quads: list[pyoxigraph.Quad],
    stop: threading.Event | None,
) -> None:
    if validator is not None:
        check_apart(validator, UPLOAD, [quads], timeout=pool.timeout, stop=stop)


def _store_graph(
    pool: QueryService, store: Store, graph: GraphName, quads: list[pyoxigraph.Quad]
) -> None:
    """Write one graph, with the inferred graph's share of the write when the pool reasons."""
    patches = inferred_patch(store, {graph: quads}) if pool.reasoning else None
    store.write({graph: quads}, forget=_records_of(store, graph), patches=patches)


def _records_of(store: Store, graph: GraphName) -> list[GraphName]:
    return [
        record.source
        for record in store.catalog().values()
        if record.source == graph or graph in record.graphs
    ]


def replace_graph(
    pool: QueryService,
    graph: GraphName,
    data: bytes,
    rdf_format: pyoxigraph.RdfFormat,
    *,
    validator: Validator | None,
    stop: threading.Event | None = None,
) -> bool:
    """Make `graph` hold exactly the uploaded triples; return whether it is new (PUT)."""
    refuse_inferred([graph])
    quads = _parse(data, graph, rdf_format)
    _check(pool, validator, quads, stop)
    with pool.writing() as store:
        is_new = graph not in store.named_graphs()
        _store_graph(pool, store, graph, quads)
    return is_new


def merge_graph(
    pool: QueryService,
    graph: GraphName,
    data: bytes,
    rdf_format: pyoxigraph.RdfFormat,
    *,
    validator: Validator | None,
    stop: threading.Event | None = None,
) -> bool:
    """Add the uploaded triples to `graph`, validating the merged graph; return if new (POST)."""
    refuse_inferred([graph])
    added = _parse(data, graph, rdf_format)
    for _ in range(WRITE_ATTEMPTS):
        with pool.writing() as store:
            version, existing = store.version, _existing(store, graph)
        _check(pool, validator, existing + added, stop)
        with pool.writing() as store:
            if store.version == version or set(_existing(store, graph)) == set(existing):
                _store_graph(pool, store, graph, existing + added)
                return not existing
    raise StoreError.overtaken(f"the addition to graph {graph}", WRITE_ATTEMPTS)


def drop_graph(pool: QueryService, graph: GraphName) -> None:
    """Remove `graph`; NotFound if the store has no such graph (DELETE)."""
    refuse_inferred([graph])
    with pool.writing() as store:
        if graph not in store.named_graphs():
            raise NotFound(f"no graph {graph}")
        patches = inferred_patch(store, {}, drop=[graph]) if pool.reasoning else None
        store.write({}, drop=[graph], forget=_records_of(store, graph), patches=patches)
