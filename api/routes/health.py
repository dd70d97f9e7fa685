"""`/health`: is the store reachable, and how much does it hold."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import QueryPoolDep, SettingsDep, StoreDep
from api.problems import problem_responses
from innograph.sparql.fast_lane import FastLane

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    triples: int
    graphs: int
    version: str
    writes: bool
    """Whether the service takes writes (SPARQL Update, Graph Store) from token holders."""
    processes: int
    """How many processes serve (`INNOGRAPH_PROCESSES`); more than one serve read-only."""
    answering: int | None = None
    """Serving processes accepting requests (with the fast lane; else not reported)."""
    waiting: int | None = None
    """Serving processes holding a query past the time limit that wait for another process to
    answer before they retire, answering meanwhile (with the fast lane)."""
    retiring: int | None = None
    """Serving processes that retired after a query ran past the time limit, finishing their
    requests before they exit (with the fast lane)."""
    restarted: int | None = None
    """Serving processes started since the service started, each in place of one that retired
    or died (with the fast lane)."""


@router.get("/health", responses=problem_responses(503))
def health(store: StoreDep, settings: SettingsDep, queries: QueryPoolDep) -> Health:
    """Report that the store answers, with its triple count and version, and how it is served:
    with the fast lane, which processes answer, retire and were restarted."""
    counts = queries.processes() if isinstance(queries, FastLane) else None
    return Health(
        status="ok",
        triples=store.triple_count(),
        graphs=len(store.named_graphs()),
        version=store.version,
        writes=settings.takes_writes,
        processes=settings.processes,
        **(asdict(counts) if counts is not None else {}),
    )
