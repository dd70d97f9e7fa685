"""The release sheet: one press release's facts as a curator writes them, in YAML.

One model per concept, each field one property of the ontology. A field's JSON Schema carries
the property it encodes (`x-rdf`), so the published schema (`data/sheets/release-sheet.schema.json`)
documents the mapping and `innograph.curation.encoding` reads it from there: nothing maps
fields to properties twice. Every fact cites the passages stating it and the exact words there
(`Citation`); a passage is numbered by the rule of `innograph.curation.passages`.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Citation",
    "Fact",
    "Link",
    "Texts",
    "Wording",
    "Value",
    "Entity",
    "Organisation",
    "Person",
    "Post",
    "Agreement",
    "Aim",
    "Membership",
    "Figure",
    "Place",
    "Cluster",
    "ContactPoint",
    "Quotation",
    "Source",
    "Sheet",
    "SECTIONS",
    "rdf_of",
    "schema_json",
]


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must not vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """Where the source states a fact: a passage's number and the exact words in it."""

    passage: int = Field(ge=1, description="The passage's number (1 = the first).")
    words: str = Field(min_length=1, description="Words copied exactly from that passage.")


class Fact(_Strict):
    """What every fact carries: its citations, and an optional note on how it was read."""

    cite: list[Citation] = Field(min_length=1, description="The passages and words stating it.")
    note: str | None = Field(None, description="Why it reads so (English), kept beside the fact.")


class Link(Fact):
    """A fact whose value is a resource: an id (`organisation/openzone`) or `ig:Company`."""

    to: str = Field(
        min_length=1, description="An id under https://w3id.org/innograph/id/, or a CURIE."
    )


class Texts(_Strict):
    """Text in Italian, English or both."""

    it: str | None = Field(None, min_length=1, description="The Italian text.")
    en: str | None = Field(None, min_length=1, description="The English text.")

    @model_validator(mode="after")
    def _some_text(self) -> Texts:
        if self.it is None and self.en is None:
            raise ValueError("give the text in Italian (it:), English (en:) or both")
        return self


class Wording(Fact, Texts):
    """A fact whose value is text, in Italian, English or both (one fact each, same citations)."""


class Value(Fact):
    """A fact whose value is a number, a date (a day) or a plain string (an e-mail, a URL)."""

    value: int | Decimal | date | str = Field(description="The value, as the source gives it.")


def _facts(prop: str, description: str, *, datatype: str | None = None) -> Any:
    """A field of facts encoding `prop`; `datatype` for a `Value` that is not a plain string."""
    extra: dict[str, str] = {"x-rdf": prop}
    if datatype:
        extra["x-datatype"] = datatype
    return Field(default_factory=list, description=description, json_schema_extra=extra)  # type: ignore[arg-type]


def rdf_of(model: type[BaseModel], field: str) -> tuple[str, str | None]:
    """Given a model and one of its fact fields, return (property CURIE, datatype CURIE or None)."""
    extra = model.model_fields[field].json_schema_extra
    assert isinstance(extra, dict), field
    return str(extra["x-rdf"]), (str(extra["x-datatype"]) if "x-datatype" in extra else None)


class Entity(_Strict):
    """A resource the release describes. A new one needs `cite` (the words that make it what it
    is); one already in the graph is named by its id and needs neither `kind` nor `cite`."""

    cite: list[Citation] = Field(default_factory=list, description="The words stating what it is.")
    note: str | None = Field(None, description="How its kind was read (English).")
    names: list[Wording] = _facts("rdfs:label", "Its names, as the release writes them.")
    distinct_from: list[str] = Field(
        default_factory=list,
        description="Ids of resources in the graph with a similar name that are not this one.",
    )


