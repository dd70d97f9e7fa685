"""`/sparql` refuses a query or update past a shape limit with a 400 before any worker sees it
(issue #14: pyoxigraph segfaults on 3,000 nested groups, and the worker's loss was a 503)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.settings import QueryLimits
from tests.api.conftest import (
    SparqlClientFactory,
    SparqlStoreFactory,
    sparql_settings,
)
from tests.api.test_sparql_safety import PATHOLOGICAL
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


def _crash_reported(response: httpx.Response) -> None:
    """A crash is a 500 that invites no retry (no Retry-After), unlike a stop at the time limit."""
    assert response.status_code == 500
    assert "retry-after" not in response.headers
    assert response.json()["detail"].startswith("the query engine crashed on this request")


_LIFTED = QueryLimits(max_length=1 << 20, max_depth=1 << 20)


@pytest.mark.parametrize("is_update", [False, True], ids=["query", "update"])
def test_a_text_that_crashes_the_engine_is_a_500_without_retry_after(
    sparql_client_factory: SparqlClientFactory, is_update: bool
) -> None:
    """With the limits lifted, nested groups segfault the worker, as 3,000 did before the limits
    (a 503 then, "please retry"): 300,000 on a query's 256 MiB stack, 3,000 in an update's
    rehearsal; the store is unchanged and the next query is answered by a new worker."""
    client = sparql_client_factory(query_limits=_LIFTED, update_token=_TOKEN)
    if is_update:
        update = "INSERT { <urn:a> <urn:b> <urn:c> } WHERE " + "{" * 3000 + "}" * 3000
        auth = {"Authorization": f"Bearer {_TOKEN}"}
        crashed = client.post("/sparql", data={"update": update}, headers=auth)
    else:
        deep = "ASK " + "{" * 300_000 + "}" * 300_000
        direct = {"Content-Type": "application/sparql-query"}
        crashed = client.post("/sparql", content=deep, headers=direct)
    _crash_reported(crashed)
    assert "(signal 11)" in crashed.json()["detail"]
    after = client.get("/sparql", params={"query": "ASK { <urn:a> ?p ?o }"})
    assert after.status_code == 200 and after.json()["boolean"] is False


def test_a_long_chain_of_operators_is_answered(sparql_client_factory: SparqlClientFactory) -> None:
    """10,000 `||` operands segfaulted pyoxigraph on an 8 MiB stack; queries run on 256 MiB."""
    client = sparql_client_factory()
    chain = "ASK { FILTER(" + " || ".join(["false"] * 10_000) + " || true) }"
    answer = client.post("/sparql", data={"query": chain})
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_a_worker_killed_mid_query_is_a_500_without_retry_after(
    sparql_store_factory: SparqlStoreFactory, live_server_factory: Callable[[FastAPI], str]
) -> None:
    app = create_app(
        sparql_settings(query_workers=1, query_timeout=60.0), sparql_store_factory()[0]
    )
    base = live_server_factory(app)
    with httpx.Client(base_url=base, timeout=60) as client, ThreadPoolExecutor(1) as background:
        slow = background.submit(client.get, "/sparql", params={"query": PATHOLOGICAL[0]})
        time.sleep(1.0)  # the query is running in the only worker
        (worker,) = app.state.query_pool._workers._running
        os.kill(worker.process.pid, signal.SIGKILL)
        killed = slow.result()
        after = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    _crash_reported(killed)
    assert "(signal 9)" in killed.json()["detail"]
    assert after.status_code == 200 and after.json()["boolean"] is True
