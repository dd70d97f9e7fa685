"""Every refusal the service answers, written in one place as an RFC 9457 problem.

- `problem()` is the only writer of `application/problem+json`. The body is `api.schemas.Problem`,
  the title the status's standard reason phrase (RFC 9457 §4.2.1: an `about:blank` problem's
  title is that phrase, so clients key on `status` and show `detail`), and every 429 and 503
  carries `Retry-After`, always read from the same setting.
- `STATUS` is the only place a library exception (`innograph.errors`) is given a status.
  `ProtocolError` carries its own: a refusal found while reading the request (400, 401, 403,
  404, 405, 406, 413, 415).
- Details are English, but for the SHACL messages of a refused write (422), which come in the
  language `Accept-Language` prefers when the shapes have it (`Content-Language` names it).
- `report_problems(app)` sends all of them there, with FastAPI's request validation (422,
  naming each bad parameter) and Starlette's own refusals (an unknown path, a method not
  offered), so no route writes an error body itself. Starlette's 405 names the methods of
  the one route it matched; the problem names every method of the path (`api.methods`).
- `problem_responses()` documents that body in OpenAPI.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

from api.methods import allowed_methods
from api.negotiation import choose, preferred_languages
from api.pages import render_page
from api.schemas import InvalidParameterDetail, Problem
from innograph.errors import (
    InconsistencyError,
    InnographError,
    InvalidParameter,
    NotFound,
    ParseError,
    QueryCrashed,
    QueryError,
    QueryRefused,
    QueryTimeout,
    QueryTooLarge,
    StoreError,
    TooManyQueries,
    ValidationError,
    Withdrawn,
)
from innograph.settings import Settings

__all__ = [
    "PROBLEM",
    "STATUS",
    "ProtocolError",
    "problem",
    "report",
    "report_problems",
    "problem_responses",
    "problem_schemas",
    "PROBLEM_RESPONSES",
]

PROBLEM = "application/problem+json"

STATUS: dict[type[InnographError], int] = {
    NotFound: 404,
    InvalidParameter: 422,
    ValidationError: 422,
    InconsistencyError: 422,
    QueryError: 400,
    ParseError: 400,
    QueryRefused: 403,
    QueryTooLarge: 400,
    QueryTimeout: 503,
    Withdrawn: 503,  # its client has gone, or the service is stopping: read by no one, most likely
    TooManyQueries: 429,
    QueryCrashed: 500,
    StoreError: 503,
}
"""The status of each library error; any other `InnographError` is a 500."""


class ProtocolError(HTTPException):
    """A request this service refuses: `ProtocolError(status, detail, headers=...)`.

    An `HTTPException`, so the service's refusals and Starlette's are one kind, reported alike.
    """


def problem(
    request: Request,
    status: int,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    errors: list[InvalidParameterDetail] | None = None,
) -> Response:
    """Given a status and a reason, return the problem+json response that reports them."""
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors)
    headers = dict(headers or {})
    if status in _RETRY_LATER:
        headers["Retry-After"] = _retry_after(request)
    if choose(request.headers.get("accept"), _PROBLEM_TYPES) == "text/html":
        # A browser (it asks for HTML before anything else) gets the problem as a page.
        page = render_page(request, "problem.html", problem=body)
        page.status_code = status
        page.headers.update(headers)
        return page
    return Response(
        body.model_dump_json(exclude_none=True),
        status_code=status,
        media_type=PROBLEM,
        headers=headers,
    )


_PROBLEM_TYPES = {PROBLEM: "problem", "text/html": "page"}
"""A problem is sent as RFC 9457 JSON, or as a page to a client that prefers HTML."""

_RETRY_LATER = (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE)
"""The statuses that say when to try again."""


def _retry_after(request: Request) -> str:
    """Whole seconds to wait after a 429 or 503: the query time limit, the longest a worker
    stays busy (a stopped or lost worker is replaced within it), and at least one."""
    settings: Settings = request.app.state.settings
    return str(max(1, round(settings.query_timeout)))


async def report(request: Request, error: Exception) -> Response:
    """Given an exception a route raised, return the problem that reports it (the handler of
    `report_problems`, also called by `api.direct`)."""
    if isinstance(error, RequestValidationError):
        return _invalid_parameters(request, error)
    if isinstance(error, HTTPException):
        if error.status_code == 405 and not isinstance(error, ProtocolError):
            return _method_not_allowed(request)
        return problem(request, error.status_code, error.detail, headers=error.headers)
    if isinstance(error, ValidationError):
        return _invalid_data(request, error)
    status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 500)
    return problem(request, status, str(error))


def _method_not_allowed(request: Request) -> Response:
    """The routing's 405, `Allow` listing every method of the path, not of one route."""
    allow = allowed_methods(request)
    assert allow is not None  # a route matched the path, or the routing would have said 404
    detail = f"{request.method} is not offered here; {request.url.path} offers {allow}"
    return problem(request, 405, detail, headers={"Allow": allow})


