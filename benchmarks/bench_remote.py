"""innograph in front of a remote store against the store direct, and against the embedded one.

    .venv/bin/python -m benchmarks.bench_remote [--organisations 5000] [--requests 400]
        [--seed 1] [--no-rest] [--load-direct]

One run, one generated ecosystem (`benchmarks/generate.py`), five columns: the embedded store
(pyoxigraph in process), innograph in front of Virtuoso (`innograph.store.remote`), Virtuoso
direct (HTTP, no innograph), innograph in front of the Oxigraph server, the Oxigraph server
direct. Both servers are started as the tests start them (`tests/remote_servers.py`, Virtuoso
with `deploy/virtuoso/virtuoso.ini`). Rows:

- load: triples a second, innograph's `load` (staging graph, commit) against one Graph Store
  POST of the whole file (`--load-direct`: the POST only, which innograph then reads: Virtuoso
  7.2 commits an innograph load in one transaction, which a 1.9 M-triple file overruns);
- one-organisation lookup: every statement of one organisation, p50 / p99 and requests a
  second from 8 threads, and p50 from one; innograph and the store direct take turns (four
  rounds each, the latencies pooled, each side on its own half of the organisations, since a
  store answers a query text it has seen faster), so that a change in the machine's load
  meets both. The
  store direct is the leanest client Python has: `http.client` on a kept-alive connection
  (TCP_NODELAY), its answer parsed by pyoxigraph into the same solutions innograph returns,
  so the overhead row is what innograph itself adds;
- aggregation: agreements per sector, the median of five;
- REST links and search: the service's `/api/organizations/{id}/links` and `/api/search`,
  which read the lookup tables innograph derives from the store (`--no-rest` leaves them out:
  at 100,000 organisations deriving the tables takes longer than the rest of the run).

Goal: innograph in front of a remote store adds at most 15 % to a lookup over the store direct.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph
from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table

from api.main import create_app
from benchmarks.bench_rest import ecosystem, targets
from benchmarks.generate import SYNTHETIC
from benchmarks.latency import Latencies
from benchmarks.servers import timed_threads
from innograph.loading import load
from innograph.settings import MEMORY, Remote, Settings
from innograph.store import Store, open_store
from innograph.store.remote import RemoteStore
from tests.remote_servers import oxigraph_server, virtuoso_server

LOOKUP = "SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{organisation}> ?p ?o }} }}"
AGGREGATION = (
    "SELECT ?sector (COUNT(?agreement) AS ?n) WHERE { GRAPH ?g { ?agreement "
    "<https://w3id.org/innograph/ontology#focusSector> ?sector } } GROUP BY ?sector"
)
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
"""Loaded with the data: the lookups find organisations through its class hierarchy."""
ROUNDS = 4
"""Turns innograph and the store direct take at the lookups."""
_FORM = "application/x-www-form-urlencoded"
COLUMNS = ("embedded", "innograph → Virtuoso", "Virtuoso", "innograph → Oxigraph", "Oxigraph")


def _direct(remote: Remote) -> Callable[[str], bool]:
    """A runner that sends a query to the store itself: one kept-alive connection, the
    answer parsed into solutions, nothing else."""
    url = urlsplit(remote.query_url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60)
    connection.connect()
    connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    headers = {"Accept": "application/sparql-results+json", "Content-Type": _FORM}

    def run(query: str) -> bool:
        connection.request("POST", url.path, body=urlencode({"query": query}), headers=headers)
        answer = connection.getresponse()
        body = answer.read()
        format = pyoxigraph.QueryResultsFormat.JSON
        return answer.status == 200 and bool(list(pyoxigraph.parse_query_results(body, format)))

    return run


def _through(store: Store) -> Callable[[str], bool]:
    """A runner that asks innograph's store; like `_direct`, it opens its thread's
    connection before its first timed request (`ASK {}`)."""
    store.query("ASK {}", use_query_dataset=True)
    return lambda query: bool(list(store.query(query, use_query_dataset=True)))


def _paired(
    store: Store, remote: Remote, queries: list[str], threads: int
) -> tuple[Latencies, Latencies]:
    """innograph and the store direct in turns, each on its own half of the queries (a
    store answers a text it has seen faster), the first to go alternating."""
    runners = {"through": lambda: _through(store), "direct": lambda: _direct(remote)}
    halves = {"through": queries[0::2], "direct": queries[1::2]}
    rounds: dict[str, list[Latencies]] = {"through": [], "direct": []}
    for turn in range(ROUNDS):
        for side in ("through", "direct") if turn % 2 == 0 else ("direct", "through"):
            rounds[side].append(_timed(runners[side], halves[side][turn::ROUNDS], threads))
    through, direct = (
        Latencies(
            latencies=tuple(t for timing in rounds[side] for t in timing.latencies),
            seconds=sum(timing.seconds for timing in rounds[side]),
        )
        for side in ("through", "direct")
    )
    return through, direct


def _timed(
    make: Callable[[], Callable[[str], bool]], queries: list[str], threads: int = 8
) -> Latencies:
    latencies, seconds, failures = timed_threads(make, queries, threads)
    if failures:
        raise RuntimeError(f"{failures} requests failed")
    return Latencies(latencies=tuple(latencies), seconds=seconds)


def _cell(timing: Latencies) -> str:
    return f"{timing.p50 * 1000:.1f} / {timing.p99 * 1000:.1f} ms, {timing.throughput:.0f}/s"


def _median(action: Callable[[], object]) -> str:
    """The median time of five runs."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return f"{statistics.median(times) * 1000:.1f} ms"


