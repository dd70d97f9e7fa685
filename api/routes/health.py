"""`/health`: is the store reachable, and how much does it hold."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep

router = APIRouter(tags=["service"])


class Health(BaseModel):
    status: str
    triples: int
    graphs: int
    version: str


@router.get("/health")
def health(store: StoreDep) -> Health:
    """Report that the store answers, with its triple count and version."""
    return Health(
        status="ok",
        triples=store.triple_count(),
        graphs=len(store.named_graphs()),
        version=store.version,
    )
