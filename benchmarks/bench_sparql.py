"""Measure `/sparql` next to pyoxigraph in process and the Oxigraph server: p50/p99, throughput.

Four queries over a generated ecosystem (`benchmarks/generate.py`), each at concurrency 1 and 8:
one organisation's links (in and out), its 2-hop neighbourhood over organisation-to-organisation
links, an aggregation over every organisation (per country), and a label text filter. Targets,
in the same run and on the same data:

- pyoxigraph in process: `Store.query` and a JSON serialisation, threads for concurrency (the
  floor: no HTTP, no worker processes);
- innograph's `QueryPool` in process: screening, worker processes and capped serialisation,
  without HTTP (the difference to the floor is the cost of the time limit);
- innograph `/sparql` under uvicorn, and under granian when it is installed (one server
  process each, INNOGRAPH_QUERY_WORKERS query workers, the store on disk);
- `oxigraph serve-read-only` (the Rust server of the PyPI package `oxigraph`).

HTTP targets run as subprocesses; the client is the same `httpx` code for all of them (one
keep-alive connection per client thread).

    python -m benchmarks.bench_sparql                          # 2,000 organisations, ~2 min
    python -m benchmarks.bench_sparql --organisations 100000   # the large run
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.bench_rest import ecosystem
from benchmarks.latency import Latencies
from innograph.execution import QueryJob, QueryPool
from innograph.loading import load
from innograph.namespaces import IG, SYNTHETIC
from innograph.results import ResultFormats
from innograph.store import open_store

__all__ = ["Cell", "QUERIES", "main"]

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JSON = "application/sparql-results+json"
_LINKS = f"<{IG}hasAgreementWith>|<{IG}hosts>|^<{IG}hosts>|<{IG}foundedBy>|^<{IG}foundedBy>"
_WORDS = ("bio", "gen", "tus", "lin", "park", "pharma")


def _organisation(rng: random.Random, organisations: int) -> str:
    """A random organisation, written as a SPARQL IRI term by pyoxigraph (never by hand)."""
    return str(pyoxigraph.NamedNode(f"{SYNTHETIC}organisation/{rng.randrange(organisations)}"))


def _word(rng: random.Random) -> str:
    return str(pyoxigraph.Literal(rng.choice(_WORDS)))


QUERIES: dict[str, tuple[Callable[[random.Random, int], str], float]] = {
    "links of one organisation": (
        lambda rng, n: (
            "SELECT ?p ?other WHERE { { ORG ?p ?other FILTER(isIRI(?other)) } "
            "UNION { ?other ?p ORG } }"
        ).replace("ORG", _organisation(rng, n)),
        1.0,
    ),
    "2-hop neighbourhood": (
        lambda rng, n: f"SELECT DISTINCT ?far WHERE {{ ORG ({_LINKS})/({_LINKS}) ?far }}".replace(
            "ORG", _organisation(rng, n)
        ),
        1.0,
    ),
    "aggregation (per country)": (
        lambda rng, n: (
            f"SELECT ?country (COUNT(?o) AS ?organisations) WHERE {{ ?o <{IG}country> ?country }} "
            "GROUP BY ?country ORDER BY DESC(?organisations)"
        ),
        0.1,
    ),
    "label text filter": (
        lambda rng, n: (
            "SELECT ?o ?label WHERE { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?label "
            "FILTER(CONTAINS(LCASE(STR(?label)), WORD)) } LIMIT 100"
        ).replace("WORD", _word(rng)),
        0.5,
    ),
}
"""Query makers (given a seeded random source and the size) and the share of requests each gets."""


@dataclass(frozen=True, kw_only=True)
class Cell(Latencies):
    """The latencies of one target answering one query at one concurrency."""

    target: str
    query: str
    concurrency: int
    failures: int


Runner = Callable[[str], bool]
"""Run one query; return whether it was answered successfully."""


def _measure(
    target: str, query: str, run: Callable[[], Runner], texts: list[str], concurrency: int
) -> Cell:
    """Run the texts with `concurrency` threads, each with its own runner (connection)."""
    pending = list(reversed(texts))
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal failures
        runner = run()
        while True:
            with lock:
                if not pending:
                    return
                text = pending.pop()
            started = time.perf_counter()
            ok = runner(text)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                failures += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(worker) for _ in range(concurrency)]:
            future.result()
    return Cell(
        target=target,
        query=query,
        concurrency=concurrency,
        latencies=tuple(latencies),
        seconds=time.perf_counter() - started,
        failures=failures,
    )


def _in_process(location: Path) -> Callable[[], Runner]:
    store = pyoxigraph.Store.read_only(str(location))

    def make() -> Runner:
        def run(text: str) -> bool:
            result = store.query(text)
            assert isinstance(result, pyoxigraph.QuerySolutions)
            return bool(result.serialize(format=pyoxigraph.QueryResultsFormat.JSON) is not None)

        return run

    return make


def _query_pool(pool: QueryPool) -> Callable[[], Runner]:
    def make() -> Runner:
        def run(text: str) -> bool:
            answer = pool.run(QueryJob(text, ResultFormats(results="json", graph=None)))
            return answer.is_acceptable

        return run

    return make


def _over_http(url: str) -> Callable[[], Runner]:
    def make() -> Runner:
        client = httpx.Client(timeout=120, headers={"Accept": JSON})

        def run(text: str) -> bool:
            response = client.get(url, params={"query": text})
            return response.status_code == 200

        return run

    return make


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _server(command: list[str], url: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start a server subprocess, wait until `url` answers ASK {}, yield it, then stop it."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"{command[0]} exited: {error[-2000:]}")
            try:
                if httpx.get(url, params={"query": "ASK {}"}, timeout=10).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command[0]} did not answer {url}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _innograph_env(store: Path, workers: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("INNOGRAPH_")}
    env |= {
        "INNOGRAPH_STORE": str(store),
        "INNOGRAPH_SEED": "",
        "INNOGRAPH_QUERY_WORKERS": str(workers),
        "PYTHONPATH": str(ROOT),
    }
    return env


def _targets(folder: Path, workers: int) -> Iterator[tuple[str, Callable[[], Runner]]]:
    """Each target's name and runner factory, its server running while the caller measures."""
    yield "pyoxigraph in process", _in_process(folder / "oxigraph")
    store = open_store(str(folder / "innograph"))
    pool = QueryPool(store, workers=workers, timeout=60, result_limit=10_000).start()
    try:
        yield "innograph QueryPool in process", _query_pool(pool)
    finally:
        pool.close()
        store.close()
    port = _free_port()
    uvicorn = [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory"]
    uvicorn += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    url = f"http://127.0.0.1:{port}/sparql"
    with _server(uvicorn, url, _innograph_env(folder / "innograph", workers)):
        yield "innograph /sparql (uvicorn)", _over_http(url)
    if shutil.which("granian", path=str(BIN)):
        port = _free_port()
        granian = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--no-access-log"]
        granian += ["--host", "127.0.0.1", "--port", str(port), "api.main:create_app"]
        url = f"http://127.0.0.1:{port}/sparql"
        with _server(granian, url, _innograph_env(folder / "innograph", workers)):
            yield "innograph /sparql (granian)", _over_http(url)
    port = _free_port()
    oxigraph = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(folder / "oxigraph")]
    oxigraph += ["--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/query"
    with _server(oxigraph, url):
        yield "oxigraph serve-read-only", _over_http(url)


def _prepare(data: Path, folder: Path, console: Console) -> None:
    started = time.perf_counter()
    store = open_store(str(folder / "innograph"))
    load([data], store=store)
    store.close()
    subprocess.run(
        [
            str(BIN / "oxigraph"),
            "load",
            "--location",
            str(folder / "oxigraph"),
            "--file",
            str(data),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    console.print(f"loaded both stores in {time.perf_counter() - started:.1f} s")


def report(cells: list[Cell], console: Console) -> None:
    table = Table("target", "query", "conc.", "requests", "p50 ms", "p99 ms", "req/s", "failed")
    for cell in cells:
        table.add_row(
            cell.target,
            cell.query,
            str(cell.concurrency),
            str(len(cell.latencies)),
            f"{cell.p50 * 1000:.2f}",
            f"{cell.p99 * 1000:.2f}",
            f"{cell.throughput:.0f}",
            str(cell.failures),
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) an ecosystem, load it twice, and time every target on every query."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_sparql", description=__doc__)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="per query and concurrency")
    parser.add_argument("--workers", type=int, default=2, help="INNOGRAPH_QUERY_WORKERS")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    console = Console(width=150)
    data = ecosystem(options.organisations, seed=options.seed)
    console.print(
        f"{options.organisations} organisations ({data.name}), {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    cells: list[Cell] = []
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as temporary:
        folder = Path(temporary)
        _prepare(data, folder, console)
        for target, runner in _targets(folder, options.workers):
            for query, (make, share) in QUERIES.items():
                rng = random.Random(options.seed)
                count = max(10, round(options.requests * share))
                texts = [make(rng, options.organisations) for _ in range(count)]
                _measure(target, query, runner, texts[:3], 1)  # warm up
                for concurrency in (1, 8):
                    cells.append(_measure(target, query, runner, texts, concurrency))
            console.print(f"measured {target}")
    report(cells, console)


if __name__ == "__main__":
    main()
