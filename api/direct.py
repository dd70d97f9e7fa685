"""`/sparql` answered beside FastAPI's routing: the SPARQL endpoint without the stack's toll.

Why: every request FastAPI serves passes Starlette's error middleware, FastAPI's telemetry and
body-limit middleware, the service's answer middleware (security headers, compression, CORS),
the methods middleware, Starlette's exception middleware, FastAPI's exit-stack middleware and
the router, each a coroutine and most a wrapped `send`. Measured in process with the query
answered from a canned answer (`benchmarks/README.md`, "The fast lane (#20)"): 0.21-0.24 ms of
CPU a request through that stack, 0.10-0.11 ms here.

So `Service` hands GET and POST `/sparql` to `DirectSparql`, which calls the routes'
handlers (`api.routes.sparql`) itself. What the answer must keep passes through the same
objects as in the full stack, no copy of their logic:

- the answer middleware (`api.main.answer_middleware`: security headers, gzip, CORS), the
  very list FastAPI's stack is built from, wrapped around the endpoint the same way;
- a refusal or library error goes to `api.problems.report`, the handler the full stack's
  exception middleware calls, so it is the same RFC 9457 problem;
- any other error reaches Starlette's `ServerErrorMiddleware`, outermost as in the full stack.

Skipped with the rest: FastAPI's body-limit middleware (the app sets no limit: `/sparql`
keeps its own, `api.protocol.MAX_BODY_BYTES`) and its telemetry, which reports unhandled errors
to OpenTelemetry when that is configured (it is not here).

Left to the full stack: HEAD and OPTIONS (`api.methods`), a method `/sparql` does not take
(405), every other path. The OpenAPI document still comes from the routes, which stay
registered for it and for the `Allow` of `/sparql`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from starlette._utils import get_route_path
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.errors import ServerErrorMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import report
from api.routes.sparql import ENDPOINT, sparql_get, sparql_post
from innograph.errors import InnographError

__all__ = ["DirectSparql", "wrapped"]

_Handler = Callable[[Request], Coroutine[Any, Any, Response]]

_HANDLERS: dict[str, _Handler] = {"GET": sparql_get, "POST": sparql_post}


def wrapped(app: ASGIApp, middleware: Sequence[Middleware]) -> ASGIApp:
    """Given an ASGI app and middleware listed outermost first, return the app inside them,
    built as Starlette builds its own stack."""
    for cls, args, kwargs in reversed(middleware):
        app = cls(app, *args, **kwargs)
    return app


class DirectSparql:
    """GET and POST `/sparql` of one app, answered through its answer middleware only."""

    def __init__(self, app: FastAPI, answer_middleware: Sequence[Middleware]) -> None:
        server_errors = Middleware(ServerErrorMiddleware, debug=app.debug)
        self._app = wrapped(self._endpoint, [server_errors, *answer_middleware])

    @staticmethod
    def serves(scope: Scope) -> bool:
        """Whether a request is one this answers: GET or POST of `/sparql`."""
        return (
            scope["type"] == "http"
            and scope["method"] in _HANDLERS
            and get_route_path(scope) == ENDPOINT  # as the router reads it
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)

    @staticmethod
    async def _endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        try:
            response = await _HANDLERS[scope["method"]](request)
        except (HTTPException, InnographError) as error:
            response = await report(request, error)
        await response(scope, receive, send)
