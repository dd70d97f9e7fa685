"""Kill three writes with SIGKILL at points spread over their duration and count what each
kill left (issue #14: "kill -9 of the server (and of its whole process group) at 20 points
during a 250 k-triple PUT over 300 k, a long SPARQL Update and `innograph load` of a changed
file: every time each graph is wholly old or wholly new, the version moved iff the data did,
and the REST tables match the data").

Each write is first run uninterrupted (`--runs` times) on a copy of the store, to time it and
to see what it leaves; then, for each of `--points` moments spread evenly over the median
duration, on a fresh copy, started again and killed there, alternately the process alone and
its whole process group. How a write is run, killed and judged: `benchmarks.crashing`.

    python -m benchmarks.bench_crash                               # 300 k → 250 k, 20 points
    python -m benchmarks.bench_crash --old 30000 --new 24000 --points 4
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.bench_load import OUT
from benchmarks.crashing import (
    State,
    Trial,
    Verdict,
    delays,
    kill_during,
    measure,
    observe,
    replacements,
)

__all__ = ["Outcomes", "main"]


@dataclass(frozen=True)
class Outcomes:
    """What the kills during one write left, and how long the write takes uninterrupted."""

    write: str
    seconds: tuple[float, ...]
    verdicts: tuple[Verdict, ...]
    elapsed: float
    """Wall time of the write's runs and kills, checks included."""

    def count(self, state: State) -> int:
        return Counter(verdict.state for verdict in self.verdicts)[state]

    @property
    def violations(self) -> int:
        return sum(
            verdict.state == "neither" or bool(verdict.problems) for verdict in self.verdicts
        )


def _kill_everywhere(trial: Trial, folder: Path, seconds: float, points: int) -> list[Verdict]:
    console = Console()
    verdicts = []
    for point, delay in enumerate(delays(seconds, points)):
        group = point % 2 == 1
        verdict = kill_during(trial, folder, delay, group=group)
        target = "group" if group else "process"
        console.print(f"  {trial.write.name}: {target} killed at {delay:.1f} s → {verdict.state}")
        for problem in verdict.problems:
            console.print(f"    [red]{problem}[/red]")
        verdicts.append(verdict)
    return verdicts


def run(folder: Path, *, old: int, new: int, points: int, runs: int) -> list[Outcomes]:
    """Build the store, then time and kill each write in turn."""
    console = Console()
    started = time.monotonic()
    before, writes = replacements(folder, old=old, new=new, generated=OUT)
    state = observe(before)
    triples = sum(state.triples.values())
    console.print(f"store before: {triples:,} triples, built in {time.monotonic() - started:.0f} s")
    outcomes = []
    for write in writes:
        started = time.monotonic()
        trials = [measure(write, before, state, folder) for _ in range(runs)]
        seconds = statistics.median(trial.seconds for trial in trials)
        console.print(f"{write.name}: {', '.join(f'{t.seconds:.1f}' for t in trials)} s")
        verdicts = _kill_everywhere(trials[0], folder, seconds, points)
        outcomes.append(
            Outcomes(
                write.name,
                tuple(trial.seconds for trial in trials),
                tuple(verdicts),
                time.monotonic() - started,
            )
        )
    return outcomes


def main(argv: list[str] | None = None) -> None:
    """Run every write's kills and print one table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_crash", description=__doc__)
    parser.add_argument("--old", type=int, default=300_000, help="triples of the graph before")
    parser.add_argument("--new", type=int, default=250_000, help="triples of the graph after")
    parser.add_argument("--points", type=int, default=20, help="kills per write")
    parser.add_argument("--runs", type=int, default=1, help="uninterrupted runs per write")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="innograph-crash-") as folder:
        outcomes = run(
            Path(folder),
            old=options.old,
            new=options.new,
            points=options.points,
            runs=options.runs,
        )
    table = Table(
        title=f"Writes killed with SIGKILL: a graph of ≥ {options.old:,} triples replaced by "
        f"≥ {options.new:,}, process and process group alternately"
    )
    for column in ("write", "points", "old", "new", "violations", "median write s", "all s"):
        table.add_column(column, justify="left" if column == "write" else "right")
    for outcome in outcomes:
        table.add_row(
            outcome.write,
            str(len(outcome.verdicts)),
            str(outcome.count("old")),
            str(outcome.count("new")),
            str(outcome.violations),
            f"{statistics.median(outcome.seconds):.1f}",
            f"{outcome.elapsed:.0f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
