"""innograph in front of a remote store against the store direct, and against the embedded one.

    .venv/bin/python -m benchmarks.bench_remote [--organisations 5000] [--requests 400]

One run, one generated ecosystem (`benchmarks/generate.py`), five columns: the embedded store
(pyoxigraph in process), innograph in front of Virtuoso (`innograph.store.remote`), Virtuoso
direct (HTTP, no innograph), innograph in front of the Oxigraph server, the Oxigraph server
direct. Both servers are started as the tests start them (`tests/remote_servers.py`, Virtuoso
with `deploy/virtuoso/virtuoso.ini`). Rows:

- load: triples a second, innograph's `load` (staging graph, commit) against one Graph Store
  POST of the whole file;
- one-organisation lookup: every statement of one organisation, p50 / p99 and requests a
  second from 8 threads;
- aggregation: agreements per sector;
- REST links and search: the service's `/api/organizations/{id}/links` and `/api/search`,
  which read the lookup tables innograph derives from the store.

Goal: innograph in front of a remote store adds at most 15 % to a lookup over the store direct.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from pathlib import Path

import httpx
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
COLUMNS = ("embedded", "innograph → Virtuoso", "Virtuoso", "innograph → Oxigraph", "Oxigraph")


def _direct(remote: Remote) -> Callable[[str], bool]:
    """A runner that sends a query to the store itself, as any SPARQL client would."""
    client = httpx.Client(timeout=60)

    def run(query: str) -> bool:
        answer = client.post(
            remote.query_url,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        return answer.status_code == 200 and bool(answer.json()["results"]["bindings"])

    return run


def _through(store: Store) -> Callable[[str], bool]:
    return lambda query: bool(list(store.query(query, use_query_dataset=True)))


def _timed(make: Callable[[], Callable[[str], bool]], queries: list[str]) -> Latencies:
    latencies, seconds, failures = timed_threads(make, queries, 8)
    if failures:
        raise RuntimeError(f"{failures} requests failed")
    return Latencies(latencies=tuple(latencies), seconds=seconds)


def _cell(timing: Latencies) -> str:
    return f"{timing.p50 * 1000:.1f} / {timing.p99 * 1000:.1f} ms, {timing.throughput:.0f}/s"


def _once(action: Callable[[], object]) -> str:
    started = time.perf_counter()
    action()
    return f"{(time.perf_counter() - started) * 1000:.0f} ms"


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
    arguments = parser.parse_args(argv)
    console = Console(width=160)
    data = ecosystem(arguments.organisations, seed=1)
    triples = sum(1 for _ in data.open("rb"))
    rng = random.Random(1)
    organisations = [
        f"{SYNTHETIC}organisation/{rng.randrange(arguments.organisations)}"
        for _ in range(arguments.requests)
    ]
    lookups = [LOOKUP.format(organisation=organisation) for organisation in organisations]
    urls = targets(arguments.organisations, arguments.requests, seed=1)
    links, searches = urls["GET /api/organizations/{id}/links"], urls["GET /api/search"]
    rows: dict[str, list[str]] = {
        "load (triples/s)": [],
        "lookup p50 / p99, c=8": [],
        "aggregation (agreements per sector)": [],
        "REST links p50 / p99, c=8": [],
        "REST search p50 / p99, c=8": [],
    }
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        embedded = open_store(MEMORY)
        virtuoso_folder = _made(folder / "virtuoso")
        virtuoso, _ = stack.enter_context(virtuoso_server(virtuoso_folder, row_cap=None))
        oxigraph, _ = stack.enter_context(oxigraph_server(_made(folder / "oxigraph")))
        stores: list[tuple[Store, Remote | None]] = [(embedded, None)]
        for remote in (virtuoso, oxigraph):
            stores.append((RemoteStore.open(remote, timeout=60), remote))
        for store, remote in stores:
            started = time.perf_counter()
            load([ONTOLOGY, data], store=store, reasoning=False)
            rows["load (triples/s)"].append(f"{triples / (time.perf_counter() - started):,.0f}")
            rows["lookup p50 / p99, c=8"].append(
                _cell(_timed(lambda store=store: _through(store), lookups))  # type: ignore[misc]
            )
            rows["aggregation (agreements per sector)"].append(
                _once(lambda store=store: _through(store)(AGGREGATION))  # type: ignore[misc]
            )
            rows["REST links p50 / p99, c=8"].append(_rest(store, links))
            rows["REST search p50 / p99, c=8"].append(_rest(store, searches))
            if remote is None:
                continue
            direct = _direct(remote)  # before the direct load, which adds a second copy
            lookup = _cell(_timed(lambda remote=remote: _direct(remote), lookups))  # type: ignore[misc]
            aggregation = _once(partial(direct, AGGREGATION))
            started = time.perf_counter()
            _upload(remote, data)
            rows["load (triples/s)"].append(f"{triples / (time.perf_counter() - started):,.0f}")
            rows["lookup p50 / p99, c=8"].append(lookup)
            rows["aggregation (agreements per sector)"].append(aggregation)
            rows["REST links p50 / p99, c=8"].append("-")
            rows["REST search p50 / p99, c=8"].append("-")
    table = Table(title=f"{triples:,} triples ({arguments.organisations:,} organisations)")
    for column in ("", *COLUMNS):
        table.add_column(column)
    for name, cells in rows.items():
        table.add_row(name, *cells)
    console.print(table)


def _made(folder: Path) -> Path:
    folder.mkdir()
    return folder


if __name__ == "__main__":
    main()
