"""Measure whether a short query waits for long ones: a one-triple ASK while queries run to the
time limit (issue #14: "while 8 queries run to the limit, a one-triple ASK answers in ≤ 1 s
p99, at INNOGRAPH_QUERY_TIMEOUT=8 on this 2-core machine").

One `innograph serve`-like uvicorn process over the seed (`ontology/` and `data/`) on disk,
started afresh for each setup. `--long` clients, each from its own loopback address (127.0.0.2,
127.0.0.3, …: the service counts queries per client address), send a query that never ends (a
four-way cross product, stopped at the limit) over and over; one more client, from 127.0.0.1,
sends the ASK every 50 ms meanwhile and records how long each took. Setups, in one run:

- `2 processes`: at most two queries at once (INNOGRAPH_QUERY_CONCURRENCY=2), the pool before
  issue #14 on this machine: the ASK waits for a long query to be stopped;
- `defaults`: the service's own settings (processes started on demand up to 16, 4 per client);
- `defaults, one client`: the same, with every long query sent from one address; past its
  share of 4 they are refused (429) at once, and the ASK runs beside the 4 admitted.

    python -m benchmarks.bench_fairness                  # ~1.5 min
    python -m benchmarks.bench_fairness --long 8 --seconds 30 --timeout 8
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.latency import Latencies
from benchmarks.servers import free_port, innograph_environment, serving, uvicorn_command

LONG = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ASK = "ASK { <https://w3id.org/innograph/id/openzone> ?p ?o }"
_ASK_EVERY = 0.05
"""Seconds between two ASKs."""
_WARM_UP = 1.5
"""Seconds the long queries run before the first ASK."""


@dataclass(frozen=True)
class Setup:
    """A named service configuration, and whether the long queries come from one address."""

    name: str
    variables: dict[str, str]
    one_client: bool = False


SETUPS = (
    Setup("2 processes", {"INNOGRAPH_QUERY_WORKERS": "2", "INNOGRAPH_QUERY_CONCURRENCY": "2"}),
    Setup("defaults", {}),
    Setup("defaults, one client", {}, one_client=True),
)


@dataclass(frozen=True)
class Outcome:
    """What the long queries got (status → count) and how long the ASKs took."""

    setup: str
    long_statuses: dict[int, int]
    asks: Latencies
    ask_failures: int


def measure(setup: Setup, *, long: int, seconds: float, timeout: float) -> Outcome:
    """Serve the seed with `setup`, run `long` never-ending queries for `seconds`, and time
    one-triple ASKs meanwhile."""
    store = Path(tempfile.mkdtemp(prefix="innograph-fairness-")) / "store"
    env = innograph_environment(store, workers=2)
    for name in ("INNOGRAPH_QUERY_WORKERS", "INNOGRAPH_QUERY_CONCURRENCY"):
        env.pop(name, None)
    env |= {"INNOGRAPH_SEED": "ontology:data", "INNOGRAPH_QUERY_TIMEOUT": f"{timeout:g}"}
    env |= setup.variables
    port = free_port()
    command, _ = uvicorn_command(port)
    base = f"http://127.0.0.1:{port}"
    statuses: collections.Counter[int] = collections.Counter()
    lock = threading.Lock()
    with serving(command, f"{base}/sparql", env):
        stop = time.monotonic() + seconds

        def send_long(address: str) -> None:
            transport = httpx.HTTPTransport(local_address=address)
            with httpx.Client(transport=transport, timeout=timeout * 4) as client:
                while time.monotonic() < stop:
                    status = client.get(f"{base}/sparql", params={"query": LONG}).status_code
                    with lock:
                        statuses[status] += 1
                    if status == 429:  # refused at once: try again a little later
                        time.sleep(0.5)

        addresses = ["127.0.0.2" if setup.one_client else f"127.0.0.{2 + n}" for n in range(long)]
        senders = [threading.Thread(target=send_long, args=(a,)) for a in addresses]
        for sender in senders:
            sender.start()
        time.sleep(_WARM_UP)
        latencies, failures = [], 0
        started = time.perf_counter()
        with httpx.Client(timeout=timeout * 4) as client:
            while time.monotonic() < stop - timeout / 2:
                before = time.perf_counter()
                response = client.get(f"{base}/sparql", params={"query": ASK})
                latencies.append(time.perf_counter() - before)
                failures += response.status_code != 200
                time.sleep(_ASK_EVERY)
        asks = Latencies(latencies=tuple(latencies), seconds=time.perf_counter() - started)
        for sender in senders:
            sender.join()
    return Outcome(setup.name, dict(statuses), asks, failures)


def main(argv: list[str] | None = None) -> None:
    """Measure every setup and print one table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_fairness", description=__doc__
    )
    parser.add_argument("--long", type=int, default=8, help="queries running to the limit")
    parser.add_argument("--seconds", type=float, default=24.0, help="length of each setup's run")
    parser.add_argument("--timeout", type=float, default=8.0, help="INNOGRAPH_QUERY_TIMEOUT")
    options = parser.parse_args(argv)
    table = Table(
        title=f"A one-triple ASK while {options.long} queries run to the "
        f"{options.timeout:g} s limit (the seed, on disk)"
    )
    for column in ("setup", "long queries: status × count", "ASKs", "p50", "p99", "max", "failed"):
        table.add_column(
            column, justify="left" if column.startswith(("setup", "long")) else "right"
        )
    for setup in SETUPS:
        outcome = measure(
            setup, long=options.long, seconds=options.seconds, timeout=options.timeout
        )
        asks = outcome.asks
        table.add_row(
            outcome.setup,
            ", ".join(f"{status} × {n}" for status, n in sorted(outcome.long_statuses.items())),
            str(len(asks.latencies)),
            f"{asks.p50 * 1000:.0f} ms",
            f"{asks.p99 * 1000:.0f} ms",
            f"{max(asks.latencies) * 1000:.0f} ms",
            str(outcome.ask_failures),
        )
    Console().print(table)


if __name__ == "__main__":
    main()
