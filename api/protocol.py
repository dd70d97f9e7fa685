"""Read SPARQL 1.1 Protocol requests, write their answers (https://www.w3.org/TR/sparql11-protocol/).

- A query comes by GET (`?query=`), by POST as a form (`query=`), or by POST as the body
  (`application/sparql-query`); an update by POST as a form (`update=`) or as the body
  (`application/sparql-update`). `default-graph-uri` and `named-graph-uri` set the dataset;
  `infer=false` leaves the inferred graph out of the default one (`innograph.sparql.inference`).
- Refused with a problem: a repeated `query`/`update` (400), an update by GET (400), a graph
  named by something that is not an IRI (400), another content type (415), a body over
  `MAX_BODY_BYTES` (413), no acceptable format (406).
- Answers of GET carry a weak ETag made of the store version and the request, and
  `Cache-Control: no-cache`: a client revalidates each time and gets 304 until the data changes.
- Every answer reports the result limit in `X-Innograph-Result-Limit`, with `; truncated`
  when the result was cut. An answer too large for memory (`innograph.sparql.results`) is streamed
  from the file the query worker wrote, complete before the first byte is sent (with its
  `Content-Length`, unless gzip compresses it on the way).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl

import pyoxigraph
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.negotiation import (
    DESCRIPTION_MEDIA_TYPES,
    AcceptedTypes,
    accepted_types,
    choose,
    etag_matches,
    weak_etag,
    with_format,
)
from api.problems import ProtocolError
from api.query_page import render_query_page
from api.security import new_nonce, page_policy
from innograph.lookups.vocabulary import vocabulary
from innograph.settings import Settings
from innograph.sparql.execution import QueryJob
from innograph.sparql.inference import INFER_PARAMETER, read_infer, without_inferences
from innograph.sparql.service import QueryService
from innograph.sparql.service_description import ServiceFeatures, describe_service
from innograph.store import Store

__all__ = [
    "MAX_BODY_BYTES",
    "RESULT_LIMIT_HEADER",
    "Operation",
    "read_operation",
    "read_body",
    "answer_query",
    "describe_endpoint",
]

MAX_BODY_BYTES = 1 << 20
"""Largest query or update accepted, in bytes (a request body or a form)."""

RESULT_LIMIT_HEADER = "X-Innograph-Result-Limit"

_PIECE_BYTES = 1 << 16
"""A large answer is sent from its file in pieces of this size."""

_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    """What a protocol request asks for: a query or an update (or neither), and its dataset."""

    query: str | None = None
    update: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    formats: tuple[str, ...] = ()
    example: str | None = None
    infer: bool = True


async def read_body(request: Request, *, limit: int) -> bytes:
    """Given a request, return its body; ProtocolError 413 if it exceeds `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body exceeds the limit of {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProtocolError(413, f"the request body exceeds the limit of {limit} bytes")
    return bytes(body)


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the request body is not UTF-8: {error}") from None


async def _parameters(request: Request) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """The request's parameters, and a query or update sent as the whole body."""
    # As Starlette's `query_params` parses them, without the multi-dict it builds around them.
    parameters = parse_qsl(request.scope["query_string"].decode("latin-1"), keep_blank_values=True)
    if request.method != "POST":
        return parameters, None, None
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in (_FORM, _QUERY, _UPDATE):
        raise ProtocolError(
            415,
            f"unsupported content type {media or '(none)'!r}; send {_FORM}, {_QUERY} or {_UPDATE}",
        )
    text = _text(await read_body(request, limit=MAX_BODY_BYTES))
    if media == _FORM:
        try:
            parameters += parse_qsl(text, keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError) as error:
            raise ProtocolError(400, f"the form cannot be decoded: {error}") from None
        return parameters, None, None
    return parameters, (text if media == _QUERY else None), (text if media == _UPDATE else None)


def _single(parameters: list[tuple[str, str]], name: str, body: str | None) -> str | None:
    values = [value for key, value in parameters if key == name]
    if body is not None:
        values.append(body)
    if len(values) > 1:
        raise ProtocolError(400, f"the request carries {len(values)} {name!r} values; send one")
    return values[0] if values else None


def _graphs(parameters: list[tuple[str, str]], name: str) -> tuple[str, ...] | None:
    """The graphs a parameter names; ProtocolError 400 for one that is not an IRI."""
    graphs = tuple(value for key, value in parameters if key == name)
    for graph in graphs:
        try:
            pyoxigraph.NamedNode(graph)
        except ValueError as error:
            raise ProtocolError(400, f"{name} {graph!r} is not an IRI: {error}") from None
    return graphs or None


async def read_operation(request: Request) -> Operation:
    """Given a GET or POST to the endpoint, return the operation it asks for."""
    parameters, query_body, update_body = await _parameters(request)
    query = _single(parameters, "query", query_body)
    update = _single(parameters, "update", update_body)
    if query is not None and update is not None:
        raise ProtocolError(400, "a request carries either a query or an update, not both")
    if update is not None and request.method != "POST":
        raise ProtocolError(400, "an update must be sent with POST")
    if update is not None and any(key.startswith("using-") for key, _ in parameters):
        raise ProtocolError(400, "using-graph-uri and using-named-graph-uri are not supported")
    return Operation(
        query=query,
        update=update,
        default_graphs=_graphs(parameters, "default-graph-uri"),
        named_graphs=_graphs(parameters, "named-graph-uri"),
        formats=tuple(value for key, value in parameters if key == "format"),
        example=_single(parameters, "example", None),
        infer=read_infer(_single(parameters, INFER_PARAMETER, None)),
    )


async def answer_query(
    request: Request, pool: QueryService, operation: Operation, store: Store, settings: Settings
) -> Response:
    """Given a query operation, return its result in the negotiated format (or 304, 406)."""
    assert operation.query is not None
    accepted = accepted_types(request.headers.get("accept"), operation.formats)
    if accepted.results is None and accepted.graph is None:
        raise ProtocolError(406, "none of the accepted media types is a SPARQL result format")
    job = QueryJob(
        operation.query, accepted.formats, operation.default_graphs, operation.named_graphs
    )
    if not operation.infer:
        union = settings.union_default_graph
        job = without_inferences(job, store, union_default_graph=union)
    is_cacheable = request.method == "GET"
    version = pool.version
    current = _etag(job, accepted, version)
    if is_cacheable and etag_matches(request.headers.get("if-none-match"), current):
        return Response(status_code=304, headers={"ETag": current, "Cache-Control": "no-cache"})
    answer = await pool.run_async(job, client=request.client.host if request.client else None)
    media = accepted.media_type(is_graph=answer.is_graph)
    if media is None:
        kind = "graph (CONSTRUCT/DESCRIBE)" if answer.is_graph else "SELECT/ASK"
        raise ProtocolError(406, f"none of the accepted media types can carry a {kind} result")
    limit = f"{pool.result_limit}; truncated" if answer.is_truncated else str(pool.result_limit)
    headers = {RESULT_LIMIT_HEADER: limit, "Vary": "Accept"}
    if is_cacheable:
        # The answer's own version: a write may have landed while the query waited.
        tag = current if answer.version == version else _etag(job, accepted, answer.version)
        headers |= {"ETag": tag, "Cache-Control": "no-cache"}
    if answer.path is None:
        return Response(answer.body, media_type=media, headers=headers)
    spilled = Path(answer.path)
    headers["Content-Length"] = str(spilled.stat().st_size)
    return StreamingResponse(_streamed(spilled), media_type=media, headers=headers)


def _etag(job: QueryJob, accepted: AcceptedTypes, version: str) -> str:
    """The answer's weak ETag: the job's fingerprint (query, dataset, formats, store version)
    and the media types it is sent as, since `application/json` and SPARQL JSON share a format."""
    return weak_etag(job.fingerprint(version), accepted.results or "", accepted.graph or "")


async def _streamed(path: Path) -> AsyncIterator[bytes]:
    """A large answer's file in pieces, removed afterwards (also when the client goes away)."""
    try:
        with path.open("rb") as file:
            while piece := await run_in_threadpool(file.read, _PIECE_BYTES):
                yield piece
    finally:
        path.unlink(missing_ok=True)


async def describe_endpoint(
    request: Request, store: Store, settings: Settings, operation: Operation
) -> Response:
    """Given a GET without a query, return the service description, or the HTML query page."""
    # `format` wins when it names a format of the description, as for a query's result.
    formats = operation.formats
    asked = choose(with_format(formats), DESCRIPTION_MEDIA_TYPES) if formats else None
    media = asked or choose(request.headers.get("accept"), DESCRIPTION_MEDIA_TYPES)
    if media is None:
        raise ProtocolError(406, f"offered media types: {', '.join(DESCRIPTION_MEDIA_TYPES)}")
    if media == "text/html":
        nonce = new_nonce()
        page = render_query_page(
            endpoint=request.url.path,
            folder=settings.queries,
            example=operation.example,
            timeout=settings.query_timeout,
            result_limit=settings.result_limit,
            vocabulary=await run_in_threadpool(vocabulary, store),
            nonce=nonce,
        )
        return HTMLResponse(page, headers={"Content-Security-Policy": page_policy(nonce)})
    endpoint = str(request.url.replace(query=None, fragment=None))
    try:
        pyoxigraph.NamedNode(endpoint)
    except ValueError:
        raise ProtocolError(400, f"the request URL {endpoint!r} is not an IRI") from None
    features = ServiceFeatures(
        is_update_enabled=settings.takes_writes,
        has_federation=bool(settings.service_allow),
        has_union_default_graph=settings.union_default_graph,
    )
    name = DESCRIPTION_MEDIA_TYPES[media]
    body = await run_in_threadpool(
        describe_service, store, endpoint=endpoint, features=features, format_name=name
    )
    return Response(body, media_type=media, headers={"Vary": "Accept"})
