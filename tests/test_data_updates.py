"""An update of INSERT DATA and DELETE DATA only is not rehearsed: its change is read from its
text (issue #16), so it is validated and reasoned about at its own cost; any other update is
rehearsed as before. Checked against the store's own answers and through `QueryPool.update`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from innograph.errors import ValidationError
from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.sparql.data_updates import data_change
from innograph.sparql.execution import QueryPool
from innograph.store import Store
from tests.conftest import StoreFactory
from tests.seed_release import ONTOLOGY_PATH, RELEASE_PATH, SHAPES_PATH

EX = "http://example.org/"
GRAPH = f"{EX}g"
OPENZONE = "https://w3id.org/innograph/id/organisation/openzone"
PASSAGE = "https://w3id.org/innograph/id/source/2021-05-17-openzone-tuspark/passage/3"


def _quad(subject: str, value: str, graph: str = GRAPH) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(
        pyoxigraph.NamedNode(EX + subject),
        pyoxigraph.NamedNode(f"{EX}p"),
        pyoxigraph.Literal(value),
        pyoxigraph.NamedNode(graph),
    )


@pytest.fixture
def store(store_factory: StoreFactory) -> Store:
    """A store whose graph holds `ex:a ex:p "1"`."""
    made = store_factory()
    made.write({GRAPH: [_quad("a", "1")]})
    return made


def test_an_insert_adds_what_the_store_lacks_and_a_delete_removes_what_it_has(
    store: Store,
) -> None:
    change = data_change(
        store,
        f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{EX}a> <{EX}p> "1" . <{EX}b> <{EX}p> "2" }} }} ;'
        f'DELETE DATA {{ GRAPH <{GRAPH}> {{ <{EX}a> <{EX}p> "1" . <{EX}c> <{EX}p> "3" }} }}',
    )
    assert change is not None
    assert set(change.added) == {_quad("b", "2")}
    assert set(change.removed) == {_quad("a", "1")}


def test_operations_apply_in_order(store: Store) -> None:
    text = f'<{EX}b> <{EX}p> "2"'
    change = data_change(
        store,
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {text} }} }} ; "
        f"DELETE DATA {{ GRAPH <{GRAPH}> {{ {text} }} }}",
    )
    assert change is not None and not change.added and not change.removed


@pytest.mark.parametrize(
    "update",
    [
        f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}",
        f'INSERT {{ GRAPH <{GRAPH}> {{ ?s <{EX}q> "x" }} }} WHERE {{ ?s ?p ?o }}',
        f"INSERT DATA {{ GRAPH <{GRAPH}> {{ _:new <{EX}p> 1 }} }}",
        f"CLEAR GRAPH <{GRAPH}>",
    ],
    ids=["delete-where", "insert-where", "blank-node", "clear"],
)
def test_other_updates_are_left_to_the_rehearsal(store: Store, update: str) -> None:
    assert data_change(store, update) is None


@pytest.fixture
def seeded(store_factory: StoreFactory) -> Iterator[tuple[QueryPool, Validator]]:
    """A pool over the ontology and the seed release, reasoning on, and the shapes."""
    made = store_factory()
    load([ONTOLOGY_PATH, RELEASE_PATH], store=made, reasoning=True)
    pool = QueryPool(made, workers=1, timeout=30.0, result_limit=100, reasoning=True).start()  # type: ignore[arg-type]
    yield pool, Validator.from_paths(SHAPES_PATH, [ONTOLOGY_PATH])
    pool.close()


def test_a_one_triple_insert_is_checked_against_the_store(
    seeded: tuple[QueryPool, Validator],
) -> None:
    """An untraced fact about a node the release describes is refused, naming the node, and
    changes nothing; a label for a passage (the frame needs no annotation) is written."""
    pool, validator = seeded
    count = pool._store.triple_count()
    untraced = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <{OPENZONE}> <{EX}p> 1 }} }}"
    with pytest.raises(ValidationError, match=f"focus node {OPENZONE}") as refused:
        pool.update(untraced, validator=validator)
    assert refused.value.path == Path("SPARQL Update")
    assert pool._store.triple_count() == count
    label = f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{PASSAGE}> <{EX}p> "a label"@en }} }}'
    pool.update(label, validator=validator)
    assert pool._store.triple_count() == count + 1
