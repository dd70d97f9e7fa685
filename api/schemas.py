"""The REST API's own response schemas: the envelopes that exist only for HTTP, the W3C
Reconciliation API's shapes and RFC 9457 problems.

Everything else a route answers is a library value (`innograph.lookups.models`) served as it
is; the envelopes here only wrap those values, so they are frozen dataclasses like them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from innograph.lookups import models

__all__ = [
    "Schema",
    "LinkList",
    "SectorList",
    "ActorPathList",
    "SearchResults",
    "QueryList",
    "TypeRef",
    "Feature",
    "Candidate",
    "ReconciliationResult",
    "ServiceView",
    "Manifest",
    "Match",
    "Problem",
    "InvalidParameterDetail",
]


@dataclass(frozen=True)
class LinkList:
    """The typed links of one actor (`actor` as it was asked for)."""

    actor: str
    links: tuple[models.Link, ...]


@dataclass(frozen=True)
class SectorList:
    sectors: tuple[models.SectorCount, ...]


@dataclass(frozen=True)
class ActorPathList:
    paths: tuple[models.ActorPath, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: tuple[models.SearchHit, ...]


@dataclass(frozen=True)
class QueryList:
    queries: tuple[models.QueryDescription, ...]


class Schema(BaseModel):
    """Base of the pydantic schemas below, which routes build field by field: immutable."""

    model_config = ConfigDict(frozen=True)


class TypeRef(Schema):
    id: str = Field(examples=["ig:SciencePark"])
    name: str = Field(examples=["science park"])


class Feature(Schema):
    """A reason for a candidate's score (W3C Reconciliation API): `namesakes` is how many
    resources of the requested types bear the query's normalised name when this one does
    (0 when it does not); more than one makes the name ambiguous, never a match."""

    id: str = Field(examples=["namesakes"])
    value: float = Field(examples=[1])


class Candidate(Schema):
    """A reconciliation candidate, as the W3C Reconciliation API (0.2) shapes it."""

    id: str = Field(examples=["organisation/openzone"])
    name: str = Field(examples=["OpenZone"])
    type: list[TypeRef]
    score: float = Field(examples=[100.0], description="0 to 100; higher is closer.")
    match: bool = Field(
        description="True when the query, normalised, is a name of this candidate and of no "
        "other resource of the requested types: it can be accepted without review."
    )
    features: list[Feature]

    @classmethod
    def of(cls, candidate: models.Candidate) -> Candidate:
        """Given a library candidate, return its reconciliation shape."""
        return cls(
            id=candidate.id,
            name=candidate.name,
            type=[TypeRef(id=kind.id, name=kind.name) for kind in candidate.types],
            score=candidate.score,
            match=candidate.match,
            features=[Feature(id="namesakes", value=candidate.namesakes)],
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
    namesakes: list[Candidate] = Field(
        description="When several resources bear the name (so none is a match): the first of them."
    )


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
