"""What the store holds: triples per graph and instances per class."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from innograph.queries import read_query, run_query
from innograph.store import Store

__all__ = ["StoreStatistics", "store_statistics", "instances_per_class"]

_INSTANCES_PER_CLASS = Path(__file__).with_name("instances-per-class.rq")


@dataclass(frozen=True)
class StoreStatistics:
    triples: int
    triples_per_graph: dict[str, int]
    instances_per_class: dict[str, int]


def store_statistics(store: Store) -> StoreStatistics:
    """Given a store, return its triple counts and class sizes."""
    per_graph = {graph: store.triple_count(graph) for graph in store.named_graphs()}
    return StoreStatistics(
        triples=store.triple_count(),
        triples_per_graph=per_graph,
        instances_per_class=instances_per_class(store),
    )


def instances_per_class(store: Store) -> dict[str, int]:
    """Given a store, return how many resources each class has, the largest first."""
    result = run_query(store, read_query(_INSTANCES_PER_CLASS))
    assert isinstance(result, pyoxigraph.QuerySolutions)
    per_class = {}
    for row in result:
        class_term, count = row["class"], row["instances"]
        if isinstance(class_term, pyoxigraph.NamedNode) and isinstance(count, pyoxigraph.Literal):
            per_class[class_term.value] = int(count.value)
    return per_class