class Organisation(Entity):
    kind: str | None = Field(None, description="An ig: class: SciencePark, Company, Association …")
    other_names: list[Wording] = _facts("skos:altLabel", "Other names it goes by.")
    descriptions: list[Wording] = _facts("ig:description", "What the release says it is.")
    missions: list[Wording] = _facts("ig:mission", "Its mission, in the release's words.")
    founded_by: list[Link] = _facts("ig:foundedBy", "Its founders.")
    founding_year: list[Value] = _facts(
        "ig:foundingYear", "Its founding year.", datatype="xsd:integer"
    )
    agreements_with: list[Link] = _facts(
        "ig:hasAgreementWith", "Organisations it has an agreement with."
    )
    country: list[Link] = _facts("ig:country", "Its country, where the release states it.")
    located_in: list[Link] = _facts("ig:locatedIn", "Places it is in.")
    near: list[Link] = _facts("ig:near", "Places it is near.")
    serves_region: list[Link] = _facts("ig:servesRegion", "Regions it serves.")
    sectors: list[Link] = _facts("ig:activeInSector", "Sectors it is active in (sector/…).")
    services: list[Link] = _facts("ig:offersService", "Services it offers (service/…).")
    starting_point_for: list[Link] = _facts("ig:startingPointFor", "Clusters it anchors.")
    hosted_organisations: list[Link] = _facts(
        "ig:hostedOrganisations", "A figure: how many it hosts."
    )
    direct_investments: list[Link] = _facts(
        "ig:directInvestments", "A figure: its direct investments."
    )
    assets_under_management: list[Link] = _facts(
        "ig:assetsUnderManagement", "A figure: its assets."
    )
    websites: list[Value] = _facts("ig:website", "Web sites, as written.")
    contact_points: list[Link] = _facts("ig:contactPoint", "Its contact points.")


class Person(Entity):
    """A person named by the release."""


class Post(Entity):
    held_by: list[Link] = _facts("org:heldBy", "The person holding the post.")
    post_in: list[Link] = _facts("org:postIn", "The organisation the post is in.")
    role: list[Link] = _facts("org:role", "The role (role/general-manager …).")


class Agreement(Entity):
    kind: str | None = Field(None, description="Agreement or MemorandumOfUnderstanding.")
    other_names: list[Wording] = _facts("skos:altLabel", "Other names the release gives it.")
    parties: list[Link] = _facts("ig:hasParty", "Its parties.")
    announced_in: list[Link] = _facts("ig:announcedIn", "The source announcing it (source/…).")
    sectors: list[Link] = _facts("ig:focusSector", "The sectors it focuses on.")
    aims: list[Link] = _facts("ig:hasObjective", "Its aims (objective/…).")
    signing_date: list[Value] = _facts(
        "ig:signingDate", "The day it was signed.", datatype="xsd:dateTime"
    )
    signing_place: list[Link] = _facts("ig:signingPlace", "Where it was signed.")


class Aim(Entity):
    other_names: list[Wording] = _facts("skos:altLabel", "Other wordings of the aim.")
    descriptions: list[Wording] = _facts("ig:description", "The aim described.")


class Membership(Entity):
    member: list[Link] = _facts("org:member", "The member.")
    organisation: list[Link] = _facts("org:organization", "The organisation it is a member of.")
    status: list[Link] = _facts("ig:membershipStatus", "membership-status/active …")


class Figure(Entity):
    value: list[Value] = _facts("ig:numericValue", "The number, in full.", datatype="xsd:decimal")
    approximation: list[Link] = _facts("ig:approximation", "approximation/exact, about, nearly.")
    currency: list[Link] = _facts("ig:currency", "For money: currency/EUR, currency/CNY …")
    reference_date: list[Value] = _facts(
        "ig:referenceDate", "The day the figure holds on.", datatype="xsd:dateTime"
    )
    counts: list[Link] = _facts("ig:countedKind", "The class counted (ig:Company …).")
    includes: list[Link] = _facts("ig:includesKind", "Classes the count includes.")
    descriptions: list[Wording] = _facts("ig:description", "The figure described.")


class Place(Entity):
    kind: str | None = Field(
        None, description="Place, Municipality, Region, Country, GeographicArea, Site."
    )
    part_of: list[Link] = _facts("ig:partOfPlace", "Places it is part of.")


