"""The inferred graph's share of a write: computed before the write commits, and committed in
the same transaction, so no reader ever sees new data with old inferences.

A write (a load, a Graph Store request, a SPARQL Update) calls `inferred_patch` with what it
is about to give `Store.write`, and passes the result on as that call's `patches`. The patch
adds and removes inferred quads only, so a release of a few hundred triples costs
milliseconds however large the inferred graph is (`innograph.reasoning.incremental`); a write
that would make the closure inconsistent is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import Quad

from innograph._types import GraphName
from innograph.errors import QueryRefused
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.change import Change, change_of_write
from innograph.reasoning.consistency import ensure_consistent
from innograph.reasoning.facts import asserting
from innograph.reasoning.incremental import update_for
from innograph.reasoning.rules import rules_for
from innograph.reasoning.stored import StoredQuads
from innograph.store import Patch, Store

__all__ = ["inferred_patch", "change_patch", "refuse_inferred"]


def inferred_patch(
    store: Store,
    graphs: Mapping[GraphName, Sequence[Quad]],
    *,
    drop: Iterable[GraphName] = (),
) -> dict[GraphName, Patch]:
    """Given the arguments of a `Store.write` about to be made, return its `patches` for the
    inferred graph; InconsistencyError (nothing written) if the write would make the data
    inconsistent."""
    return change_patch(store, change_of_write(store, graphs, drop=drop))


def change_patch(
    store: Store, change: Change, *, stored: StoredQuads | None = None
) -> dict[GraphName, Patch]:
    """Like `inferred_patch`, given the change itself (quads added and removed); `stored`:
    the store's `StoredQuads`, to share what the write's checks learnt of its terms."""
    if not change.added and not change.removed:
        return {}
    update = update_for(store, change, rules_for(store), stored=stored)
    ensure_consistent(update.violations, lambda triple: asserting(store, triple))
    return {INFERRED_GRAPH: Patch(update.added, update.removed)}


def refuse_inferred(graphs: Iterable[GraphName]) -> None:
    """QueryRefused if a write would change the inferred graph itself: only the reasoner
    writes it, or it would no longer be the closure of the source graphs."""
    if INFERRED_GRAPH in graphs:
        raise QueryRefused(
            f"the graph {INFERRED_GRAPH} holds what the reasoner infers and only it writes "
            "there; change the source graphs instead"
        )
