"""The fast lane (`innograph.sparql.fast_lane`) in real serving processes: `innograph serve
--processes 2` under uvicorn, over HTTP.

- Both modes answer alike: every competency query and a matrix of protocol requests (formats,
  datasets, `infer=false`, the result limit, a large answer streamed from its file, ETags, the
  refusals) get the same status, headers and bytes from two processes running queries
  themselves as from two processes handing them to worker processes.
- A runaway retires its process without losing anything else: during bursts of queries past
  the time limit from several clients, other clients' queries and `/health` are answered
  throughout (no connection refused, no 5xx but the runaways' 503s), each runaway is answered
  503 at its limit, and `/health` reports the retirements and the replacements.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from innograph.loading import load
from innograph.queries import query_catalogue
from innograph.store import open_store
from tests.conftest import REPOSITORY, SLOW_QUERY, served

MODES = {"pool": "off", "fast lane": "on"}
"""INNOGRAPH_FAST_LANE of each mode."""

LIMIT = 5_000
"""The result limit of both modes' servers: an answer cut there is over a MiB."""

SERVER = {
    "INNOGRAPH_SHAPES": "",
    "INNOGRAPH_SEED": "",
    "INNOGRAPH_QUERY_WORKERS": "2",
    "INNOGRAPH_RESULT_LIMIT": str(LIMIT),
}

JSON = "application/sparql-results+json"
IG = "https://w3id.org/innograph/ontology#"
COMPARED_HEADERS = ("content-type", "content-length", "etag", "x-innograph-result-limit", "vary")

QUERIES = sorted(query_catalogue(REPOSITORY / "queries").values(), key=lambda query: query.name)


@dataclass(frozen=True)
class Case:
    """One protocol request, sent alike to both modes."""

    method: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None


_EVERYTHING = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }"
_LABELS = f"SELECT ?o ?label WHERE {{ ?o a <{IG}Organisation> ; rdfs:label ?label }} LIMIT 20"
_GRAPH = "CONSTRUCT { ?o rdfs:label ?label } WHERE { ?o rdfs:label ?label } LIMIT 30"
_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"

