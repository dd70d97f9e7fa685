"""The HTTP service in front of a remote store: `/sparql` with the same deadline, 503 with
Retry-After while the store is away, and the service back when the store is."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.settings import MEMORY, Settings
from innograph.store.remote import RemoteStore
from tests.remote_servers import oxigraph_server

EX = "http://example.org/"
ASK = "ASK { ?s ?p ?o }"


def _settings(**changes: object) -> Settings:
    base = dict(store=MEMORY, seed_paths=(), shapes=None, query_workers=2, reasoning=False)
    return Settings(**{**base, **changes})  # type: ignore[arg-type]


def _answered(client: TestClient, query: str) -> httpx.Response:
    return client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})


def test_the_service_answers_503_while_the_store_is_away_then_recovers(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path) as (remote, process):
        store = RemoteStore.open(remote, timeout=10)
        store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> 1 }} }}")
        with TestClient(create_app(_settings(), store)) as client:
            assert _answered(client, ASK).json()["boolean"] is True
            process.terminate()
            process.wait()
            time.sleep(1.1)  # the version the service read is no longer trusted
            away = _answered(client, ASK)
            assert away.status_code == 503
            assert "cannot be reached" in away.json()["detail"]
            assert int(away.headers["Retry-After"]) >= 1
            restarted = subprocess.Popen(
                [
                    str(process.args[0]),
                    "serve",
                    "--location",
                    str(tmp_path / "db"),  # type: ignore[index]
                    "--bind",
                    remote.query_url.split("/")[2],
                ]
            )
            try:
                for _ in range(100):
                    if _answered(client, ASK).status_code == 200:
                        break
                    time.sleep(0.1)
                assert _answered(client, ASK).json()["boolean"] is True
            finally:
                restarted.terminate()
                restarted.wait()


def test_a_query_past_the_time_limit_is_stopped_at_the_deadline(tmp_path: Path) -> None:
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with oxigraph_server(tmp_path) as (remote, _):
        store = RemoteStore.open(remote, timeout=10)
        triples = " ".join(f"<{EX}s{n}> <{EX}p> {n} ." for n in range(300))
        store.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ {triples} }} }}")
        with TestClient(create_app(_settings(query_timeout=1.0), store)) as client:
            started = time.monotonic()
            answer = _answered(client, slow)
            assert answer.status_code == 503
            assert "INNOGRAPH_QUERY_TIMEOUT" in answer.json()["detail"]
            assert time.monotonic() - started < 5


@pytest.mark.parametrize("query", ["SELECT * WHERE { SERVICE <http://evil/> { ?s ?p ?o } }"])
def test_the_screening_refuses_before_the_store_is_asked(tmp_path: Path, query: str) -> None:
    with oxigraph_server(tmp_path) as (remote, _):
        store = RemoteStore.open(remote, timeout=10)
        with TestClient(create_app(_settings(), store)) as client:
            assert _answered(client, query).status_code == 403


def test_an_update_with_reasoning_on_is_refused_naming_the_ways_to_write(tmp_path: Path) -> None:
    with oxigraph_server(tmp_path) as (remote, _):
        store = RemoteStore.open(remote, timeout=10)
        settings = _settings(update_token="secret", reasoning=True)
        with TestClient(create_app(settings, store)) as client:
            refused = client.post(
                "/sparql",
                data={"update": f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}s> <{EX}p> 1 }} }}"},
                headers={"Authorization": "Bearer secret"},
            )
            assert refused.status_code == 403
            assert "Graph Store" in refused.json()["detail"]
