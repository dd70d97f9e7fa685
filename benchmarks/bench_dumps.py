"""Measure what the first request of each dump costs, the VoID statistics and the network
export, on a generated ecosystem with the ontology, in a store on disk.

A dump is written once per store version (`innograph.sparql.dumps`): this is the wait of the
first client after a write. The network export reads the lookup tables (links, names, kinds),
which `innograph load` and `innograph serve` prepare; they are prepared, and timed, before it.
The peak resident memory after each step shows whether writing a dump holds it in memory (it
should stream: the peak should not grow with the dump's size).

    python -m benchmarks.bench_dumps [--triples 200000] [--reason]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.bench_load import dataset
from innograph import lookups
from innograph.loading import load
from innograph.lookups.network_export import write_network
from innograph.sparql.dumps import DUMPS, dump_file
from innograph.sparql.void import dataset_statistics
from innograph.store import Store, open_store

__all__ = ["main"]

REPOSITORY = Path(__file__).resolve().parents[1]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def _measure(store: Store, table: Table, folder: Path) -> None:
    for name in DUMPS:
        seconds = _timed(lambda name=name: dump_file(store, name))  # type: ignore[misc]
        files = dump_file(store, name)
        plain, packed = files.path.stat().st_size, files.compressed.stat().st_size
        table.add_row(
            name, f"{seconds:.2f}", f"{plain / 1e6:.1f}", f"{packed / 1e6:.1f}", f"{_peak_mb():.0f}"
        )
    seconds = _timed(lambda: dataset_statistics(store))
    table.add_row("VoID statistics", f"{seconds:.2f}", "", "", f"{_peak_mb():.0f}")
    seconds = _timed(lambda: lookups.prepare(store))
    table.add_row("lookup tables", f"{seconds:.2f}", "", "", f"{_peak_mb():.0f}")
    for network_format in ("graphml", "gexf"):
        output = folder / f"network.{network_format}"
        with output.open("wb") as stream:
            seconds = _timed(lambda: write_network(store, network_format, stream))  # noqa: B023
        size = f"{output.stat().st_size / 1e6:.1f}"
        table.add_row(f"network {network_format}", f"{seconds:.2f}", size, "", f"{_peak_mb():.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reason", action="store_true", help="load with the OWL 2 RL closure")
    arguments = parser.parse_args()
    data = dataset(arguments.triples, seed=arguments.seed)
    with tempfile.TemporaryDirectory(prefix="bench-dumps-") as scratch:
        folder = Path(scratch)
        store = open_store(folder / "store")
        try:
            started = time.perf_counter()
            load([REPOSITORY / "ontology", data], store=store, reasoning=arguments.reason)
            loaded = time.perf_counter() - started
            table = Table(
                title=f"{store.triple_count():,} triples (loaded in {loaded:.1f} s,"
                f" peak {_peak_mb():.0f} MB)"
            )
            for column in ("what", "first request s", "MB", "gzip MB", "peak RSS MB"):
                table.add_column(column, justify="left" if column == "what" else "right")
            _measure(store, table, folder)
        finally:
            store.close()
    Console().print(table)


if __name__ == "__main__":
    main()
