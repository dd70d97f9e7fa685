"""Measure the pages and the dereferenceable IRIs on a generated ecosystem, and the network
view in Chromium.

uvicorn serves a store on disk from `--processes` processes (as `innograph serve --processes
2`); `--requests` requests per operation, `--concurrency` in flight, each on a random
organisation (seeded): its page (HTML), its RDF description (Turtle, JSON-LD), the home page,
and its neighbourhood as `/api/network` gives it (two links out, at most 200 nodes). Then
Chromium opens the network view of `--browser-runs` organisations and times it from the
navigation to the drawn graph (`data-ready`). Goals (issue #18): entity page and description
p50 ≤ 20 ms at 100,000 organisations on two processes; a 200-node network view drawn in ≤ 1 s.

    python -m benchmarks.bench_pages                           # 10,000 organisations
    python -m benchmarks.bench_pages --organisations 100000
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time
from collections.abc import Callable

import httpx
from rich.console import Console
from rich.table import Table
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from benchmarks.bench_rest import announce, ecosystem, store_on_disk
from benchmarks.latency import Latencies
from benchmarks.servers import (
    Runner,
    free_port,
    innograph_environment,
    serving,
    timed_threads,
    uvicorn_command,
)
from innograph.serving import prepare_for_processes
from innograph.settings import Settings

__all__ = ["main"]

_OPERATIONS: dict[str, tuple[str, str]] = {
    "entity page (HTML)": ("/synthetic/organisation/{n}", "text/html"),
    "description (Turtle)": ("/synthetic/organisation/{n}", "text/turtle"),
    "description (JSON-LD)": ("/synthetic/organisation/{n}", "application/ld+json"),
    "home page": ("/", "text/html"),
    "network, 2 links, ≤ 200 nodes (JSON)": (
        "/api/network?around=https%3A%2F%2Fw3id.org%2Finnograph%2Fsynthetic%2Forganisation%2F{n}"
        "&hops=2&limit=200",
        "application/json",
    ),
}
"""Each operation's path (for organisation `n`) and the media type it asks for."""


def _client(base: str, accept: str) -> Callable[[], Runner]:
    def make() -> Runner:
        client = httpx.Client(base_url=base, headers={"Accept": accept}, timeout=60)

        def run(path: str) -> bool:
            return client.get(path).status_code == 200

        return run

    return make


def _browser() -> webdriver.Chrome:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        raise SystemExit("the network view's timing needs chromium and chromedriver")
    options = Options()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(driver), options=options)


def _network_views(base: str, organisations: list[int]) -> list[tuple[float, str]]:
    """Seconds from navigation to the drawn graph, and what was drawn, per organisation."""
    browser = _browser()
    timings = []
    try:
        for n in organisations:
            around = f"https://w3id.org/innograph/synthetic/organisation/{n}"
            started = time.perf_counter()
            browser.get(f"{base}/network?{httpx.QueryParams(around=around, hops=3, limit=200)}")
            drawn = WebDriverWait(browser, 60, poll_frequency=0.01).until(
                lambda b: b.find_element(By.ID, "network").get_attribute("data-ready")
            )
            timings.append((time.perf_counter() - started, str(drawn)))
    finally:
        browser.quit()
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_pages", description=__doc__)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=400, help="per operation")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    console = Console(width=150)
    data = ecosystem(options.organisations, seed=options.seed)
    folder = store_on_disk(data, console)
    announce(console, options.organisations, data)
    rng = random.Random(options.seed)
    port = free_port()
    command, stack = uvicorn_command(port, options.processes)
    base = f"http://127.0.0.1:{port}"
    if options.processes > 1:  # as `innograph serve --processes N` does before it starts them
        prepare_for_processes(Settings(store=str(folder), seed_paths=()))
    environment = innograph_environment(folder, workers=1, processes=options.processes)
    table = Table("operation", "requests", "p50 ms", "p99 ms", "req/s", "failed")
    with serving(command, f"{base}/sparql", environment):
        for operation, (path, accept) in _OPERATIONS.items():
            paths = [
                path.format(n=rng.randrange(options.organisations)) for _ in range(options.requests)
            ]
            make = _client(base, accept)
            timed_threads(make, paths[:8], options.concurrency)  # warm up every process
            latencies, seconds, failures = timed_threads(make, paths, options.concurrency)
            timed = Latencies(latencies=tuple(latencies), seconds=seconds)
            table.add_row(
                f"{operation} ({stack})",
                str(len(latencies)),
                f"{timed.p50 * 1000:.1f}",
                f"{timed.p99 * 1000:.1f}",
                f"{timed.throughput:.0f}",
                str(failures),
            )
        views = _network_views(
            base, [rng.randrange(options.organisations) for _ in range(options.browser_runs)]
        )
    console.print(table)
    drawn = Table("network view in Chromium", "nodes edges", "seconds to drawn")
    for seconds, what in views:
        drawn.add_row("3 links out, ≤ 200 nodes", what, f"{seconds:.2f}")
    median = statistics.median(seconds for seconds, _ in views)
    drawn.add_row("median", "", f"{median:.2f}")
    console.print(drawn)


if __name__ == "__main__":
    main()
