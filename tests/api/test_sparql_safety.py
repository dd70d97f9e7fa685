"""`/sparql` is safe by default: no SERVICE or LOAD reaches the network, every query has a
time limit (innograph/sparql/execution.py) and a result limit (tested in
test_sparql_protocol.py)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi import FastAPI

from api.main import create_app
from innograph.lookups.tables import derived_path
from tests.api.conftest import (
    EX,
    SparqlClientFactory,
    SparqlStoreFactory,
    sparql_settings,
)

_EMPTY_RESULT = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"http://example.org/remote"}}]}}'


class Canary:
    """An HTTP listener on 127.0.0.1 that records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        canary = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                canary.requests.append(f"{self.command} {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(_EMPTY_RESULT)))
                self.end_headers()
                self.wfile.write(_EMPTY_RESULT)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def canary() -> Iterator[Canary]:
    listener = Canary()
    yield listener
    listener.close()


REMOTE_QUERIES: list[tuple[str, str]] = [
    ("plain", "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
    ("silent", "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"),
    ("lower case, no spaces", "select * where {{ ?x ?y ?z service<{url}>{{?s ?p ?o}} }}"),
    # Oxigraph's grammar needs no token boundary: `1SERVICE` is `1` then SERVICE
    ("after a number", "SELECT * WHERE {{ ?x ?y 1SERVICE <{url}> {{ ?s ?p ?o }} }}"),
    ("after true", "SELECT * WHERE {{ ?x ?y trueSERVICE <{url}> {{ ?s ?p ?o }} }}"),
    # `ex:SERVICE` is no valid IRI for this prefix, so the parser reads `ex:` then SERVICE
    (
        "after a failed prefixed name",
        "PREFIX ex: <http://a:> SELECT * WHERE {{ ?x ?y ex:SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ),
    # `<'x>` looks like an IRI but is `<` then the string 'x>'
    (
        "after a less-than that looks like an IRI",
        "SELECT * WHERE {{ ?x ?y ?z FILTER(?z<'x>') SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ),
    (
        "after a trailing semicolon",
        "SELECT * WHERE {{ ?x ?y ?z ; SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ),
    ("comments around", "SELECT * WHERE {{ SERVICE#a\n<{url}>#b\n{{ ?s ?p ?o }} }}"),
    ("by a prefixed name", "PREFIX r: <{url}#> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}"),
    ("by a relative IRI", "BASE <{url}> SELECT * WHERE {{ SERVICE <> {{ ?s ?p ?o }} }}"),
    (
        "by a variable",
        "SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ),
    (
        "in a subquery",
        "SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    ),
]


@pytest.mark.parametrize(
    "template", [q for _, q in REMOTE_QUERIES], ids=[name for name, _ in REMOTE_QUERIES]
)
def test_sparql_refuses_service_before_any_connection(
    sparql_client_factory: SparqlClientFactory, canary: Canary, template: str
) -> None:
    client = sparql_client_factory()
    response = client.get("/sparql", params={"query": template.format(url=canary.url)})
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "SERVICE" in json.loads(response.content)["detail"]
    assert canary.requests == []


HARMLESS_QUERIES: list[tuple[str, str]] = [
    ("in a string", 'SELECT * WHERE {{ ?s ?p "SERVICE <{url}> {{ ?s ?p ?o }}" }}'),
    ("in a long string", "SELECT * WHERE {{ ?s ?p '''x' SERVICE <{url}> {{ }} ''' }}"),
    ("in a comment", "SELECT * WHERE {{ ?s ?p ?o }} # SERVICE <{url}> {{ ?s ?p ?o }}"),
    ("in an IRI", "SELECT * WHERE {{ ?s <http://example.org/SERVICE> ?o }}"),
    ("a variable named service", "SELECT ?service WHERE {{ ?service ?p ?o }} LIMIT 1"),
    ("inside a name", "SELECT * WHERE {{ ?s <http://example.org/offersService> ?o }}"),
]


@pytest.mark.parametrize(
    "template", [q for _, q in HARMLESS_QUERIES], ids=[name for name, _ in HARMLESS_QUERIES]
)
def test_sparql_runs_queries_that_only_mention_service(
    sparql_client_factory: SparqlClientFactory, canary: Canary, template: str
) -> None:
    response = sparql_client_factory().get(
        "/sparql", params={"query": template.format(url=canary.url)}
    )
    assert response.status_code == 200
    assert canary.requests == []


def test_sparql_calls_a_service_on_the_allow_list(
    sparql_client_factory: SparqlClientFactory, canary: Canary
) -> None:
    """The positive control: the canary does hear a SERVICE call to an allowed host."""
    client = sparql_client_factory(service_allow=("127.0.0.1",))
    query = f"SELECT ?s WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200
    assert json.loads(response.content)["results"]["bindings"] == [
        {"s": {"type": "uri", "value": f"{EX}remote"}}
    ]
    assert len(canary.requests) == 1


@pytest.mark.parametrize(
    "template",
    [
        "LOAD <{url}>",
        "LOAD SILENT <{url}> INTO GRAPH <http://example.org/g>",
        "INSERT DATA {{ <http://example.org/a> <http://example.org/b> 1 }} ; load<{url}>",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ],
)
def test_sparql_update_refuses_load_and_service_before_any_connection(
    sparql_client_factory: SparqlClientFactory, canary: Canary, template: str
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    response = client.post(
        "/sparql",
        data={"update": template.format(url=canary.url)},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert response.status_code == 403
    assert canary.requests == []


@pytest.mark.parametrize(
    ("token", "authorization", "status", "detail"),
    [
        # no token configured: the service is read-only
        (
            None,
            "Bearer anything",
            403,
            "this service is read-only: no update token is configured (INNOGRAPH_UPDATE_TOKEN)",
        ),
        # a token configured, none sent
        ("s3cret", None, 401, "writing needs an Authorization: Bearer token"),
        # another scheme
        ("s3cret", "Basic czNjcmV0", 401, "writing needs an Authorization: Bearer token"),
        # a wrong token
        ("s3cret", "Bearer s3cre", 401, "the bearer token is not valid"),
    ],
)
def test_sparql_update_is_refused_without_the_token(
    sparql_client_factory: SparqlClientFactory,
    token: str | None,
    authorization: str | None,
    status: int,
    detail: str,
) -> None:
    client = sparql_client_factory(update_token=token)
    headers = {"Authorization": authorization} if authorization else {}
    update = "CLEAR ALL"
    response = client.post("/sparql", data={"update": update}, headers=headers)
    assert response.status_code == status
    assert json.loads(response.content)["detail"] == detail
    if status == 401:
        assert response.headers["www-authenticate"].startswith('Bearer realm="innograph"')
    count = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert json.loads(count.content)["results"]["bindings"][0]["n"]["value"] == "59"


def test_sparql_update_outside_graph_addresses_the_default_graph_not_the_union(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    """As SPARQL 1.1 Update defines (and the README says): loaded files live in named graphs,
    which a pattern outside GRAPH does not reach; naming the graph does."""
    client = sparql_client_factory(update_token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    labels = "SELECT (COUNT(*) AS ?n) { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"

    def count() -> int:
        answer = json.loads(client.get("/sparql", params={"query": labels}).content)
        return int(answer["results"]["bindings"][0]["n"]["value"])

    before = count()
    assert before > 0
    unnamed = "DELETE WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }"
    assert client.post("/sparql", data={"update": unnamed}, headers=auth).status_code == 204
    assert count() == before
    named = "DELETE WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } }"
    assert client.post("/sparql", data={"update": named}, headers=auth).status_code == 204
    assert count() == 0


def test_sparql_update_round_trip_with_the_token(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory(update_token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    insert = f"INSERT DATA {{ <{EX}bob> <{EX}worksAt> <{EX}tuspark> }}"
    response = client.post(
        "/sparql", content=insert, headers={"Content-Type": "application/sparql-update", **auth}
    )
    assert response.status_code == 204
    store = client.app.state.store  # type: ignore[attr-defined]
    assert derived_path(store, "links").is_file()  # prepared once the answer was sent
    assert client.get("/health").json()["writes"] is True
    ask = client.get("/sparql", params={"query": f"ASK {{ <{EX}bob> <{EX}worksAt> ?o }}"})
    assert json.loads(ask.content)["boolean"] is True
    delete = f"DELETE DATA {{ <{EX}bob> <{EX}worksAt> <{EX}tuspark> }}"
    assert client.post("/sparql", data={"update": delete}, headers=auth).status_code == 204
    ask = client.get("/sparql", params={"query": f"ASK {{ <{EX}bob> <{EX}worksAt> ?o }}"})
    assert json.loads(ask.content)["boolean"] is False


_ANY_PATH = "(<http://x/none>|!<http://x/none>)*"

PATHOLOGICAL = [
    # a cross product of five triple patterns: 59^5 ≈ 700 million rows to count
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
    # five unbounded property paths, each linking every node to itself and its successors
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " . ".join(f"?a{n} {_ANY_PATH} ?b{n}" for n in range(5))
    + " }",
]


@pytest.mark.parametrize("pathological", PATHOLOGICAL, ids=["cross-product", "property-paths"])
def test_sparql_stops_a_query_at_the_time_limit_and_keeps_answering(
    sparql_store_factory: SparqlStoreFactory,
    live_server_factory: Callable[[FastAPI], str],
    pathological: str,
) -> None:
    store, _ = sparql_store_factory()
    base = live_server_factory(create_app(sparql_settings(query_timeout=1.0), store))
    normal = {"query": f"ASK {{ <{EX}alice> ?p ?o }}"}
    with httpx.Client(base_url=base, timeout=30) as client, ThreadPoolExecutor(1) as background:
        started = time.monotonic()
        slow = background.submit(client.get, "/sparql", params={"query": pathological})
        answered_meanwhile = 0
        while not slow.done():
            assert client.get("/sparql", params=normal).status_code == 200
            answered_meanwhile += 1
        stopped = slow.result()
        elapsed = time.monotonic() - started
        after = client.get("/sparql", params=normal)
    assert stopped.status_code == 503
    assert stopped.headers["retry-after"] == "1"
    assert json.loads(stopped.content)["detail"] == (
        "the query was stopped after 1 s, the time limit of this service (INNOGRAPH_QUERY_TIMEOUT)"
    )
    assert elapsed < 1 + 10
    assert answered_meanwhile >= 1
    assert after.status_code == 200 and json.loads(after.content)["boolean"] is True


def test_sparql_stops_an_update_at_the_time_limit_before_the_store_sees_it(
    sparql_store_factory: SparqlStoreFactory,
    live_server_factory: Callable[[FastAPI], str],
) -> None:
    """An update is rehearsed in a worker on a copy: past the limit it is stopped there, the
    store keeps its version, queries are answered meanwhile and a later update goes through."""
    store, _ = sparql_store_factory()
    version = store.version
    settings = sparql_settings(query_timeout=1.0, update_token="s3cret")
    base = live_server_factory(create_app(settings, store))
    auth = {"Authorization": "Bearer s3cret"}
    # a cross product of five patterns over the loaded graphs (59^5 rows), which a filter
    # keeps from growing anything
    patterns = " ".join(f"GRAPH ?g{n} {{ ?s{n} ?p{n} ?o{n} }}" for n in range(5))
    total = ", ".join(f"STR(?o{n})" for n in range(5))
    endless = (
        f"INSERT {{ <{EX}a> <{EX}b> ?o0 }} WHERE {{ {patterns} "
        f"FILTER(STRLEN(CONCAT({total})) < 0) }}"
    )
    normal = {"query": f"ASK {{ <{EX}alice> ?p ?o }}"}
    with httpx.Client(base_url=base, timeout=30) as client, ThreadPoolExecutor(1) as background:
        slow = background.submit(client.post, "/sparql", data={"update": endless}, headers=auth)
        answered_meanwhile = 0
        while not slow.done():
            assert client.get("/sparql", params=normal).status_code == 200
            answered_meanwhile += 1
        stopped = slow.result()
        assert store.version == version, stopped.content
        insert = f"INSERT DATA {{ <{EX}bob> <{EX}worksAt> <{EX}tuspark> }}"
        later = client.post("/sparql", data={"update": insert}, headers=auth)
        found = client.get("/sparql", params={"query": f"ASK {{ <{EX}bob> ?p ?o }}"})
    assert stopped.status_code == 503
    assert json.loads(stopped.content)["detail"] == (
        "the update was stopped after 1 s, the time limit of this service "
        "(INNOGRAPH_QUERY_TIMEOUT); nothing was changed"
    )
    assert answered_meanwhile >= 1
    assert later.status_code == 204
    assert json.loads(found.content)["boolean"] is True
