"""Dependencies shared by the routes, declared once as `Annotated` aliases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from starlette.background import BackgroundTask

from innograph.ingest.validation import Validator
from innograph.lookups import prepare
from innograph.lookups.paging import CURSOR_PATTERN
from innograph.settings import Settings
from innograph.sparql.service import QueryService
from innograph.store import Store

__all__ = [
    "StoreDep",
    "SettingsDep",
    "QueryPoolDep",
    "prepare_after_answer",
    "ValidatorDep",
    "OrganisationFilters",
    "OrganisationFiltersDep",
    "Paging",
    "PagingDep",
]


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_query_pool(request: Request) -> QueryService:
    pool: QueryService = request.app.state.query_pool
    return pool


async def get_validator(request: Request) -> Validator | None:
    validator: Validator | None = request.app.state.validator
    return validator


QueryPoolDep = Annotated[QueryService, Depends(get_query_pool)]


def prepare_after_answer(store: Store) -> BackgroundTask:
    """A task for the answer to a write: prepare the lookups of the store's new version once
    the answer is sent, so that the next lookup does not wait for them."""
    return BackgroundTask(prepare, store)


ValidatorDep = Annotated[Validator | None, Depends(get_validator)]


@dataclass(frozen=True)
class OrganisationFilters:
    """The filters of `/api/organizations`, read from the query string."""

    type: Annotated[
        str | None,
        Query(min_length=1, max_length=500, description="A kind: `SciencePark`, `ig:Company` …"),
    ] = None
    sector: Annotated[
        str | None, Query(min_length=1, max_length=500, description="A sector id: `healthcare`.")
    ] = None
    country: Annotated[
        str | None, Query(min_length=1, max_length=500, description="A place id: `italy`.")
    ] = None
    member_of: Annotated[
        str | None, Query(min_length=1, max_length=500, description="An association id: `iasp`.")
    ] = None
    q: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Text within a name.")
    ] = None


@dataclass(frozen=True)
class Paging:
    """`limit` and `cursor` of a paginated list (RFC 8288 `Link: <…>; rel="next"`)."""

    limit: Annotated[int, Query(ge=1, le=100, description="Items per page.")] = 20
    cursor: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=2000,
            pattern=CURSOR_PATTERN,
            description="`next_cursor` of the previous page (404 if no page has it).",
        ),
    ] = None


OrganisationFiltersDep = Annotated[OrganisationFilters, Depends()]
PagingDep = Annotated[Paging, Depends()]
