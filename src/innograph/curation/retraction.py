"""Remove a release: its graph, and with it every fact only it states.

A release is one file and one named graph (`innograph.loading`), so retracting it drops that
graph: a fact another release also states stays, in that release's graph, with that release's
provenance. The inferred graph follows in the same transaction (the reasoning patch of the
drop), and the catalog forgets the file. The removal is made durable by deleting the release's
Turtle from its folder, since `serve` seeds an empty store from `data/`; the sheet it came from
stays, so `innograph ingest` adds it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import NotFound
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning import inferred_patch
from innograph.store import CatalogRecord, Store

__all__ = ["Retraction", "retract"]


@dataclass(frozen=True)
class Retraction:
    """What a retraction removed, and what stayed because other releases state it."""

    graph: GraphName
    file: Path
    removed: int
    """Triples of the release's graph."""
    kept: int
    """Of them, those another graph still states."""
    deleted_file: bool


def retract(release: str, *, store: Store, reasoning: bool = False) -> Retraction:
    """Given a release's name (`2021-05-17-openzone-tuspark`), file or graph IRI, remove its
    graph from the store and its file from disk; NotFound if no loaded file matches."""
    record = _record(store, release)
    quads = list(store.quads(graph=record.source))
    drop = set(record.graphs)
    patches = inferred_patch(store, {}, drop=drop) if reasoning else None
    store.write({}, drop=drop, forget=[record.source], patches=patches)
    kept = sum(1 for quad in quads if _stated_elsewhere(store, quad))
    file = Path(record.path)
    deleted = file.is_file()
    file.unlink(missing_ok=True)
    return Retraction(record.source, file, len(quads), kept, deleted)


def _record(store: Store, release: str) -> CatalogRecord:
    catalog = store.catalog()
    if release in catalog:
        return catalog[release]
    wanted = Path(release)
    for record in catalog.values():
        path = Path(record.path)
        if path.stem == release or (wanted.exists() and path.resolve() == wanted.resolve()):
            return record
    raise NotFound(f"no loaded release is named {release!r} (see `innograph stats` for the graphs)")


def _stated_elsewhere(store: Store, quad: pyoxigraph.Quad) -> bool:
    if isinstance(quad.subject, pyoxigraph.BlankNode):
        return False
    found = store.quads(quad.subject, quad.predicate, quad.object)
    return any(
        isinstance(other.graph_name, pyoxigraph.NamedNode)
        and other.graph_name.value != INFERRED_GRAPH
        for other in found
    )
