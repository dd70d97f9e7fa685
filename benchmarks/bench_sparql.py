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
- `benchmarks/bare_endpoint.py`: a bare ASGI app that runs each query with pyoxigraph in the
  serving process, under the same uvicorn (the ceiling of any endpoint served by Python: no
  time limit, no cap, no screening, nothing `/sparql` must do);
- `oxigraph serve-read-only` (the Rust server of the PyPI package `oxigraph`).

HTTP targets run as subprocesses; the client is the same `httpx` code for all of them (one
keep-alive connection per client thread). uvicorn runs with httptools and uvloop when they are
installed (the `serve` extra), as `innograph serve` does, else with h11 and asyncio.

Memory: after the latency runs, each server answers `--memory-requests` more requests (the same
query mix, new random organisations, 8 in flight), and the resident memory (VmRSS) of its
process and of every process it started (query workers) is read from /proc before, halfway and
after. Memory is flat when the second half adds nothing. The same run reports the processor
time the server and its children spent per request: unlike latency it hardly depends on what
else the machine is doing.

    python -m benchmarks.bench_sparql                          # 2,000 organisations, ~2 min
    python -m benchmarks.bench_sparql --organisations 100000 --memory-requests 10000
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.bench_rest import announce, ecosystem
from benchmarks.latency import Latencies
from benchmarks.servers import (
    BIN,
    Runner,
    Served,
    descendants,
    free_port,
    innograph_environment,
    resident_memory,
    serving,
    serving_processes,
    timed_threads,
    uvicorn_command,
    wrk,
)
from innograph.loading import load
from innograph.namespaces import IG, SYNTHETIC
from innograph.serving import prepare_for_processes
from innograph.settings import Settings
from innograph.sparql.execution import QueryJob, QueryPool
from innograph.sparql.results import ResultFormats
from innograph.store import open_store

__all__ = ["Cell", "Footprint", "QUERIES", "in_process", "measure", "texts_per_query", "main"]

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


@dataclass(frozen=True)
class Footprint:
    """Resident memory of a server's processes after 0, N/2 and N requests, and its CPU time."""

    target: str
    role: str
    processes: int
    requests: int
    failures: int
    rss: tuple[int, int, int]
    cpu_seconds: float


@dataclass(frozen=True)
class Target:
    """A target's name, its runner factory, and its server process (None when in process)."""

    name: str
    make: Callable[[], Runner]
    pid: int | None = None
    url: str | None = None
    """The query endpoint of an HTTP target."""


def measure(
    target: str, query: str, run: Callable[[], Runner], texts: list[str], concurrency: int
) -> Cell:
    """Run the texts with `concurrency` threads, each with its own runner (connection)."""
    latencies, seconds, failures = timed_threads(run, texts, concurrency)
    return Cell(
        target=target,
        query=query,
        concurrency=concurrency,
        latencies=tuple(latencies),
        seconds=seconds,
        failures=failures,
    )


def in_process(location: Path, *, union: bool = False) -> Callable[[], Runner]:
    """pyoxigraph on a store folder; with `union`, the default graph is the union of the named
    graphs (innograph's stores keep every file in a graph of its own)."""
    store = pyoxigraph.Store.read_only(str(location))

    def make() -> Runner:
        def run(text: str) -> bool:
            result = store.query(text, use_default_graph_as_union=union)
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


