"""`/health`: is the store reachable, and how much does it hold."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import SettingsDep, StoreDep
from api.problems import problem_responses

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


@router.get("/health", responses=problem_responses(503))
def health(store: StoreDep, settings: SettingsDep) -> Health:
    """Report that the store answers, with its triple count and version, and how it is served."""
    return Health(
        status="ok",
        triples=store.triple_count(),
        graphs=len(store.named_graphs()),
        version=store.version,
        writes=settings.takes_writes,
        processes=settings.processes,
    )
