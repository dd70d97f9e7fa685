"""Measure what the inferred graph costs queries: the bench_sparql mix over asserted triples
alone and over asserted + inferred, side by side in one run.

One generated ecosystem (`benchmarks/generate.py`) with the ontology, loaded twice on disk:
without reasoning (the asserted store) and with it (the reasoned store: the same graphs and the
OWL 2 RL closure in `https://w3id.org/innograph/graph/inferred`). Each query of
`bench_sparql.QUERIES` runs at concurrency 1 and 8 on:

- pyoxigraph in process, on each store (the engine alone: no screening, no worker processes);
- innograph's `QueryPool` in process, on each store, and on the reasoned store with
  `infer=false` (the dataset that leaves the inferred graph out, as `/sparql?infer=false`).

The goal (issue #15): asserted + inferred costs at most 1.2× asserted alone. The ratio column
divides the reasoned store's mean latency by the asserted store's, per target; a query that
finds more (inverse and symmetric links both ways) pays for its larger answer there.

    python -m benchmarks.bench_inference                        # 10,000 organisations
    python -m benchmarks.bench_inference --organisations 100000 --requests 400
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.bench_rest import announce, ecosystem
from benchmarks.bench_sparql import Cell, in_process, measure, texts_per_query
from benchmarks.servers import Runner
from innograph.loading import load
from innograph.namespaces import INFERRED_GRAPH
from innograph.sparql.execution import QueryJob, QueryPool
from innograph.sparql.inference import without_inferences
from innograph.sparql.results import ResultFormats
from innograph.store import Store, open_store

__all__ = ["main"]

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "innograph.ttl"
_FORMATS = ResultFormats(results="json", graph=None)


def _pool_runner(pool: QueryPool, store: Store, *, infer: bool) -> Callable[[], Runner]:
    def make() -> Runner:
        def run(text: str) -> bool:
            job = QueryJob(text, _FORMATS)
            if not infer:
                job = without_inferences(job, store, union_default_graph=True)
            return pool.run(job).is_acceptable

        return run

    return make


def _prepare(data: Path, folder: Path, console: Console) -> dict[str, Path]:
    """Load the ontology and the ecosystem into two stores: without and with reasoning."""
    locations = {"asserted": folder / "asserted", "reasoned": folder / "reasoned"}
    for name, location in locations.items():
        started = time.perf_counter()
        store = open_store(str(location))
        load([ONTOLOGY, data], store=store, reasoning=name == "reasoned")
        triples, inferred = store.triple_count(), store.triple_count(INFERRED_GRAPH)
        store.close()
        console.print(
            f"{name}: {triples:,} triples ({inferred:,} inferred), "
            f"loaded in {time.perf_counter() - started:.1f} s"
        )
    return locations


def _run(texts: dict[str, list[str]], locations: dict[str, Path], workers: int) -> list[Cell]:
    cells: list[Cell] = []
    targets: list[tuple[str, Callable[[], Runner]]] = [
        (f"pyoxigraph, {name}", in_process(location, union=True))
        for name, location in locations.items()
    ]
    stores = {name: open_store(str(location)) for name, location in locations.items()}
    pools = {
        name: QueryPool(store, workers=workers, timeout=60, result_limit=10_000).start()
        for name, store in stores.items()
    }
    try:
        targets += [
            (f"QueryPool, {name}", _pool_runner(pools[name], stores[name], infer=True))
            for name in locations
        ]
        targets.append(
            (
                "QueryPool, reasoned, infer=false",
                _pool_runner(pools["reasoned"], stores["reasoned"], infer=False),
            )
        )
        for target, make in targets:
            for query, batch in texts.items():
                measure(target, query, make, batch, 8)  # warm up: every worker, its caches
                cells += [measure(target, query, make, batch, c) for c in (1, 8)]
    finally:
        for pool in pools.values():
            pool.close()
        for store in stores.values():
            store.close()
    return cells


def report(cells: list[Cell], console: Console) -> None:
    """One row per query and concurrency: each target's p50, and reasoned ÷ asserted."""
    targets = list(dict.fromkeys(cell.target for cell in cells))
    by_key = {(cell.target, cell.query, cell.concurrency): cell for cell in cells}
    table = Table("query", "conc.", *(f"{target}\np50 ms" for target in targets))
    table.add_column("reasoned ÷ asserted\npyoxigraph, QueryPool")
    for query in dict.fromkeys(cell.query for cell in cells):
        for concurrency in (1, 8):
            row = [by_key[(target, query, concurrency)] for target in targets]

            def ratio(engine: str, *, q: str = query, c: int = concurrency) -> str:
                reasoned = by_key[(f"{engine}, reasoned", q, c)]
                asserted = by_key[(f"{engine}, asserted", q, c)]
                mean = statistics.fmean
                return f"{mean(reasoned.latencies) / mean(asserted.latencies):.2f}"

            table.add_row(
                query,
                str(concurrency),
                *(f"{cell.p50 * 1000:.2f}" for cell in row),
                f"{ratio('pyoxigraph')}, {ratio('QueryPool')}",
            )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_inference", description=__doc__
    )
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="per query and concurrency")
    parser.add_argument("--workers", type=int, default=2, help="QueryPool worker processes")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args(argv)
    console = Console(width=160)
    data = ecosystem(options.organisations, seed=options.seed)
    announce(console, options.organisations, data)
    texts = texts_per_query(options.organisations, options.seed, options.requests)
    with tempfile.TemporaryDirectory(prefix="bench-inference-") as temporary:
        locations = _prepare(data, Path(temporary), console)
        report(_run(texts, locations, options.workers), console)


if __name__ == "__main__":
    main()
