"""`/sparql` stays fair under slow queries (issue #14, defect 4): over real HTTP, from several
client addresses (the loopback network is 127.0.0.0/8, so each client binds its own), a short
query is answered while long ones run, and one client cannot take every query process."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
from fastapi import FastAPI

from api.main import create_app
from innograph.settings import Admission
from tests.api.conftest import SparqlStoreFactory, sparql_settings

LONG = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " . ".join(f"?s{n} ?p{n} ?o{n}" for n in range(6)) + " }"
)
"""A six-way cross product of the fixture data: runs until the time limit stops it."""
ASK = "ASK { ?s ?p ?o }"


def _client(address: str) -> httpx.Client:
    """An HTTP client whose requests come from `address` (127.0.0.x)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def _query(base: str, address: str, text: str) -> httpx.Response:
    with _client(address) as client:
        return client.get(f"{base}/sparql", params={"query": text})


def _serve(
    live_server_factory: Callable[[FastAPI], str],
    sparql_store_factory: SparqlStoreFactory,
    admission: Admission,
) -> str:
    settings = sparql_settings(query_workers=1, query_timeout=4.0, admission=admission)
    return live_server_factory(create_app(settings, sparql_store_factory()[0]))


def test_an_ask_is_answered_while_long_queries_from_other_clients_run(
    live_server_factory: Callable[[FastAPI], str], sparql_store_factory: SparqlStoreFactory
) -> None:
    base = _serve(live_server_factory, sparql_store_factory, Admission(concurrency=8))
    with ThreadPoolExecutor(4) as threads:
        long = [threads.submit(_query, base, f"127.0.0.{n}", LONG) for n in (2, 3, 4)]
        time.sleep(1.0)
        answer = _query(base, "127.0.0.5", ASK)
        still_running = [not query.done() for query in long]
        stopped = [query.result().status_code for query in long]
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    assert still_running == [True, True, True]
    assert stopped == [503, 503, 503]  # at the 4 s limit


def test_one_client_past_its_share_gets_429_and_the_others_are_served(
    live_server_factory: Callable[[FastAPI], str], sparql_store_factory: SparqlStoreFactory
) -> None:
    base = _serve(live_server_factory, sparql_store_factory, Admission(per_client=2))
    with ThreadPoolExecutor(2) as threads:
        long: list[Future[httpx.Response]] = [
            threads.submit(_query, base, "127.0.0.2", LONG) for _ in range(2)
        ]
        time.sleep(1.0)
        started = time.monotonic()
        refused = _query(base, "127.0.0.2", ASK)
        waited = time.monotonic() - started
        other = _query(base, "127.0.0.3", ASK)
        for query in long:
            query.result()
    assert refused.status_code == 429 and waited < 1.0
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "4"
    assert "INNOGRAPH_QUERIES_PER_CLIENT" in refused.json()["detail"]
    assert other.status_code == 200
    assert _query(base, "127.0.0.2", ASK).status_code == 200  # its share is free again
