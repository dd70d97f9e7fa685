"""`/sparql` refuses a query or update past a shape limit with a 400 before any worker sees it
(issue #14: pyoxigraph segfaults on 3,000 nested groups, and the worker's loss was a 503)."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from innograph.settings import QueryLimits
from tests.api.conftest import SparqlClientFactory
from tests.test_query_shape import DEEP

_TOKEN = "secret"
_LONGEST_URL = 60_000
"""httpx refuses a URL component over 64 KiB (as servers do): longer texts are sent by POST."""
_UNIONS = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }"
_LONG = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000

TOO_LARGE = {**DEEP, "10,000-way UNION": _UNIONS, "over 200,000 characters": _LONG}


def _ways(client: TestClient, text: str, *, is_update: bool) -> list[tuple[str, int, str]]:
    """The text sent every way the protocol allows: method, status, problem detail."""
    auth = {"Authorization": f"Bearer {_TOKEN}"}
    if is_update:
        sent = [
            ("POST form", client.post("/sparql", data={"update": text}, headers=auth)),
            (
                "POST direct",
                client.post(
                    "/sparql",
                    content=text,
                    headers={**auth, "Content-Type": "application/sparql-update"},
                ),
            ),
        ]
    else:
        sent = [
            ("POST form", client.post("/sparql", data={"query": text})),
            (
                "POST direct",
                client.post(
                    "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}
                ),
            ),
        ]
        if len(quote(text)) < _LONGEST_URL:
            sent.append(("GET", client.get("/sparql", params={"query": text})))
    return [(way, response.status_code, response.json()["detail"]) for way, response in sent]


@pytest.mark.parametrize("text", TOO_LARGE.values(), ids=TOO_LARGE.keys())
def test_sparql_refuses_a_query_past_a_shape_limit_quickly_and_keeps_answering(
    sparql_client_factory: SparqlClientFactory, text: str
) -> None:
    client = sparql_client_factory(update_token=_TOKEN)
    started = time.monotonic()
    answers = _ways(client, text, is_update=False)
    update = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE { " + text[text.index("{") + 1 :]
    answers += _ways(client, update, is_update=True)
    elapsed = time.monotonic() - started
    for way, status, detail in answers:
        assert status == 400, way
        assert "over this service's limit of" in detail and "INNOGRAPH_QUERY_MAX_" in detail
    assert elapsed < 10
    after = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_sparql_limits_follow_the_settings(sparql_client_factory: SparqlClientFactory) -> None:
    client = sparql_client_factory(query_limits=QueryLimits(max_depth=2))
    nested = client.get("/sparql", params={"query": "ASK { { { ?s ?p ?o } } }"})
    flat = client.get("/sparql", params={"query": "ASK { { ?s ?p ?o } }"})
    assert nested.status_code == 400
    assert nested.json()["detail"] == (
        "the query's nesting depth of {, ( and [ is 3, over this service's limit of 2 "
        "(INNOGRAPH_QUERY_MAX_DEPTH)"
    )
    assert flat.status_code == 200
