"""Every write keeps the inferred graph in step, in its own transaction (issue #15): a load, a
Graph Store write and a SPARQL Update leave the inferred graph equal to the closure of what
they leave asserted; a write that would make the data inconsistent, or that writes the
inferred graph itself, changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from innograph.errors import InconsistencyError, QueryRefused
from innograph.loading import load
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning import closure_of, rules_for
from innograph.sparql.execution import QueryPool
from innograph.sparql.graph_store import drop_graph, replace_graph
from innograph.store import Store
from innograph.store.oxigraph import OxigraphStore
from tests.conftest import StoreFactory
from tests.reasoning.conftest import PREFIXES, SEED

ORG = "http://www.w3.org/ns/org#"
TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
ORGANIZATION = pyoxigraph.NamedNode(ORG + "Organization")
PARK = pyoxigraph.NamedNode("https://example.org/park")
GRAPH = "https://example.org/graph/park"


def _inferred(store: Store) -> set[pyoxigraph.Triple]:
    return {quad.triple for quad in store.quads(graph=INFERRED_GRAPH)}


def _closure(store: Store) -> set[pyoxigraph.Triple]:
    return {quad.triple for quad in closure_of(store, rules_for(store)).quads()}


@pytest.fixture
def pool(store_factory: StoreFactory) -> Iterator[QueryPool]:
    """A reasoning pool over the seed, loaded with reasoning."""
    store = store_factory()
    load(SEED, store=store, reasoning=True)
    assert isinstance(store, OxigraphStore)
    started = QueryPool(store, workers=1, timeout=30, result_limit=100, reasoning=True).start()
    yield started
    started.close()


def test_a_load_writes_the_closure_beside_the_data(store_factory: StoreFactory) -> None:
    store = store_factory()
    load(SEED, store=store, reasoning=True)
    inferred = _inferred(store)
    assert inferred and inferred == _closure(store)
    openzone = pyoxigraph.NamedNode("https://w3id.org/innograph/id/organisation/openzone")
    assert pyoxigraph.Triple(openzone, TYPE, ORGANIZATION) in inferred


def test_a_load_without_reasoning_leaves_no_inferred_graph(store_factory: StoreFactory) -> None:
    store = store_factory()
    load(SEED, store=store)
    assert INFERRED_GRAPH not in store.named_graphs()


def test_a_graph_store_write_and_drop_keep_the_inferred_graph_in_step(pool: QueryPool) -> None:
    turtle = PREFIXES + "<https://example.org/park> a ig:SciencePark ."
    replace_graph(pool, GRAPH, turtle.encode(), pyoxigraph.RdfFormat.TURTLE, validator=None)
    with pool.writing() as store:
        assert pyoxigraph.Triple(PARK, TYPE, ORGANIZATION) in _inferred(store)
        assert _inferred(store) == _closure(store)
    drop_graph(pool, GRAPH)
    with pool.writing() as store:
        assert pyoxigraph.Triple(PARK, TYPE, ORGANIZATION) not in _inferred(store)
        assert _inferred(store) == _closure(store)


def test_a_sparql_update_keeps_the_inferred_graph_in_step(pool: QueryPool) -> None:
    insert = (
        "PREFIX ig: <https://w3id.org/innograph/ontology#> "
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{PARK.value}> a ig:SciencePark }} }}"
    )
    pool.update(insert)
    with pool.writing() as store:
        assert pyoxigraph.Triple(PARK, TYPE, ORGANIZATION) in _inferred(store)
        assert _inferred(store) == _closure(store)
        assert isinstance(store, OxigraphStore)
        assert not [g for g in store.raw.named_graphs() if "staging" in g.value]
    pool.update(insert.replace("INSERT DATA", "DELETE DATA"))
    with pool.writing() as store:
        assert pyoxigraph.Triple(PARK, TYPE, ORGANIZATION) not in _inferred(store)
        assert _inferred(store) == _closure(store)


def test_an_inconsistent_write_changes_nothing(pool: QueryPool, tmp_path: Path) -> None:
    """A park that is also a site: org:Site is disjoint with org:Organization."""
    with pool.writing() as store:
        version, inferred = store.version, _inferred(store)
    update = (
        "PREFIX ig: <https://w3id.org/innograph/ontology#> "
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{PARK.value}> a ig:SciencePark, ig:Site }} }}"
    )
    with pytest.raises(InconsistencyError, match="park"):
        pool.update(update)
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + "ex:park a ig:SciencePark, ig:Site .", encoding="utf-8")
    with pool.writing() as store:
        with pytest.raises(InconsistencyError):
            load([broken], store=store, reasoning=True)
        assert store.version == version and _inferred(store) == inferred
        assert GRAPH not in store.named_graphs()


def test_the_inferred_graph_cannot_be_written_directly(pool: QueryPool) -> None:
    with pytest.raises(QueryRefused, match="reasoner"):
        pool.update(f"INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ <{PARK.value}> a <{ORG}X> }} }}")
    with pytest.raises(QueryRefused, match="reasoner"):
        drop_graph(pool, INFERRED_GRAPH)
