"""`/sparql`: the SPARQL 1.1 Protocol endpoint (queries by GET and POST, updates by POST).

Without a query, GET returns the SPARQL 1.1 Service Description (Turtle by default) or, for a
browser, the HTML query page. Protocol details: `api.protocol`; time limits and workers:
`innograph.sparql.execution`; SERVICE and LOAD screening: `innograph.sparql.screening`.

The routes document the endpoint (OpenAPI) and give `/sparql` its methods (`Allow`); requests
reach their handlers through `api.direct`, outside FastAPI's routing and middleware, so the
handlers take the `Request` and return a `Response` themselves, fetch the pool, store and
settings by calling the functions of `api.deps`, and raise refusals, which `api.problems`
reports.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.auth import WRITER_SECURITY, authorise_writer
from api.deps import (
    get_query_pool,
    get_settings,
    get_store,
    get_validator,
    prepare_after_answer,
)
from api.documented import body_schema, exactly_one
from api.negotiation import (
    DESCRIPTION_MEDIA_TYPES,
    GRAPH_MEDIA_TYPES,
    RESULT_MEDIA_TYPES,
)
from api.problems import ProtocolError, problem_responses
from api.protocol import answer_query, describe_endpoint, read_operation
from api.withdrawal import run_unless_withdrawn

router = APIRouter(tags=["sparql"])

ENDPOINT = "/sparql"

QUERY_FORMAT = "sparql-query"
UPDATE_FORMAT = "sparql-update"
"""The formats (JSON Schema `format`) of a SPARQL 1.1 query and update, whose grammar no
schema states: any other text is refused with 400, naming where it goes wrong."""

_QUERY = {"type": "string", "format": QUERY_FORMAT}
_UPDATE = {"type": "string", "format": UPDATE_FORMAT}
_GRAPHS = {"type": "array", "items": {"type": "string", "format": "iri"}}
_FORMATS = {
    "type": "array",
    "items": {"type": "string"},
    "description": "Result formats by name (`json`, `csv`, `turtle` …) or media type, for "
    "clients that cannot set Accept; one that names no format of the result's kind is ignored.",
}
_INFER = {
    "type": "boolean",
    "default": True,
    "description": "false: the default dataset leaves out the inferred graph (OWL 2 RL).",
}
_DATASET = {"default-graph-uri": _GRAPHS, "named-graph-uri": _GRAPHS, "format": _FORMATS}
_PARAMETERS: list[dict[str, Any]] = [
    {"name": "query", "in": "query", "schema": _QUERY},
    *({"name": name, "in": "query", "schema": schema} for name, schema in _DATASET.items()),
    {"name": "infer", "in": "query", "schema": _INFER},
]
_FORM = {
    "description": "A query or an update; the dataset and formats are the URL's parameters.",
    **exactly_one(query=_QUERY, update=_UPDATE),
}
_BODIES = {
    "application/x-www-form-urlencoded": {"schema": _FORM},
    "application/sparql-query": {"schema": _QUERY},
    "application/sparql-update": {"schema": _UPDATE},
}
_RESULTS: dict[str, Any] = {
    media: {"schema": body_schema(media)} for media in [*RESULT_MEDIA_TYPES, *GRAPH_MEDIA_TYPES]
}
_DESCRIPTIONS: dict[str, Any] = {
    media: {"schema": body_schema(media)} for media in DESCRIPTION_MEDIA_TYPES
}
_REFUSALS = problem_responses(400, 403, 406, 413, 415, 429, 500, 503)
"""A query's refusals: malformed (400), SERVICE or LOAD screened (403), no acceptable format
(406), too long (413), a body of another type (415), too many (429), its worker crashed
(500), too slow or no worker free (503)."""


@router.get(
    ENDPOINT,
    responses={
        200: {
            "description": "The query's result; without a query, the service description "
            "(or, for a browser, the query page).",
            "content": {**_RESULTS, **_DESCRIPTIONS},
        },
        304: {"description": "Not modified: the ETag in If-None-Match is current."},
        **_REFUSALS,
    },
    openapi_extra={"parameters": _PARAMETERS},
)
async def sparql_get(request: Request) -> Response:
    """Run the query in the URL; without one, describe the service (or show the query page)."""
    operation = await read_operation(request)
    if operation.query is None:
        store, settings = await get_store(request), await get_settings(request)
        return await describe_endpoint(request, store, settings, operation)
    pool, store = await get_query_pool(request), await get_store(request)
    return await answer_query(request, pool, operation, store, await get_settings(request))


@router.post(
    ENDPOINT,
    responses={
        200: {"description": "The query's result.", "content": _RESULTS},
        204: {"description": "Update done."},
        **_REFUSALS,
        **problem_responses(401, 422),
    },
    openapi_extra={
        "parameters": _PARAMETERS[1:],
        "requestBody": {"required": True, "content": _BODIES},
        "security": WRITER_SECURITY,
    },
)
async def sparql_post(request: Request) -> Response:
    """Run a query, or (with the update token) an update, sent as a form or as the body."""
    operation = await read_operation(request)
    pool = await get_query_pool(request)
    if (update := operation.update) is not None:
        authorise_writer(request, await get_settings(request))
        validator = await get_validator(request)
        await run_unless_withdrawn(
            request, lambda stop: pool.update(update, validator=validator, stop=stop)
        )
        return Response(status_code=204, background=prepare_after_answer(await get_store(request)))
    if operation.query is None:
        raise ProtocolError(400, "the request carries neither a query nor an update")
    store, settings = await get_store(request), await get_settings(request)
    return await answer_query(request, pool, operation, store, settings)
