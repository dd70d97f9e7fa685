"""The values lookups return: frozen dataclasses, free of RDF terms, ready to be serialised.

Every described resource is named by a `Ref`: its REST id (`organisation/openzone`, or the full
IRI for resources outside the `igid:` namespace), its IRI and a display name. Facts drawn from
a source carry `Evidence`: the document, the passage and the passage's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

__all__ = [
    "Ref",
    "Names",
    "Text",
    "Evidence",
    "Figure",
    "PostHolding",
    "ContactPoint",
    "OrganisationSummary",
    "OrganisationProfile",
    "Link",
    "AgreementSummary",
    "Objective",
    "Quote",
    "Agreement",
    "Person",
    "SectorCount",
    "Place",
    "Fact",
    "SourcePassage",
    "Source",
    "ActorHop",
    "ActorPath",
    "SearchHit",
    "Candidate",
    "QueryParameter",
    "QueryDescription",
    "Value",
    "QueryAnswer",
    "Page",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Ref:
    """A described resource: `Ref('organisation/openzone', 'https://…/openzone', 'OpenZone')`."""

    id: str
    iri: str
    name: str


@dataclass(frozen=True)
class Names:
    """A resource's names: the Italian and English labels and any alternative names."""

    it: str | None = None
    en: str | None = None
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Text:
    """A text with its language tag (`None` for a plain string)."""

    text: str
    language: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact is stated: the source document, the passage and its words."""

    source: Ref
    passage: Ref
    index: int | None
    text: str
    language: str | None
    excerpt: str | None = None
    """The exact words of the passage that support the fact, when the release records them."""


@dataclass(frozen=True)
class Figure:
    """A stated number, such as 'nearly 5 billion yuan' of assets under management."""

    iri: str
    property: Ref
    value: Decimal | None
    approximation: str | None
    currency: str | None
    counted_kind: Ref | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class PostHolding:
    """A post in an organisation and the person who holds it."""

    post: str
    person: Ref | None
    organisation: Ref | None
    role: Ref | None


@dataclass(frozen=True)
class ContactPoint:
    """A way to reach an organisation or a press office."""

    iri: str
    contact_type: str | None
    emails: tuple[str, ...]
    telephones: tuple[str, ...]
    person: Ref | None
    organisation: Ref | None


@dataclass(frozen=True)
class OrganisationSummary:
    """An organisation in a list: who it is, what kind, and where."""

    id: str
    iri: str
    name: str
    types: tuple[Ref, ...]
    country: Ref | None


@dataclass(frozen=True)
class OrganisationProfile:
    """Everything the graph states about one organisation, except its links to other actors."""

    id: str
    iri: str
    name: str
    names: Names
    types: tuple[Ref, ...]
    locations: tuple[Ref, ...]
    near: tuple[Ref, ...]
    country: Ref | None
    founders: tuple[Ref, ...]
    founding_year: int | None
    missions: tuple[Text, ...]
    descriptions: tuple[Text, ...]
    websites: tuple[str, ...]
    sectors: tuple[Ref, ...]
    services: tuple[Ref, ...]
    figures: tuple[Figure, ...]
    people: tuple[PostHolding, ...]
    contact_points: tuple[ContactPoint, ...]
    sources: tuple[Ref, ...]


@dataclass(frozen=True)
class Link:
    """A typed link from one actor to another, as seen from the first.

    `kind` is agreement, membership, founding, hosting or post; `relation` names the
    direction-specific reading (`member-of`, `has-member`, `founded-by`, …); `via` is the node
    that carries the link (the agreement, the membership, the post) when there is one.
    """

    kind: str
    relation: str
    direction: str
    other: Ref
    via: Ref | None
    date: str | None
    announced: str | None
    sectors: tuple[Ref, ...]
    role: Ref | None
    status: Ref | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class AgreementSummary:
    id: str
    iri: str
    name: str
    parties: tuple[Ref, ...]
    date: str | None
    sectors: tuple[Ref, ...]


@dataclass(frozen=True)
class Objective:
    """An aim of an agreement."""

    iri: str
    name: str
    definitions: tuple[Text, ...]


@dataclass(frozen=True)
class Quote:
    """A quotation, its speaker and what it is about."""

    iri: str
    text: str
    language: str | None
    speaker: Ref | None
    about: tuple[Ref, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Agreement:
    id: str
    iri: str
    name: str
    names: Names
    types: tuple[Ref, ...]
    parties: tuple[Ref, ...]
    date: str | None
    place: Ref | None
    sectors: tuple[Ref, ...]
    aims: tuple[Objective, ...]
    quotes: tuple[Quote, ...]
    sources: tuple[Ref, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Person:
    id: str
    iri: str
    name: str
    names: Names
    posts: tuple[PostHolding, ...]
    founded: tuple[Ref, ...]
    quotes: tuple[Quote, ...]
    contact_points: tuple[ContactPoint, ...]
    sources: tuple[Ref, ...]


@dataclass(frozen=True)
class SectorCount:
    """A sector (or service line) with how many organisations and agreements refer to it."""

    sector: Ref
    scheme: str
    organisations: int
    agreements: int


@dataclass(frozen=True)
class Count:
    """How many organisations have one value of a facet (a type, a country)."""

    value: Ref
    count: int


@dataclass(frozen=True)
class Facets:
    """Counts of organisations by type and by country, most frequent first."""

    types: tuple[Count, ...]
    countries: tuple[Count, ...]


@dataclass(frozen=True)
class Place:
    id: str
    iri: str
    name: str
    names: Names
    types: tuple[Ref, ...]
    part_of: tuple[Ref, ...]
    contains: tuple[Ref, ...]
    organisations: tuple[Ref, ...]


@dataclass(frozen=True)
class Fact:
    """One asserted triple drawn from a passage; `object` for resources, `value` for literals."""

    subject: Ref
    property: Ref
    object: Ref | None
    value: str | None
    language: str | None
    excerpt: str | None


@dataclass(frozen=True)
class SourcePassage:
    id: str
    iri: str
    index: int | None
    text: str
    language: str | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Source:
    id: str
    iri: str
    name: str
    types: tuple[Ref, ...]
    headline: str | None
    publication_date: str | None
    language: str | None
    dateline_place: Ref | None
    publishers: tuple[Ref, ...]
    passages: tuple[SourcePassage, ...]


@dataclass(frozen=True)
class ActorHop:
    """One step of an `ActorPath`: a link from `start` to `end`, with its evidence."""

    start: Ref
    end: Ref
    kind: str
    relation: str
    via: Ref | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ActorPath:
    """A chain of links from one actor to another, through agreements, memberships, founding
    and hosting."""

    start: Ref
    end: Ref
    length: int
    """How many hops: `len(hops)`, written out for clients that sort or filter by it."""
    hops: tuple[ActorHop, ...]


@dataclass(frozen=True)
class SearchHit:
    """A resource that matches a search, with the best-matching words marked in `snippet`."""

    id: str
    iri: str
    name: str
    kind: str
    score: float
    snippet: str
    language: str | None


@dataclass(frozen=True)
class Candidate:
    """A reconciliation candidate: a resource whose name resembles the query (score 0–100)."""

    id: str
    iri: str
    name: str
    types: tuple[Ref, ...]
    score: float
    match: bool


@dataclass(frozen=True)
class QueryParameter:
    """A parameter of a named query: its variable name and kind (`IRI`, `literal`, `xsd:…`)."""

    name: str
    kind: str


@dataclass(frozen=True)
class QueryDescription:
    name: str
    header: dict[str, str]
    parameters: tuple[QueryParameter, ...]


@dataclass(frozen=True)
class Value:
    """An RDF term in a query answer, as in the SPARQL JSON results format."""

    type: str
    value: str
    datatype: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """The answer of a named query: rows of a SELECT, or the truth of an ASK."""

    name: str
    variables: tuple[str, ...]
    rows: tuple[dict[str, Value], ...] = ()
    boolean: bool | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with the cursor of the next page (`None` on the last)."""

    items: tuple[T, ...]
    next_cursor: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    facets: Facets | None = None
