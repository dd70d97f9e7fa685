"""`/sparql` reads asserted and inferred triples by default, the asserted ones with `infer=false`,
and either graph as SPARQL datasets name them (innograph/sparql/inference.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient

from innograph.loading import load
from innograph.namespaces import IGID, INFERRED_GRAPH
from innograph.reasoning.closure import materialise
from innograph.reasoning.rules import rules_for
from innograph.settings import MEMORY
from innograph.store import Store, open_store
from tests.api.conftest import SparqlClientFactory
from tests.api.test_lookups import ids
from tests.api.test_service_description import SD, description
from tests.conftest import REPOSITORY

ACME = "https://example.org/acme"
_ACME_FILE = f"""
@prefix ig: <https://w3id.org/innograph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{ACME}> a ig:Company ; rdfs:label "Acme"@en ;
    ig:hasAgreementWith <{IGID}organisation/zambon> .
"""
"""One agreement stated in one direction only: the other is ig:hasAgreementWith's symmetry."""

SEED_ORGANISATIONS = {
    IGID + "organisation/" + slug
    for slug in ("iasp", "image-building", "openzone", "tuspark-jiangsu", "zambon")
}
ORGANIZATIONS = "SELECT ?x WHERE { ?x a org:Organization }"


@pytest.fixture(scope="module")
def reasoned_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The ontology, the seed and Acme, with the inferred graph materialised."""
    extra = tmp_path_factory.mktemp("acme") / "acme.ttl"
    extra.write_text(_ACME_FILE, encoding="utf-8")
    store = open_store(MEMORY)
    load([REPOSITORY / "ontology", REPOSITORY / "data", extra], store=store)
    materialise(store, rules_for(store))
    yield store
    store.close()


def _values(client: TestClient, query: str, **parameters: Any) -> set[str]:
    response = client.get(
        "/sparql",
        params={"query": query, **parameters},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    return {value["value"] for row in rows for value in row.values()}


def _graph_of(store: Store, name: str) -> str:
    return next(graph for graph in store.named_graphs() if graph.endswith(name))


def test_queries_see_inferred_types_unless_infer_is_false(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    assert _values(client, ORGANIZATIONS) == SEED_ORGANISATIONS | {ACME}
    assert _values(client, ORGANIZATIONS, infer="false") == set()
    assert _values(client, ORGANIZATIONS, infer="true") == SEED_ORGANISATIONS | {ACME}
    graph_query = "SELECT ?x WHERE { GRAPH ?g { ?x a org:Organization } }"
    assert _values(client, graph_query, infer="false") == set()


def test_symmetric_and_inverse_links_are_inferred_in_both_directions(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    partners = f"SELECT ?x WHERE {{ ?x org:linkedTo|ig:hasAgreementWith <{ACME}> }}"
    assert _values(client, partners) == {IGID + "organisation/zambon"}
    assert _values(client, partners, infer="false") == set()
    parties = "SELECT ?party WHERE { ?party ig:partyTo ?agreement }"
    assert IGID + "organisation/openzone" in _values(client, parties)
    assert _values(client, parties, infer="false") == set()


def test_a_dataset_naming_a_graph_is_read_as_named(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    """default-graph-uri and FROM choose the dataset, with or without infer=false."""
    client = sparql_client_factory(reasoned_store)
    release = _graph_of(reasoned_store, "2021-05-17-openzone-tuspark.ttl")
    inferred = {"default-graph-uri": INFERRED_GRAPH}
    assert _values(client, ORGANIZATIONS, **inferred) == SEED_ORGANISATIONS | {ACME}
    assert _values(client, ORGANIZATIONS, infer="false", **inferred) == SEED_ORGANISATIONS | {ACME}
    assert _values(client, ORGANIZATIONS, **{"default-graph-uri": release}) == set()
    from_inferred = f"SELECT ?x FROM <{INFERRED_GRAPH}> WHERE {{ ?x a org:Organization }}"
    assert _values(client, from_inferred, infer="false") == SEED_ORGANISATIONS | {ACME}


def test_with_the_own_default_graph_infer_false_hides_the_inferred_graph_from_graph(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store, union_default_graph=False)
    assert _values(client, ORGANIZATIONS) == set()
    graph_query = "SELECT ?x WHERE { GRAPH ?g { ?x a org:Organization } }"
    assert _values(client, graph_query) == SEED_ORGANISATIONS | {ACME}
    assert _values(client, graph_query, infer="false") == set()


def test_infer_takes_true_or_false_once(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    refused = client.get("/sparql", params={"query": ORGANIZATIONS, "infer": "maybe"})
    assert refused.status_code == 400
    assert "infer" in refused.json()["detail"]
    twice = client.get("/sparql", params=[("query", ORGANIZATIONS), *[("infer", "false")] * 2])
    assert twice.status_code == 400


def test_the_service_description_names_the_inferred_graph_and_the_entailment(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    response = sparql_client_factory(reasoned_store).get(
        "/sparql", headers={"Accept": "text/turtle"}
    )
    graph, service = description(response.content)
    assert graph.value(service, SD.defaultEntailmentRegime) == rdflib.URIRef(
        "http://www.w3.org/ns/entailment/OWL-RDF-Based"
    )
    assert "infer=false" in str(graph.value(service, rdflib.RDFS.comment))
    (named,) = graph.subjects(SD.name, rdflib.URIRef(INFERRED_GRAPH))
    assert "OWL 2 RL closure" in str(graph.value(named, rdflib.RDFS.comment))


@pytest.mark.parametrize("reasoned", [False, True], ids=["asserted", "reasoned"])
def test_the_type_filter_follows_the_class_hierarchy_with_or_without_inferences(
    reasoned: bool,
    reasoned_store: Store,
    seed_client: TestClient,
    sparql_client_factory: SparqlClientFactory,
) -> None:
    """org:Organization is above ig:Organisation, foaf:Organization equivalent to it: either
    lists every organisation, whether the inferred graph is there or not."""
    client = sparql_client_factory(reasoned_store) if reasoned else seed_client
    every = sorted(organisation.removeprefix(IGID) for organisation in SEED_ORGANISATIONS)
    every += ["https://example.org/acme"] if reasoned else []
    for kind in ("org:Organization", "foaf:Organization", "foaf:Agent"):
        listed = client.get("/api/organizations", params={"type": kind, "limit": 50})
        assert listed.status_code == 200, listed.text
        assert sorted(ids(listed.json()["items"])) == sorted(every), kind
    refused = client.get("/api/organizations", params={"type": "foaf:Person"})
    assert refused.status_code == 422
