"""The `innograph` command: each sub-command maps its options to one library call."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pyoxigraph
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from innograph.console import (
    command_validator,
    err,
    out,
    output_stream,
    reported_errors,
    session,
)
from innograph.curation_commands import commands as curation_commands
from innograph.ingest.parsing import ProgressCallback
from innograph.ingest.sources import SourceFile
from innograph.loading import ProgressFactory
from innograph.loading import load as load_files
from innograph.queries import GRAPH_FORMATS, read_query, run_query, serialize_result
from innograph.settings import Settings
from innograph.sparql.export import export as export_store
from innograph.sparql.statistics import store_statistics

# Modules that pull in rdflib, pySHACL or pyLODE are imported inside the commands that need
# them: `innograph load` of a big file should not pay a second of start-up for them.

__all__ = ["app"]

app = typer.Typer(
    help="innograph: a knowledge graph of innovation ecosystems (load, query, serve).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(curation_commands)

_BIG_FILE = 8 << 20
"""Files larger than this (bytes) get a progress bar."""

_ONTOLOGY_FILE = Path("ontology/innograph.ttl")
"""What `docs` and `ontology-report` read when no file is named."""

_GRACE = 3
"""Seconds the requests in progress get to finish once `serve` is asked to stop (SIGTERM,
Ctrl-C). uvicorn then cancels the rest, their query workers and validation processes are
killed, and the process ends (by the signal it was sent): a write under way ends with it,
committed whole or not at all (`innograph.store.commit`). Measured: 3.2-3.3 s from SIGTERM to
exit during a validation, a query or a write. Without it uvicorn waited for every request,
and a SHACL check of minutes held it until a second signal."""


@contextmanager
def _progress_bars() -> Iterator[ProgressFactory]:
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=err,
        transient=True,
    ) as progress:

        def factory(source: SourceFile) -> ProgressCallback | None:
            size = source.path.stat().st_size
            if size < _BIG_FILE:
                return None
            task = progress.add_task(source.path.name, total=size)
            return lambda count: progress.advance(task, count)

        yield factory


@app.command()
def load(
    paths: Annotated[
        list[Path], typer.Argument(help="RDF files or folders (searched recursively).")
    ],
    graph: Annotated[str | None, typer.Option(help="Graph IRI, for a single file.")] = None,
    shapes: Annotated[Path | None, typer.Option(help="SHACL shapes to validate against.")] = None,
    validate: Annotated[bool, typer.Option(help="Validate with SHACL shapes.")] = True,
    prepare: Annotated[
        bool, typer.Option(help="Then prepare the tables REST lookups read (names, links …).")
    ] = True,
    language: Annotated[
        str, typer.Option(help="Language of SHACL messages (it, …) where the shapes give one.")
    ] = "en",
) -> None:
    """Load RDF files, one named graph per file; all or nothing."""
    settings = Settings.from_environment()
    with session(settings, (language,)) as store:
        with _progress_bars() as progress:
            report = load_files(
                paths,
                store=store,
                validator=command_validator(settings, shapes, validate),
                graph=graph,
                progress=progress,
                reasoning=settings.reasoning,
            )
        out.print(f"loaded {len(report.loaded)} file(s), {len(report.unchanged)} unchanged")
        if prepare:
            from innograph import lookups  # imported here: the lookups load rapidfuzz and more

            with out.status("preparing the lookup tables"):
                lookups.prepare(store)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, or the path of a .rq file.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json, csv, tsv, xml, turtle, ntriples …")
    ] = "table",
    asserted: Annotated[
        bool, typer.Option(help="Read the asserted graphs only, without the inferred graph.")
    ] = False,
) -> None:
    """Run a SPARQL query against the store: asserted and inferred triples, or with
    `--asserted` what the sources say only."""
    path = Path(sparql)
    text = read_query(path) if path.suffix == ".rq" and path.is_file() else sparql
    with session() as store:
        result = run_query(store, text, asserted=asserted)
        if format == "table":
            _print_table(result)
        else:
            sys.stdout.buffer.write(serialize_result(result, format))
            sys.stdout.buffer.flush()


def _print_table(result: object) -> None:
    if isinstance(result, pyoxigraph.QueryBoolean):
        out.print(str(bool(result)).lower())
    elif isinstance(result, pyoxigraph.QuerySolutions):
        names = [variable.value for variable in result.variables]
        rows = [[_cell(row[name]) for name in names] for row in result]
        _print_tables(_table(names, rows))
    elif isinstance(result, pyoxigraph.QueryTriples):
        sys.stdout.buffer.write(serialize_result(result, "turtle"))


def _print_tables(*tables: Table) -> None:
    """Print tables at least as wide as their widest cells, so no IRI is cut."""
    needed = max(
        sum((column.min_width or 0) + 3 for column in table.columns) + 1 for table in tables
    )
    console = out if needed <= out.width else Console(width=needed)
    console.print(*tables, crop=False)


def _table(headers: list[str], rows: list[list[str]]) -> Table:
    """A table whose cells never wrap or crop, so IRIs stay whole and can be copied."""
    table = Table()
    for index, header in enumerate(headers):
        widest = max((len(row[index]) for row in rows), default=0)
        table.add_column(header, no_wrap=True, min_width=max(widest, len(header)))
    for row in rows:
        table.add_row(*row)
    return table


def _cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.Literal | pyoxigraph.NamedNode):
        return term.value
    return str(term)


@app.command()
def stats() -> None:
    """Show triples per graph, and instances per class."""
    with session() as store:
        statistics = store_statistics(store)
    per_graph = [[graph, str(count)] for graph, count in statistics.triples_per_graph.items()]
    per_class = [[iri, str(count)] for iri, count in statistics.instances_per_class.items()]
    graphs = _table(["graph", "triples"], [*per_graph, ["all graphs", str(statistics.triples)]])
    _print_tables(graphs, _table(["class", "instances"], per_class))


@app.command()
def export(
    graph: Annotated[str | None, typer.Option(help="Graph IRI; default: every data graph.")] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=", ".join(GRAPH_FORMATS) + "; for network tools: graphml, gexf, csv",
        ),
    ] = "trig",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (a folder for csv); default stdout."),
    ] = None,
    inferred: Annotated[
        bool,
        typer.Option(
            "--inferred/--asserted",
            help="With the inferred graph (the OWL 2 RL closure), or the asserted graphs only.",
        ),
    ] = True,
) -> None:
    """Write the store (or one graph) as RDF: graph by graph in TriG or N-Quads; merged for an
    OWL tool such as Protégé in Turtle or RDF/XML, the SHACL shapes left out. Or write the
    actor network (organisations, people, their typed links) for Gephi or networkx: GraphML,
    GEXF, or nodes.csv and edges.csv in the folder --output names."""
    rdf_format = GRAPH_FORMATS.get(format)
    if rdf_format is None:
        _export_network(format, output)
        return
    settings = Settings.from_environment()
    shapes = [settings.shapes.resolve().as_uri()] if settings.shapes else []
    with session(settings) as store, output_stream(output) as stream:
        export_store(
            store, stream, rdf_format=rdf_format, graph=graph, inferred=inferred, leave_out=shapes
        )


def _export_network(network_format: str, output: Path | None) -> None:
    """The actor network: the CSV tables into the folder `output`, a GraphML or GEXF file to
    `output` or stdout."""
    from innograph.lookups.network_export import NETWORK_FORMATS, write_network  # loads networkx

    if network_format not in NETWORK_FORMATS:  # before --output is opened, and truncated
        known = ", ".join([*GRAPH_FORMATS, *NETWORK_FORMATS])
        err.print(f"error: unknown format {network_format!r} (known: {known})")
        raise typer.Exit(code=2)
    with session() as store:
        if network_format == "csv" and output is not None:
            write_network(store, network_format, output)
            return
        with output_stream(output) as stream:
            write_network(store, network_format, stream)


@app.command()
def docs(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Ontology files; default ontology/innograph.ttl.")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path(
        "build/ontology.html"
    ),
    language: Annotated[str, typer.Option(help="Language of labels and definitions.")] = "en",
) -> None:
    """Write the ontology's HTML reference page (pyLODE)."""
    from innograph.ontology.documentation import build_documentation

    with reported_errors():
        written = build_documentation(paths or [_ONTOLOGY_FILE], output, language=language)
    out.print(f"wrote {written}")


