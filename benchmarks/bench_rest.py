"""Measure the REST lookups on a generated ecosystem: p50/p99 latency and throughput.

Six operations are timed at a fixed concurrency (8 requests in flight), each on its own set of
randomly chosen, seeded targets: an organisation's profile, its links, the paths of at most
three hops between two organisations, a word-prefix search, the sector counts, and the first
page of organisations with its type and country counts. Requests go through the whole ASGI
application in process (routing, validation, lookups, serialisation), without a network.
Before timing, the lookup tables are prepared (as `innograph serve` does at start-up) and the
time that takes is printed. After timing, `--memory-requests` more requests (links, paths and
search, new targets) show whether the process's resident memory stays flat.

    python -m benchmarks.bench_rest                          # 2,000 organisations, quick
    python -m benchmarks.bench_rest --organisations 100000   # the large run
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from rich.console import Console
from rich.table import Table

from api.main import create_app
from benchmarks.generate import write
from benchmarks.latency import Latencies
from benchmarks.servers import (
    Served,
    free_port,
    innograph_environment,
    resident_memory,
    serving,
    serving_processes,
    uvicorn_command,
    wrk,
)
from innograph.loading import load
from innograph.lookups import prepare
from innograph.namespaces import SYNTHETIC
from innograph.settings import MEMORY, Settings
from innograph.store import Store, open_store

__all__ = ["Timing", "announce", "ecosystem", "measure", "store_on_disk", "main"]

OUT = Path(__file__).resolve().parent / "out"
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
MEMORY_MIX = (
    "GET /api/organizations/{id}/links",
    "GET /api/paths (max_hops=3)",
    "GET /api/search",
)
"""The operations interleaved in the memory run."""
WORDS = ("bio", "gen", "tus", "lin", "ma", "zo", "park", "pharma", "ventures", "institute")
"""Search words: syllables the generator builds names from, and words of its name patterns."""


@dataclass(frozen=True, kw_only=True)
class Timing(Latencies):
    """Latencies of one operation's requests, and the wall time they took together."""

    operation: str
    statuses: dict[int, int]


def ecosystem(organisations: int, *, seed: int, folder: Path = OUT) -> Path:
    """The generated N-Triples file of that size and seed (written once, then reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"eco-{organisations}-seed{seed}.nt"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="\n") as output:
            write(organisations, output, seed=seed)
        partial.rename(path)
    return path


def announce(console: Console, organisations: int, data: Path) -> None:
    """Print what a run measures on, and how busy the machine is (other jobs skew timings)."""
    console.print(
        f"{organisations:,} organisations ({data.name}), {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def _organisation(index: int) -> str:
    return quote(f"{SYNTHETIC}organisation/{index}", safe="")


def targets(organisations: int, requests: int, *, seed: int) -> dict[str, list[str]]:
    """The URLs each operation is timed on, chosen at random with a fixed seed."""
    rng = random.Random(seed)

    def some() -> int:
        return rng.randrange(organisations)

    return {
        "GET /api/organizations/{id}": [
            f"/api/organizations/{_organisation(some())}" for _ in range(requests)
        ],
        "GET /api/organizations/{id}/links": [
            f"/api/organizations/{_organisation(some())}/links" for _ in range(requests)
        ],
        "GET /api/paths (max_hops=3)": [
            f"/api/paths?from={_organisation(some())}&to={_organisation(some())}&max_hops=3"
            for _ in range(requests)
        ],
        "GET /api/search": [f"/api/search?q={rng.choice(WORDS)}" for _ in range(requests)],
        "GET /api/sectors": ["/api/sectors"] * requests,
        "GET /api/organizations (facets)": ["/api/organizations"] * requests,
    }


async def measure(
    client: httpx.AsyncClient, operation: str, urls: list[str], *, concurrency: int
) -> Timing:
    """Send the requests with `concurrency` in flight; return each one's latency."""
    queue = list(reversed(urls))
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def worker() -> None:
        while queue:
            url = queue.pop()
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append(time.perf_counter() - started)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Timing(
        operation=operation,
        latencies=tuple(latencies),
        seconds=time.perf_counter() - started,
        statuses=statuses,
    )


def _timed(console: Console, what: str, action: Callable[[], object]) -> None:
    started = time.perf_counter()
    action()
    console.print(f"{what}: {time.perf_counter() - started:.2f} s")


def anonymous_memory(process: int | str = "self") -> int:
    """A process's anonymous resident memory in bytes (RssAnon). Not VmRSS: that also counts
    the pages of the memory-mapped derived files a lookup touches, which belong to the page
    cache and are dropped under pressure, not leaked."""
    return resident_memory(process, "RssAnon")


