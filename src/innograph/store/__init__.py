"""The interfaces store backends implement, so the layers above never see which.

The embedded pyoxigraph store (`innograph.store.oxigraph`) is the default and implements
`EmbeddedStore`; a remote SPARQL 1.1 store (through SPARQLWrapper) implements `Store`, what
every backend offers (`innograph.store.protocol` says where the line runs, and why).
pyoxigraph's term and result types are the common language: a remote backend parses its
answers into them.
"""

from __future__ import annotations

from pathlib import Path

from innograph.settings import Settings
from innograph.store.protocol import (
    DEFAULT_GRAPH,
    CatalogRecord,
    EmbeddedStore,
    Patch,
    QueryResult,
    Store,
)

__all__ = [
    "DEFAULT_GRAPH",
    "Store",
    "EmbeddedStore",
    "CatalogRecord",
    "Patch",
    "QueryResult",
    "open_store",
    "open_snapshot",
    "open_configured",
]


def open_store(location: str, *, read_only: bool = False) -> EmbeddedStore:
    """Given `:memory:` or a folder path, return the embedded store there.

    Read-only, the folder must hold a store that no process writes while it is open (serving
    from several processes at once, `Settings.processes`)."""
    from innograph.store.oxigraph import OxigraphStore

    return OxigraphStore.open(location, read_only=read_only)


def open_snapshot(directory: Path) -> EmbeddedStore:
    """Given a folder written by `EmbeddedStore.checkpoint`, return a read-only store over it."""
    from innograph.store.oxigraph import OxigraphStore

    return OxigraphStore.open_snapshot(directory)


def open_configured(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name: the remote SPARQL store of INNOGRAPH_BACKEND=sparql
    (checked at once: StoreError says what is wrong with it), else the embedded one."""
    if settings.remote is None:
        return open_store(settings.store, read_only=read_only)
    from innograph.store.remote import RemoteStore

    return RemoteStore.open(settings.remote, timeout=settings.query_timeout, read_only=read_only)