@app.command("ontology-report")
def ontology_report(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Ontology files; default ontology/innograph.ttl.")
    ] = None,
) -> None:
    """Check the ontology's hygiene: labels, definitions, declarations, datatypes, header."""
    from innograph.ontology.hygiene import report_files

    with reported_errors():
        problems = report_files(paths or [_ONTOLOGY_FILE])
    for problem in problems:
        out.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if problems:
        err.print(f"{len(problems)} problem(s)")
        raise typer.Exit(code=1)
    out.print("no problems")


@app.command()
def reason() -> None:
    """Recompute the OWL 2 RL closure into the inferred graph; print counts per rule family.

    An inconsistent closure (disjoint classes shared, two values of a functional property …)
    is reported and not written: exit 1."""
    import time

    from innograph.namespaces import INFERRED_GRAPH
    from innograph.reasoning.closure import closure_of
    from innograph.reasoning.consistency import check_closure, ensure_consistent
    from innograph.reasoning.facts import asserting
    from innograph.reasoning.rules import rules_for

    with session() as store:
        started = time.perf_counter()
        rules = rules_for(store)
        for uncompiled in rules.uncompiled:
            err.print(f"warning: no rule compiled for {uncompiled}", markup=False)
        closure = closure_of(store, rules)
        ensure_consistent(check_closure(closure), lambda triple: asserting(store, triple))
        reasoned = time.perf_counter() - started
        quads = closure.quads()
        store.write({INFERRED_GRAPH: quads})
        written = time.perf_counter() - started - reasoned
    rows = [[family, f"{count:,}"] for family, count in sorted(closure.counts.items()) if count]
    rows.append(["inferred graph", f"{len(quads):,}"])
    _print_tables(_table(["rule family", "triples"], rows))
    out.print(f"closure {reasoned:.1f} s, written in {written:.1f} s to {INFERRED_GRAPH}")


