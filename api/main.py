"""The FastAPI application: opens the store for its lifetime and mounts the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.routes import graph_store, health, lookups, queries, search, sparql
from innograph.errors import (
    InnographError,
    InvalidParameter,
    NotFound,
    ParseError,
    QueryError,
    QueryRefused,
    QueryTimeout,
    StoreError,
    ValidationError,
)
from innograph.serving import make_ready, open_for_serving, validator_for
from innograph.settings import Settings
from innograph.sparql.execution import QueryPool
from innograph.store import EmbeddedStore

__all__ = ["create_app"]


def create_app(settings: Settings | None = None, store: EmbeddedStore | None = None) -> FastAPI:
    """Build the service; with no arguments, configure it from the environment."""
    settings = settings or Settings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
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
        pool = QueryPool.from_settings(app.state.store, settings)
        app.state.query_pool = await run_in_threadpool(pool.start)
        try:
            yield
        finally:
            pool.close()
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="innograph",
        summary="A knowledge graph of innovation ecosystems: SPARQL, REST and pages.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.include_router(health.router)
    app.include_router(sparql.router)
    app.include_router(graph_store.router)
    app.include_router(lookups.router)
    app.include_router(search.router)
    app.include_router(queries.router)
    app.add_exception_handler(InnographError, _innograph_error)
    # Browsers on other origins may query (and, with the token, write); the token is sent
    # explicitly in Authorization, never as a cookie, so credentials mode stays off.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
        allow_headers=["Accept", "Authorization", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "X-Innograph-Result-Limit", "Retry-After"],
    )
    # Level 6 compresses like 9 (1,256 against 1,244 bytes for a page of organisations) in
    # three quarters of the time.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    return app


_STATUS: dict[type[InnographError], int] = {
    NotFound: 404,
    InvalidParameter: 422,
    QueryError: 400,
    ParseError: 400,
    ValidationError: 422,
    StoreError: 503,
    QueryRefused: 403,
    QueryTimeout: 503,
}


async def _innograph_error(request: Request, error: Exception) -> JSONResponse:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 500)
    return JSONResponse(
        {
            "type": "about:blank",
            "title": type(error).__name__,
            "status": status,
            "detail": str(error),
        },
        status_code=status,
        media_type="application/problem+json",
    )
