"""Measure SHACL validation: the engines side by side, and the three goals of issue #16.

1. *Engines* on whole data sets (each file with the ontology merged, as pySHACL checked a
   file before): the seed release, a broken copy of it, and traced generated ecosystems
   (`benchmarks.generate.traced`, data the shapes accept) of about 10k, 100k and 500k
   triples. Peers: pySHACL (the reference), the compiled shapes (the default engine),
   pyshacl-turbo and pyrudof; each row says how many violations the peer found, so a peer
   that misses one shows.
2. *Goals*, each with its unvalidated peer in the same run:
   - a load of ~500k traced generated triples into a store in memory, validated (the
     compiled shapes on the whole file, as it streams) and not (the bulk loader);
   - one release of ~500 triples, traced, whose agreements reach organisations of the big
     graph, loaded into a ~2M-triple store on disk with reasoning on (the inferred graph
     materialised), validated by each engine and not;
   - a one-triple SPARQL Update on that store through `QueryPool.update`, with the shapes
     (each engine) and without.
   The big store is built from a traced file of `--store-triples`, or, with `--store DIR`,
   is a prepared store (a copy: the goals write into it) such as
   `benchmarks/out/eco-100000-seed7-store`; its facts are not traced, so the nodes of the
   big graph the release touches get their facts traced first, in a graph of their own.

    python -m benchmarks.bench_validation [--load-triples 500000] [--store-triples 2000000]
        [--store DIR] [--repeats 3] [--pyshacl-cap 20000] [--rudof-cap 600000]
        [--parts engines,load,release,update]
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rich.console import Console
from rich.table import Table

from benchmarks.generate import generate, traced
from innograph.errors import ValidationError
from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.namespaces import IG, INFERRED_GRAPH, SYNTHETIC
from innograph.reasoning import inferred_patch, materialise, rules_for
from innograph.settings import ShaclEngine
from innograph.sparql.execution import QueryPool
from innograph.store import EmbeddedStore, Store, open_store

__all__ = ["main"]

REPOSITORY = Path(__file__).resolve().parents[1]
OUT = REPOSITORY / "benchmarks" / "out"
ONTOLOGY = REPOSITORY / "ontology"
SHAPES = ONTOLOGY / "shapes.ttl"
RELEASE = REPOSITORY / "data" / "releases" / "2021-05-17-openzone-tuspark.ttl"
_LINES_PER_ORGANISATION = 120
"""Traced lines per organisation: a little under the generator's average (about 124)."""


@dataclass(frozen=True)
class Row:
    """One timed peer on one case."""

    case: str
    triples: int
    peer: str
    seconds: float | None
    note: str = ""


def _traced_file(triples: int, *, seed: int = 7) -> Path:
    """A traced generated ecosystem of at least `triples` lines, cached in benchmarks/out/."""
    OUT.mkdir(parents=True, exist_ok=True)
    organisations = max(1, math.ceil(triples / _LINES_PER_ORGANISATION))
    path = OUT / f"traced-{organisations}-seed{seed}.nt"
    if not path.exists():
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as output:
            output.writelines(traced(generate(organisations, seed=seed)))
        partial.replace(path)
    return path


def _best(
    run: Callable[[], object], repeats: int, *, undo: Callable[[], object] | None = None
) -> tuple[float, object]:
    """The best wall-clock seconds of `repeats` runs, and the last run's outcome; `undo`, if
    given, runs after each run, untimed."""
    best, outcome = math.inf, None
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            outcome = run()
        finally:
            best = min(best, time.perf_counter() - started)
            if undo is not None:
                undo()
    return best, outcome


def _violations(validator: Validator, path: Path, data: bytes) -> int:
    try:
        validator.check_ntriples(path, data)
    except ValidationError as error:
        return len(error.violations)
    return 0


