"""`/sparql`: the SPARQL 1.1 Protocol query operation (GET, POST form, POST sparql-query)."""

from __future__ import annotations

from typing import Annotated

import pyoxigraph
from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import PlainTextResponse

from api.deps import StoreDep
from api.negotiation import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, choose
from innograph.queries import run_query, serialize_result
from innograph.store import QueryResult

router = APIRouter(tags=["sparql"])


def _respond(result: QueryResult, accept: str | None) -> Response:
    offered = GRAPH_MEDIA_TYPES if _is_graph(result) else RESULT_MEDIA_TYPES
    media_type = choose(accept, offered)
    if media_type is None:
        return PlainTextResponse(
            f"none of the accepted types is offered; offered: {', '.join(offered)}", status_code=406
        )
    return Response(serialize_result(result, offered[media_type]), media_type=media_type)


def _is_graph(result: QueryResult) -> bool:
    return isinstance(result, pyoxigraph.QueryTriples)


@router.get("/sparql")
def sparql_get(
    store: StoreDep,
    query: Annotated[str, Query(description="A SPARQL 1.1 query.")],
    accept: Annotated[str | None, Header()] = None,
) -> Response:
    """Run a query given in the URL."""
    return _respond(run_query(store, query), accept)


@router.post("/sparql")
async def sparql_post(
    request: Request, store: StoreDep, accept: Annotated[str | None, Header()] = None
) -> Response:
    """Run a query sent as a form field or as the request body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type == "application/sparql-query":
        query = (await request.body()).decode("utf-8")
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        value = form.get("query")
        if not isinstance(value, str):
            return PlainTextResponse("missing form field 'query'", status_code=400)
        query = value
    else:
        return PlainTextResponse(f"unsupported content type {content_type!r}", status_code=415)
    return _respond(run_query(store, query), accept)
