"""`/sparql` reads asserted and inferred triples by default, the asserted ones with `infer=false`,
and either graph as SPARQL datasets name them (innograph/sparql/inference.py)."""

from __future__ import annotations

from typing import Any

import pytest
import rdflib
from fastapi.testclient import TestClient

from innograph.namespaces import IGID, INFERRED_GRAPH
from innograph.store import Store
from tests.api.conftest import ACME, ACME_MOU, MEMBERSHIP_PASSAGE, SparqlClientFactory
from tests.api.test_lookups import ids
from tests.api.test_service_description import SD, description

SEED_ORGANISATIONS = {
    IGID + "organisation/" + slug
    for slug in ("iasp", "image-building", "openzone", "tuspark-jiangsu", "zambon")
}
ORGANIZATIONS = "SELECT ?x WHERE { ?x a org:Organization }"


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
    assert _values(client, parties, infer="false") == {ACME}  # the only party stating its part


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
    # a class that is no kind of organisation names no organisations' type: not found
    no_kind = client.get("/api/organizations", params={"type": "foaf:Person"})
    assert no_kind.status_code == 404
    assert "'type'" in no_kind.json()["detail"]


def _link(client: TestClient, actor: str, relation: str, other: str) -> dict[str, Any]:
    response = client.get(f"/api/organizations/{actor}/links")
    assert response.status_code == 200, response.text
    (found,) = [
        link
        for link in response.json()["links"]
        if link["relation"] == relation and link["other"]["id"] == other
    ]
    return found


def test_a_link_no_source_states_names_its_rule_and_carries_its_premises_evidence(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    """Acme's agreement with Zambon through the memorandum needs `<mou> ig:hasParty <acme>`,
    which only ig:partyTo's inverse gives; its evidence is that of Acme's ig:partyTo."""
    client = sparql_client_factory(reasoned_store)
    inferred = _link(client, ACME, "agreement-partner", "organisation/zambon")
    assert inferred["via"]["iri"] == ACME_MOU
    assert inferred["inferred_by"] in ("prp-inv1", "prp-inv2")
    assert [item["excerpt"] for item in inferred["evidence"]] == ["membri attivi"]
    assert _link(client, "organisation/zambon", "agreement-partner", ACME)["inferred_by"]


def test_a_link_held_in_both_directions_is_stated_with_the_statement_evidence(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    """IASP states its member Acme (org:hasMember): Acme's `member-of` link is that statement
    read from Acme's side, not an inference, whether or not org:memberOf is inferred too."""
    client = sparql_client_factory(reasoned_store)
    for actor, relation, other in (
        (ACME, "member-of", "organisation/iasp"),
        ("organisation/iasp", "has-member", ACME),
    ):
        link = _link(client, actor, relation, other)
        assert link["inferred_by"] is None
        assert [item["excerpt"] for item in link["evidence"]] == ["sono membri attivi della IASP"]


def test_a_link_read_against_the_direction_a_source_states_keeps_that_statement_evidence(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    """The release says OpenZone is founded by Zambon; Zambon's `founded` link is the same
    fact read from Zambon's side, whichever of the two triples the links query met first."""
    client = sparql_client_factory(reasoned_store)
    founded = _link(client, "organisation/zambon", "founded", "organisation/openzone")
    founded_by = _link(client, "organisation/openzone", "founded-by", "organisation/zambon")
    assert founded["inferred_by"] is None and founded_by["inferred_by"] is None
    assert [item["index"] for item in founded["evidence"]] == [9, 12]
    assert founded["evidence"] == founded_by["evidence"]


def _explanation(client: TestClient, *triple: str, **headers: str) -> Any:
    subject, property, object = triple
    return client.get(
        "/api/explanation",
        params={"subject": subject, "property": property, "object": object},
        headers=headers,
    )


def test_the_explanation_goes_down_to_the_passages_that_state_the_premises(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    response = _explanation(client, "openzone", "rdf:type", "org:Organization")
    assert response.status_code == 200, response.text
    derivation = response.json()
    assert derivation["rule"] == "cax-sco" and derivation["family"] == "subclass"
    (axiom,) = derivation["axioms"]
    assert (axiom["subject"]["id"], axiom["object"]["id"]) == ("ig:SciencePark", "org:Organization")
    (premise,) = derivation["premises"]
    assert premise["rule"] is None and premise["triple"]["object"]["id"] == "ig:SciencePark"
    assert premise["graphs"][0].endswith("2021-05-17-openzone-tuspark.ttl")
    assert premise["evidence"] and all(item["passage"]["id"] for item in premise["evidence"])
    membership = _explanation(client, ACME, "org:memberOf", "organisation/iasp").json()
    assert membership["premises"][0]["evidence"][0]["passage"]["iri"] == MEMBERSHIP_PASSAGE


def test_a_triple_the_graph_neither_states_nor_infers_is_not_found(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    missing = _explanation(client, "tuspark-jiangsu", "rdf:type", "foaf:Person")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    incomplete = client.get("/api/explanation", params={"subject": "openzone"})
    assert incomplete.status_code == 422


def test_a_browser_gets_the_explanation_as_a_page(
    reasoned_store: Store, sparql_client_factory: SparqlClientFactory
) -> None:
    client = sparql_client_factory(reasoned_store)
    page = _explanation(client, "zambon", "ig:founded", "openzone", Accept="text/html")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "prp-inv" in page.text and "founded by" in page.text and "passage 9" in page.text
    as_json = _explanation(client, "zambon", "ig:founded", "openzone")
    assert as_json.headers["content-type"].startswith("application/json")
    assert page.headers["etag"] != as_json.headers["etag"]
