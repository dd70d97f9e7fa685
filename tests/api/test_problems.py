"""Every refusal, whichever route or layer makes it, is the same RFC 9457 problem (api/problems.py).

The same shape everywhere: `application/problem+json`, `type` `about:blank`, the status's
standard reason phrase as `title`, the status again, a `detail`; `Retry-After` on every 503 and
on nothing else, its value the query time limit.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.schemas import Problem
from innograph.errors import StoreError
from innograph.sparql.execution import QueryJob
from tests.api.conftest import SparqlClientFactory
from tests.api.test_sparql_safety import PATHOLOGICAL

LABELS = "SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
TURTLE = "<http://example.org/a> <http://example.org/b> <http://example.org/c> ."
GRAPH = {"graph": "http://example.org/graphs/new"}


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Given a response, check it is the service's problem for `status`; return its body."""
    assert response.status_code == status, response.content
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    Problem.model_validate(body)
    assert set(body) <= {"type", "title", "status", "detail", "errors"}
    assert body["type"] == "about:blank"
    assert body["title"] == HTTPStatus(status).phrase
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert ("retry-after" in response.headers) == (status == 503)
    return body


@pytest.mark.parametrize(
    ("url", "method", "status"),
    [
        # NotFound from a lookup
        ("/api/organizations/atlantis", "GET", 404),
        # a cursor in the documented alphabet that this service did not issue names no page
        ("/api/organizations?cursor=not-ours", "GET", 404),
        # no route at all (Starlette's own 404)
        ("/no/such/path", "GET", 404),
        # a method the path does not offer
        ("/api/organizations", "POST", 405),
        # parameters FastAPI refuses, and one the lookup refuses (InvalidParameter)
        ("/api/organizations?limit=1000", "GET", 422),
        ("/api/organizations?cursor=not%20ours", "GET", 422),
        ("/api/reconcile?queries=%7B%7D%5B", "GET", 422),
    ],
)
def test_problems_of_the_rest_routes(
    seed_client: TestClient, url: str, method: str, status: int
) -> None:
    assert_problem(seed_client.request(method, url), status)


@pytest.mark.parametrize(
    ("token", "method", "url", "kwargs", "status"),
    [
        # a malformed query (QueryError) and a repeated parameter (the protocol's)
        (None, "GET", "/sparql", {"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        (None, "GET", "/sparql", {"params": [("query", LABELS), ("query", LABELS)]}, 400),
        (None, "GET", "/rdf-graphs", {"params": {"graph": "not an IRI"}}, 400),
        # a write without the token, and to a service that takes none
        ("s3cret", "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 401),
        (None, "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403),
        (None, "DELETE", "/rdf-graphs", {"params": GRAPH}, 403),
        # a query the service will not run (QueryRefused)
        (None, "GET", "/sparql", {"params": {"query": "SELECT * { SERVICE <x:> { } }"}}, 403),
        # no such editor file, and the default graph, which cannot be written
        (None, "GET", "/assets/yasqe/nothing.js", {}, 404),
        (
            "s3cret",
            "PUT",
            "/rdf-graphs?default",
            {"content": TURTLE, "headers": {"Content-Type": "text/turtle"}},
            405,
        ),
        # no acceptable format, for a query and for a graph
        (None, "GET", "/sparql", {"params": {"query": LABELS}, "headers": {"Accept": "x/y"}}, 406),
        (None, "GET", "/rdf-graphs?default", {"headers": {"Accept": "text/csv"}}, 406),
        # too large a body
        (
            None,
            "POST",
            "/sparql",
            {
                "content": LABELS + " #" + "x" * (1 << 20),
                "headers": {"Content-Type": "application/sparql-query"},
            },
            413,
        ),
        # another content type, for a query and for an upload
        (None, "POST", "/sparql", {"content": LABELS, "headers": {"Content-Type": "x/y"}}, 415),
        (
            "s3cret",
            "PUT",
            "/rdf-graphs",
            {"params": GRAPH, "content": TURTLE, "headers": {"Content-Type": "x/y"}},
            415,
        ),
    ],
)
def test_problems_of_the_sparql_and_graph_store_routes(
    sparql_client_factory: SparqlClientFactory,
    token: str | None,
    method: str,
    url: str,
    kwargs: dict[str, Any],
    status: int,
) -> None:
    client = sparql_client_factory(update_token=token)
    if token is not None and status != 401:
        kwargs = {
            **kwargs,
            "headers": {**kwargs.get("headers", {}), "Authorization": "Bearer s3cret"},
        }
    assert_problem(client.request(method, url, **kwargs), status)


def test_problems_a_stopped_query_is_503_with_retry_after_the_time_limit(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(query_timeout=0.5)
    response = client.get("/sparql", params={"query": PATHOLOGICAL[0]})
    assert_problem(response, 503)
    assert response.headers["retry-after"] == "1"


def test_problems_every_503_carries_retry_after_from_the_same_setting(
    sparql_client_factory: SparqlClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lost worker (StoreError) is a 503 too: it also says when to come back."""
    client = sparql_client_factory(query_timeout=2.4)

    async def lost(job: QueryJob, *, client: str | None = None) -> None:
        raise StoreError("a query worker stopped unexpectedly; please retry")

    monkeypatch.setattr(client.app.state.query_pool, "run_async", lost)  # type: ignore[attr-defined]
    response = client.get("/sparql", params={"query": LABELS})
    body = assert_problem(response, 503)
    assert response.headers["retry-after"] == "2"
    assert body["detail"] == "a query worker stopped unexpectedly; please retry"


def test_problems_keep_the_headers_a_refusal_needs(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    unauthorised = client.post("/sparql", data={"update": "CLEAR ALL"})
    default = client.put(
        "/rdf-graphs?default",
        content=TURTLE,
        headers={"Content-Type": "text/turtle", "Authorization": "Bearer s3cret"},
    )
    assert unauthorised.headers["www-authenticate"] == 'Bearer realm="innograph"'
    assert default.headers["allow"] == "GET, HEAD, OPTIONS"
