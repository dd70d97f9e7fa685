"""`/api/search`, `/api/reconcile`, `/api/match`: finding resources by (messy) names and words."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from api import schemas
from api.deps import StoreDep
from api.problems import problem_responses
from api.protocol import MAX_BODY_BYTES, read_body
from api.representation import (
    FOUND_RESPONSES,
    JSON_RESPONSES,
    LIST_RESPONSES,
    LookupRoute,
    represent,
)
from innograph import lookups
from innograph.errors import InvalidParameter
from innograph.lookups.reconciliation import MAX_LIMIT
from innograph.namespaces import IG, IGID
from innograph.store import Store

router = APIRouter(prefix="/api", tags=["search"], route_class=LookupRoute)

SearchKind = Literal[
    "organisation", "person", "place", "agreement", "source", "passage", "sector", "service"
]
_MAX_QUERIES = 100_000
"""Longest `queries` batch, in characters, sent in a form."""
_MAX_URL_QUERIES = 5_000
"""Longest `queries` batch sent by GET, in characters: percent-encoded (up to 12 bytes a
character), it still fits the 64 KiB request line the server reads; longer batches are POSTed."""
_QUERIES_EXAMPLE = {"q0": {"query": "Open Zone srl", "type": "ig:Organisation"}}
_TYPE = {"type": "string", "minLength": 1, "examples": ["ig:Organisation"]}
_BATCH: dict[str, Any] = {
    "type": "object",
    "description": "W3C Reconciliation API queries by key; a `type` that names no class is "
    "not found (404).",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "query": {"type": "string"},
            "type": {
                "anyOf": [
                    _TYPE,
                    {
                        "type": "array",
                        "items": {
                            "anyOf": [
                                _TYPE,
                                {
                                    "type": "object",
                                    "properties": {"id": _TYPE},
                                    "required": ["id"],
                                },
                            ]
                        },
                    },
                ]
            },
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 5},
        },
        "required": ["query"],
    },
}
_URL_BATCH: dict[str, Any] = {
    "parameters": [
        {
            "name": "queries",
            "in": "query",
            "description": f"A batch of at most {_MAX_URL_QUERIES} characters; without it, the "
            "service manifest.",
            "content": {"application/json": {"schema": _BATCH, "example": _QUERIES_EXAMPLE}},
        }
    ]
}
_FORM_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"queries": _BATCH},
                    "required": ["queries"],
                },
                "encoding": {"queries": {"contentType": "application/json"}},
            }
        },
    }
}


@router.get("/search", response_model=schemas.SearchResults, responses=LIST_RESPONSES)
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, examples=["conic", "parchi"])],
    lang: Literal["it", "en"] | None = None,
    kind: SearchKind | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """The resources a query names (exact, then prefix), then ranked full-text matches of names
    and texts (accent- and case-insensitive, prefixes); a passage hit names what it is about."""
    hits = lookups.search(store, q, lang=lang, kind=kind, limit=limit)
    return represent(request, schemas.SearchResults(query=q, hits=hits), store=store)


def _url_queries(request: Request) -> str | None:
    """The `queries` batch of a GET, or None (the manifest is asked for); the parameter is
    read here, as the form's field is, because FastAPI cannot declare a JSON parameter."""
    queries = request.query_params.get("queries")
    if queries is not None and len(queries) > _MAX_URL_QUERIES:
        raise InvalidParameter("queries", f"longer than {_MAX_URL_QUERIES} characters; POST it")
    return queries


@router.get(
    "/reconcile",
    response_model=schemas.Manifest | dict[str, schemas.ReconciliationResult],
    responses={**JSON_RESPONSES, **problem_responses(404)},
    openapi_extra=_URL_BATCH,
)
def reconcile(
    request: Request, store: StoreDep, queries: Annotated[str | None, Depends(_url_queries)]
) -> Response:
    """W3C Reconciliation API: the service manifest, or candidates for a batch of `queries`."""
    return _reconciliation(request, store, queries)


async def _form_queries(request: Request) -> str:
    """The `queries` field of an `application/x-www-form-urlencoded` body.

    The body is read as the SPARQL endpoint reads one, counted and refused past
    `MAX_BODY_BYTES` (413) before it is held whole: read unbounded, 800 MB took the unauthenticated
    service to 1.7 GB (issue #14). The field itself is held to the GET parameter's length.
    """
    body = await read_body(request, limit=MAX_BODY_BYTES)
    fields = parse_qs(body.decode("utf-8", "replace"))
    if not fields.get("queries"):
        raise InvalidParameter("queries", "the form has no 'queries' field")
    queries = fields["queries"][0]
    if len(queries) > _MAX_QUERIES:
        raise InvalidParameter("queries", f"longer than {_MAX_QUERIES} characters")
    return queries


@router.post(
    "/reconcile",
    response_model=dict[str, schemas.ReconciliationResult],
    responses={**JSON_RESPONSES, **problem_responses(404, 413)},
    openapi_extra=_FORM_BODY,
)
def reconcile_form(
    request: Request, store: StoreDep, queries: Annotated[str, Depends(_form_queries)]
) -> Response:
    """W3C Reconciliation API: candidates for a batch of `queries` sent as a form (OpenRefine)."""
    return _reconciliation(request, store, queries)


@router.get("/match", response_model=schemas.Match, responses=FOUND_RESPONSES)
def match(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Query(min_length=1, max_length=500, examples=["Tus-Park Jiangsu"])],
    type: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
) -> Response:
    """The one resource (an organisation, person or place) bearing a messy name, or none, and
    the resources that bear it when several do."""
    found = lookups.reconcile(store, name, types=(type,) if type else ())
    matched = next((candidate for candidate in found if candidate.match), None)
    body = schemas.Match(
        name=name,
        match=schemas.Candidate.of(matched) if matched else None,
        namesakes=[schemas.Candidate.of(c) for c in found if c.namesakes > 1],
    )
    return represent(request, body, store=store)


def _reconciliation(request: Request, store: Store, queries: str | None) -> Response:
    if queries is None:
        # OpenRefine opens a candidate's page from the manifest's view: the page this service
        # serves for it (`/id/{id}`), at its public base when it has one.
        base = request.app.state.settings.public_url or str(request.base_url)
        return JSONResponse(_manifest(store, base).model_dump(mode="json"))
    results = lookups.reconcile_batch(store, queries)
    return JSONResponse(
        {
            key: {"result": [schemas.Candidate.of(c).model_dump(mode="json") for c in found]}
            for key, found in results.items()
        }
    )


def _manifest(store: Store, base: str) -> schemas.Manifest:
    types = lookups.reconciliation_types(store)
    return schemas.Manifest(
        versions=["0.2"],
        name="innograph reconciliation",
        identifierSpace=IGID,
        schemaSpace=IG,
        defaultTypes=[schemas.TypeRef(id=kind.id, name=kind.name) for kind in types],
        view=schemas.ServiceView(url=base + "id/{{id}}"),
    )
