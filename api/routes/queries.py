"""`/api/queries`: the project's named queries (`queries/*.rq`) as operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api import schemas
from api.deps import SettingsDep, StoreDep
from api.representation import FOUND_RESPONSES, LIST_RESPONSES, LookupRoute, represent
from innograph import lookups
from innograph.lookups import models

router = APIRouter(prefix="/api", tags=["queries"], route_class=LookupRoute)

Name = Annotated[str, Path(description="The query's name (its header `name:` or file stem).")]


@router.get("/queries", response_model=schemas.QueryList, responses=LIST_RESPONSES)
def queries(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Every named query, with its header (question in English and Italian) and parameters."""
    found = lookups.named_queries(settings.queries)
    return represent(request, schemas.QueryList(queries=found), store=store)


@router.get("/queries/{name}", response_model=models.QueryAnswer, responses=FOUND_RESPONSES)
def query(request: Request, store: StoreDep, settings: SettingsDep, name: Name) -> Response:
    """Run a named query; each query-string parameter binds the query variable of that name."""
    arguments = dict(request.query_params)
    answer = lookups.run_named_query(
        store, settings.queries, name, arguments, limit=settings.result_limit
    )
    return represent(request, answer, store=store)
