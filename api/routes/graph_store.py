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
from api.graph_protocol import graph_response, graph_target, named_target, read_upload
from api.problems import PROBLEM_RESPONSES
from api.withdrawal import run_unless_withdrawn
from innograph.ingest.validation import Validator
from innograph.sparql.graph_store import drop_graph, merge_graph, replace_graph
from innograph.sparql.service import QueryService
from innograph.store import Store

router = APIRouter(tags=["graph store"])

_WRITTEN: dict[int | str, dict[str, Any]] = {
    201: {"description": "Graph created."},
    204: {"description": "Graph changed."},
}


@router.get("/rdf-graphs", responses=PROBLEM_RESPONSES)
# HEAD is documented as the protocol names it; `api.methods` runs every HEAD as its GET.
@router.head("/rdf-graphs", operation_id="head_graph", responses=PROBLEM_RESPONSES)
async def get_graph(request: Request, store: StoreDep) -> Response:
    """Return a named graph, or the default graph, in the negotiated RDF format."""
    return await graph_response(request, store, graph_target(request))


@router.put("/rdf-graphs", status_code=204, responses={**_WRITTEN, **PROBLEM_RESPONSES})
async def put_graph(
    request: Request,
    pool: QueryPoolDep,
    store: StoreDep,
    validator: ValidatorDep,
    _: WriterDep,
) -> Response:
    """Replace a named graph with the uploaded RDF (validated first)."""
    return await _write_upload(request, replace_graph, pool, store, validator)


@router.post("/rdf-graphs", status_code=204, responses={**_WRITTEN, **PROBLEM_RESPONSES})
async def post_graph(
    request: Request,
    pool: QueryPoolDep,
    store: StoreDep,
    validator: ValidatorDep,
    _: WriterDep,
) -> Response:
    """Add the uploaded RDF to a named graph (the merged graph is validated first)."""
    return await _write_upload(request, merge_graph, pool, store, validator)


@router.delete("/rdf-graphs", status_code=204, responses=PROBLEM_RESPONSES)
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
