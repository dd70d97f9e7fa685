"""Measure adding one release (the fictional test release) to graphs of growing size.

For each size the store holds the ontology, the seed and a synthetic ecosystem. The table puts
side by side, in one run: `ingest --dry-run` the first time (it builds the reconciliation index
of the store's version) and again (the index kept), `ingest` (write, parse, SHACL, reasoning
patch, commit), `retract`, and the peer, `load` of the same Turtle with the same SHACL and
reasoning: what ingest costs beyond the load it ends with.

    python -m benchmarks.bench_curation [--organisations 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from benchmarks.generate import write
from innograph.curation.ingesting import ingest
from innograph.curation.retraction import retract
from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.store import Store, open_store

__all__ = ["main"]

REPOSITORY = Path(__file__).resolve().parents[1]
FIXTURES = REPOSITORY / "tests/fixtures/curation"
RELEASE = "2022-03-01-esempio-fittizio"


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _store(folder: Path, organisations: int) -> Store:
    store = open_store(str(folder / "store"))
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store, reasoning=True)
    if organisations:
        ecosystem = folder / "ecosystem.nt"
        with ecosystem.open("w", encoding="utf-8") as output:
            write(organisations, output, seed=7)
        load([ecosystem], store=store)
    return store


def measure(organisations: int, validator: Validator) -> list[str]:
    """One row: the store's size and the seconds of each step."""
    folder = Path(tempfile.mkdtemp(prefix="bench-curation-"))
    try:
        sheets = folder / "sheets"
        sheets.mkdir()
        for name in (f"{RELEASE}.yaml", f"{RELEASE}.it.txt"):
            shutil.copy(FIXTURES / name, sheets / name)
        sheet, releases = sheets / f"{RELEASE}.yaml", folder / "releases"
        store = _store(folder, organisations)
        triples = store.triple_count()

        def run(dry_run: bool) -> None:
            ingest(
                sheet,
                store=store,
                releases=releases,
                validator=validator,
                reasoning=True,
                dry_run=dry_run,
            )

        first_dry = _timed(lambda: run(True))
        second_dry = _timed(lambda: run(True))
        ingested = _timed(lambda: run(False))
        kept = folder / f"{RELEASE}.ttl"
        shutil.copy(releases / f"{RELEASE}.ttl", kept)
        retracted = _timed(lambda: retract(RELEASE, store=store, reasoning=True))
        loaded = _timed(lambda: load([kept], store=store, validator=validator, reasoning=True))
        store.close()
        cells = (first_dry, second_dry, ingested, loaded, retracted)
        return [f"{organisations:,}", f"{triples:,}", *(f"{seconds:.2f}" for seconds in cells)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """Print one row per graph size."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_curation", description=__doc__
    )
    parser.add_argument("--organisations", type=int, nargs="+", default=[0, 10_000, 100_000])
    arguments = parser.parse_args(argv)
    validator = Validator.from_paths(REPOSITORY / "ontology/shapes.ttl", [REPOSITORY / "ontology"])
    table = Table(title="adding the fictional release (seconds)")
    for header in (
        "synthetic organisations",
        "triples in store",
        "dry run (index built)",
        "dry run again",
        "ingest",
        "peer: load of the same .ttl",
        "retract",
    ):
        table.add_column(header, justify="right")
    for organisations in arguments.organisations:
        table.add_row(*measure(organisations, validator))
    Console().print(table)


if __name__ == "__main__":
    main()