def store_on_disk(data: Path, console: Console) -> Path:
    """A store on disk holding the ontology and `data`, prepared (made once, then reused)."""
    folder = data.with_name(data.stem + "-store")
    if not folder.exists():
        partial = data.with_name(data.stem + "-store.partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(partial.with_name(partial.name + ".derived"), ignore_errors=True)
        store = open_store(str(partial))
        _timed(console, f"load {data.name} on disk", lambda: load([ONTOLOGY, data], store=store))
        store.close()
        partial.rename(folder)
        store = open_store(str(folder))
        _timed(console, "prepare the lookup tables on disk", lambda: prepare(store))
        store.close()
    return folder


def _over_http(
    folder: Path,
    urls: dict[str, list[str]],
    more: list[str],
    *,
    concurrency: int,
    seconds: int,
    processes: int,
) -> tuple[list[Served], tuple[int, int, int], int]:
    """Time each operation against uvicorn serving the store from `processes` processes, then
    the memory run (for `seconds` × 4, over the `more` paths in turn); return the memory of the
    serving processes (summed) and the memory run's request count."""
    if shutil.which("wrk") is None:
        raise SystemExit("--http needs wrk, the HTTP load generator: apt install wrk")
    port = free_port()
    command, stack = uvicorn_command(port, processes)
    base = f"http://127.0.0.1:{port}"
    environment = innograph_environment(folder, workers=1, processes=processes)
    with serving(command, f"{base}/sparql", environment) as server:
        servers = serving_processes(server)

        def memory() -> int:
            return sum(anonymous_memory(pid) for pid in servers)

        timings = [
            wrk(base, batch, concurrency=concurrency, seconds=seconds, operation=f"{op} ({stack})")
            for op, batch in urls.items()
        ]
        half = len(more) // 2
        before = memory()
        first = wrk(base, more[:half], concurrency=concurrency, seconds=seconds * 2, operation="")
        halfway = memory()
        second = wrk(base, more[half:], concurrency=concurrency, seconds=seconds * 2, operation="")
        return timings, (before, halfway, memory()), first.requests + second.requests


async def _run(
    store: Store, urls: dict[str, list[str]], more: list[str], *, concurrency: int
) -> tuple[list[Timing], tuple[int, int, int]]:
    """Time each operation, then send `more` requests sampling memory before, halfway, after."""
    settings = Settings(store=MEMORY, seed_paths=(), shapes=None)
    app = create_app(settings, store)
    app.state.store, app.state.settings = store, settings
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        timings = [
            await measure(client, op, batch, concurrency=concurrency) for op, batch in urls.items()
        ]
        half = len(more) // 2
        before = anonymous_memory()
        await measure(client, "memory", more[:half], concurrency=concurrency)
        halfway = anonymous_memory()
        await measure(client, "memory", more[half:], concurrency=concurrency)
        return timings, (before, halfway, anonymous_memory())


def report(timings: list[Timing] | list[Served], console: Console) -> None:
    table = Table("operation", "requests", "p50 ms", "p99 ms", "requests/s", "statuses")
    for timing in timings:
        table.add_row(
            timing.operation,
            str(timing.requests if isinstance(timing, Served) else len(timing.latencies)),
            f"{timing.p50 * 1000:.1f}",
            f"{timing.p99 * 1000:.1f}",
            f"{timing.throughput:.0f}",
            _outcome(timing),
        )
    console.print(table)


def _outcome(timing: Timing | Served) -> str:
    if isinstance(timing, Served):
        return f"{timing.errors} errors"
    return " ".join(f"{code}×{count}" for code, count in sorted(timing.statuses.items()))


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) an ecosystem, load it, and time the operations and the memory run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_rest", description=__doc__)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=400, help="per operation")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-requests", type=int, default=10_000)
    parser.add_argument(
        "--http",
        action="store_true",
        help="over HTTP instead: uvicorn serving a store on disk, loaded by wrk",
    )
    parser.add_argument("--seconds", type=int, default=8, help="per operation, with --http")
    parser.add_argument(
        "--processes",
        type=lambda text: [int(part) for part in text.split(",")],
        default=[1, 2],
        help="with --http, serving processes to compare (INNOGRAPH_PROCESSES): 1,2",
    )
    arguments = parser.parse_args(argv)
    console = Console(width=150)
    path = ecosystem(arguments.organisations, seed=arguments.seed)
    urls = targets(arguments.organisations, arguments.requests, seed=arguments.seed)
    mixed = targets(arguments.organisations, arguments.memory_requests, seed=arguments.seed + 1)
    mixed_urls = zip(*(mixed[op] for op in MEMORY_MIX), strict=True)
    more = [url for group in mixed_urls for url in group][: arguments.memory_requests]
    if arguments.http:
        folder = store_on_disk(path, console)
        rows: list[tuple[int, Served]] = []  # (operation's place, row): peers side by side
        footprints: list[tuple[tuple[int, int, int], int, str]] = []
        for processes in arguments.processes:
            started = time.perf_counter()
            served, memory, sent = _over_http(
                folder,
                urls,
                more,
                concurrency=arguments.concurrency,
                seconds=arguments.seconds,
                processes=processes,
            )
            console.print(f"timed over HTTP in {time.perf_counter() - started:.1f} s")
            rows += enumerate(served)
            footprints.append((memory, sent, f"{processes} serving process(es)"))
        report([row for _, row in sorted(rows, key=lambda pair: pair[0])], console)
        for memory, sent, whose in footprints:
            _report_memory(memory, sent, whose, console)
    else:
        store = open_store(MEMORY)
        _timed(console, f"load {path.name}", lambda: load([ONTOLOGY, path], store=store))
        console.print(f"{store.triple_count():,} triples")
        _timed(console, "prepare the lookup tables", lambda: prepare(store))
        started = time.perf_counter()
        timings, memory = asyncio.run(_run(store, urls, more, concurrency=arguments.concurrency))
        sent = len(more)
        requests = sum(len(timing.latencies) for timing in timings)
        console.print(f"timed {requests} requests in {time.perf_counter() - started:.1f} s")
        report(timings, console)
        _report_memory(memory, len(more), "the process", console)


def _report_memory(memory: tuple[int, int, int], sent: int, whose: str, console: Console) -> None:
    before, halfway, after = (value / 2**20 for value in memory)
    console.print(
        f"anonymous resident memory of {whose} over {sent:,} more requests (links, paths, "
        f"search): {before:.0f} MiB before, {halfway:.0f} MiB halfway, {after:.0f} MiB after"
    )


if __name__ == "__main__":
    main()
