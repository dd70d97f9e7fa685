"""Measure innograph's load path against pyoxigraph's own bulk loader, in the same run.

pyoxigraph's `Store.bulk_load` is the physical limit; innograph adds source discovery, a
SHA-256 of each file, a catalog record and (in the CLI) interpreter start-up and a progress
bar. The issue's goal is that the CLI keeps at least 0.8× of bulk_load's throughput.

    python -m benchmarks.bench_load [--triples 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.generate import write
from innograph.loading import load
from innograph.store import open_store

__all__ = ["Measurement", "dataset", "main"]

OUT = Path(__file__).resolve().parent / "out"
"""Generated files and nothing else; git-ignored."""

_TRIPLES_PER_ORGANISATION = 19
"""A little under the generator's average, so the first guess usually suffices."""

Counter = Callable[[], int]
"""Count the triples a finished run left in its store (kept out of the timing)."""

Run = Callable[[Path, str], Counter]
"""Load a file once into a fresh store (in memory, or in the given empty folder)."""


@dataclass(frozen=True)
class Measurement:
    """The best of several timed runs of one load path."""

    key: str
    path: str
    triples: int
    seconds: float
    cpu_seconds: float
    """Processor time of the process (and its children), all threads: steadier than wall time
    on a busy machine, though it counts work other threads did in parallel."""
    peer: str | None
    """The key of the path this one is compared with (its physical limit), if any."""

    @property
    def rate(self) -> float:
        return self.triples / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.triples / self.cpu_seconds


def dataset(triples: int, *, seed: int, folder: Path = OUT) -> Path:
    """Given a minimum size, return a generated N-Triples file with at least that many lines.

    Files are cached by size and seed (the generator is deterministic) and written under a
    temporary name first, so an interrupted run never leaves a short file behind.
    """
    folder.mkdir(parents=True, exist_ok=True)
    organisations = max(1, math.ceil(triples / _TRIPLES_PER_ORGANISATION))
    while True:
        path = folder / f"eco-{organisations}-seed{seed}.nt"
        if path.exists():
            return path
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8", newline="\n") as output:
            written = write(organisations, output, seed=seed)
        if written >= triples:
            partial.replace(path)
            print(f"generated {path} ({written:,} triples, {organisations:,} organisations)")
            return path
        partial.unlink()
        organisations = math.ceil(organisations * triples / written * 1.01)


def _pyoxigraph_memory(path: Path, _folder: str) -> Counter:
    return _bulk_load(pyoxigraph.Store(), path)


def _pyoxigraph_disk(path: Path, folder: str) -> Counter:
    return _bulk_load(pyoxigraph.Store(folder), path)


def _bulk_load(store: pyoxigraph.Store, path: Path) -> Counter:
    store.bulk_load(
        path=path,
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        to_graph=pyoxigraph.NamedNode(path.resolve().as_uri()),
    )
    store.flush()
    return lambda: len(store)


def _innograph_memory(path: Path, _folder: str) -> Counter:
    store = open_store(":memory:")
    load([path], store=store)
    return store.triple_count


def _innograph_cli(path: Path, folder: str) -> Counter:
    """Run `innograph load --no-validate --no-prepare` as a user would: new process, disk store."""
    command = Path(sys.executable).with_name("innograph")
    executable = str(command) if command.exists() else shutil.which("innograph")
    if executable is None:
        raise SystemExit("the innograph command is not installed (pip install -e .)")
    environment = {name: value for name, value in os.environ.items() if name != "INNOGRAPH_SHAPES"}
    environment["INNOGRAPH_STORE"] = folder
    _command([executable, "load", "--no-validate", "--no-prepare", str(path)], environment)
    return lambda: _count_on_disk(folder)


_BARE_LOAD = """
import sys, pyoxigraph
path, folder, graph = sys.argv[1:]
store = pyoxigraph.Store(folder)
store.bulk_load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES,
                to_graph=pyoxigraph.NamedNode(graph))
store.flush()
"""


def _pyoxigraph_process(path: Path, folder: str) -> Counter:
    """The same bulk load in a new bare Python process: what any command pays to start up."""
    graph = path.resolve().as_uri()
    _command([sys.executable, "-c", _BARE_LOAD, str(path), folder, graph], dict(os.environ))
    return lambda: _bulk_loaded(folder)


def _command(arguments: list[str], environment: dict[str, str]) -> None:
    done = subprocess.run(arguments, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{arguments[0]} failed ({done.returncode}):\n{done.stderr}")


def _bulk_loaded(folder: str) -> int:
    store = pyoxigraph.Store(folder)
    count = len(store)
    del store
    return count


def _count_on_disk(folder: str) -> int:
    store = open_store(folder)
    try:
        return store.triple_count()
    finally:
        store.close()


_PATHS: dict[str, tuple[str, Run, str | None]] = {
    "a": ("pyoxigraph bulk_load, memory", _pyoxigraph_memory, None),
    "b": ("innograph.loading.load, memory", _innograph_memory, "a"),
    "c": ("innograph load CLI, disk", _innograph_cli, "d"),
    "d": ("pyoxigraph bulk_load, disk", _pyoxigraph_disk, None),
    "e": ("pyoxigraph bulk_load, disk, new process", _pyoxigraph_process, "d"),
}
"""key → (description, run, the key of the peer it is compared with)."""


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def measure(path: Path, *, repeats: int) -> list[Measurement]:
    """Time each load path `repeats` times, interleaved so drift hits all alike; keep the best.

    Every run gets a fresh store; on-disk stores live in a temporary folder removed afterwards.
    """
    best = dict.fromkeys(_PATHS, math.inf)
    best_cpu = dict.fromkeys(_PATHS, math.inf)
    triples: dict[str, int] = {}
    for _ in range(repeats):
        for key, (_name, run, _peer) in _PATHS.items():
            with tempfile.TemporaryDirectory(prefix="innograph-bench-") as folder:
                location = str(Path(folder) / "store")
                started, cpu_started = time.perf_counter(), _cpu_seconds()
                count = run(path, location)
                best[key] = min(best[key], time.perf_counter() - started)
                best_cpu[key] = min(best_cpu[key], _cpu_seconds() - cpu_started)
                triples[key] = count()
                del count
    return [
        Measurement(key, name, triples[key], best[key], best_cpu[key], peer)
        for key, (name, _run, peer) in _PATHS.items()
    ]


def report(measurements: list[Measurement], console: Console) -> None:
    """Print the table; a compared path's ratio is its throughput over its peer's."""
    by_key = {m.key: m for m in measurements}
    table = Table("path", "triples", "seconds", "triples/s", "ratio", "CPU s", "CPU ratio")
    table.columns[0].no_wrap = True
    for m in measurements:
        peer = by_key[m.peer] if m.peer else None
        table.add_row(
            f"({m.key}) {m.path}",
            f"{m.triples:,}",
            f"{m.seconds:.2f}",
            f"{m.rate:,.0f}",
            f"{m.rate / peer.rate:.2f} ({m.key}/{m.peer})" if peer else "",
            f"{m.cpu_seconds:.2f}",
            f"{m.cpu_rate / peer.cpu_rate:.2f}" if peer else "",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    """Generate (or reuse) the data file, measure every load path, print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_load", description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000, help="minimum file size")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="runs per path; best is kept")
    arguments = parser.parse_args(argv)
    path = dataset(arguments.triples, seed=arguments.seed)
    console = Console(width=max(Console().width, 130))
    console.print(f"{path} ({path.stat().st_size / 1e6:,.0f} MB), best of {arguments.repeats}")
    report(measure(path, repeats=arguments.repeats), console)


if __name__ == "__main__":
    main()
