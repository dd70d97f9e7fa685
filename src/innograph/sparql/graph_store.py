"""The Graph Store HTTP Protocol on one named graph: read, replace, merge, drop.

https://www.w3.org/TR/sparql11-http-rdf-update/. A write is parsed and validated against the
SHACL shapes (the same `Validator` as `innograph load`) before anything is written, and runs
inside `QueryService.writing()`, so queries see the graph as it was or as it is, never halfway.
The catalog record of a file whose graph is rewritten is forgotten: the graph no longer holds
what the file says, and the next `innograph load` of that file loads it again.

The validation runs in a process of its own, stopped at the query time limit or when `stop`
is set (`innograph.ingest.validation_process`), and without the write lock, so that reads and
other writes go on meanwhile. The shapes are checked in the store as the write will leave it
(the nodes it touches, `innograph.validation`), so the verdict depends on the rest of the
store: the write is made only if no other write came meanwhile, else checked again
(`WRITE_ATTEMPTS`).
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import NotFound, StoreError
from innograph.ingest.parsing import parse_error
from innograph.ingest.sources import SourceFile
from innograph.ingest.validation import Validator
from innograph.ingest.validation_process import check_apart
from innograph.reasoning import inferred_patch, refuse_inferred
from innograph.sparql.service import QueryService
from innograph.sparql.updates import WRITE_ATTEMPTS
from innograph.store import Store
from innograph.validation import checks_of_write

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


def _write_checked(
    pool: QueryService,
    graph: GraphName,
    new_quads: Callable[[Store], list[pyoxigraph.Quad]],
    validator: Validator | None,
    stop: threading.Event | None,
) -> bool:
    """Write the graph's new quads (given the store as it is) once the shapes accept them in
    the store as the write will leave it; return whether the graph is new. The check runs
    without the write lock, so the write is made only if no other write came meanwhile, else
    checked again (`WRITE_ATTEMPTS`)."""
    for _ in range(WRITE_ATTEMPTS):
        with pool.writing() as store:
            checking = time.monotonic()  # the time limit covers finding what to check
            version, quads = store.version, new_quads(store)
            jobs = (
                checks_of_write(validator, store, {graph: quads}, names=UPLOAD)
                if validator is not None
                else []
            )
        if validator is not None:
            check_apart(validator, jobs, timeout=pool.timeout, stop=stop, since=checking)
        with pool.writing() as store:
            if store.version == version:
                is_new = graph not in store.named_graphs()
                _store_graph(pool, store, graph, quads)
                return is_new
    raise StoreError.overtaken(f"the write to graph {graph}", WRITE_ATTEMPTS)


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
    return _write_checked(pool, graph, lambda store: quads, validator, stop)


def merge_graph(
    pool: QueryService,
    graph: GraphName,
    data: bytes,
    rdf_format: pyoxigraph.RdfFormat,
    *,
    validator: Validator | None,
    stop: threading.Event | None = None,
) -> bool:
    """Add the uploaded triples to `graph`; return whether it is new (POST)."""
    refuse_inferred([graph])
    added = _parse(data, graph, rdf_format)
    return _write_checked(
        pool, graph, lambda store: _existing(store, graph) + added, validator, stop
    )


def drop_graph(pool: QueryService, graph: GraphName) -> None:
    """Remove `graph`; NotFound if the store has no such graph (DELETE)."""
    refuse_inferred([graph])
    with pool.writing() as store:
        if graph not in store.named_graphs():
            raise NotFound(f"no graph {graph}")
        patches = inferred_patch(store, {}, drop=[graph]) if pool.reasoning else None
        store.write({}, drop=[graph], forget=_records_of(store, graph), patches=patches)
