"""Curation results as the lines `innograph ingest`, `retract` and `history` print."""

from __future__ import annotations

from collections.abc import Iterator

from innograph.curation.changes import Changes
from innograph.curation.encoding import Triple, short
from innograph.curation.history import Release
from innograph.curation.ingesting import Ingest
from innograph.curation.retraction import Retraction

__all__ = ["ingest_lines", "retraction_lines", "history_lines"]


def ingest_lines(done: Ingest) -> Iterator[str]:
    """What an ingest found (and did): counts, then each group of changes."""
    changes = done.changes
    yield from _changes(changes)
    if done.written:
        yield f"wrote {done.release} and loaded it into graph <{done.graph}>"
    else:
        yield f"dry run: nothing written (the release would go to {done.release})"


def _changes(changes: Changes) -> Iterator[str]:
    yield (
        f"{len(changes.new_entities)} new entities, {len(changes.reused_entities)} reused; "
        f"{len(changes.new_facts)} new facts about new entities, "
        f"{len(changes.facts_about_existing)} about entities already in the graph, "
        f"{len(changes.already_stated)} already stated by another release; "
        f"{len(changes.conflicts)} conflicts, {len(changes.proposals)} likely duplicates"
    )
    yield from _section("new entities", changes.new_entities)
    yield from _section("reused entities", changes.reused_entities)
    yield from _section("new facts", [_fact(f) for f in changes.new_facts])
    yield from _section(
        "facts about entities already in the graph",
        [_fact(f) for f in changes.facts_about_existing],
    )
    yield from _section(
        "already stated by another release", [_fact(f) for f in changes.already_stated]
    )
    yield from _section(
        "conflicts",
        [
            f"{c.subject} {c.property} {c.value}, where the graph has "
            + ", ".join(f"{value} (in {graph})" for value, graph in c.existing)
            for c in changes.conflicts
        ],
    )
    yield from _section(
        "likely duplicates",
        [
            f"{p.entry} {p.name!r} ~ {p.candidate} {p.candidate_name!r}: score {p.score:g}"
            + (" (a match: reuse its id or say distinct_from)" if p.match else "")
            for p in changes.proposals
        ],
    )


def _section(title: str, items: list[str] | tuple[str, ...]) -> Iterator[str]:
    if items:
        yield f"{title}:"
        yield from (f"  {item}" for item in items)


def _fact(fact: Triple) -> str:
    return " ".join(short(term) for term in fact)


def retraction_lines(done: Retraction) -> Iterator[str]:
    """What a retraction removed, what stayed, and what became of the file."""
    yield (
        f"removed graph <{done.graph}>: {done.removed} triples, of which {done.kept} stay "
        "because another graph states them too"
    )
    if done.deleted_file:
        yield (
            f"deleted {done.file}, so the next `serve` of a new store does not load it again; "
            "its sheet, if any, is left in place: `innograph ingest` it to add it back"
        )
    else:
        yield f"{done.file} was not on disk any more"


def history_lines(releases: tuple[Release, ...]) -> Iterator[str]:
    """Each release, oldest first, then what it says."""
    for release in releases:
        yield f"{(release.date or 'undated')[:10]}  {short(release.source)}  {release.title or ''}"
        for statement in release.statements:
            subject, prop = short(statement.subject), short(statement.property)
            yield f"    {subject} {prop} {statement.value}    « {statement.evidence} »"
