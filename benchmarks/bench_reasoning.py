"""Measure the OWL 2 RL closure of generated ecosystems: owlrl, `reasonable` and the fast path
side by side, then one release added to (and removed from) the largest graph incrementally.

Each size is a fresh in-memory store holding ontology/, data/ and a generated ecosystem.

- **owlrl** (the reference, pure Python): the store's triples into rdflib, then the closure;
  only up to `--owlrl-max-triples` (it takes minutes beyond).
- **reasonable, with conversion**: the store written as N-Triples, parsed by rdflib, reasoned
  by `reasonable` (Rust), and the triples it adds made pyoxigraph quads again; **without
  conversion**: `reason()` alone, on the graph already loaded. Up to `--reasonable-max-triples`.
- **SPARQL, cax-sco alone**: one pyoxigraph update inserting every subclass type (the rule that
  adds most) into a scratch graph, reading the schema's closure from the store: what one rule
  costs done inside pyoxigraph.
- **fast path**: `rules_for` (the schema read and closed by owlrl, compiled) and `closure_of`
  to the quads of the inferred graph; then, as its own row, `Store.write` of that graph.
- **incremental**: a release of ≈ 500 triples (a generated ecosystem of its own, renamed, with
  agreements and places shared with the big graph) added by `update_for`, rules warm; then the
  same release removed.

    python -m benchmarks.bench_reasoning [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import io
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.generate import generate
from innograph.loading import load
from innograph.namespaces import INFERRED_GRAPH, SYNTHETIC
from innograph.reasoning.bridge import from_rdflib
from innograph.reasoning.change import Change, canonical
from innograph.reasoning.closure import closure_of
from innograph.reasoning.incremental import update_for
from innograph.reasoning.oracle import asserted_triples, reference_inferred
from innograph.reasoning.rules import rules_for
from innograph.store import Store, open_store
from innograph.store.oxigraph import OxigraphStore

__all__ = ["Row", "main"]

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]
SEED = [ROOT / "ontology" / "innograph.ttl", ROOT / "data"]
_SCRATCH = "https://w3id.org/innograph/graph/benchmark-scratch"
_CAX_SCO = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT { GRAPH <https://w3id.org/innograph/graph/benchmark-scratch> { ?x a ?super } }
WHERE {
  GRAPH ?g { ?x a ?class } GRAPH ?h { ?class rdfs:subClassOf ?super } FILTER(?class != ?super)
}
"""
"""cax-sco as one SPARQL update, reading the asserted axioms and the schema's closure (in the
inferred graph) from the store."""


@dataclass(frozen=True)
class Row:
    """One timed run: which peer, on how many organisations, how long, how many triples."""

    organisations: int
    asserted: int
    peer: str
    seconds: float
    inferred: int | None
    note: str = ""