CASES = {
    "select as JSON": Case("GET", {"query": _LABELS}, {"Accept": JSON}),
    "select as XML": Case("GET", {"query": _LABELS}, {"Accept": "application/sparql-results+xml"}),
    "select as CSV": Case("GET", {"query": _LABELS}, {"Accept": "text/csv"}),
    "select as TSV": Case("GET", {"query": _LABELS, "format": "tsv"}),
    "ask": Case("GET", {"query": "ASK { ?s ?p ?o }"}, {"Accept": JSON}),
    "construct as Turtle": Case("GET", {"query": _GRAPH}, {"Accept": "text/turtle"}),
    "construct as N-Triples": Case("GET", {"query": _GRAPH}, {"Accept": "application/n-triples"}),
    "construct as JSON-LD": Case("GET", {"query": _GRAPH}, {"Accept": "application/ld+json"}),
    "posted as a form": Case(
        "POST",
        headers={"Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"},
        body=str(httpx.QueryParams({"query": _LABELS})),
    ),
    "posted as the body": Case(
        "POST", headers={"Accept": JSON, "Content-Type": "application/sparql-query"}, body=_LABELS
    ),
    "graphs, inferred one included": Case("GET", {"query": _GRAPHS}, {"Accept": JSON}),
    "infer=false": Case("GET", {"query": _GRAPHS, "infer": "false"}, {"Accept": JSON}),
    "named graphs chosen": Case(
        "GET",
        {"query": _GRAPHS, "named-graph-uri": "urn:innograph:graph:none"},
        {"Accept": JSON},
    ),
    "default graph chosen": Case(
        "GET",
        {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "default-graph-uri": "urn:x:none"},
        {"Accept": JSON},
    ),
    "cut at the result limit, streamed": Case("GET", {"query": _EVERYTHING}, {"Accept": JSON}),
    "cut at the result limit, as CSV": Case("GET", {"query": _EVERYTHING}, {"Accept": "text/csv"}),
    "syntax error": Case("GET", {"query": "SELECT WHERE {"}, {"Accept": JSON}),
    "SERVICE refused": Case(
        "GET",
        {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"},
        {"Accept": JSON},
    ),
    "no acceptable format": Case("GET", {"query": _LABELS}, {"Accept": "image/png"}),
    "update refused": Case(
        "POST",
        headers={"Content-Type": "application/sparql-update"},
        body="INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    ),
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed release (asserted and inferred graphs) in a store on disk, and a copy of it
    for each mode: the same version, so the same ETags."""
    folder = tmp_path_factory.mktemp("lanes")
    seed = folder / "seed" / "store"
    store = open_store(str(seed))
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store, reasoning=True)
    store.close()
    copies = {}
    for name in [*MODES, "retirement"]:
        copy = folder / name.replace(" ", "-") / "store"
        shutil.copytree(seed, copy)
        copies[name] = copy
    return copies


@pytest.fixture(scope="module")
def bases(stores: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Both modes served at once, each from two processes; their base URLs by mode."""
    with (
        served(stores["pool"].parent, "--processes", "2", **_variables("pool")) as (pool, _),
        served(stores["fast lane"].parent, "--processes", "2", **_variables("fast lane")) as (
            fast,
            _,
        ),
    ):
        _all_answering(fast)
        yield {"pool": pool, "fast lane": fast}


def _all_answering(base: str) -> dict[str, Any]:
    """Once both processes of a fast lane answer (a process starts in seconds, here: generous
    room for a shared machine), its health."""
    deadline = time.monotonic() + BACK_WITHIN
    while (health := _health(base))["answering"] < 2 or health["waiting"] or health["retiring"]:
        assert time.monotonic() < deadline, health
        time.sleep(0.1)
    return health


def _variables(mode: str, **more: str) -> dict[str, str]:
    return {**SERVER, "INNOGRAPH_FAST_LANE": MODES[mode], **more}


def _send(base: str, case: Case) -> httpx.Response:
    return httpx.request(
        case.method,
        f"{base}/sparql",
        params=case.params,
        headers=case.headers,
        content=case.body,
        timeout=60,
    )


def _alike(responses: dict[str, httpx.Response]) -> httpx.Response:
    """Assert both modes answered with the same status, headers and bytes; return one."""
    pool, fast = responses["pool"], responses["fast lane"]
    assert fast.status_code == pool.status_code, (fast.text[:500], pool.text[:500])
    for name in COMPARED_HEADERS:
        assert fast.headers.get(name) == pool.headers.get(name), name
    assert fast.content == pool.content
    return fast


def test_each_mode_runs_queries_where_it_says(bases: dict[str, str]) -> None:
    """The fast lane reports its processes (it alone retires them); the pool does not."""
    pool = httpx.get(f"{bases['pool']}/health").json()
    fast = httpx.get(f"{bases['fast lane']}/health").json()
    assert (pool["processes"], pool["answering"]) == (2, None)
    assert (fast["processes"], fast["answering"], fast["waiting"], fast["retiring"]) == (2, 2, 0, 0)


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.name)
def test_competency_query_answers_alike_in_both_modes(query: Any, bases: dict[str, str]) -> None:
    case = Case(
        "POST",
        headers={"Accept": JSON, "Content-Type": "application/sparql-query"},
        body=query.text,
    )
    answer = _alike({mode: _send(base, case) for mode, base in bases.items()})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == JSON


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_protocol_request_answers_alike_in_both_modes(case: Case, bases: dict[str, str]) -> None:
    answer = _alike({mode: _send(base, case) for mode, base in bases.items()})
    assert answer.status_code in (200, 400, 403, 406), answer.text


def test_the_result_limit_cuts_and_streams_alike(bases: dict[str, str]) -> None:
    """The largest answer is cut at the limit, said so, and (over a MiB) sent from its file."""
    answer = _alike(
        {
            mode: _send(base, CASES["cut at the result limit, streamed"])
            for mode, base in bases.items()
        }
    )
    assert answer.headers["x-innograph-result-limit"] == f"{LIMIT}; truncated"
    assert len(answer.content) > 1 << 20
    assert len(answer.json()["results"]["bindings"]) == LIMIT


def test_a_cached_answer_is_revalidated_alike(bases: dict[str, str]) -> None:
    """Both modes answer a GET with the same ETag, and 304 to a request that sends it back."""
    case = CASES["select as JSON"]
    first = _alike({mode: _send(base, case) for mode, base in bases.items()})
    again = Case(case.method, case.params, {**case.headers, "If-None-Match": first.headers["etag"]})
    assert _alike({mode: _send(base, again) for mode, base in bases.items()}).status_code == 304


# -- retirement ------------------------------------------------------------------------------

TIMEOUT = 5
"""The time limit of the retirement test's server (seconds): a small query must stay far
under it even while runaways take the machine's cores (two here, shared with other jobs)."""

BURSTS = 2
RUNAWAYS_PER_BURST = 3
"""Runaways sent at once: both processes get some, so one must wait for the other's
replacement before it may retire."""
BACK_WITHIN = 180.0
"""Seconds a replacement may take to answer: a fresh process imports the service and opens
the store in 2-3 s on an idle machine, but the tests share two cores with other jobs, and the
runaways still running in the process that waits to retire take a core each."""


@dataclass
class _Traffic:
    """What the clients running beside the runaways saw."""

    statuses: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _ask_short_queries(base: str, traffic: _Traffic) -> None:
    """Send small queries in a loop, each on a new connection (one process may close its
    keep-alive connections as it retires: a new one goes to a process that accepts)."""
    while not traffic.stop.is_set():
        try:
            response = httpx.get(
                f"{base}/sparql", params={"query": _LABELS}, headers={"Accept": JSON}, timeout=30
            )
            traffic.statuses.append(response.status_code)
        except httpx.HTTPError as error:
            traffic.failures.append(f"query: {error!r}")
        time.sleep(0.02)


def _watch_health(base: str, traffic: _Traffic) -> None:
    while not traffic.stop.is_set():
        try:
            response = httpx.get(f"{base}/health", timeout=30)
            traffic.statuses.append(response.status_code)
        except httpx.HTTPError as error:
            traffic.failures.append(f"health: {error!r}")
        time.sleep(0.05)


def _run_away(base: str, outcomes: list[tuple[int, float, str | None]]) -> None:
    started = time.monotonic()
    response = httpx.get(f"{base}/sparql", params={"query": SLOW_QUERY}, timeout=120)
    outcomes.append(
        (response.status_code, time.monotonic() - started, response.headers.get("retry-after"))
    )


def _health(base: str) -> dict[str, Any]:
    answer: dict[str, Any] = httpx.get(f"{base}/health", timeout=30).json()
    return answer


def test_runaways_retire_their_processes_while_the_service_goes_on_answering(
    stores: dict[str, Path],
) -> None:
    variables = _variables(
        "fast lane", INNOGRAPH_QUERY_TIMEOUT=str(TIMEOUT), INNOGRAPH_QUERIES_PER_CLIENT="64"
    )
    with served(stores["retirement"].parent, "--processes", "2", **variables) as (base, _):
        _all_answering(base)
        traffic = _Traffic()
        clients = [
            *(threading.Thread(target=_ask_short_queries, args=(base, traffic)) for _ in range(3)),
            threading.Thread(target=_watch_health, args=(base, traffic)),
        ]
        for client in clients:
            client.start()
        outcomes: list[tuple[int, float, str | None]] = []
        try:
            for _ in range(BURSTS):
                before = _health(base)["restarted"]
                runaways = [
                    threading.Thread(target=_run_away, args=(base, outcomes))
                    for _ in range(RUNAWAYS_PER_BURST)
                ]
                for runaway in runaways:
                    runaway.start()
                for runaway in runaways:
                    runaway.join()
                # Each process holding a runaway has retired or waits to: it is listed as
                # retiring or waiting, or has exited (one answering) or been replaced already.
                after = _health(base)
                assert (
                    after["retiring"]
                    or after["waiting"]
                    or after["answering"] < 2
                    or after["restarted"] > before
                ), after
                _all_answering(base)
        finally:
            traffic.stop.set()
            for client in clients:
                client.join()
        final = _health(base)
    assert not traffic.failures, traffic.failures[:5]
    assert set(traffic.statuses) == {200}
    assert len(outcomes) == BURSTS * RUNAWAYS_PER_BURST
    for status, seconds, retry_after in outcomes:
        # Answered at the limit (with room for a loaded machine), not when the query ends.
        assert (status, retry_after) == (503, str(TIMEOUT))
        assert TIMEOUT <= seconds < TIMEOUT + 15
    assert final["restarted"] >= BURSTS
    assert (final["answering"], final["waiting"], final["retiring"]) == (2, 0, 0)
