"""Load RDF files into the store: parse → validate → write, all or nothing.

Each file gets its own named graph (its `file:` IRI), so a file can be reloaded or removed
alone. A load is atomic: every file is parsed and validated before the store is changed (validated
against the store as the load will leave it, the nodes each file touches: a file may use what
another file, loaded with it or before, says) (a
file streamed by the bulk path is only staged, and discarded if any later file fails), then
every graph, the catalog records and the version are written by one `Store.write`, one
transaction, so a crash leaves the store wholly before or wholly after the load. An unchanged
file (same SHA-256 as last time) is skipped.

New files loaded into a store that holds only the ontology and the shapes are the whole store
the load leaves: they are checked whole by the compiled shapes (`Validator.accepts_files`,
reading the files straight into a store in memory) and then streamed like unchecked files.
Any violation sends them the usual way, which names the file and each violation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from innograph._types import GraphName
from innograph.errors import ParseError
from innograph.ingest.parsing import ProgressCallback, parse_file
from innograph.ingest.sources import SourceFile, discover, source_file
from innograph.reasoning import Change, StoredQuads, change_of_write, change_patch
from innograph.store import DEFAULT_GRAPH, CatalogRecord, Store

if TYPE_CHECKING:
    # Only the type: importing validation pulls in pySHACL and rdflib, which a load
    # without shapes never uses (they cost the CLI a second of start-up).
    from innograph.ingest.validation import Validator

__all__ = ["LoadReport", "ProgressFactory", "load", "file_digest", "seed_if_empty"]

ProgressFactory = Callable[[SourceFile], ProgressCallback | None]
"""Given the file about to be read, return a callback for its bytes (or None)."""


@dataclass(frozen=True)
class LoadReport:
    """What a load did, file by file."""

    loaded: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def file_digest(path: Path) -> str:
    """Given a file, return the hex SHA-256 of its bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load(
    paths: Sequence[Path],
    *,
    store: Store,
    validator: Validator | None = None,
    graph: GraphName | None = None,
    progress: ProgressFactory | None = None,
    reasoning: bool = False,
) -> LoadReport:
    """Given files or folders, load every RDF file in them; return what was loaded or skipped.

    `graph` names the target graph, for a single file only. With `reasoning`, the inferred
    graph changes in the same transaction (`innograph.reasoning.change_patch`; a load that
    would make the data inconsistent is refused), and every file is parsed in memory: the
    reasoner needs its quads before the commit, so none is streamed.
    """
    sources = [source_file(paths[0], graph=graph)] if graph and len(paths) == 1 else discover(paths)
    catalog = store.catalog()
    digests = {source.graph: file_digest(source.path) for source in sources}
    changed = [s for s in sources if _is_changed(catalog.get(s.graph), digests[s.graph])]
    existing = set(store.named_graphs())
    checked_whole = (
        validator is not None
        and not reasoning
        and _stands_alone(validator, store, changed, existing)
        and validator.accepts_files(changed)
    )

    streamed: list[GraphName] = []
    staged: dict[SourceFile, list[pyoxigraph.Quad]] = {}
    try:
        for source in changed:
            on_progress = progress(source) if progress else None
            unchecked = validator is None or checked_whole
            is_streamed = unchecked and not reasoning and not source.is_dataset
            if is_streamed and source.graph not in existing:
                store.bulk_load(source, on_progress=on_progress)
                streamed.append(source.graph)
            else:
                staged[source] = parse_file(source, on_progress=on_progress)
        graphs, drop, staged_records = _graphs_of(staged, catalog, digests)
        checked_apart = validator if not checked_whole else None
        # One change and one view of the store for the checks and the reasoner both.
        wanted = checked_apart is not None or reasoning
        change = change_of_write(store, graphs, drop=drop) if wanted else None
        stored = StoredQuads(store, probing=change is None or bool(change.added))
        if checked_apart is not None and change is not None:
            _validate(checked_apart, store, change, stored, staged_records, catalog)
    except BaseException:
        store.discard()
        raise

    records = [
        _record(source, digests[source.graph], (source.graph,))
        for source in changed
        if source.graph in streamed
    ]
    if records or staged_records:
        patches = None
        if reasoning and change is not None:  # a change is always made when reasoning
            patches = change_patch(store, change, stored=stored)
        store.write(graphs, drop=drop, records=records + staged_records, patches=patches)
    return LoadReport(
        loaded=tuple(source.path for source in changed),
        unchanged=tuple(source.path for source in sources if source not in changed),
    )


