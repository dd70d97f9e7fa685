"""The query service of a store: worker processes for the embedded store, or its serving
process's own threads when several processes serve it read-only (the fast lane), HTTP for a
remote one; the HTTP routes take any of them (`QueryService`)."""

from __future__ import annotations

from typing import cast

from innograph.settings import Settings
from innograph.sparql.execution import QueryPool
from innograph.sparql.fast_lane import FastLane
from innograph.sparql.remote_execution import RemoteQueries
from innograph.store import EmbeddedStore, Store
from innograph.store.remote import RemoteStore

__all__ = ["QueryService", "query_service"]

QueryService = QueryPool | FastLane | RemoteQueries
"""What answers `/sparql` and takes the writes of the HTTP service."""


def query_service(store: Store, settings: Settings) -> QueryService:
    """Given the store the service opened, return its query service, not yet started."""
    if isinstance(store, RemoteStore):
        return RemoteQueries(store, settings)
    if settings.queries_in_process:
        return FastLane.from_settings(cast(EmbeddedStore, store), settings)
    return QueryPool.from_settings(cast(EmbeddedStore, store), settings)  # the other kind
