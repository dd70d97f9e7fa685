"""Response schemas of the REST API: pydantic mirrors of `innograph.lookups.models`, with examples.

Each schema reads the library's frozen dataclasses through `from_attributes`, so a route maps
its lookup's result with one `Schema.model_validate(result)` and nothing else.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Schema",
    "Ref",
    "Names",
    "Text",
    "Evidence",
    "Figure",
    "PostHolding",
    "ContactPoint",
    "OrganisationSummary",
    "OrganisationPage",
    "OrganisationProfile",
    "Link",
    "LinkList",
    "AgreementSummary",
    "AgreementPage",
    "Objective",
    "Quote",
    "Agreement",
    "Person",
    "SectorCount",
    "SectorList",
    "Place",
    "Fact",
    "SourcePassage",
    "Source",
    "ActorHop",
    "ActorPath",
    "ActorPathList",
    "SearchHit",
    "SearchResults",
    "TypeRef",
    "Candidate",
    "ReconciliationResult",
    "ServiceView",
    "Manifest",
    "Match",
    "QueryParameter",
    "QueryDescription",
    "QueryList",
    "Value",
    "QueryAnswer",
    "Problem",
    "InvalidParameterDetail",
]

_OPENZONE = "https://w3id.org/innograph/id/organisation/openzone"
_TUSPARK = (
    "https://w3id.org/innograph/id/organisation/tuspark-jiangsu-innovation-research-institute"
)
_SOURCE = "https://w3id.org/innograph/id/source/2021-05-17-openzone-tuspark"


def _ref(path: str, name: str) -> Any:
    return {"id": path, "iri": f"https://w3id.org/innograph/id/{path}", "name": name}


_PASSAGE_EVIDENCE: dict[str, Any] = {
    "source": _ref("source/2021-05-17-openzone-tuspark", "OpenZone sigla un protocollo d'intesa …"),
    "passage": _ref("source/2021-05-17-openzone-tuspark/passage/3", "passage 3"),
    "index": 3,
    "text": "Bresso, 17 maggio 2021 - TusPark (Jiangsu) Innovation Research Institute e OpenZone "
    "hanno siglato un protocollo d'intesa …",
    "language": "it",
    "excerpt": None,
}


class Schema(BaseModel):
    """Base of every response schema: immutable, read from the library's dataclasses."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


class Ref(Schema):
    """A described resource: its REST id (usable in URLs), its IRI and its display name."""

    id: str = Field(examples=["organisation/openzone"])
    iri: str = Field(examples=[_OPENZONE])
    name: str = Field(examples=["OpenZone"])


class Names(Schema):
    it: str | None = Field(default=None, description="The Italian label.")
    en: str | None = Field(default=None, description="The English label.")
    alternatives: list[str] = Field(default_factory=list, description="Other names and spellings.")


class Text(Schema):
    text: str
    language: str | None = None


class Evidence(Schema):
    """Where a fact is stated: the source document, the passage and its words."""

    source: Ref
    passage: Ref
    index: int | None
    text: str = Field(description="The whole passage, as in the source.")
    language: str | None
    excerpt: str | None = Field(description="The words that support the fact, when recorded.")


class Figure(Schema):
    """A stated number: value, how approximate the source says it is, currency, what it counts."""

    iri: str
    property: Ref
    value: float | None = Field(examples=[5_000_000_000])
    approximation: str | None = Field(examples=["nearly"], description="exact, about or nearly.")
    currency: str | None = Field(examples=["CNY"], description="ISO 4217 code, for amounts.")
    counted_kind: Ref | None
    evidence: list[Evidence]


class PostHolding(Schema):
    post: str
    person: Ref | None
    organisation: Ref | None
    role: Ref | None


class ContactPoint(Schema):
    iri: str
    contact_type: str | None
    emails: list[str]
    telephones: list[str]
    person: Ref | None
    organisation: Ref | None


class OrganisationSummary(Schema):
    id: str
    iri: str
    name: str
    types: list[Ref]
    country: Ref | None


class Count(Schema):
    value: Ref
    count: int


class Facets(Schema):
    """Counts of the organisations that pass the filters (all, without filters): by type (a
    class counts its subclasses' members too, as the `type` filter does) and by country."""

    types: list[Count]
    countries: list[Count]


