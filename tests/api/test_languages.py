"""A refused write's SHACL messages come in the client's language (`Accept-Language`, English by
default), as `Content-Language` says (api/problems.py, innograph/languages.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import EX, SparqlClientFactory
from tests.api.test_problems import assert_problem

AUTH = {"Authorization": "Bearer s3cret"}
ENGLISH = "A company has a label."
ITALIAN = "Un'azienda ha un'etichetta."
SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{EX}CompanyShape> a sh:NodeShape ;
    sh:targetClass <{EX}Company> ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ;
                  sh:message "{ENGLISH}"@en , "{ITALIAN}"@it ] .
"""
UNLABELLED = f"<{EX}nameless> a <{EX}Company> ."


@pytest.fixture
def client(sparql_client_factory: SparqlClientFactory, tmp_path: Path) -> TestClient:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES, encoding="utf-8")
    return sparql_client_factory(update_token="s3cret", shapes=shapes, ontology_paths=())


@pytest.mark.parametrize(
    ("accept_language", "message", "language"),
    [
        ("en", ENGLISH, "en"),
        (None, ENGLISH, "en"),
        ("en-GB,it;q=0.5", ENGLISH, "en"),
        ("it-IT,en;q=0.3", ITALIAN, "it"),
        ("en;q=0.2, it", ITALIAN, "it"),  # quality decides, not order
        ("fr-CH, fr;q=0.9, *;q=0.5", ENGLISH, "en"),  # none given: English
    ],
)
def test_a_graph_store_put_breaking_the_shapes_is_refused_in_the_clients_language(
    client: TestClient, accept_language: str | None, message: str, language: str
) -> None:
    headers = {"Content-Type": "text/turtle", **AUTH}
    if accept_language is not None:
        headers["Accept-Language"] = accept_language
    response = client.put(
        "/rdf-graphs", params={"graph": f"{EX}graphs/new"}, content=UNLABELLED, headers=headers
    )
    body = assert_problem(response, 422)
    assert body["detail"].startswith("request body: 1 SHACL violation(s):")
    assert f"focus node {EX}nameless" in body["detail"]
    assert body["detail"].endswith(f"): {message}")
    assert response.headers["content-language"] == language


def test_a_sparql_update_breaking_the_shapes_is_refused_in_the_clients_language(
    client: TestClient,
) -> None:
    update = f"INSERT DATA {{ GRAPH <{EX}graphs/new> {{ {UNLABELLED} }} }}"
    response = client.post(
        "/sparql", data={"update": update}, headers={**AUTH, "Accept-Language": "it"}
    )
    detail = json.loads(response.content)["detail"]
    assert response.status_code == 422
    assert detail.startswith("SPARQL Update: 1 SHACL violation(s):")
    assert detail.endswith(f"): {ITALIAN}")
    assert response.headers["content-language"] == "it"