def _targets(folder: Path, workers: int, processes: int) -> Iterator[Target]:
    """Each target, its server running while the caller measures it."""
    yield Target("pyoxigraph in process", in_process(folder / "oxigraph"))
    store = open_store(str(folder / "innograph"))
    pool = QueryPool(store, workers=workers, timeout=60, result_limit=10_000).start()
    try:
        yield Target("innograph QueryPool in process", _query_pool(pool))
    finally:
        pool.close()
        store.close()
    lanes = [(1, False)] + [(processes, lane) for lane in (False, True) if processes > 1]
    for count, fast_lane in lanes:
        if count > 1:
            prepare_for_processes(Settings(store=str(folder / "innograph"), seed_paths=()))
        port = free_port()
        uvicorn, stack = uvicorn_command(port, count)
        url = f"http://127.0.0.1:{port}/sparql"
        environment = innograph_environment(
            folder / "innograph", workers, count, fast_lane=fast_lane
        )
        name = f"innograph /sparql {'fast lane' if fast_lane else 'pool'} ({stack})"
        with serving(uvicorn, url, environment) as pid:
            yield Target(name, _over_http(url), pid, url)
    port = free_port()
    bare = ("benchmarks.bare_endpoint:app", "--lifespan", "off")
    uvicorn, stack = uvicorn_command(port, processes, application=bare)
    url = f"http://127.0.0.1:{port}/sparql"
    environment = {**os.environ, "BARE_ENDPOINT_STORE": str(folder / "oxigraph")}
    with serving(uvicorn, url, environment) as pid:
        yield Target(f"bare ASGI app, no limits ({stack})", _over_http(url), pid, url)
    if shutil.which("granian", path=str(BIN)):
        port = free_port()
        granian = [str(BIN / "granian"), "--interface", "asgi", "--factory", "--no-access-log"]
        granian += ["--host", "127.0.0.1", "--port", str(port), "api.main:create_app"]
        url = f"http://127.0.0.1:{port}/sparql"
        with serving(granian, url, innograph_environment(folder / "innograph", workers)) as pid:
            yield Target("innograph /sparql (granian)", _over_http(url), pid, url)
    port = free_port()
    oxigraph = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(folder / "oxigraph")]
    oxigraph += ["--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/query"
    with serving(oxigraph, url) as pid:
        yield Target("oxigraph serve-read-only", _over_http(url), pid, url)


def _cpu_seconds(pid: int) -> float:
    """User and system time a process has used so far, 0 if it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _footprint(target: Target, texts: list[str]) -> list[Footprint]:
    """Run the texts against a server, 8 in flight; report its processes' RSS and CPU time.

    The server process and its descendants (the query workers) are reported separately, so
    a leak shows where it is. The descendants are listed before the run: a worker replaced
    during the run (after a time-out) would show as a drop, never as a silent omission.
    """
    assert target.pid is not None
    server = serving_processes(target.pid)
    roles = {
        "server": server,
        "children": [pid for pid in descendants(target.pid) if pid not in server],
    }
    half = len(texts) // 2
    samples: dict[str, list[int]] = {role: [] for role in roles}
    cpu = {role: sum(map(_cpu_seconds, pids)) for role, pids in roles.items()}
    failures = 0
    for chunk in (None, texts[:half], texts[half:]):
        if chunk is not None:
            failures += measure(target.name, "memory", target.make, chunk, 8).failures
        for role, pids in roles.items():
            samples[role].append(sum(map(resident_memory, pids)))
    return [
        Footprint(
            target=target.name,
            role=role,
            processes=len(pids),
            requests=len(texts),
            failures=failures,
            rss=(samples[role][0], samples[role][1], samples[role][2]),
            cpu_seconds=sum(map(_cpu_seconds, pids)) - cpu[role],
        )
        for role, pids in roles.items()
        if pids
    ]


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


def _loaded(
    target: str,
    url: str,
    query: str,
    texts: list[str],
    options: argparse.Namespace,
    concurrency: int,
) -> Served:
    """The target answering the texts in turn, loaded by wrk.

    Eight Python client threads top out near 300 requests/s here, whatever the server, and one
    adds a millisecond of its own to each request; wrk, in C, shows what the servers themselves
    sustain, and their latency.
    """
    parts = urlsplit(url)
    paths = [f"{parts.path}?{urlencode({'query': text})}" for text in texts]
    base = f"{parts.scheme}://{parts.netloc}"
    return wrk(
        base,
        paths,
        concurrency=concurrency,
        seconds=options.wrk_seconds,
        operation=f"{target} | {query}",
        headers={"Accept": JSON},
    )


def report_loaded(loaded: list[Served], console: Console) -> None:
    """Print what wrk measured: p50, p99 and throughput at each concurrency."""
    table = Table("target | query", "conc.", "requests", "p50 ms", "p99 ms", "req/s", "errors")
    for served in loaded:
        table.add_row(
            served.operation,
            str(served.concurrency),
            str(served.requests),
            f"{served.p50 * 1000:.2f}",
            f"{served.p99 * 1000:.2f}",
            f"{served.throughput:.0f}",
            str(served.errors),
        )
    console.print("loaded by wrk:")
    console.print(table)


def report_memory(footprints: list[Footprint], console: Console) -> None:
    """Print RSS before, halfway and after the memory run, and CPU time per request."""
    mib = 1 << 20
    columns = ["target", "processes", "requests", "failed", "RSS before MiB", "after N/2 MiB"]
    table = Table(*columns, "after N MiB", "2nd half MiB", "CPU ms/request")
    for footprint in footprints:
        before, half, after = footprint.rss
        table.add_row(
            footprint.target,
            f"{footprint.role} ({footprint.processes})",
            str(footprint.requests),
            str(footprint.failures),
            f"{before / mib:.1f}",
            f"{half / mib:.1f}",
            f"{after / mib:.1f}",
            f"{(after - half) / mib:+.1f}",
            f"{footprint.cpu_seconds * 1000 / footprint.requests:.2f}",
        )
    console.print(table)


def texts_per_query(organisations: int, seed: int, requests: int) -> dict[str, list[str]]:
    """Each query's texts: `requests` times its share (at least 10), the same for every target."""
    texts = {}
    for query, (make, share) in QUERIES.items():
        rng = random.Random(seed)
        texts[query] = [make(rng, organisations) for _ in range(max(10, round(requests * share)))]
    return texts


def _texts(organisations: int, seed: int, count: int) -> list[str]:
    """`count` query texts in the benchmark's mix, each query as often as its share says."""
    rng = random.Random(seed)
    makers = [make for make, _ in QUERIES.values()]
    shares = [share for _, share in QUERIES.values()]
    return [make(rng, organisations) for make in rng.choices(makers, shares, k=count)]


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) an ecosystem, load it twice, and time every target on every query."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_sparql", description=__doc__)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="per query and concurrency")
    parser.add_argument("--workers", type=int, default=2, help="INNOGRAPH_QUERY_WORKERS")
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="also serve from this many uvicorn processes (INNOGRAPH_PROCESSES), beside one",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=2_000,
        help="requests per HTTP server while its memory is watched (0: skip)",
    )
    parser.add_argument(
        "--wrk-seconds",
        type=int,
        default=5 if shutil.which("wrk") else 0,
        help="per HTTP target, query and concurrency (1, 8), loaded by wrk (0: skip)",
    )
    parser.add_argument(
        "--only",
        type=lambda value: [word for word in value.split(",") if word],
        default=[],
        help="measure only the targets whose name contains one of these words (comma-separated: "
        "'fast lane,bare,oxigraph')",
    )
    options = parser.parse_args(argv)
    console = Console(width=150)
    data = ecosystem(options.organisations, seed=options.seed)
    announce(console, options.organisations, data)
    cells: list[Cell] = []
    loaded: list[Served] = []
    footprints: list[Footprint] = []
    memory_texts = _texts(options.organisations, options.seed + 1, options.memory_requests)
    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as temporary:
        folder = Path(temporary)
        _prepare(data, folder, console)
        per_query = texts_per_query(options.organisations, options.seed, options.requests)
        for target in _targets(folder, options.workers, options.processes):
            if options.only and not any(word in target.name for word in options.only):
                continue
            for query, texts in per_query.items():
                measure(target.name, query, target.make, texts[:3], 1)  # warm up
                for concurrency in (1, 8):
                    cells.append(measure(target.name, query, target.make, texts, concurrency))
                if target.url and options.wrk_seconds:
                    loaded += [
                        _loaded(target.name, target.url, query, texts, options, concurrency)
                        for concurrency in (1, 8)
                    ]
            if target.pid is not None and memory_texts:
                footprints += _footprint(target, memory_texts)
            console.print(f"measured {target.name}")
    report(cells, console)
    if loaded:
        report_loaded(loaded, console)
    if footprints:
        report_memory(footprints, console)


if __name__ == "__main__":
    main()
