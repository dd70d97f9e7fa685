"""innograph/store: what an embedded store offers beyond every store (copies, comparisons)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from innograph.store import DEFAULT_GRAPH, open_snapshot, open_store

EX = "http://example.org/"


def test_changed_graphs_names_each_graph_an_update_changed_with_its_quads(tmp_path: Path) -> None:
    """Compared with a copy taken before an update, through the protocol alone: a graph added
    or rewritten comes with its quads, a dropped one with none, an untouched one not at all."""
    store = open_store(":memory:")
    store.update(
        f"INSERT DATA {{ GRAPH <{EX}kept> {{ <{EX}a> <{EX}p> 1 }} "
        f"GRAPH <{EX}dropped> {{ <{EX}b> <{EX}p> 2 }} }}"
    )
    store.checkpoint(tmp_path / "before")
    before = open_snapshot(tmp_path / "before")
    store.update(f"DROP GRAPH <{EX}dropped> ; INSERT DATA {{ <{EX}c> <{EX}p> 3 }}")
    try:
        changed = store.changed_graphs(before)
        assert before.changed_graphs(before) == {}
    finally:
        before.close()
        store.close()
    assert changed.keys() == {f"{EX}dropped", DEFAULT_GRAPH}
    assert changed[f"{EX}dropped"] == []
    assert [quad.subject for quad in changed[DEFAULT_GRAPH]] == [pyoxigraph.NamedNode(f"{EX}c")]


def test_the_union_reads_the_stores_own_default_graph_once_an_update_writes_it() -> None:
    """The union default graph leaves the store's own default graph out while it is empty
    (each graph listed costs the engine); the write that fills it, and the one that empties
    it again, are seen by the next query."""
    store = open_store(":memory:")
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}p> ?o }}"

    def counted() -> int:
        result = store.query(count)
        assert isinstance(result, pyoxigraph.QuerySolutions)
        (row,) = result
        term = row[0]
        assert isinstance(term, pyoxigraph.Literal)
        return int(term.value)

    try:
        store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 }} }}")
        assert counted() == 1
        store.update(f"INSERT DATA {{ <{EX}b> <{EX}p> 2 }}")  # the store's own default graph
        assert counted() == 2
        store.update(f"DELETE DATA {{ <{EX}b> <{EX}p> 2 }}")
        assert counted() == 1
    finally:
        store.close()