class OrganisationPage(Schema):
    """One page of organisations; `next_cursor` is passed back as `cursor` for the next one."""

    items: list[OrganisationSummary]
    next_cursor: str | None
    filters: dict[str, str]
    facets: Facets


class OrganisationProfile(Schema):
    """Everything the graph states about one organisation (its links are at `/links`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "organisation/openzone",
                    "iri": _OPENZONE,
                    "name": "OpenZone",
                    "names": {"it": "OpenZone", "en": "OpenZone", "alternatives": []},
                    "types": [
                        {
                            "id": "ig:SciencePark",
                            "iri": "https://w3id.org/innograph/ontology#SciencePark",
                            "name": "science park",
                        }
                    ],
                    "locations": [],
                    "near": [_ref("place/milan", "Milan")],
                    "country": _ref("place/italy", "Italy"),
                    "founders": [_ref("organisation/zambon", "Zambon")],
                    "founding_year": None,
                    "missions": [],
                    "descriptions": [],
                    "websites": ["www.openzone.it"],
                    "sectors": [_ref("sector/healthcare", "healthcare")],
                    "services": [],
                    "figures": [],
                    "people": [],
                    "contact_points": [],
                    "sources": [_ref("source/2021-05-17-openzone-tuspark", "OpenZone sigla …")],
                }
            ]
        }
    )

    id: str
    iri: str
    name: str
    names: Names
    types: list[Ref]
    locations: list[Ref]
    near: list[Ref]
    country: Ref | None
    founders: list[Ref]
    founding_year: int | None
    missions: list[Text]
    descriptions: list[Text]
    websites: list[str]
    sectors: list[Ref]
    services: list[Ref]
    figures: list[Figure]
    people: list[PostHolding]
    contact_points: list[ContactPoint]
    sources: list[Ref]


class Link(Schema):
    """A typed link to another actor, read from the requested actor's side, with evidence."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "agreement",
                    "relation": "agreement-partner",
                    "direction": "mutual",
                    "other": {
                        "id": "organisation/tuspark-jiangsu-innovation-research-institute",
                        "iri": _TUSPARK,
                        "name": "TusPark (Jiangsu) Innovation Research Institute",
                    },
                    "via": _ref("agreement/openzone-tuspark-2021-mou", "OpenZone – TusPark MoU"),
                    "date": None,
                    "announced": "2021-05-17",
                    "sectors": [_ref("sector/healthcare", "healthcare")],
                    "role": None,
                    "status": None,
                    "evidence": [_PASSAGE_EVIDENCE],
                }
            ]
        }
    )

    kind: str = Field(description="agreement, membership, founding, hosting or post.")
    relation: str = Field(
        description="agreement-partner, member-of, has-member, founded-by, founded, hosts, "
        "hosted-by, post-held-by or holds-post-in."
    )
    direction: str = Field(description="outgoing, incoming or mutual.")
    other: Ref
    via: Ref | None = Field(description="The agreement, membership or post carrying the link.")
    date: str | None = Field(description="For agreements: the signing date (day precision).")
    announced: str | None = Field(
        description="For agreements: the publication date of the source announcing it."
    )
    sectors: list[Ref] = Field(description="For agreements: the focus sectors.")
    role: Ref | None = Field(description="For posts: the role.")
    status: Ref | None = Field(description="For memberships: the stated status.")
    evidence: list[Evidence]


class LinkList(Schema):
    actor: str
    links: list[Link]


class AgreementSummary(Schema):
    id: str
    iri: str
    name: str
    parties: list[Ref]
    date: str | None
    sectors: list[Ref]


class AgreementPage(Schema):
    items: list[AgreementSummary]
    next_cursor: str | None


class Objective(Schema):
    iri: str
    name: str
    definitions: list[Text]


class Quote(Schema):
    iri: str
    text: str
    language: str | None
    speaker: Ref | None
    about: list[Ref]
    evidence: list[Evidence]


class Agreement(Schema):
    id: str
    iri: str
    name: str
    names: Names
    types: list[Ref]
    parties: list[Ref]
    date: str | None
    place: Ref | None
    sectors: list[Ref]
    aims: list[Objective]
    quotes: list[Quote]
    sources: list[Ref]
    evidence: list[Evidence]