def _validate(
    validator: Validator,
    store: Store,
    change: Change,
    stored: StoredQuads,
    records: list[CatalogRecord],
    catalog: dict[GraphName, CatalogRecord],
) -> None:
    """Check the load against the shapes in the store as it will leave it: the nodes each
    file's change touches (`innograph.validation`); ValidationError names the file (a graph
    a file no longer has is named by that file)."""
    from innograph.validation import checks_of_change  # pulls in the SHACL engine

    names = {}
    for record in records:
        previous = catalog.get(record.source)
        for graph in (*record.graphs, *(previous.graphs if previous else ())):
            names[graph] = Path(record.path)
    for job in checks_of_change(validator, store, change, names=names, stored=stored):
        validator.check_job(job)


def _stands_alone(
    validator: Validator, store: Store, sources: Sequence[SourceFile], existing: set[GraphName]
) -> bool:
    """Whether the files, with the ontology the validator merges, are the whole store the
    load will leave: new files of triples, into a store holding nothing but the validator's
    own graphs (the ontology, the shapes). Then they are checked whole, as they stream
    (`Validator.accepts_files`), rather than node by node against the store."""
    return (
        bool(sources)
        and all(not s.is_dataset and s.graph not in existing for s in sources)
        and existing <= validator.own_graphs
        and next(iter(store.quads(graph=DEFAULT_GRAPH)), None) is None
    )


def _is_changed(record: CatalogRecord | None, digest: str) -> bool:
    return record is None or record.sha256 != digest


def _graphs_of(
    staged: dict[SourceFile, list[pyoxigraph.Quad]],
    catalog: dict[GraphName, CatalogRecord],
    digests: dict[GraphName, str],
) -> tuple[dict[GraphName, list[pyoxigraph.Quad]], set[GraphName], list[CatalogRecord]]:
    """Each parsed file's graphs, the graphs an earlier version of a file had and this one
    lacks (to drop), and the files' records: all written by one `Store.write`."""
    graphs: dict[GraphName, list[pyoxigraph.Quad]] = {}
    drop: set[GraphName] = set()
    records = []
    for source, quads in staged.items():
        own: dict[GraphName, list[pyoxigraph.Quad]] = {source.graph: []}
        for quad in quads:
            own.setdefault(_graph_name(source, quad), []).append(quad)
        previous = catalog.get(source.graph)
        drop |= set(previous.graphs if previous else ()) - set(own)
        graphs.update(own)
        records.append(_record(source, digests[source.graph], tuple(own)))
    return graphs, drop, records


def _graph_name(source: SourceFile, quad: pyoxigraph.Quad) -> GraphName:
    """Named graphs are addressed by IRI; a blank-node graph label could never be reloaded."""
    if isinstance(quad.graph_name, pyoxigraph.NamedNode):
        return quad.graph_name.value
    raise ParseError(source.path, None, None, "a graph named by a blank node cannot be stored")


def _record(source: SourceFile, digest: str, graphs: tuple[GraphName, ...]) -> CatalogRecord:
    return CatalogRecord(
        source=source.graph,
        path=str(source.path),
        sha256=digest,
        graphs=tuple(sorted(graphs)),
        loaded_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def seed_if_empty(
    store: Store,
    paths: Sequence[Path],
    *,
    validator: Validator | None = None,
    reasoning: bool = False,
) -> LoadReport | None:
    """Load the seed folders into a store that holds no data yet; leave a used store alone."""
    if store.named_graphs():
        return None
    existing = [path for path in paths if path.exists()]
    if not existing:
        return None
    return load(existing, store=store, validator=validator, reasoning=reasoning)
