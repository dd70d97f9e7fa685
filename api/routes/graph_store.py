"""`/rdf-graphs`: the SPARQL 1.1 Graph Store HTTP Protocol (read freely, write with the token).

GET and HEAD read a graph (`?graph=<IRI>`) or the default graph (`?default`, the union of all);
PUT replaces a named graph, POST adds to it, DELETE drops it. Writes are validated with the
SHACL shapes like `innograph load` and are all-or-nothing (`innograph.sparql.graph_store`). After a
write, the lookup tables of the new version are prepared once the answer has been sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.auth import WriterDep
from api.deps import QueryPoolDep, StoreDep, ValidatorDep, prepare_after_answer
from api.documented import body_schema, exactly_one
from api.graph_protocol import (
    UPLOAD_MEDIA_TYPES,
    graph_response,
    graph_target,
    named_target,
    read_upload,
)
from api.negotiation import GRAPH_MEDIA_TYPES
from api.problems import PROBLEM_RESPONSES, problem_responses
from api.withdrawal import run_unless_withdrawn
from innograph.ingest.validation import Validator
from innograph.sparql.graph_store import drop_graph, merge_graph, replace_graph
from innograph.sparql.service import QueryService
from innograph.store import Store

router = APIRouter(tags=["graph store"])

_GRAPH = {"type": "string", "format": "iri", "description": "The graph's IRI."}

_READ_TARGET: dict[str, Any] = {
    "parameters": [
        {
            # An object exploded into the query string: `?graph=<IRI>` or `?default`, never
            # both and never neither, which separate parameters cannot say.
            "name": "target",
            "in": "query",
            "required": True,
            "style": "form",
            "explode": True,
            "description": "The graph: `graph=<IRI>` (a named graph) or `default` (the union "
            "of all graphs), exactly one.",
            "schema": exactly_one(graph=_GRAPH, default={"type": "string"}),
        }
    ]
}
_WRITE_TARGET: dict[str, Any] = {
    "parameters": [{"name": "graph", "in": "query", "required": True, "schema": _GRAPH}]
}
"""A write names a graph: the default graph is the union of all, written through them (405)."""

_UPLOAD: dict[str, Any] = {
    **_WRITE_TARGET,
    "requestBody": {
        "required": True,
        "content": {media: {"schema": {"type": "string"}} for media in UPLOAD_MEDIA_TYPES},
    },
}

_READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {"schema": body_schema(media)} for media in GRAPH_MEDIA_TYPES}},
    304: {"description": "Not modified: the ETag in If-None-Match is current."},
    **problem_responses(400, 404, 406, 503),
}
_WRITE_RESPONSES = {**PROBLEM_RESPONSES, **problem_responses(404, 405, 422)}
_WRITTEN: dict[int | str, dict[str, Any]] = {
    201: {"description": "Graph created."},
    204: {"description": "Graph changed."},
    **_WRITE_RESPONSES,
}


@router.get("/rdf-graphs", responses=_READ_RESPONSES, openapi_extra=_READ_TARGET)
# HEAD is documented as the protocol names it; `api.methods` runs every HEAD as its GET.
@router.head(
    "/rdf-graphs",
    operation_id="head_graph",
    responses=_READ_RESPONSES,
    openapi_extra=_READ_TARGET,
)
async def get_graph(request: Request, store: StoreDep) -> Response:
    """Return a named graph, or the default graph, in the negotiated RDF format."""
    return await graph_response(request, store, graph_target(request))


@router.put("/rdf-graphs", status_code=204, responses=_WRITTEN, openapi_extra=_UPLOAD)
async def put_graph(
    request: Request,
    pool: QueryPoolDep,
    store: StoreDep,
    validator: ValidatorDep,
    _: WriterDep,
) -> Response:
    """Replace a named graph with the uploaded RDF (validated first)."""
    return await _write_upload(request, replace_graph, pool, store, validator)


@router.post("/rdf-graphs", status_code=204, responses=_WRITTEN, openapi_extra=_UPLOAD)
async def post_graph(
    request: Request,
    pool: QueryPoolDep,
    store: StoreDep,
    validator: ValidatorDep,
    _: WriterDep,
) -> Response:
    """Add the uploaded RDF to a named graph (the merged graph is validated first)."""
    return await _write_upload(request, merge_graph, pool, store, validator)


@router.delete(
    "/rdf-graphs", status_code=204, responses=_WRITE_RESPONSES, openapi_extra=_WRITE_TARGET
)
async def delete_graph(
    request: Request, pool: QueryPoolDep, store: StoreDep, _: WriterDep
) -> Response:
    """Drop a named graph."""
    await run_in_threadpool(drop_graph, pool, named_target(request))
    return Response(status_code=204, background=prepare_after_answer(store))


async def _write_upload(
    request: Request,
    write: Callable[..., bool],
    pool: QueryService,
    store: Store,
    validator: Validator | None,
) -> Response:
    """Write the uploaded RDF to the target graph with `write` (replace or merge): 201 when
    the graph is new, else 204; the new version's lookups are prepared after answering. Its
    validation stops when the client goes away."""
    graph = named_target(request)
    data, rdf_format = await read_upload(request)
    is_new = await run_unless_withdrawn(
        request, lambda stop: write(pool, graph, data, rdf_format, validator=validator, stop=stop)
    )
    return Response(status_code=201 if is_new else 204, background=prepare_after_answer(store))