class Person(Schema):
    id: str
    iri: str
    name: str
    names: Names
    posts: list[PostHolding]
    founded: list[Ref]
    quotes: list[Quote]
    contact_points: list[ContactPoint]
    sources: list[Ref]


class SectorCount(Schema):
    sector: Ref
    scheme: str = Field(examples=["sectors"], description="sectors or services.")
    organisations: int
    agreements: int


class SectorList(Schema):
    sectors: list[SectorCount]


class Place(Schema):
    id: str
    iri: str
    name: str
    names: Names
    types: list[Ref]
    part_of: list[Ref]
    contains: list[Ref]
    organisations: list[Ref]


class Fact(Schema):
    subject: Ref
    property: Ref
    object: Ref | None
    value: str | None
    language: str | None
    excerpt: str | None


class SourcePassage(Schema):
    id: str
    iri: str
    index: int | None
    text: str
    language: str | None
    facts: list[Fact]


class Source(Schema):
    id: str
    iri: str = Field(examples=[_SOURCE])
    name: str
    types: list[Ref]
    headline: str | None
    publication_date: str | None
    language: str | None
    dateline_place: Ref | None
    publishers: list[Ref]
    passages: list[SourcePassage]


class ActorHop(Schema):
    start: Ref
    end: Ref
    kind: str
    relation: str
    via: Ref | None
    evidence: list[Evidence]


class ActorPath(Schema):
    start: Ref
    end: Ref
    length: int
    hops: list[ActorHop]


class ActorPathList(Schema):
    paths: list[ActorPath]


class SearchHit(Schema):
    id: str
    iri: str
    name: str
    kind: str = Field(examples=["person"])
    score: float = Field(description="BM25 relevance; higher is better.")
    snippet: str = Field(examples=["Fabrizio <mark>Conicella</mark>"])
    language: str | None


class SearchResults(Schema):
    query: str
    hits: list[SearchHit]


class TypeRef(Schema):
    id: str = Field(examples=["ig:SciencePark"])
    name: str = Field(examples=["science park"])


class Candidate(Schema):
    """A reconciliation candidate, as the W3C Reconciliation API (0.2) shapes it."""

    id: str = Field(examples=["organisation/openzone"])
    name: str = Field(examples=["OpenZone"])
    type: list[TypeRef]
    score: float = Field(examples=[100.0], description="0 to 100; higher is closer.")
    match: bool = Field(description="True when the candidate can be accepted without review.")

    @classmethod
    def of(cls, candidate: Any) -> Candidate:
        """Given an `innograph.lookups.models.Candidate`, return its reconciliation shape."""
        return cls(
            id=candidate.id,
            name=candidate.name,
            type=[TypeRef(id=kind.id, name=kind.name) for kind in candidate.types],
            score=candidate.score,
            match=candidate.match,
        )


class ReconciliationResult(Schema):
    result: list[Candidate]


class ServiceView(Schema):
    url: str


class Manifest(Schema):
    """The reconciliation service manifest (what OpenRefine reads when a service is added)."""

    versions: list[str]
    name: str
    identifierSpace: str
    schemaSpace: str
    defaultTypes: list[TypeRef]
    view: ServiceView


class Match(Schema):
    name: str
    match: Candidate | None


class QueryParameter(Schema):
    name: str
    kind: str = Field(examples=["IRI"], description="IRI, literal or an xsd: datatype.")


class QueryDescription(Schema):
    name: str
    header: dict[str, str]
    parameters: list[QueryParameter]


class QueryList(Schema):
    queries: list[QueryDescription]


class Value(Schema):
    type: str = Field(description="uri, literal or bnode, as in SPARQL JSON results.")
    value: str
    datatype: str | None = None
    language: str | None = None


class QueryAnswer(Schema):
    name: str
    variables: list[str]
    rows: list[dict[str, Value]]
    boolean: bool | None


class InvalidParameterDetail(Schema):
    parameter: str
    location: str
    message: str


class Problem(Schema):
    """An RFC 9457 problem detail."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[InvalidParameterDetail] | None = None
