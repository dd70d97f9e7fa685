"""Measure the relevance of search and reconciliation, and the time a search takes (issue #19).

Three tables. Search: MRR and hits@1 of the labelled queries (`tests/relevance/search.json`)
on the seed release and on the generated ecosystem of 2,000 organisations, and hits@1 of
every organisation's English name, sampled, on a generated ecosystem of `--organisations`
(a right first hit is an organisation bearing that name). Reconciliation: precision and
recall of `match` on the labelled names (`tests/relevance/reconciliation.json`) and on the
sample (a name one organisation bears should be matched to it, a name several bear should
not be matched). Time: p50 and p99 of the library's search, one query after another, for the
words `bench_rest` searches and the sampled names.

To compare with another revision of the library (the old ranking), run this file with that
revision's `src` first on PYTHONPATH: it calls only `lookups.search` and `lookups.reconcile`.

    python -m benchmarks.bench_search_quality
    python -m benchmarks.bench_search_quality --organisations 100000 --sample 500
"""

from __future__ import annotations

import argparse
import random
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.bench_rest import ONTOLOGY, WORDS, ecosystem
from benchmarks.latency import Latencies
from benchmarks.relevance import (
    MatchCase,
    SearchCase,
    match_cases,
    match_scores,
    search_cases,
    search_scores,
)
from innograph import lookups
from innograph.loading import load
from innograph.settings import MEMORY
from innograph.store import Store, open_store

__all__ = ["main", "sampled_names"]

SEED_DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE_ORGANISATIONS = 2_000
"""The size of the generated ecosystem the labelled sets were read from (seed 7)."""
_LABEL = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def sampled_names(path: Path, size: int, *, seed: int) -> dict[str, frozenset[str]]:
    """Up to `size` English organisation names of a generated file, with the organisations
    that bear the same name in any language once case, accents, punctuation, spaces and the
    generator's legal forms are ignored (`"Nomi" Ltd` is `Nomi Ltd`, `Nomi S.r.l.`), read
    from the file itself, not from the service under test."""
    english: set[str] = set()
    bearers: dict[str, set[str]] = defaultdict(set)
    for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES):
        subject, label = triple.subject, triple.object
        if (
            triple.predicate == _LABEL
            and isinstance(label, pyoxigraph.Literal)
            and "/organisation/" in str(subject.value)
        ):
            bearers[_same_name(label.value)].add(str(subject.value))
            if label.language == "en":
                english.add(label.value)
    chosen = random.Random(seed).sample(sorted(english), min(size, len(english)))
    return {name: frozenset(bearers[_same_name(name)]) for name in chosen}


def _same_name(label: str) -> str:
    """Given `"Nòmi" Ltd` or `Nomi S.r.l.`, return `nomi`."""
    for legal_form in (" Ltd", " S.r.l."):
        label = label.removesuffix(legal_form)
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def _misspelt(name: str) -> str:
    """Given `Fimi Biotech`, return `Fimii Biotech`: no word starts so, search falls back to
    names spelt alike."""
    first, _, rest = name.partition(" ")
    return f"{first}{first[-1]} {rest}".strip()


def _loaded(*paths: Path) -> Store:
    store = open_store(MEMORY)
    load([ONTOLOGY, *paths], store=store)
    lookups.prepare(store)
    return store


def _search_row(table: Table, what: str, store: Store, cases: list[SearchCase]) -> None:
    scores = search_scores(store, cases)
    misses = "; ".join(f"{query!r} → {hit.rsplit('/', 2)[-2:]}" for query, hit in scores.misses)
    table.add_row(what, str(scores.queries), f"{scores.mrr:.3f}", f"{scores.hits_at_1:.3f}", misses)


def _match_row(table: Table, what: str, store: Store, cases: list[MatchCase]) -> None:
    scores = match_scores(store, cases)
    table.add_row(
        what,
        str(scores.names),
        str(scores.matches),
        f"{scores.precision:.3f}",
        f"{scores.recall:.3f}",
        f"{scores.first:.3f}",
        "; ".join(f"{name!r} → {found or 'no match'}" for name, found in scores.wrong[:5]),
    )


def _timing(store: Store, queries: list[str]) -> Latencies:
    lookups.search(store, queries[0])  # the index is opened on the first search
    latencies = []
    started = time.perf_counter()
    for query in queries:
        begun = time.perf_counter()
        lookups.search(store, query, limit=10)
        latencies.append(time.perf_counter() - begun)
    return Latencies(latencies=tuple(latencies), seconds=time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    """Load the seed and the generated ecosystems, then print the three tables."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_search_quality", description=__doc__
    )
    parser.add_argument("--organisations", type=int, default=FIXTURE_ORGANISATIONS)
    parser.add_argument("--sample", type=int, default=200, help="organisation names sampled")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args(argv)
    console = Console(width=160)
    seed = _loaded(SEED_DATA)
    fixture = _loaded(ecosystem(FIXTURE_ORGANISATIONS, seed=7))
    path = ecosystem(arguments.organisations, seed=arguments.seed)
    large = fixture if arguments.organisations == FIXTURE_ORGANISATIONS else _loaded(path)
    names = sampled_names(path, arguments.sample, seed=arguments.seed)
    sample = f"{len(names)} names, {arguments.organisations:,} organisations"
    cases = [SearchCase(name, bearers, "exact", "sample") for name, bearers in names.items()]
    matches = [
        MatchCase(name, "ig:Organisation", next(iter(bearers)) if len(bearers) == 1 else None,
                  "exact" if len(bearers) == 1 else "ambiguous", "sample")
        for name, bearers in names.items()
    ]  # fmt: skip

    search = Table("search", "queries", "MRR", "hits@1", "misses (query → first hit)")
    _search_row(search, "seed, labelled", seed, search_cases("seed"))
    _search_row(search, "generated 2,000, labelled", fixture, search_cases("generated"))
    _search_row(search, f"generated, {sample}", large, cases)
    console.print(search)

    reconciliation = Table(
        "match", "names", "matches", "precision", "recall (exact)", "first candidate", "errors"
    )
    _match_row(reconciliation, "seed, labelled", seed, match_cases("seed"))
    _match_row(reconciliation, "generated 2,000, labelled", fixture, match_cases("generated"))
    _match_row(reconciliation, f"generated, {sample}", large, matches)
    console.print(reconciliation)

    timing = Table("search time", "queries", "p50 ms", "p99 ms")
    rng = random.Random(arguments.seed)
    for what, queries in (
        ("bench_rest's words", [rng.choice(WORDS) for _ in range(400)]),
        ("sampled names", list(names) * max(1, 400 // max(1, len(names)))),
        ("sampled names misspelt (similar names)", [_misspelt(name) for name in list(names)[:100]]),
    ):
        latencies = _timing(large, queries)
        table_row = (f"{latencies.p50 * 1000:.2f}", f"{latencies.p99 * 1000:.2f}")
        timing.add_row(
            f"{what}, {arguments.organisations:,} organisations", str(len(queries)), *table_row
        )
    console.print(timing)


if __name__ == "__main__":
    main()
