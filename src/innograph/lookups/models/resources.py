"""The described resources: organisations, agreements, people, places and source documents,
each in full and (for the lists) in summary."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Evidence, Model, Names, Ref, Text


@dataclass(frozen=True)
class Figure(Model):
    """A stated number, such as 'nearly 5 billion yuan' of assets under management: its value,
    how approximate the source says it is, its currency and what it counts."""

    iri: str
    property: Ref
    value: float | None
    """The number, as a JSON number (the graph's exact decimal, read as a float)."""
    approximation: str | None
    """exact, about or nearly."""
    currency: str | None
    """ISO 4217 code, for amounts."""
    counted_kind: Ref | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class PostHolding(Model):
    """A post in an organisation and the person who holds it."""

    post: str
    person: Ref | None
    organisation: Ref | None
    role: Ref | None


@dataclass(frozen=True)
class ContactPoint(Model):
    """A way to reach an organisation or a press office."""

    iri: str
    contact_type: str | None
    emails: tuple[str, ...]
    telephones: tuple[str, ...]
    person: Ref | None
    organisation: Ref | None


@dataclass(frozen=True)
class OrganisationSummary(Ref):
    """An organisation in a list: who it is, what kind, and where."""

    types: tuple[Ref, ...]
    country: Ref | None


@dataclass(frozen=True)
class Count(Model):
    """How many organisations have one value of a facet (a type, a country)."""

    value: Ref
    count: int


@dataclass(frozen=True)
class Facets(Model):
    """Counts of the organisations that pass the filters (all, without filters), most frequent
    first: by type (a class counts its subclasses' members too, as the `type` filter does) and
    by country."""

    types: tuple[Count, ...]
    countries: tuple[Count, ...]


@dataclass(frozen=True)
class OrganisationPage(Model):
    """One page of organisations by name; `next_cursor` asks for the next (`None` on the last)."""

    items: tuple[OrganisationSummary, ...]
    next_cursor: str | None
    filters: dict[str, str]
    """The filters applied, as they were given."""
    facets: Facets


@dataclass(frozen=True)
class OrganisationProfile(Ref):
    """Everything the graph states about one organisation, except its links to other actors."""

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
class AgreementSummary(Ref):
    """An agreement in a list: its parties, signing date and focus sectors."""

    parties: tuple[Ref, ...]
    date: str | None
    sectors: tuple[Ref, ...]


@dataclass(frozen=True)
class AgreementPage(Model):
    """One page of agreements by signing date; `next_cursor` asks for the next (`None` on the
    last)."""

    items: tuple[AgreementSummary, ...]
    next_cursor: str | None


@dataclass(frozen=True)
class Objective(Model):
    """An aim of an agreement."""

    iri: str
    name: str
    definitions: tuple[Text, ...]


@dataclass(frozen=True)
class Quote(Model):
    """A quotation, its speaker and what it is about."""

    iri: str
    text: str
    language: str | None
    speaker: Ref | None
    about: tuple[Ref, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Agreement(Ref):
    """Everything the graph states about one agreement."""

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
class Person(Ref):
    """Everything the graph states about one person."""

    names: Names
    posts: tuple[PostHolding, ...]
    founded: tuple[Ref, ...]
    quotes: tuple[Quote, ...]
    contact_points: tuple[ContactPoint, ...]
    sources: tuple[Ref, ...]


@dataclass(frozen=True)
class SectorCount(Model):
    """A sector (or service line) with how many organisations and agreements refer to it."""

    sector: Ref
    scheme: str
    """sectors or services."""
    organisations: int
    agreements: int


@dataclass(frozen=True)
class Place(Ref):
    """A place: what it is part of, what it contains, and the organisations located there."""

    names: Names
    types: tuple[Ref, ...]
    part_of: tuple[Ref, ...]
    contains: tuple[Ref, ...]
    organisations: tuple[Ref, ...]


@dataclass(frozen=True)
class Fact(Model):
    """One triple: `object` for resources, `value` for literals; `excerpt` for a triple drawn
    from a passage, the words that state it."""

    subject: Ref
    property: Ref
    object: Ref | None
    value: str | None
    language: str | None
    excerpt: str | None


@dataclass(frozen=True)
class SourcePassage(Model):
    """A passage of a source document, in order, with the facts drawn from it."""

    id: str
    iri: str
    index: int | None
    text: str
    language: str | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Source(Ref):
    """A source document (a press release, a web page): its passages and who published it."""

    types: tuple[Ref, ...]
    headline: str | None
    publication_date: str | None
    language: str | None
    dateline_place: Ref | None
    publishers: tuple[Ref, ...]
    passages: tuple[SourcePassage, ...]
