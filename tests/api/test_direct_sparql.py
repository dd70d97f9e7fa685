"""`/sparql` answered beside FastAPI's stack (`api.direct`) answers exactly as the stack did.

Each request is sent twice to the same app: once as served (GET and POST `/sparql` go to
`DirectSparql`) and once through FastAPI's routing and middleware (the app's `direct` unset).
Status, every header in order and the body must be the same: security headers, CORS, gzip,
ETags and 304, negotiation, RFC 9457 problems (JSON and as a page), the service description,
the query page, form and body posts, and updates with and without the token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import Service
from tests.api.conftest import SparqlClientFactory

TOKEN = "direct-token"
JSON = "application/sparql-results+json"
LABELS = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
BIG = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
GRAPH = "CONSTRUCT { ?s rdfs:label ?label } WHERE { ?s rdfs:label ?label }"
FORM = "application/x-www-form-urlencoded"
INSERT = "INSERT DATA { GRAPH <http://example.org/direct> { <http://example.org/a> rdfs:label 1 } }"

CASES: dict[str, dict[str, Any]] = {
    "select as JSON": {"params": {"query": LABELS}, "headers": {"Accept": JSON}},
    "select as CSV by format": {"params": {"query": LABELS, "format": "csv"}},
    "select as XML": {"params": {"query": LABELS}, "headers": {"Accept": "application/xml"}},
    "construct as Turtle": {"params": {"query": GRAPH}, "headers": {"Accept": "text/turtle"}},
    "cross-origin (CORS)": {
        "params": {"query": LABELS},
        "headers": {"Accept": JSON, "Origin": "https://elsewhere.example"},
    },
    "compressed (gzip)": {"params": {"query": BIG}, "headers": {"Accept-Encoding": "gzip"}},
    "not compressed": {"params": {"query": BIG}, "headers": {"Accept-Encoding": "identity"}},
    "revalidated (304)": {"params": {"query": LABELS}, "headers": {"If-None-Match": "*"}},
    "inferences left out": {"params": {"query": LABELS, "infer": "false"}},
    "named dataset": {
        "params": {"query": LABELS, "default-graph-uri": "http://example.org/none"},
    },
    "no acceptable format (406)": {"params": {"query": LABELS}, "headers": {"Accept": "image/png"}},
    "syntax error (400)": {"params": {"query": "SELECT WHERE {"}},
    "syntax error, as a page": {
        "params": {"query": "SELECT WHERE {"},
        "headers": {"Accept": "text/html"},
    },
    "SERVICE screened (403)": {
        "params": {"query": "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }"},
    },
    "two queries (400)": {"params": [("query", LABELS), ("query", LABELS)]},
    "graph that is no IRI (400)": {"params": {"query": LABELS, "named-graph-uri": "not an iri"}},
    "update by GET (400)": {"params": {"update": INSERT}},
    "service description": {"headers": {"Accept": "text/turtle"}},
    "query page": {"headers": {"Accept": "text/html"}},
    "query page, not compressed": {
        "headers": {"Accept": "text/html", "Accept-Encoding": "identity"}
    },
    "posted as a form": {"method": "POST", "data": {"query": LABELS}},
    "posted as the body": {
        "method": "POST",
        "content": LABELS,
        "headers": {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    },
    "posted as another type (415)": {
        "method": "POST",
        "content": LABELS,
        "headers": {"Content-Type": "text/plain"},
    },
    "posted too large (413)": {
        "method": "POST",
        "content": "#" * (1 << 21),
        "headers": {"Content-Type": "application/sparql-query"},
    },
    "posted with neither (400)": {"method": "POST", "data": {"infer": "true"}},
    "update without the token (401)": {"method": "POST", "data": {"update": INSERT}},
    "update with a wrong token (403)": {
        "method": "POST",
        "data": {"update": INSERT},
        "headers": {"Authorization": "Bearer wrong"},
    },
    "update with the token (204)": {
        "method": "POST",
        "data": {"update": INSERT},
        "headers": {"Authorization": f"Bearer {TOKEN}"},
    },
}

VOLATILE = {"service description", "query page"}
"""Answers that differ from one request to the next (fresh blank nodes, a page's nonce, and
so their compressed length): compared with those masked, and without Content-Length."""

_FRESH = re.compile(rb"nonce-[A-Za-z0-9_-]+|nonce=\"[A-Za-z0-9_-]+\"|_:[0-9a-f]+")


@pytest.fixture
def client(sparql_client_factory: SparqlClientFactory) -> Iterator[TestClient]:
    yield sparql_client_factory(update_token=TOKEN, query_timeout=10.0)


def _answer(client: TestClient, name: str, *, direct: bool) -> tuple[Any, ...]:
    """Send a case through the direct path or FastAPI's stack; return what must not differ."""
    case = CASES[name]
    app = client.app
    assert isinstance(app, Service)
    served, app.direct = app.direct, app.direct if direct else None
    try:
        options = {key: value for key, value in case.items() if key != "method"}
        response = client.request(case.get("method", "GET"), "/sparql", **options)
    finally:
        app.direct = served
    headers = [
        (header, _FRESH.sub(b"fresh", value))
        for header, value in response.headers.raw
        if not (name in VOLATILE and header == b"content-length")
    ]
    return response.status_code, headers, _FRESH.sub(b"fresh", response.content)


@pytest.mark.parametrize("name", CASES)
def test_the_direct_path_answers_as_fastapis_stack(client: TestClient, name: str) -> None:
    through_stack = _answer(client, name, direct=False)
    direct = _answer(client, name, direct=True)
    assert direct == through_stack
    _, headers, _ = direct
    asked = CASES[name].get("headers", {})
    assert (b"x-content-type-options", b"nosniff") in headers  # the answer middleware ran
    if "Origin" in asked:
        assert (b"access-control-allow-origin", b"*") in headers
    if asked.get("Accept-Encoding") == "gzip":
        assert (b"content-encoding", b"gzip") in headers


def test_get_and_post_skip_fastapis_stack_and_other_methods_take_it(
    client: TestClient,
) -> None:
    """With FastAPI's stack replaced by one that answers 599, queries are still answered
    (GET and POST), while HEAD, OPTIONS, PUT and other paths reach the stack."""
    app = client.app
    assert isinstance(app, Service)
    real = app.middleware_stack

    async def refused(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 599, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    app.middleware_stack = refused
    try:
        assert client.get("/sparql", params={"query": LABELS}).status_code == 200
        assert client.post("/sparql", data={"query": LABELS}).status_code == 200
        for method in ("HEAD", "OPTIONS", "PUT"):
            assert client.request(method, "/sparql").status_code == 599
        assert client.get("/health").status_code == 599
    finally:
        app.middleware_stack = real
    assert httpx.codes.is_success(client.head("/sparql").status_code)
