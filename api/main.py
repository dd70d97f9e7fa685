"""The FastAPI application: opens the store for its lifetime and mounts the routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routes import health, lookups, queries, search, sparql
from innograph.errors import (
    InnographError,
    InvalidParameter,
    NotFound,
    ParseError,
    QueryError,
    StoreError,
    ValidationError,
)
from innograph.loading import seed_if_empty
from innograph.settings import Settings
from innograph.store import Store, open_store
from innograph.validation import Validator

__all__ = ["create_app"]


def _seed(store: Store, settings: Settings) -> None:
    validator = (
        Validator.from_paths(settings.shapes, settings.ontology_paths) if settings.shapes else None
    )
    seed_if_empty(store, settings.seed_paths, validator=validator)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """Build the service; with no arguments, configure it from the environment."""
    settings = settings or Settings.from_environment()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings.store)
        app.state.settings = settings
        _seed(app.state.store, settings)
        try:
            yield
        finally:
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
    app.include_router(lookups.router)
    app.include_router(search.router)
    app.include_router(queries.router)
    app.add_exception_handler(InnographError, _innograph_error)
    return app


_STATUS: dict[type[InnographError], int] = {
    NotFound: 404,
    InvalidParameter: 422,
    QueryError: 400,
    ParseError: 400,
    ValidationError: 422,
    StoreError: 503,
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
