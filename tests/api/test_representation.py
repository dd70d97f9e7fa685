"""Formats, conditional requests and problems of the `/api/` routes."""

from __future__ import annotations

import json
from http import HTTPStatus

import pyoxigraph
from fastapi.testclient import TestClient

OPENZONE = pyoxigraph.NamedNode("https://w3id.org/innograph/id/organisation/openzone")
LABEL = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def test_representation_etag_and_if_none_match_give_304(seed_client: TestClient) -> None:
    first = seed_client.get("/api/organizations/openzone")
    tag = first.headers["etag"]
    again = seed_client.get("/api/organizations/openzone", headers={"If-None-Match": tag})
    assert tag.startswith('W/"'), "compressed and plain bodies share the tag, so it is weak"
    strong = tag.removeprefix("W/")
    weak = seed_client.get("/api/organizations/openzone", headers={"If-None-Match": strong})
    other = seed_client.get("/api/organizations/openzone", headers={"If-None-Match": '"stale"'})
    assert (again.status_code, weak.status_code, other.status_code) == (304, 304, 200)
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert first.headers["cache-control"] == "public, max-age=60"
    assert "Accept" in [part.strip() for part in first.headers["vary"].split(",")]


def test_representation_etag_differs_by_url_and_format(seed_client: TestClient) -> None:
    json_tag = seed_client.get("/api/organizations/openzone").headers["etag"]
    turtle_tag = seed_client.get(
        "/api/organizations/openzone", headers={"Accept": "text/turtle"}
    ).headers["etag"]
    other_tag = seed_client.get("/api/organizations/zambon").headers["etag"]
    assert len({json_tag, turtle_tag, other_tag}) == 3


def test_representation_turtle_is_the_resource_description(seed_client: TestClient) -> None:
    response = seed_client.get("/api/organizations/openzone", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    parsed = pyoxigraph.parse(response.content, format=pyoxigraph.RdfFormat.TURTLE)
    triples = [quad.triple for quad in parsed]
    assert (
        pyoxigraph.Triple(OPENZONE, LABEL, pyoxigraph.Literal("OpenZone", language="it")) in triples
    )
    stated_in = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#statedIn")
    assert any(triple.predicate == stated_in for triple in triples)


def test_representation_json_ld_is_the_json_with_the_context_url(seed_client: TestClient) -> None:
    plain = seed_client.get("/api/organizations/openzone").json()
    response = seed_client.get(
        "/api/organizations/openzone", headers={"Accept": "application/ld+json"}
    )
    assert response.headers["content-type"] == "application/ld+json"
    body = response.json()
    assert body.pop("@context") == "http://testserver/api/context.jsonld"
    assert body == plain


def test_representation_defaults_to_json_for_unoffered_types(seed_client: TestClient) -> None:
    html = seed_client.get("/api/organizations/openzone", headers={"Accept": "text/html"})
    listed = seed_client.get("/api/organizations", headers={"Accept": "text/turtle"})
    assert html.headers["content-type"] == "application/json"
    assert listed.headers["content-type"] == "application/json"
    assert json.loads(html.content)["id"] == "organisation/openzone"


def test_representation_validation_errors_are_problems_naming_the_parameter(
    seed_client: TestClient,
) -> None:
    response = seed_client.get("/api/organizations?limit=1000")
    problem = response.json()
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert (problem["title"], problem["status"]) == (HTTPStatus(422).phrase, 422)
    assert "'limit'" in problem["detail"]
    assert problem["errors"][0]["parameter"] == "limit"
    assert problem["errors"][0]["location"] == "query"
