"""Content negotiation (api/negotiation.py): qualities, wildcards and `q=0` (RFC 9110 §12.5.1)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.negotiation import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, choose
from tests.api.conftest import SparqlClientFactory

SPARQL_JSON = "application/sparql-results+json"
SELECT = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        # no header, or anything: the first offered type
        (None, SPARQL_JSON),
        ("*/*", SPARQL_JSON),
        # the higher quality wins, whatever the order
        ("text/csv;q=0.5, application/sparql-results+json", SPARQL_JSON),
        ("text/csv, application/sparql-results+json;q=0.5", "text/csv"),
        # equal qualities: the range given first
        ("text/csv, text/tab-separated-values", "text/csv"),
        ("*/*, text/csv", SPARQL_JSON),
        # a family: its first offered type
        ("text/*", "text/xml"),
        # q=0 refuses a type, also when a wildcard would take it
        (f"{SPARQL_JSON};q=0, */*", "application/json"),
        (f"{SPARQL_JSON};q=0, application/json;q=0, */*", "application/sparql-results+xml"),
        ("text/xml;q=0, text/*", "text/csv"),
        ("text/*;q=0, */*", SPARQL_JSON),
        ("text/*;q=0, text/csv, */*;q=0.1", "text/csv"),
        # the most specific range decides, not the highest
        ("*/*, application/*;q=0", "text/xml"),
        (
            "*/*;q=0.1, application/*;q=0, text/tab-separated-values;q=0.2",
            "text/tab-separated-values",
        ),
        # parameter names and types are case-insensitive
        ("TEXT/CSV;Q=1, */*;q=0.5", "text/csv"),
        # nothing acceptable
        ("*/*;q=0", None),
        (f"{SPARQL_JSON};q=0", None),
        ("image/png", None),
        # an unreadable quality leaves the range out, as if it were not there
        ("text/csv;q=high, text/tab-separated-values;q=0.5", "text/tab-separated-values"),
        ("text/csv;q=2", None),
    ],
)
def test_negotiation_choose(accept: str | None, chosen: str | None) -> None:
    assert choose(accept, RESULT_MEDIA_TYPES) == chosen


def test_negotiation_q0_refuses_a_graph_format_too() -> None:
    assert choose("text/turtle;q=0, */*", GRAPH_MEDIA_TYPES) == "application/n-triples"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (f"{SPARQL_JSON};q=0, */*", "application/json"),
        ("application/*;q=0, */*", "text/xml"),
        ("text/csv;q=0.9, application/sparql-results+xml;q=0, */*;q=0.1", "text/csv"),
    ],
)
def test_negotiation_sparql_never_answers_a_refused_type(
    sparql_client_factory: SparqlClientFactory, accept: str, media: str
) -> None:
    response = sparql_client_factory().get(
        "/sparql", params={"query": SELECT}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


def test_negotiation_sparql_refuses_when_every_type_is_refused(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    response = sparql_client_factory().get(
        "/sparql", params={"query": SELECT}, headers={"Accept": "*/*;q=0"}
    )
    assert response.status_code == 406


def test_negotiation_sparql_answers_as_the_type_chosen_with_its_own_etag(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    """`application/json` and SPARQL JSON are one format, two answers: a tag of one is not
    current for the other, or a cache could hand a client the type it refused."""
    client = sparql_client_factory()
    plain = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "application/json"})
    refusing = {"Accept": "application/json;q=0, */*", "If-None-Match": plain.headers["etag"]}
    sparql = client.get("/sparql", params={"query": SELECT}, headers=refusing)
    assert plain.headers["content-type"] == "application/json"
    assert (sparql.status_code, sparql.headers["content-type"]) == (200, SPARQL_JSON)
    assert sparql.headers["etag"] != plain.headers["etag"]
    assert json.loads(sparql.content) == json.loads(plain.content)


@pytest.mark.parametrize(
    ("path", "accept", "media"),
    [
        ("/api/organizations", "application/json;q=0, */*", "application/ld+json"),
        ("/api/organizations/openzone", "application/json;q=0, */*", "application/ld+json"),
        ("/api/organizations/openzone", "application/*;q=0, */*", "text/turtle"),
        (
            "/api/organizations/openzone",
            "application/ld+json;q=0, application/*",
            "application/json",
        ),
    ],
)
def test_negotiation_rest_never_answers_a_refused_type(
    seed_client: TestClient, path: str, accept: str, media: str
) -> None:
    response = seed_client.get(path, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