def _ecosystem(organisations: int, seed: int) -> Path:
    """A generated ecosystem, cached under benchmarks/out/ (the generator is deterministic)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"eco-{organisations}-seed{seed}.nt"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as output:
            output.writelines(generate(organisations, seed=seed))
        partial.replace(path)
    return path


@contextmanager
def _timer() -> Iterator[Callable[[], float]]:
    started = time.perf_counter()
    finished: list[float] = []
    yield lambda: finished[0]
    finished.append(time.perf_counter() - started)


def _owlrl(store: Store) -> tuple[float, int]:
    with _timer() as seconds:
        inferred = reference_inferred(asserted_triples(store))
    return seconds(), len(inferred)


def _reasonable(store: Store) -> tuple[float, float, int]:
    """Seconds with conversion, seconds of `reason()` alone, triples added."""
    import rdflib
    import reasonable

    with _timer() as total:
        output = io.BytesIO()
        store.dump(output, rdf_format=pyoxigraph.RdfFormat.N_TRIPLES, graph=None)
        graph = rdflib.Graph()
        graph.parse(data=output.getvalue(), format="nt")
        reasoner = reasonable.PyReasoner()
        reasoner.from_graph(graph)
        with _timer() as reasoning:
            triples = reasoner.reason()
        added = [triple for triple in triples if triple not in graph]
        graph_name = pyoxigraph.NamedNode(INFERRED_GRAPH)
        quads = [
            pyoxigraph.Quad(t.subject, t.predicate, t.object, graph_name)
            for t in from_rdflib(added)
        ]
    return total(), reasoning(), len(quads)


def _sparql_cax_sco(store: OxigraphStore) -> tuple[float, int]:
    with _timer() as seconds:
        store.raw.update(_CAX_SCO)
    scratch = pyoxigraph.NamedNode(_SCRATCH)
    count = sum(1 for _ in store.raw.quads_for_pattern(None, None, None, scratch))
    store.raw.remove_graph(scratch)
    return seconds(), count


def _release(organisations: int) -> Change:
    """A release of ≈ 500 triples: a small ecosystem of its own (renamed, so it describes new
    organisations), whose agreements reach organisations of the big graph, and whose places
    are the big graph's."""
    prefix = f"{SYNTHETIC}release-1/"
    lines = [
        line.replace(f"<{SYNTHETIC}", f"<{prefix}").replace(
            f"<{prefix}place/", f"<{SYNTHETIC}place/"
        )
        for line in generate(25, seed=99)
    ]
    triples = [q.triple for q in pyoxigraph.parse("".join(lines), pyoxigraph.RdfFormat.N_TRIPLES)]
    rng = random.Random(5)
    party = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#hasParty")
    agreement = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#hasAgreementWith")
    for number in range(10):
        ours = pyoxigraph.NamedNode(f"{prefix}organisation/{rng.randrange(25)}")
        theirs = pyoxigraph.NamedNode(f"{SYNTHETIC}organisation/{rng.randrange(organisations)}")
        mou = pyoxigraph.NamedNode(f"{prefix}agreement/shared-{number}")
        triples += [
            pyoxigraph.Triple(mou, party, ours),
            pyoxigraph.Triple(mou, party, theirs),
            pyoxigraph.Triple(ours, agreement, theirs),
        ]
    graph = pyoxigraph.NamedNode("file:///releases/release-1.nt")
    quads = (pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return Change(added=tuple(canonical(quads)))


def _incremental(store: OxigraphStore, organisations: int, asserted: int) -> list[Row]:
    """Add a release, then remove it, each by `update_for` (the inferred graph is written
    through `raw`, outside the timing, as the store's commit would in the write's transaction)."""
    rules = rules_for(store)
    change = _release(organisations)
    rows = []
    for label, step in (("add", change), ("remove", Change(removed=change.added))):
        with _timer() as seconds:
            update = update_for(store, step, rules)
        rows.append(
            Row(
                organisations,
                asserted,
                f"incremental: {label} a release",
                seconds(),
                len(update.added) - len(update.removed),
                f"{len(step.added) + len(step.removed)} triples; +{len(update.added)} "
                f"−{len(update.removed)} inferred; {len(update.violations)} violations",
            )
        )
        for quad in step.removed + tuple(update.removed):
            store.raw.remove(quad)
        store.raw.extend([*step.added, *update.added])
    return rows


def measure(
    organisations: int, *, owlrl_cap: int, reasonable_cap: int, incremental: bool
) -> list[Row]:
    """Every peer on one generated ecosystem (and the incremental runs, if asked)."""
    store = open_store(":memory:")
    assert isinstance(store, OxigraphStore)
    load([*SEED, _ecosystem(organisations, 7)], store=store)
    asserted = store.triple_count()
    rows = []
    if asserted <= owlrl_cap:
        seconds, count = _owlrl(store)
        rows.append(Row(organisations, asserted, "owlrl (reference)", seconds, count))
    else:
        rows.append(
            Row(
                organisations,
                asserted,
                "owlrl (reference)",
                0,
                None,
                f"skipped: > {owlrl_cap:,} triples",
            )
        )
    if asserted <= reasonable_cap:
        total, reasoning, count = _reasonable(store)
        rows.append(Row(organisations, asserted, "reasonable, with conversion", total, count))
        rows.append(Row(organisations, asserted, "reasonable, reason() alone", reasoning, count))
    else:
        note = f"skipped: > {reasonable_cap:,} triples"
        rows.append(Row(organisations, asserted, "reasonable", 0, None, note))
    with _timer() as compiling:
        rules = rules_for(store)
    note = "schema read, closed by owlrl, compiled (once per schema)"
    rows.append(Row(organisations, asserted, "fast path: rules", compiling(), None, note))
    with _timer() as seconds:
        quads = closure_of(store, rules).quads()
    rows.append(Row(organisations, asserted, "fast path: closure", seconds(), len(quads)))
    with _timer() as written:
        store.write({INFERRED_GRAPH: quads})  # also the inferred graph the incremental runs read
    rows.append(Row(organisations, asserted, "fast path: Store.write", written(), len(quads)))
    seconds_, count = _sparql_cax_sco(store)
    rows.append(Row(organisations, asserted, "SPARQL update, cax-sco alone", seconds_, count))
    if incremental:
        rows += _incremental(store, organisations, asserted)
    store.close()
    return rows


def report(rows: list[Row], console: Console) -> None:
    table = Table(title="OWL 2 RL closure (2-core machine, shared)")
    for header in ("organisations", "asserted", "peer", "seconds", "inferred", "note"):
        table.add_column(
            header,
            justify="right"
            if header in ("organisations", "asserted", "seconds", "inferred")
            else "left",
        )
    for row in rows:
        table.add_row(
            f"{row.organisations:,}",
            f"{row.asserted:,}",
            row.peer,
            f"{row.seconds:.2f}" if row.seconds else "—",
            f"{row.inferred:,}" if row.inferred is not None else "—",
            row.note,
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    """Measure each size in turn, the incremental runs on the largest, and print one table."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_reasoning", description=__doc__
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--owlrl-max-triples", type=int, default=25_000)
    parser.add_argument("--reasonable-max-triples", type=int, default=250_000)
    arguments = parser.parse_args(argv)
    rows: list[Row] = []
    console = Console(width=150)
    for organisations in sorted(arguments.sizes):
        rows += measure(
            organisations,
            owlrl_cap=arguments.owlrl_max_triples,
            reasonable_cap=arguments.reasonable_max_triples,
            incremental=organisations == max(arguments.sizes),
        )
        report([row for row in rows if row.organisations == organisations], console)
    report(rows, console)


if __name__ == "__main__":
    main()