class Cluster(Entity):
    located_in: list[Link] = _facts("ig:locatedIn", "Where the cluster is.")


class ContactPoint(Entity):
    contact_types: list[Wording] = _facts("ig:contactType", "Its function, as written.")
    people: list[Link] = _facts("ig:contactPerson", "People answering it.")
    organisations: list[Link] = _facts("ig:contactOrganisation", "The organisation staffing it.")
    telephones: list[Value] = _facts("ig:telephone", "Telephone numbers, as written.")
    emails: list[Value] = _facts("ig:email", "E-mail addresses.")


class Quotation(Entity):
    words: list[Wording] = _facts("ig:quotedText", "The quoted words, verbatim.")
    by: list[Link] = _facts("ig:statedBy", "Who said it.")
    about: list[Link] = _facts("ig:statementAbout", "What it is about.")


SECTIONS: dict[str, tuple[str, type[Entity], str | None]] = {
    "organisations": ("organisation/", Organisation, None),
    "people": ("person/", Person, "foaf:Person"),
    "posts": ("post/", Post, "org:Post"),
    "agreements": ("agreement/", Agreement, None),
    "aims": ("objective/", Aim, "ig:Objective"),
    "memberships": ("membership/", Membership, "org:Membership"),
    "figures": ("figure/", Figure, "ig:Figure"),
    "places": ("place/", Place, None),
    "clusters": ("cluster/", Cluster, "ig:Cluster"),
    "contact_points": ("contact-point/", ContactPoint, "ig:ContactPoint"),
    "quotations": ("statement/", Quotation, "ig:Statement"),
}
"""Each section of a sheet: the id prefix of its entries, their model, and their class where
the section fixes it (otherwise each entry's `kind`, an ig: class)."""


class Source(_Strict):
    """The release itself: its text (in the repository), its title, day and dateline."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="source/<id> in the graph; the encoding is written to data/releases/<id>.ttl.",
    )
    text: str = Field(description="Its text file, relative to the sheet (data/sources/…).")
    language: str = Field(pattern=r"^[a-z]{2}$", description="The text's language: it, en …")
    kind: str = Field("PressRelease", description="An ig: class of source document.")
    title: str = Field(description="Its headline, exactly as written (the first passage).")
    subtitle: str | None = Field(None, description="Its subheadline, exactly as written.")
    utc_offset: str = Field(
        pattern=r"^[+-]\d{2}:\d{2}$",
        description="The dateline's offset from UTC that day: dates are local midnights.",
    )
    encoding_label: Texts = Field(description="A label for this encoding, in English and Italian.")
    date: Value = Field(description="The day of publication, cited.")
    dateline: Link | None = Field(None, description="The dateline place (place/…), cited.")
    publisher: Link | None = Field(None, description="Only if the text names its publisher.")
    press_contacts: list[Link] = _facts("ig:pressContact", "Its press contacts (contact-point/…).")


class Sheet(_Strict):
    """A release sheet: the source and the facts it states, section by section."""

    source: Source
    organisations: dict[str, Organisation] = Field(default_factory=dict)
    people: dict[str, Person] = Field(default_factory=dict)
    posts: dict[str, Post] = Field(default_factory=dict)
    agreements: dict[str, Agreement] = Field(default_factory=dict)
    aims: dict[str, Aim] = Field(default_factory=dict)
    memberships: dict[str, Membership] = Field(default_factory=dict)
    figures: dict[str, Figure] = Field(default_factory=dict)
    places: dict[str, Place] = Field(default_factory=dict)
    clusters: dict[str, Cluster] = Field(default_factory=dict)
    contact_points: dict[str, ContactPoint] = Field(default_factory=dict)
    quotations: dict[str, Quotation] = Field(default_factory=dict)


def schema_json() -> str:
    """The sheet's JSON Schema, as published in `data/sheets/release-sheet.schema.json`."""
    schema = Sheet.model_json_schema()
    schema["$id"] = "https://w3id.org/innograph/release-sheet.schema.json"
    schema["title"] = "innograph release sheet"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