def _overhead(through: Latencies, direct: Latencies, alone: tuple[Latencies, Latencies]) -> str:
    """What innograph adds to the store direct: p50 and the time a request takes of the
    throughput at c=8, and p50 from one thread."""
    p50 = through.p50 / direct.p50 - 1
    per_request = direct.throughput / through.throughput - 1
    return (
        f"{p50:+.0%} p50, {per_request:+.0%} 1/throughput ({alone[0].p50 / alone[1].p50 - 1:+.0%})"
    )


def _upload(remote: Remote, data: Path) -> None:
    assert remote.graph_store_url is not None
    with data.open("rb") as body:
        httpx.post(
            remote.graph_store_url,
            params={"graph": "urn:x-bench:direct"},
            content=body,
            headers={"Content-Type": "application/n-triples"},
            timeout=3600,
        ).raise_for_status()


def _rest(store: Store, paths: list[str]) -> str:
    settings = Settings(store=MEMORY, seed_paths=(), shapes=None, reasoning=False)
    with TestClient(create_app(settings, store)) as client:
        timing = _timed(lambda: lambda path: client.get(path).status_code == 200, paths)
    return _cell(timing)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organisations", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-rest", dest="rest", action="store_false")
    parser.add_argument("--load-direct", action="store_true")
    arguments = parser.parse_args(argv)
    console = Console(width=160)
    data = ecosystem(arguments.organisations, seed=arguments.seed)
    triples = sum(1 for _ in data.open("rb"))
    rng = random.Random(1)
    organisations = [
        f"{SYNTHETIC}organisation/{rng.randrange(arguments.organisations)}"
        for _ in range(arguments.requests)
    ]
    lookups = [LOOKUP.format(organisation=organisation) for organisation in organisations]
    urls = targets(arguments.organisations, arguments.requests, seed=arguments.seed)
    links, searches = urls["GET /api/organizations/{id}/links"], urls["GET /api/search"]
    rows: dict[str, list[str]] = {
        "load (triples/s)": [],
        "lookup p50 / p99, c=8": [],
        "lookup p50, c=1": [],
        "innograph's overhead over direct, c=8 (c=1)": [],
        "aggregation (agreements per sector)": [],
    }
    if arguments.rest:
        rows |= {"REST links p50 / p99, c=8": [], "REST search p50 / p99, c=8": []}
    console.print(f"load average {', '.join(f'{n:.1f}' for n in os.getloadavg())} at the start")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        embedded = open_store(MEMORY)
        virtuoso_folder = _made(folder / "virtuoso")
        virtuoso, _ = stack.enter_context(virtuoso_server(virtuoso_folder, row_cap=None))
        oxigraph, _ = stack.enter_context(oxigraph_server(_made(folder / "oxigraph")))
        stores: list[tuple[Store, Remote | None]] = [(embedded, None)]
        for remote in (virtuoso, oxigraph):
            stores.append((RemoteStore.open(remote, timeout=600), remote))
        for store, remote in stores:
            started = time.perf_counter()
            if remote is not None and arguments.load_direct:
                _upload(remote, data)
                direct_load = f"{triples / (time.perf_counter() - started):,.0f}"
                rows["load (triples/s)"].append("-")
                # Virtuoso holds locks for a while after a large POST ("Locks are held for a
                # long time"): the first queries after it waited up to a second, in one turn.
                _direct(remote)(AGGREGATION)
            else:
                load([ONTOLOGY, data], store=store, reasoning=False)
                rows["load (triples/s)"].append(f"{triples / (time.perf_counter() - started):,.0f}")
            aggregate = partial(_through(store), AGGREGATION)
            if remote is None:
                rows["lookup p50 / p99, c=8"].append(
                    _cell(_timed(lambda store=store: _through(store), lookups))  # type: ignore[misc]
                )
                alone = _timed(lambda store=store: _through(store), lookups, 1)  # type: ignore[misc]
                rows["lookup p50, c=1"].append(f"{alone.p50 * 1000:.2f} ms")
                rows["innograph's overhead over direct, c=8 (c=1)"].append("-")
                rows["aggregation (agreements per sector)"].append(_median(aggregate))
            else:
                through, direct = _paired(store, remote, lookups, 8)
                through_alone, direct_alone = _paired(store, remote, lookups, 1)
                for cell in (_cell(through), _cell(direct)):
                    rows["lookup p50 / p99, c=8"].append(cell)
                for timing in (through_alone, direct_alone):
                    rows["lookup p50, c=1"].append(f"{timing.p50 * 1000:.2f} ms")
                rows["innograph's overhead over direct, c=8 (c=1)"] += [
                    _overhead(through, direct, (through_alone, direct_alone)),
                    "",
                ]
                rows["aggregation (agreements per sector)"] += [
                    _median(aggregate),
                    _median(partial(_direct(remote), AGGREGATION)),
                ]
            if arguments.rest:
                rows["REST links p50 / p99, c=8"] += [_rest(store, links)]
                rows["REST search p50 / p99, c=8"] += [_rest(store, searches)]
                if remote is not None:
                    rows["REST links p50 / p99, c=8"].append("-")
                    rows["REST search p50 / p99, c=8"].append("-")
            if remote is not None and arguments.load_direct:
                rows["load (triples/s)"].append(direct_load)
            elif remote is not None:  # after the lookups: the direct load adds a second copy
                started = time.perf_counter()
                _upload(remote, data)
                rows["load (triples/s)"].append(f"{triples / (time.perf_counter() - started):,.0f}")
    table = Table(title=f"{triples:,} triples ({arguments.organisations:,} organisations)")
    for column in ("", *COLUMNS):
        table.add_column(column)
    for name, cells in rows.items():
        table.add_row(name, *cells)
    console.print(table)
    console.print(f"load average {', '.join(f'{n:.1f}' for n in os.getloadavg())} at the end")


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


if __name__ == "__main__":
    main()
