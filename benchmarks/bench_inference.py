"""Measure what the inferred graph costs queries: the bench_sparql mix over asserted triples
alone and over asserted + inferred, side by side in one run.

One generated ecosystem (`benchmarks/generate.py`) with the ontology, loaded twice on disk:
without reasoning (the asserted store) and with it (the reasoned store: the same graphs and the
OWL 2 RL closure in `https://w3id.org/innograph/graph/inferred`). Each query of
`bench_sparql.QUERIES` runs at concurrency 1 and 8 on:

- the store in process, on each store: `Store.query` with the dataset innograph passes (the
  engine alone: no screening, no worker processes). Not pyoxigraph's built-in union
  (`use_default_graph_as_union`), which innograph does not use and which pays for removing
  duplicates across graphs: 6.3 against 3.9 ms for the aggregation on the reasoned store;
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
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.bench_rest import announce, ecosystem
from benchmarks.bench_sparql import Cell, measure, texts_per_query
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


def _store_runner(store: Store) -> Callable[[], Runner]:
    def make() -> Runner:
        def run(text: str) -> bool:
            result = store.query(text)
            assert isinstance(result, pyoxigraph.QuerySolutions)
            return result.serialize(format=pyoxigraph.QueryResultsFormat.JSON) is not None

        return run

    return make


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


def _run(
    texts: dict[str, list[str]], locations: dict[str, Path], workers: int
) -> tuple[list[Cell], list[Pair]]:
    cells: list[Cell] = []
    stores = {name: open_store(str(location)) for name, location in locations.items()}
    targets: list[tuple[str, Callable[[], Runner]]] = [
        (f"store in process, {name}", _store_runner(store)) for name, store in stores.items()
    ]
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
        pairs = [
            _paired(engine, query, batch, *(dict(targets)[f"{engine}, {name}"] for name in NAMES))
            for engine in ("store in process", "QueryPool")
            for query, batch in texts.items()
        ]
    finally:
        for pool in pools.values():
            pool.close()
        for store in stores.values():
            store.close()
    return cells, pairs


NAMES = ("asserted", "reasoned")


@dataclass(frozen=True)
class Pair:
    """One query's latencies on the asserted and the reasoned store, text by text."""

    engine: str
    query: str
    asserted: list[float]
    reasoned: list[float]

    @property
    def ratio(self) -> float:
        """Reasoned ÷ asserted, summed over the same texts."""
        return sum(self.reasoned) / sum(self.asserted)


def _paired(engine: str, query: str, batch: list[str], *makes: Callable[[], Runner]) -> Pair:
    """Each text on both stores back to back, one client, the first store alternating: on a
    machine other jobs share, the two latencies of a pair see the same load, which separate
    runs a minute apart do not (their p50s moved 2-4× with the load average)."""
    runners = [make() for make in makes]
    times: tuple[list[float], list[float]] = ([], [])
    for index, text in enumerate(batch):
        order = (0, 1) if index % 2 == 0 else (1, 0)
        for side in order:
            started = time.perf_counter()
            runners[side](text)
            times[side].append(time.perf_counter() - started)
    return Pair(engine, query, *times)


def report(cells: list[Cell], console: Console) -> None:
    """One row per query and concurrency: each target's p50, and reasoned ÷ asserted."""
    targets = list(dict.fromkeys(cell.target for cell in cells))
    by_key = {(cell.target, cell.query, cell.concurrency): cell for cell in cells}
    table = Table("query", "conc.", *(f"{target}\np50 ms" for target in targets))
    table.add_column("reasoned ÷ asserted\nstore, QueryPool")
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
                f"{ratio('store in process')}, {ratio('QueryPool')}",
            )
    console.print(table)


def report_pairs(pairs: list[Pair], console: Console) -> None:
    """One row per engine and query: p50s of the paired runs, and reasoned ÷ asserted."""
    table = Table("engine", "query", "asserted p50 ms", "reasoned p50 ms", "reasoned ÷ asserted")
    for pair in pairs:
        table.add_row(
            pair.engine,
            pair.query,
            f"{statistics.median(pair.asserted) * 1000:.2f}",
            f"{statistics.median(pair.reasoned) * 1000:.2f}",
            f"{pair.ratio:.2f}",
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
        cells, pairs = _run(texts, locations, options.workers)
        report(cells, console)
        report_pairs(pairs, console)


if __name__ == "__main__":
    main()
