"""The SHACL checks of one write: for each graph it changes, the nodes that graph's change
touches and the triples around them after the whole write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from innograph._types import GraphName
from innograph.ingest.validation import CheckJob, Validator
from innograph.reasoning.change import Change, asserted_delta, change_of_write
from innograph.reasoning.stored import StoredQuads
from innograph.store import DEFAULT_GRAPH, Store
from innograph.validation.after import After
from innograph.validation.surroundings import focus_of, surroundings

__all__ = ["checks_of_write", "checks_of_change"]


def checks_of_write(
    validator: Validator,
    store: Store,
    graphs: Mapping[GraphName, Sequence[Quad]],
    *,
    drop: Iterable[GraphName] = (),
    names: Mapping[GraphName, Path] | Path,
) -> list[CheckJob]:
    """Given what `Store.write` is about to be called with, return its checks (none for a
    write that changes nothing): one per name in `names`, which names each graph (a file) or
    the whole write (the request body, the update), covering the nodes its graphs' change
    touches. The shapes file, loaded as a graph, is not data: it is not checked, nor read."""
    return checks_of_change(
        validator, store, change_of_write(store, graphs, drop=drop), names=names
    )


def checks_of_change(
    validator: Validator,
    store: Store,
    written: Change,
    *,
    names: Mapping[GraphName, Path] | Path,
    stored: StoredQuads | None = None,
) -> list[CheckJob]:
    """Like `checks_of_write`, given the change itself (quads added and removed); `stored`:
    the store's `StoredQuads`, to share with the write's reasoning what it learns."""
    unread = {NamedNode(validator.shapes_graph)} if validator.shapes_graph else set()
    change = Change(
        tuple(q for q in written.added if q.graph_name not in unread),
        tuple(q for q in written.removed if q.graph_name not in unread),
    )
    stored = stored or StoredQuads(store, probing=bool(change.added))
    gained, lost = asserted_delta(stored, change)
    after = After(stored, gained, lost, unread=unread)
    by_name: dict[Path, list[Quad]] = defaultdict(list)
    for quad in (*change.added, *change.removed):
        name = names if isinstance(names, Path) else names[_graph_name(quad.graph_name)]
        by_name[name].append(quad)
    pointing = [NamedNode(p) for p in sorted(validator.targets_objects_of)]
    jobs = []
    for name, quads in by_name.items():
        focus = focus_of(after, (quad.triple for quad in quads), (*gained, *lost))
        triples = surroundings(after, focus, pointing)
        jobs.append(
            CheckJob(
                path=name,
                triples=pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b"",
                focus=frozenset(node.value for node in focus if isinstance(node, NamedNode)),
            )
        )
    return jobs


def _graph_name(graph: object) -> GraphName:
    return graph.value if isinstance(graph, NamedNode) else DEFAULT_GRAPH
