"""How lookup results leave the service: negotiated format, ETag, caching and problems.

- JSON by default; `application/ld+json` is the same JSON with `@context` naming the served
  context by URL (`api.linked_data`); for single resources, `text/turtle` gives the
  resource's RDF description instead; an answer with a page of its own (an explanation) is
  `text/html` for a browser. An Accept header that matches
  none of these gets JSON (RFC 9110 lets a server disregard Accept).
- `LookupRoute` gives every GET an ETag made of the store version, the URL and the chosen
  format: a matching `If-None-Match` gets 304 before any lookup runs (RFC 9110 §13.1.2).
- A page of a list that continues carries `Link: <…>; rel="next"` (RFC 8288).
- Refusals (404, 422 naming each bad parameter) are `api.problems`' RFC 9457 problems.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import pyoxigraph
from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.convertors import Convertor, register_url_convertor

from api.linked_data import context_reference
from api.negotiation import choose, etag_matches, weak_etag
from api.pages import render_page
from api.problems import problem_responses
from innograph import lookups
from innograph.store import Store

__all__ = [
    "AnyPath",
    "LookupRoute",
    "represent",
    "describes_from_store",
    "JSON_LD",
    "JSON_RESPONSES",
    "CACHE_CONTROL",
    "RESOURCE_RESPONSES",
    "LIST_RESPONSES",
    "FOUND_RESPONSES",
    "PAGE_RESPONSES",
]

JSON, JSON_LD, TURTLE, HTML = "application/json", "application/ld+json", "text/turtle", "text/html"
_RESOURCE_TYPES = {JSON: "json", JSON_LD: "jsonld", TURTLE: "turtle"}
_LIST_TYPES = {JSON: "json", JSON_LD: "jsonld"}
_PAGE_TYPES = {**_LIST_TYPES, HTML: "html"}
_EVERY_TYPE = {**_RESOURCE_TYPES, **_PAGE_TYPES}
CACHE_CONTROL = "public, max-age=60"

_ERRORS: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the ETag in If-None-Match is current."},
    **problem_responses(422, 503),
}
JSON_RESPONSES = _ERRORS
"""An answer in JSON only (the W3C Reconciliation API's shapes)."""
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {JSON_LD: {}}},
    **_ERRORS,
}
FOUND_RESPONSES: dict[int | str, dict[str, Any]] = {
    **LIST_RESPONSES,
    **problem_responses(404),
}
PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **FOUND_RESPONSES,
    200: {"content": {JSON_LD: {}, HTML: {"schema": {"type": "string"}}}},
}
RESOURCE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **FOUND_RESPONSES,
    200: {"content": {JSON_LD: {}, TURTLE: {"schema": {"type": "string"}}}},
}


def represent(
    request: Request,
    body: object,
    *,
    store: Store,
    iri: str | None = None,
    page: str | None = None,
) -> Response:
    """Given a response value (and the IRI it describes, or the template of its HTML page),
    return it in the negotiated format.

    `body` is a library value (`innograph.lookups.models`), an envelope of them or a pydantic
    schema; each is written by pydantic from its declared fields, without validating it again.
    A value with a page is offered as `text/html` too, rendered from `body` (`api.pages`).
    """
    media = _media_type(request, resource=iri is not None, page=page is not None)
    if media == HTML and page is not None:
        return render_page(request, page, body=body)
    if media == TURTLE and iri is not None:
        turtle = lookups.description(store, iri, pyoxigraph.RdfFormat.TURTLE)
        return Response(turtle, media_type=TURTLE)
    response: Response
    if media == JSON_LD:
        context = context_reference(request, type(body))
        document = {"@context": context, **_serialiser(type(body)).dump_python(body, mode="json")}
        response = JSONResponse(document, media_type=media)
    else:
        # pydantic's own serialiser writes the same bytes as json.dumps of dump_python, in a
        # quarter of the time (14 against 58 µs for the seed's page of organisations).
        response = Response(_serialiser(type(body)).dump_json(body), media_type=media)
    next_cursor = getattr(body, "next_cursor", None)
    if isinstance(next_cursor, str):
        following = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{following}>; rel="next"'
    return response


_SERIALISERS: dict[type, TypeAdapter[Any]] = {}


def _serialiser(kind: type) -> TypeAdapter[Any]:
    """The serialiser of a response type, built once and reused.

    Building one costs up to 0.1 s (`OrganisationProfile`), so each `LookupRoute` builds its
    response model's when it is declared, at import: built on first use instead, the first
    requests paid for it, once per thread that asked at the same moment (15 % of the REST
    benchmark's profile throughput)."""
    serialiser = _SERIALISERS.get(kind)
    if serialiser is None:
        serialiser = _SERIALISERS[kind] = TypeAdapter(kind)
    return serialiser


def describes_from_store(request: Request) -> bool:
    """Whether `represent` of a single resource reads the store for this request (its Turtle
    description is a query), which a route answering on the event loop must not wait for."""
    return _media_type(request, resource=True) == TURTLE


def _media_type(request: Request, *, resource: bool, page: bool = False) -> str:
    offered = _PAGE_TYPES if page else _RESOURCE_TYPES if resource else _LIST_TYPES
    return choose(request.headers.get("accept"), offered) or JSON


class AnyPath(Convertor[str]):
    """Like Starlette's `path` convertor, but also across newlines (`%0A` in an id is a 404)."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("id", AnyPath())


class LookupRoute(APIRoute):
    """A GET route with conditional requests (ETag, 304)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        super().__init__(path, endpoint, **options)
        if isinstance(self.response_model, type):
            _serialiser(self.response_model)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            tag = _etag(request) if request.method == "GET" else None  # HEAD too: api.methods
            headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"} if tag else {}
            if tag and etag_matches(request.headers.get("if-none-match"), tag):
                return Response(status_code=304, headers=headers)
            response = await handler(request)
            if response.status_code == 200:
                response.headers.update(headers)
            return response

        return route


def _etag(request: Request) -> str:
    store: Store = request.app.state.store
    # Every type any route offers: two answers of one route in different types never share
    # a tag, whichever types that route offers.
    media = choose(request.headers.get("accept"), _EVERY_TYPE) or JSON
    # From the ASGI scope itself: `request.url` builds a URL object, a tenth of a lookup.
    query = request.scope["query_string"].decode("latin-1")
    return weak_etag(store.version, request.scope["path"], query, media)
