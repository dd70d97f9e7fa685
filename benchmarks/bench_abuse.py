"""Send the service what issue #14 sent to hurt it, and measure what it cost.

Goals (#14): "a 64 MB reconcile body gets 413 with the server's memory growing < 100 MB; a
5,000-deep query gets 400". One uvicorn process as `innograph serve` runs it, over the seed
(`ontology/` and `data/`) on disk, with the update token set, receives in turn:

- a body of 64 MiB (and the 8 bytes of `queries=`) to every route that reads one: the
  reconciliation form (`POST /api/reconcile`), the SPARQL endpoint's form and direct query
  (`POST /sparql`), and a Graph Store PUT without the token and with it (`/rdf-graphs`,
  whose own limit is 64 MiB); each once with its `Content-Length` and once chunked, without
  one, so that only counting the bytes as they come can stop it. (`GET /api/match` reads no
  body.)
- queries nested 5,000 deep (groups, OPTIONALs, parentheses) and a 10,000-way UNION, sent as
  `application/sparql-query`.

For each request: the status (or `closed` if the service hung up before reading the whole
body, as it may once it has refused it), the time to the answer, and the memory of the server
and its query workers, summed: resident memory after the request less before, and the peak
during it less before (each process's peak is reset before the request, `clear_refs`).

    python -m benchmarks.bench_abuse
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from benchmarks.servers import (
    descendants,
    free_port,
    innograph_environment,
    reset_peak_memory,
    resident_memory,
    serving,
    uvicorn_command,
)

__all__ = ["BODY_BYTES", "Abuse", "Cost", "body_pieces", "measure", "main"]

BODY_BYTES = 64 << 20
"""What issue #14 sent: 64 MB of form, answered 422 after the service grew by 150 MB."""

_PIECE = b"a" * (1 << 20)
_TOKEN = "abuse-token"
_FORM = "application/x-www-form-urlencoded"
_TRIPLE = "?s ?p ?o ."


def body_pieces(size: int = BODY_BYTES) -> Iterator[bytes]:
    """A form of `size` bytes of field (`queries=aaa…`) in 1 MiB pieces: sent as an iterator,
    it goes chunked, without a Content-Length."""
    yield b"queries="
    for _ in range(size // len(_PIECE)):
        yield _PIECE


@dataclass(frozen=True)
class Abuse:
    """One request meant to hurt: its method, path, headers and body (or a query)."""

    name: str
    method: str
    path: str
    headers: dict[str, str]
    chunked: bool = False
    query: str | None = None

    def content(self) -> bytes | Iterator[bytes]:
        """The body: the query, or the 64 MiB form, whole or in pieces sent chunked."""
        if self.query is not None:
            return self.query.encode("utf-8")
        return body_pieces() if self.chunked else b"".join(body_pieces())

    def send(self, client: httpx.Client, content: bytes | Iterator[bytes]) -> int | None:
        """The status, or None if the service closed the connection before reading it all."""
        try:
            response = client.request(self.method, self.path, content=content, headers=self.headers)
        except httpx.TransportError:
            return None
        return response.status_code


def _bodies() -> list[Abuse]:
    auth = {"Authorization": f"Bearer {_TOKEN}"}
    graph = "/rdf-graphs?graph=http://example.org/abuse"
    targets = [
        ("POST /api/reconcile (form)", "POST", "/api/reconcile", {"Content-Type": _FORM}),
        ("POST /sparql (form)", "POST", "/sparql", {"Content-Type": _FORM}),
        (
            "POST /sparql (sparql-query)",
            "POST",
            "/sparql",
            {"Content-Type": "application/sparql-query"},
        ),
        ("PUT /rdf-graphs, no token", "PUT", graph, {"Content-Type": "application/n-triples"}),
        ("PUT /rdf-graphs, token", "PUT", graph, {"Content-Type": "application/n-triples", **auth}),
    ]
    return [
        Abuse(
            f"{name}, {'chunked' if chunked else 'Content-Length'}", method, path, headers, chunked
        )
        for name, method, path, headers in targets
        for chunked in (False, True)
    ]


def _queries() -> list[Abuse]:
    shapes = {
        "5,000 nested groups": "SELECT * WHERE " + "{" * 5000 + _TRIPLE + "}" * 5000,
        "5,000 nested OPTIONALs": (
            "SELECT * WHERE { " + f"{_TRIPLE} OPTIONAL {{ " * 5000 + _TRIPLE + " }" * 5001
        ),
        "5,000 nested parentheses": "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "10,000-way UNION": "SELECT * WHERE { "
        + " UNION ".join([f"{{ {_TRIPLE} }}"] * 10_000)
        + " }",
    }
    direct = {"Content-Type": "application/sparql-query"}
    return [Abuse(name, "POST", "/sparql", direct, query=text) for name, text in shapes.items()]


ABUSES = [*_bodies(), *_queries()]


@dataclass(frozen=True)
class Cost:
    """What one request got, and what it cost the server (bytes, summed over its processes)."""

    name: str
    status: int | None
    seconds: float
    grown: int
    """Resident memory after the request less before."""
    peak: int
    """The peak during the request less the resident memory before it."""


def measure(client: httpx.Client, server: int, abuse: Abuse) -> Cost:
    """Send one request and read the memory of the server and its workers around it."""
    processes = [server, *descendants(server)]
    for process in processes:
        reset_peak_memory(process)
    content = abuse.content()
    before = sum(resident_memory(process) for process in processes)
    started = time.perf_counter()
    status = abuse.send(client, content)
    seconds = time.perf_counter() - started
    processes = [server, *descendants(server)]  # a worker may have been started meanwhile
    after = sum(resident_memory(process) for process in processes)
    peak = sum(resident_memory(process, "VmHWM") for process in processes)
    return Cost(abuse.name, status, seconds, after - before, peak - before)


def run() -> tuple[list[Cost], bool]:
    """Serve the seed and send every abuse; return their costs and whether the service still
    answered a query afterwards."""
    with tempfile.TemporaryDirectory(prefix="innograph-abuse-") as folder:
        environment = innograph_environment(Path(folder) / "store", workers=2)
        environment |= {"INNOGRAPH_SEED": "ontology:data", "INNOGRAPH_UPDATE_TOKEN": _TOKEN}
        port = free_port()
        command, _ = uvicorn_command(port)
        base = f"http://127.0.0.1:{port}"
        with (
            serving(command, f"{base}/sparql", environment) as server,
            httpx.Client(base_url=base, timeout=120) as client,
        ):
            costs = [measure(client, server, abuse) for abuse in ABUSES]
            ask = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    return costs, ask.status_code == httpx.codes.OK


def main() -> None:
    """Send every abuse and print one table."""
    costs, answering = run()
    table = Table(title="Abusive requests to one serving process (the seed on disk)")
    for column in ("request", "status", "seconds", "memory grown MB", "peak over start MB"):
        table.add_column(column, justify="left" if column == "request" else "right")
    for cost in costs:
        table.add_row(
            cost.name,
            "closed" if cost.status is None else str(cost.status),
            f"{cost.seconds:.2f}",
            f"{cost.grown / 1e6:.1f}",
            f"{cost.peak / 1e6:.1f}",
        )
    console = Console()
    console.print(table)
    console.print(f"a query afterwards: {'answered' if answering else 'NOT answered'}")


if __name__ == "__main__":
    main()
