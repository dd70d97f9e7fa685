"""Any resource as its page shows it: its names and kinds, every statement the sources make
about it and every statement that points at it, each with the passages that state it."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Evidence, Model, Names, Ref
from innograph.lookups.models.resources import Count, Fact, Figure


@dataclass(frozen=True)
class Statement(Model):
    """A triple a source graph holds, with the passages that state it (none when the release
    does not annotate it)."""

    fact: Fact
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Entity(Ref):
    """A resource of any kind, as the sources describe it: asserted statements only, so a page
    shows what a release says, not what the reasoner adds."""

    names: Names
    kinds: tuple[Ref, ...]
    """Its stated classes."""
    statements: tuple[Statement, ...]
    """What it says of the resource: every outgoing statement but its types and names."""
    incoming: tuple[Statement, ...]
    """What points at it: resources naming it as a value (a founder, a place, a party), the
    first `INCOMING_LIMIT` (500) of them."""
    incoming_total: int
    """How many statements point at it in all."""
    figures: tuple[Figure, ...]
    """Its stated numbers, with their approximation and currency."""
    actor: bool
    """Whether it is an organisation or a person: one with links to other actors."""


@dataclass(frozen=True)
class SourceSummary(Ref):
    """A source document in a list: its name, when it was published, in which language."""

    publication_date: str | None
    language: str | None


@dataclass(frozen=True)
class Overview(Model):
    """What the graph holds, for its home page: resources by kind, and its sources by date."""

    kinds: tuple[Count, ...]
    """Organisations, people, places, agreements and source documents, counted."""
    sources: tuple[SourceSummary, ...]
    """The source documents the graph is drawn from, newest first."""
    triples: int
