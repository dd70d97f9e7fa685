"""The methods each path offers (api/methods.py): `Allow` on every 405 and every OPTIONS, and
HEAD wherever GET is."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_problems import assert_problem

SPARQL = {"GET", "HEAD", "POST", "OPTIONS"}
GRAPHS = {"GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"}
READ_ONLY = {"GET", "HEAD", "OPTIONS"}


def allowed(header: str) -> set[str]:
    methods = [method.strip() for method in header.split(",")]
    assert len(methods) == len(set(methods)), header
    return set(methods)


@pytest.mark.parametrize(
    ("method", "url", "offered"),
    [
        ("PUT", "/sparql", SPARQL),
        ("DELETE", "/sparql", SPARQL),
        ("PATCH", "/rdf-graphs?graph=http://example.org/g", GRAPHS),
        ("POST", "/api/organizations", READ_ONLY),
        ("DELETE", "/api/organizations/openzone", READ_ONLY),
        ("PUT", "/api/organizations/openzone/links", READ_ONLY),
        ("POST", "/api/queries/organisations-in-iasp", READ_ONLY),
        ("POST", "/health", READ_ONLY),
        ("POST", "/openapi.json", READ_ONLY),
    ],
)
def test_a_method_the_path_does_not_offer_is_a_405_problem_allowing_every_other(
    seed_client: TestClient, method: str, url: str, offered: set[str]
) -> None:
    response = seed_client.request(method, url)
    body = assert_problem(response, 405)
    assert allowed(response.headers["allow"]) == offered
    assert method in body["detail"]


@pytest.mark.parametrize(
    ("url", "offered"),
    [
        ("/sparql", SPARQL),
        ("/rdf-graphs?graph=http://example.org/g", GRAPHS),
        ("/api/organizations", READ_ONLY),
        ("/api/organizations/openzone/links", READ_ONLY),
        ("/health", READ_ONLY),
    ],
)
def test_options_answers_every_method_of_the_path(
    seed_client: TestClient, url: str, offered: set[str]
) -> None:
    response = seed_client.options(url)
    assert response.status_code == 204
    assert allowed(response.headers["allow"]) == offered
    assert response.content == b""


def test_options_of_a_path_nobody_serves_is_a_404_problem(seed_client: TestClient) -> None:
    assert_problem(seed_client.options("/no/such/path"), 404)


def test_options_from_another_origin_is_allowed_and_preflights_still_are(
    seed_client: TestClient,
) -> None:
    origin = {"Origin": "https://example.net"}
    plain = seed_client.options("/sparql", headers=origin)
    assert plain.status_code == 204
    assert plain.headers["access-control-allow-origin"] == "*"
    preflight = seed_client.options(
        "/rdf-graphs", headers={**origin, "Access-Control-Request-Method": "PUT"}
    )
    assert preflight.status_code == 200
    assert "PUT" in preflight.headers["access-control-allow-methods"]


@pytest.mark.parametrize(
    "url",
    ["/sparql", "/api/organizations", "/api/organizations/openzone", "/health", "/openapi.json"],
)
def test_head_is_answered_wherever_get_is_with_the_same_headers_and_no_body(
    seed_client: TestClient, url: str
) -> None:
    got = seed_client.get(url)
    head = seed_client.head(url)
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    for name in ("content-type", "etag", "cache-control"):
        assert head.headers.get(name) == got.headers.get(name), name