def _rudof(data: bytes, ontology: bytes) -> int:
    import pyrudof  # a peer only: not a dependency of innograph

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data((data + ontology).decode(), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(SHAPES.read_text(encoding="utf-8"))
    return len(rudof.validate_shacl())


def _as_stored(path: Path) -> bytes:
    """A file's triples as N-Triples, literals as the store writes them."""
    store = pyoxigraph.Store()
    store.bulk_load(
        path=path,
        format=pyoxigraph.RdfFormat.TURTLE
        if path.suffix == ".ttl"
        else pyoxigraph.RdfFormat.N_TRIPLES,
    )
    return (
        pyoxigraph.serialize((quad.triple for quad in store), format=pyoxigraph.RdfFormat.N_TRIPLES)
        or b""
    )


def _broken_release(folder: Path) -> Path:
    """The seed release with one party of its agreement taken away (AgreementShape; its
    annotation stays, annotating a fact no longer asserted)."""
    text = RELEASE.read_text(encoding="utf-8")
    broken = folder / "broken.ttl"
    parties = "ig:hasParty <organisation/openzone> ,\n        <organisation/tuspark-jiangsu> ;"
    assert parties in text, "the seed release names OpenZone and TusPark as its parties"
    broken.write_text(text.replace(parties, "ig:hasParty <organisation/openzone> ;", 1))
    return broken


def engines(
    sizes: Sequence[int], *, repeats: int, pyshacl_cap: int, rudof_cap: int, folder: Path
) -> list[Row]:
    """Every engine on whole data sets, the ontology merged."""
    validators: dict[str, Validator] = {
        "pySHACL": Validator.from_paths(SHAPES, [ONTOLOGY], engine="pyshacl"),
        "compiled": Validator.from_paths(SHAPES, [ONTOLOGY], engine="compiled"),
        "pyshacl-turbo": Validator.from_paths(SHAPES, [ONTOLOGY], engine="turbo"),
    }
    ontology = validators["pyshacl-turbo"]._ontology_ntriples
    cases = [("seed release", RELEASE), ("seed, one party (broken)", _broken_release(folder))]
    cases += [(f"generated, traced, ~{size:,}", _traced_file(size)) for size in sizes]
    rows = []
    for case, path in cases:
        data = _as_stored(path)
        triples = data.count(b"\n")
        for peer, validator in validators.items():
            if peer == "pySHACL" and triples > pyshacl_cap:
                rows.append(Row(case, triples, peer, None, f"skipped: > {pyshacl_cap:,} triples"))
                continue
            seconds, found = _best(
                lambda v=validator, p=path, d=data: _violations(v, p, d), repeats
            )
            rows.append(Row(case, triples, peer, seconds, f"{found} violations"))
        if triples > rudof_cap:
            rows.append(Row(case, triples, "pyrudof", None, f"skipped: > {rudof_cap:,} triples"))
            continue
        seconds, found = _best(lambda d=data: _rudof(d, ontology), repeats)
        rows.append(Row(case, triples, "pyrudof", seconds, f"{found} violations"))
    return rows


def load_goal(triples: int, *, repeats: int) -> list[Row]:
    """Goal 1: a validated load of generated triples within twice the unvalidated one."""
    path = _traced_file(triples)
    count = sum(1 for _ in path.open("rb"))
    validator = Validator.from_paths(SHAPES, [ONTOLOGY])
    case = "load, store in memory"
    rows = []
    for peer, chosen in (("not validated (bulk loader)", None), ("compiled", validator)):

        def run(chosen: Validator | None = chosen) -> None:
            store = open_store(":memory:")
            load([path], store=store, validator=chosen)
            store.close()

        seconds, _ = _best(run, repeats)
        rows.append(Row(case, count, peer, seconds))
    ratio = rows[1].seconds / rows[0].seconds  # type: ignore[operator]
    rows[1] = Row(case, count, rows[1].peer, rows[1].seconds, f"{ratio:.2f}× (goal ≤ 2×)")
    return rows


@dataclass
class BigStore:
    """A store on disk with the ontology, the seed and a traced ecosystem, reasoned."""

    store: EmbeddedStore
    triples: int
    organisations: int

    @property
    def passage(self) -> str:
        """A passage of the store, which the update labels (a traced store's own, or one
        of the traces `_trace_touched` wrote)."""
        for prefix in (f"{SYNTHETIC}passage/", f"{SYNTHETIC}bench-trace/passage/"):
            if next(self.store.quads(pyoxigraph.NamedNode(f"{prefix}5")), None) is not None:
                return f"{prefix}5"
        raise LookupError("the store has no passage to label")


def big_store(triples: int, folder: Path) -> BigStore:
    path = _traced_file(triples)
    store = open_store(str(folder / "store"))
    load([ONTOLOGY, RELEASE.parent, path], store=store)
    materialise(store, rules_for(store))
    organisations = int(path.name.split("-")[1])
    return BigStore(store, store.triple_count(), organisations)


def prepared_store(location: Path) -> BigStore:
    """A prepared store (`eco-N-seedS-store`: N organisations), reasoned, opened to write."""
    match = re.search(r"eco-(\d+)-", location.name)
    assert match, "a prepared store is named eco-N-seedS-store"
    store = open_store(str(location))
    return BigStore(store, store.triple_count(), int(match.group(1)))


_TRACES = "urn:bench:traces"


def _trace_touched(big: BigStore, release: Path) -> None:
    """Trace, once, the facts of the big graph's nodes that the release names (a store whose
    facts are untraced would refuse any write touching them: every fact needs a passage)."""
    if _TRACES in big.store.named_graphs():
        return
    text = release.read_text(encoding="utf-8")
    named = {
        pyoxigraph.NamedNode(iri)
        for iri in re.findall(r"<([^>]+)>", text)
        if iri.startswith(SYNTHETIC)
    }
    lines = [
        pyoxigraph.serialize([quad.triple], format=pyoxigraph.RdfFormat.N_TRIPLES).decode()  # type: ignore[union-attr]
        for node in sorted(named, key=str)
        for quad in big.store.quads(node)
        if quad.graph_name != pyoxigraph.NamedNode(INFERRED_GRAPH)
    ]
    prefix = f"<{SYNTHETIC}bench-trace/"
    traces = "".join(
        line.replace(f"<{SYNTHETIC}axiom/", prefix + "axiom/")
        .replace(f"<{SYNTHETIC}passage/", prefix + "passage/")
        .replace(f"<{SYNTHETIC}source/", prefix + "source/")
        for line in traced(sorted(set(lines)))
    )
    graph = pyoxigraph.NamedNode(_TRACES)
    quads = [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
        for t in pyoxigraph.parse(traces.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES)
    ]
    big.store.write({_TRACES: quads}, patches=inferred_patch(big.store, {_TRACES: quads}))


def _release_file(organisations: int, folder: Path) -> Path:
    """A release of ≈ 500 traced triples: three organisations of its own and five agreements
    with organisations of the big graph, traced to passages of its own press release."""
    prefix = f"{SYNTHETIC}release-1/"
    own = [
        line.replace(f"<{SYNTHETIC}", f"<{prefix}").replace(
            f"<{prefix}place/", f"<{SYNTHETIC}place/"
        )
        for line in generate(3, seed=99)
    ]
    shared = []
    for number in range(5):
        mou = f"<{prefix}agreement/shared-{number}>"
        shared += [
            f"{mou} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
            f"<{IG}MemorandumOfUnderstanding> .\n",
            f"{mou} <{IG}hasParty> <{prefix}organisation/{number % 3}> .\n",
            f"{mou} <{IG}hasParty> <{SYNTHETIC}organisation/{number * organisations // 5}> .\n",
            f'{mou} <{IG}signingDate> "2024-03-0{number + 1}T00:00:00+01:00"'
            "^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n",
        ]
    lines = [
        line.replace(f"<{SYNTHETIC}axiom/", f"<{prefix}axiom/")
        .replace(f"<{SYNTHETIC}passage/", f"<{prefix}passage/")
        .replace(f"<{SYNTHETIC}source/", f"<{prefix}source/")
        for line in traced(own + shared)
    ]
    path = folder / "release-1.nt"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _drop(store: Store, graph: str) -> None:
    """Take a loaded release out again, with its share of the inferred graph."""
    patches = inferred_patch(store, {}, drop=[graph])
    store.write({}, drop=[graph], forget=[graph], patches=patches)


def release_goal(big: BigStore, folder: Path, *, repeats: int) -> list[Row]:
    """Goal 2: one release into the big store, validated and reasoned, within a second."""
    path = _release_file(big.organisations, folder)
    _trace_touched(big, path)
    graph = path.resolve().as_uri()
    count = sum(1 for _ in path.open("rb"))
    case = f"one release ({count} triples) into {big.triples:,}, reasoned"
    rows = []
    dropped: list[float] = []

    def undo() -> None:
        """Take the release out again, with its inferences (timed apart: not the goal)."""
        if graph in big.store.named_graphs():
            started = time.perf_counter()
            _drop(big.store, graph)
            dropped.append(time.perf_counter() - started)

    peers: list[tuple[str, ShaclEngine | None]] = [
        ("not validated", None),
        ("compiled", "compiled"),
        ("pyshacl-turbo", "turbo"),
        ("pySHACL", "pyshacl"),
    ]
    for peer, engine in peers:
        validator = (
            None if engine is None else Validator.from_paths(SHAPES, [ONTOLOGY], engine=engine)
        )

        def run(validator: Validator | None = validator) -> None:
            load([path], store=big.store, validator=validator, reasoning=True)

        seconds, _ = _best(run, repeats, undo=undo)
        rows.append(Row(case, big.triples, peer, seconds, "goal ≤ 1 s" if engine else ""))
    rows.append(Row(case, big.triples, "taking it out again (untimed above)", min(dropped)))
    return rows


def update_goal(big: BigStore, *, repeats: int) -> list[Row]:
    """Goal 3: a one-triple SPARQL Update with the shapes on the big store, within a second:
    a label for a passage (the provenance frame needs no annotation), accepted."""
    pool = QueryPool(big.store, workers=1, timeout=600.0, result_limit=10, reasoning=True).start()
    case = f"one-triple SPARQL Update on {big.triples:,}, reasoned"
    rows = []
    peers: list[tuple[str, ShaclEngine | None]] = [
        ("no shapes", None),
        ("compiled", "compiled"),
        ("pyshacl-turbo", "turbo"),
        ("pySHACL", "pyshacl"),
    ]
    try:
        for peer, engine in peers:
            validator = (
                None if engine is None else Validator.from_paths(SHAPES, [ONTOLOGY], engine=engine)
            )

            def run(validator: Validator | None = validator) -> None:
                label = f'"passage label {uuid.uuid4().hex}"@en'  # new on every run
                pool.update(
                    f"INSERT DATA {{ GRAPH <urn:bench:labels> {{ "
                    f"<{big.passage}> <http://www.w3.org/2000/01/rdf-schema#label> "
                    f"{label} }} }}",
                    validator=validator,
                )

            seconds, _ = _best(run, repeats)
            rows.append(Row(case, big.triples, peer, seconds, "goal ≤ 1 s" if engine else ""))
    finally:
        pool.close()
    return rows


def report(title: str, rows: list[Row], console: Console) -> None:
    table = Table(title=title)
    for column in ("case", "triples", "peer", "seconds", "note"):
        table.add_column(column, justify="right" if column in ("triples", "seconds") else "left")
    for row in rows:
        seconds = "—" if row.seconds is None else f"{row.seconds:.3f}"
        table.add_row(row.case, f"{row.triples:,}", row.peer, seconds, row.note)
    console.print(table)


_PARTS = ("engines", "load", "release", "update")


@dataclass(frozen=True)
class _Options:
    sizes: tuple[int, ...]
    load_triples: int
    store_triples: int
    store: Path | None
    repeats: int
    pyshacl_cap: int
    rudof_cap: int
    parts: frozenset[str]


def _options(argv: list[str] | None) -> _Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_validation")
    parser.add_argument("--sizes", default="10000,100000,500000", help="engine data sets")
    parser.add_argument("--load-triples", type=int, default=500_000)
    parser.add_argument("--store-triples", type=int, default=2_000_000)
    parser.add_argument("--store", type=Path, help="a prepared store (a copy: it is written)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pyshacl-cap", type=int, default=20_000)
    parser.add_argument("--rudof-cap", type=int, default=600_000)
    parser.add_argument(
        "--parts", default=",".join(_PARTS), help=f"which tables, of {', '.join(_PARTS)}"
    )
    arguments = parser.parse_args(argv)
    parts = frozenset(part for part in arguments.parts.split(",") if part)
    if not parts <= set(_PARTS):
        parser.error(f"--parts takes {', '.join(_PARTS)}")
    return _Options(
        tuple(int(size) for size in arguments.sizes.split(",") if size),
        arguments.load_triples,
        arguments.store_triples,
        arguments.store,
        arguments.repeats,
        arguments.pyshacl_cap,
        arguments.rudof_cap,
        parts,
    )


def _scratch() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="bench-validation-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """Print the engines table, then each goal's table as it is measured."""
    options = _options(argv)
    console = Console()
    for folder in _scratch():
        if "engines" in options.parts:
            report(
                f"SHACL engines on whole data sets (file + ontology), best of {options.repeats}",
                engines(
                    options.sizes,
                    repeats=options.repeats,
                    pyshacl_cap=options.pyshacl_cap,
                    rudof_cap=options.rudof_cap,
                    folder=folder,
                ),
                console,
            )
        title = f"Goals of issue #16, best of {options.repeats}"
        if "load" in options.parts:
            report(title, load_goal(options.load_triples, repeats=options.repeats), console)
        if not options.parts & {"release", "update"}:
            continue
        big = (
            prepared_store(options.store)
            if options.store
            else big_store(options.store_triples, folder)
        )
        if "release" in options.parts:
            report(title, release_goal(big, folder, repeats=options.repeats), console)
        if "update" in options.parts:
            report(title, update_goal(big, repeats=options.repeats), console)
        big.store.close()


if __name__ == "__main__":
    main()
