"""The methods each path offers: the `Allow` of every 405 and OPTIONS, and HEAD wherever GET is.

Left alone, Starlette answers a method a path lacks with the `Allow` of the one route it
matched first (`/sparql` has a GET route and a POST route: `PUT /sparql` said `Allow: GET`),
and FastAPI's routes answer neither HEAD nor OPTIONS. So:

- `PathMethods` lists every route once, when the app is built, with the methods it takes
  (FastAPI's included routers flattened as its own OpenAPI document flattens them);
  `allowed(scope)` is the union over the routes whose path matches, with HEAD where GET is
  and OPTIONS everywhere. `api.problems` writes it into the routing's 405s.
- `OfferedMethods`, a middleware inside CORS (so preflights are still answered there), answers
  OPTIONS with 204 and `Allow`, and runs a HEAD as the GET it stands for, sending that GET's
  status and headers without its body (RFC 9110 §9.3.2). Only these two methods pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import FastAPI, Request
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["PathMethods", "OfferedMethods", "offer_methods", "allowed_methods"]

_ORDER = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")
"""How `Allow` lists methods: RFC 9110's order, PATCH, then OPTIONS, which every path has."""


@dataclass(frozen=True)
class PathMethods:
    """Every route of an app, with the methods it takes."""

    routes: tuple[tuple[RouteContext, frozenset[str]], ...]

    @classmethod
    def of(cls, routes: Sequence[BaseRoute]) -> PathMethods:
        """Given an app's routes, return their table (routes that take no method left out)."""
        return cls(
            tuple(
                (context, frozenset(context.methods))
                for context in iter_route_contexts(routes)
                if context.methods
            )
        )

    def allowed(self, scope: Scope) -> str | None:
        """Given a request, return the `Allow` of its path, or None when no route serves it."""
        methods = {
            method
            for context, offered in self.routes
            if context.matches(scope)[0] is not Match.NONE
            for method in offered
        }
        if not methods:
            return None
        if "GET" in methods:
            methods.add("HEAD")
        methods.add("OPTIONS")
        return ", ".join([m for m in _ORDER if m in methods] + sorted(methods.difference(_ORDER)))


class OfferedMethods:
    """ASGI middleware: OPTIONS answered with `Allow`, HEAD answered as GET without a body."""

    def __init__(self, app: ASGIApp, methods: PathMethods) -> None:
        self.app = app
        self.methods = methods

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"] if scope["type"] == "http" else None
        if method == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _headers_only(send))
        elif method == "OPTIONS" and (allow := self.methods.allowed(scope)) is not None:
            await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)
        else:  # any other method, or OPTIONS of a path no route serves (the app's 404)
            await self.app(scope, receive, send)


def _headers_only(send: Send) -> Send:
    """Given `send`, return one that passes the status and headers on, and for the body only
    its end, empty (so a compressing middleware outside sees nothing to compress)."""

    async def send_headers(message: Message) -> None:
        if message["type"] != "http.response.body":
            await send(message)
        elif not message.get("more_body", False):
            await send({"type": "http.response.body", "body": b""})

    return send_headers


def offer_methods(app: FastAPI) -> Middleware:
    """Read the methods of the app's routes (all included by now), for its 405s and OPTIONS;
    return the middleware that answers OPTIONS and HEAD with them."""
    app.state.methods = PathMethods.of(app.routes)
    return Middleware(OfferedMethods, methods=app.state.methods)


def allowed_methods(request: Request) -> str | None:
    """The `Allow` of the request's path, from the table `offer_methods` read."""
    methods: PathMethods = request.app.state.methods
    return methods.allowed(request.scope)
