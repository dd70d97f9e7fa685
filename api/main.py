"""The FastAPI application: opens the store for its lifetime and mounts the routers; GET and
POST `/sparql` are answered beside FastAPI's stack (`api.direct`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.types import Receive, Scope, Send

from api.auth import without_writer_security
from api.direct import DirectSparql
from api.examples import with_examples
from api.methods import offer_methods
from api.problems import problem_schemas, report_problems
from api.routes import (
    assets,
    context,
    dataset,
    docs,
    graph_store,
    health,
    lookups,
    pages,
    queries,
    search,
    sparql,
)
from api.security import SecurityHeaders
from innograph.children import die_with_parent
from innograph.serving import make_ready, open_for_serving, validator_for
from innograph.settings import Settings
from innograph.sparql.service import query_service
from innograph.store import Store

__all__ = ["create_app"]


class Service(FastAPI):
    """The FastAPI application, whose OpenAPI document carries the problem body's schemas
    (`api.problems`) and the seed release's examples, and asks for the update token only
    where the service takes writes (`api.auth`); FastAPI cannot declare either."""

    def __init__(self, *, takes_writes: bool, **options: Any) -> None:
        super().__init__(**options)
        self.takes_writes = takes_writes
        self.direct: DirectSparql | None = None
        """Set once the app is built: GET and POST `/sparql`, outside the stack (`api.direct`)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.direct is not None and DirectSparql.serves(scope):
            scope["app"] = self
            await self.direct(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)

    def openapi(self) -> dict[str, Any]:
        if self.openapi_schema is None:
            document = super().openapi()
            document["components"]["schemas"].update(problem_schemas())
            if not self.takes_writes:
                document = without_writer_security(document)
            self.openapi_schema = with_examples(document)
        return self.openapi_schema


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the service; with no arguments, configure it from the environment."""
    settings = settings or Settings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        die_with_parent()  # one of `innograph serve --processes N`'s: ends with the command
        owned = store is None
        app.state.settings = settings
        # Read-only processes take no writes: no shapes to load (pySHACL and rdflib) in each.
        app.state.validator = None if settings.serves_read_only else validator_for(settings)
        if store is None:
            app.state.store = await run_in_threadpool(
                open_for_serving, settings, app.state.validator
            )
        else:
            app.state.store = store
            await run_in_threadpool(make_ready, store, settings, app.state.validator)
        pool = query_service(app.state.store, settings)
        app.state.query_pool = await run_in_threadpool(pool.start)
        try:
            yield
        finally:
            pool.close()
            if owned:
                app.state.store.close()

    app = Service(
        takes_writes=settings.takes_writes,
        title="innograph",
        summary="A knowledge graph of innovation ecosystems: SPARQL, REST and pages.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # api.routes.docs serves it from files here, not from a CDN
        redoc_url=None,
    )
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(lookups.router)
    app.include_router(search.router)
    app.include_router(queries.router)
    app.include_router(context.router)
    app.include_router(docs.router)
    app.include_router(assets.router)
    app.include_router(pages.router)
    app.include_router(dataset.router)
    report_problems(app)
    answering = answer_middleware()
    # The methods' middleware inside CORS: preflights are answered there.
    app.user_middleware = [*answering, offer_methods(app)]
    app.direct = DirectSparql(app, answering)
    return app


def answer_middleware() -> list[Middleware]:
    """What every answer passes through, outermost first: security headers, compression,
    CORS (for the full stack and for `api.direct` alike)."""
    return [
        Middleware(SecurityHeaders),
        # Level 6 compresses like 9 (1,256 against 1,244 bytes for a page of organisations) in
        # three quarters of the time.
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=6),
        # Browsers on other origins may query (and, with the token, write); the token is sent
        # explicitly in Authorization, never as a cookie, so credentials mode stays off.
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
            allow_headers=["Accept", "Authorization", "Content-Type", "If-None-Match"],
            expose_headers=["ETag", "X-Innograph-Result-Limit", "Retry-After"],
        ),
    ]
