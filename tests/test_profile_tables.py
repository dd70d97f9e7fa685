"""The tables a profile is read from hold, for every resource, exactly what their queries give
bound to it, in the order those queries' ORDER BY gave: on the seed and on a generated,
traced ecosystem."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph
import pytest

from benchmarks.generate import generate, traced
from innograph.loading import load
from innograph.lookups import organisation, prepare, profile_at_hand
from innograph.lookups.descriptions import KINDS_OF, ORGANISATION
from innograph.lookups.profiles import STATEMENTS, TABLES
from innograph.lookups.row_tables import RowTable, order_key
from innograph.lookups.rows import service_query
from innograph.queries import run_query
from innograph.store import Store, open_store
from tests.conftest import REPOSITORY, FileFactory, StoreFactory

Rows = list[tuple[tuple[str, str], ...]]


@pytest.fixture(scope="module", params=["seed", "generated"])
def prepared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    store = open_store(":memory:")
    if request.param == "seed":
        load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
    else:
        path = tmp_path_factory.mktemp("generated") / "ecosystem.nt"
        path.write_text("".join(traced(generate(300, seed=11))), encoding="utf-8")
        load([REPOSITORY / "ontology", path], store=store)
    prepare(store)
    yield store
    store.close()


def _resources(store: Store) -> list[str]:
    """The resources lookups describe (organisations, people, places, agreements, sources):
    all of the seed's, 50 of a generated ecosystem's (a bound `sources-about` takes 0.2 s on
    traced data)."""
    every = sorted({resource for resource, _ in KINDS_OF.table(store).items()})
    return every if len(every) <= 50 else random.Random(5).sample(every, 50)


def _canonical(rows: Iterable[Mapping[str, object]]) -> Rows:
    """Rows as sorted (variable, N-Triples term) pairs, sorted: comparable across sources."""
    return sorted(
        tuple(sorted((name, str(term)) for name, term in row.items() if term is not None))
        for row in rows
    )


def _bound(store: Store, table: RowTable, variable: str, resource: str) -> Rows:
    """The rows of the table's query bound to one resource."""
    bindings = {variable: pyoxigraph.NamedNode(resource)}
    result = run_query(store, service_query(table.query), bindings=bindings)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    names = [name.value for name in result.variables]
    return _canonical(dict(zip(names, solution, strict=True)) for solution in result)


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.query)
def test_each_resource_has_the_rows_of_its_query_bound_to_it_in_order(
    prepared: Store, table: RowTable
) -> None:
    checked = 0
    for resource in _resources(prepared):
        for variable in table.keys:
            held = table.rows(prepared, resource, variable)
            keys = [tuple(order_key(row[name]) for name in table.order) for row in held]
            assert keys == sorted(keys), f"{table.query} rows of {resource} out of order"
            expected = _bound(prepared, table, variable, resource)
            if table is STATEMENTS and ORGANISATION not in KINDS_OF.get(prepared, resource):
                expected = []  # only organisations have profiles
            assert _canonical(held) == expected, f"{table.query} rows of {resource}"
            checked += len(expected)
    assert checked > 0 or table.query in ("contact-points", "sources-about")


def test_the_order_of_rows_is_the_order_pyoxigraph_sorts_terms_in() -> None:
    values = (
        '"b"@it "a"@en "b"@en "a"@it "c" "a" 3 "b"^^<http://x/t> "a"^^<http://x/t> 2.5 10 '
        '"2024-01-01"^^xsd:date "2023-01-01"^^xsd:date <http://b> <http://a>'
    )
    query = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        f"SELECT ?v WHERE {{ VALUES ?v {{ {values} UNDEF }} }} ORDER BY ?v"
    )
    ordered = [row[0] for row in pyoxigraph.Store().query(query)]
    assert len(ordered) == 16
    assert sorted(reversed(ordered), key=order_key) == ordered


def test_a_profile_is_at_hand_once_the_tables_of_the_version_are_open(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    """`/api/organizations/{id}` answers on the event loop only what needs no table built."""
    store = store_factory()
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
    assert not profile_at_hand(store)
    assert organisation(store, "openzone").name == "OpenZone"  # builds what it reads
    assert profile_at_hand(store)
    load(
        [file_factory("more.ttl", "<http://example.org/x> a <http://example.org/Y> .")], store=store
    )
    assert not profile_at_hand(store)  # a new version: its tables are not open yet
