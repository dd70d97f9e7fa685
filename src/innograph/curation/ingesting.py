"""Add a release to the graph: a sheet (or an encoded Turtle file) compared, checked, written
under `data/releases/` and loaded, all or nothing.

The checks before anything is written: every citation's words are in its passage (encoding),
every resource a fact names is in the release or the graph, every new entry has a kind and
its evidence, and no new entry has a name confidently matching a resource of the graph, unless
the curator says it is another one (`distinct_from`): entities are reused by id, never merged
silently. Then the Turtle is written and loaded by `innograph.loading.load` (parse, SHACL,
reasoning patch, one transaction); if the load fails the file is put back as it was, so a
failure changes neither the folder nor the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from innograph._types import GraphName
from innograph.curation.changes import Changes, compare
from innograph.curation.encoding import Encoding, Triple, encode, short
from innograph.curation.reading import Location, SheetFile, read_sheet
from innograph.curation.sheet import SECTIONS
from innograph.curation.turtle import turtle_of
from innograph.errors import InnographError, ParseError, ValidationError
from innograph.loading import load
from innograph.namespaces import IGID
from innograph.store import Store

if TYPE_CHECKING:
    from innograph.ingest.validation import Validator

__all__ = ["Ingest", "ingest", "SHEET_SUFFIXES"]

SHEET_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Ingest:
    """What an ingest found, and whether it wrote: the release file, its graph, the changes."""

    release: Path
    graph: GraphName
    changes: Changes
    written: bool


@dataclass(frozen=True)
class _Prepared:
    encoding: Encoding
    turtle: bytes
    target: Path
    refuse: Callable[[Location, str], ParseError]
    sheet: SheetFile | None


def ingest(
    path: Path,
    *,
    store: Store,
    releases: Path,
    validator: Validator | None = None,
    reasoning: bool = False,
    dry_run: bool = False,
) -> Ingest:
    """Given a sheet (`.yaml`) or an encoded release (`.ttl`), return what adding it changes;
    unless `dry_run`, write it to `releases/<id>.ttl` and load it. ParseError (file:line: field:
    reason) for a sheet that fails a check; the load's own errors (SHACL, inconsistency) leave
    everything as it was."""
    prepared = (
        _from_sheet(path, releases)
        if path.suffix in SHEET_SUFFIXES
        else _from_turtle(path, releases)
    )
    graph = prepared.target.resolve().as_uri()
    changes = compare(prepared.encoding, store, own_graph=graph)
    _check(prepared, changes, proposals=not dry_run)
    if not dry_run:
        try:
            _write_and_load(prepared, store, validator, reasoning)
        except ValidationError as error:
            raise _at_sheet_line(prepared, error) from None
    return Ingest(prepared.target, graph, changes, written=not dry_run)


def _from_sheet(path: Path, releases: Path) -> _Prepared:
    read = read_sheet(path)
    encoding = encode(read)
    header = f"Encoded by `innograph ingest` from {path.name}: edit the sheet, not this file."
    turtle = turtle_of(encoding, header).encode()
    target = releases / f"{read.sheet.source.id}.ttl"
    return _Prepared(encoding, turtle, target, read.error, read)


def _from_turtle(path: Path, releases: Path) -> _Prepared:
    try:
        turtle = path.read_bytes()
        graph = Graph().parse(data=turtle, format="turtle", publicID=path.resolve().as_uri())
    except OSError as error:
        raise ParseError(path, None, None, f"cannot read: {error.strerror}") from None
    except Exception as error:  # rdflib raises its parsers' own exception types
        raise ParseError(path, None, None, f"not Turtle: {error}") from None
    facts: dict[Triple, Location] = {}
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        triple = (
            graph.value(axiom, OWL.annotatedSource),
            graph.value(axiom, OWL.annotatedProperty),
            graph.value(axiom, OWL.annotatedTarget),
        )
        if triple in graph:
            facts[triple] = ()  # type: ignore[index]  # an asserted triple: IRIs and literals
    entries = {
        subject: (section, str(subject)[len(IGID + prefix) :])
        for subject, _, _ in facts
        if isinstance(subject, URIRef)
        for section, (prefix, _, _) in SECTIONS.items()
        if str(subject).startswith(IGID + prefix)
    }

    def refuse(_: Location, reason: str) -> ParseError:
        return ParseError(path, None, None, reason)

    return _Prepared(Encoding(graph, facts, entries), turtle, releases / path.name, refuse, None)


def _check(prepared: _Prepared, changes: Changes, *, proposals: bool) -> None:
    """ParseError at the first fact or entry a curator must fix before the release goes in; a
    confident proposal only when about to write (a dry run lists them all)."""
    encoding, refuse = prepared.encoding, prepared.refuse
    for fact, missing in changes.unknown:
        where = encoding.facts[fact]
        raise refuse(where + ("to",), f"{missing} is neither in this release nor in the graph")
    typed = {subject for subject, predicate, _ in encoding.facts if predicate == RDF.type}
    new = set(changes.new_entities)
    for entity, where in sorted(encoding.entries.items()):
        if short(entity) in new and entity not in typed:
            reason = "not in the graph: a new entry needs its kind and cite (or use an existing id)"
            raise refuse(where, reason)
    for proposal in changes.proposals if proposals else ():
        entity = URIRef(IGID + proposal.entry)
        where = encoding.entries[entity]
        if proposal.match and proposal.candidate not in _distinct_from(prepared, where):
            raise refuse(
                where,
                f"{proposal.name!r} matches {proposal.candidate} ({proposal.candidate_name!r}, "
                f"score {proposal.score:g}): name it by that id to reuse it, or list it under "
                "distinct_from if it is another one",
            )


def _at_sheet_line(prepared: _Prepared, error: ValidationError) -> InnographError:
    """A SHACL refusal of a sheet's release, at the line of the field its first violation is
    about (the fact of that subject and property, else the entry); the Turtle's as it is for an
    encoded release, which has no lines to name."""
    if prepared.sheet is None:
        return error
    first = sorted(error.violations, key=lambda violation: violation.focus)[0]
    subject = URIRef(first.focus)
    where = next(
        (
            location
            for (fact_subject, predicate, _), location in prepared.encoding.facts.items()
            if fact_subject == subject and first.path == predicate.n3()
        ),
        prepared.encoding.entries.get(subject, ("source",)),
    )
    more = len(error.violations) - 1
    reason = first.describe() + (f" (and {more} more SHACL violations)" if more else "")
    return prepared.refuse(where, reason)


def _distinct_from(prepared: _Prepared, where: Location) -> list[str]:
    if prepared.sheet is None:
        return []
    section, key = where
    entries = getattr(prepared.sheet.sheet, str(section))
    return list(entries[key].distinct_from)


def _write_and_load(
    prepared: _Prepared, store: Store, validator: Validator | None, reasoning: bool
) -> None:
    target = prepared.target
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.read_bytes() if target.exists() else None
    _replace(target, prepared.turtle)
    try:
        load([target], store=store, validator=validator, reasoning=reasoning)
    except BaseException:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            _replace(target, previous)
        raise


def _replace(target: Path, data: bytes) -> None:
    """Write a file whole or not at all: a reader never sees half a release."""
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