def _invalid_data(request: Request, error: ValidationError) -> Response:
    """A write's SHACL violations, each message in the first language of `Accept-Language`
    the shapes give it (English by default), `Content-Language` naming the languages used."""
    languages = preferred_languages(request.headers.get("accept-language"))
    used = error.languages(languages)
    headers = {"Content-Language": ", ".join(used)} if used else None
    return problem(request, STATUS[ValidationError], error.describe(languages), headers=headers)


def _invalid_parameters(request: Request, error: RequestValidationError) -> Response:
    """A 422 naming each parameter FastAPI could not read, with its location and reason."""
    details = [
        InvalidParameterDetail(
            parameter=str(item["loc"][-1]) if item.get("loc") else "",
            location=str(item["loc"][0]) if item.get("loc") else "",
            message=str(item.get("msg", "invalid")),
        )
        for item in error.errors()
    ]
    names = ", ".join(repr(detail.parameter) for detail in details)
    first = details[0].message if details else "invalid"
    return problem(request, 422, f"invalid parameter {names}: {first}", errors=details)


def report_problems(app: FastAPI) -> None:
    """Make `problem()` answer every refusal and library error the app's routes raise."""
    for kind in (HTTPException, RequestValidationError, InnographError):
        app.add_exception_handler(kind, report)


_COMPONENTS = "#/components/schemas/"


def problem_schemas() -> dict[str, dict[str, Any]]:
    """The component schemas of the problem body (`Problem` and the models it holds), to add
    to the OpenAPI document: FastAPI registers a model only when it is a route's JSON answer,
    and a problem is `application/problem+json`."""
    schema = Problem.model_json_schema(ref_template=_COMPONENTS + "{model}")
    return {"Problem": schema, **schema.pop("$defs", {})}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Given statuses, return their OpenAPI `responses`: the problem body, titled as sent, or
    the same problem as a page for a client that prefers HTML (a browser); a 429 or 503
    says when to try again (`Retry-After`), a 405 which methods the path offers (`Allow`)."""
    return {status: _problem_response(status) for status in statuses}


def _problem_response(status: int) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": f"{HTTPStatus(status).phrase} (RFC 9457 problem).",
        "content": {
            PROBLEM: {"schema": {"$ref": _COMPONENTS + "Problem"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
    header = _HEADERS.get(status)
    if header is not None:
        response["headers"] = {header[0]: {"description": header[1], "schema": header[2]}}
    return response


_HEADERS: dict[int, tuple[str, str, dict[str, Any]]] = {
    405: ("Allow", "The methods the path offers.", {"type": "string"}),
    **{
        status: (
            "Retry-After",
            "Seconds to wait before trying again.",
            {"type": "string", "pattern": "^[0-9]+$"},
        )
        for status in _RETRY_LATER
    },
}
"""The header each refusal always carries, documented with it."""


PROBLEM_RESPONSES = problem_responses(400, 401, 403, 406, 413, 415, 429, 500, 503)
"""What the SPARQL Protocol and Graph Store routes may refuse with."""