@app.command()
def explain(
    triple: Annotated[
        str,
        typer.Argument(
            help="One triple in Turtle: full IRIs, or prefixed names (ig:, foaf:, org: …)."
        ),
    ],
) -> None:
    """Explain a triple: the rule and its premises, down to asserted facts and their sources."""
    from innograph.reasoning.explanation import explain as explain_triple
    from innograph.reasoning.explanation import parse_triple
    from innograph.reasoning.rules import rules_for

    with session() as store:
        explanation = explain_triple(store, parse_triple(triple), rules_for(store))
        if explanation is None:
            err.print("the store neither asserts nor infers this triple (run `innograph reason`)")
            raise typer.Exit(code=1)
        for line in explanation.lines():
            out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    processes: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="HTTP processes sharing the port (default INNOGRAPH_PROCESSES, else 1); "
            "more than one serves the store read-only.",
        ),
    ] = None,
) -> None:
    """Serve SPARQL, REST and pages over HTTP; loads ontology/ and data/ into an empty store."""
    import os

    import uvicorn

    from innograph.serving import prepare_for_processes

    with reported_errors():
        if processes is not None:
            os.environ["INNOGRAPH_PROCESSES"] = str(processes)  # read by every process
        settings = Settings.from_environment()
        if settings.serves_read_only:
            err.print(f"preparing {settings.store} for {settings.processes} read-only processes")
            prepare_for_processes(settings)
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=settings.processes,
        # A process that retires (the fast lane) lets its requests in flight finish: each
        # ends by its time limit, counted once it has a query thread, after at most the
        # queue's wait; uvicorn would cancel one still running, its connection unanswered.
        timeout_graceful_shutdown=_GRACE
        + math.ceil(settings.query_timeout + settings.admission.queue_wait)
        if settings.queries_in_process
        else _GRACE,
    )
