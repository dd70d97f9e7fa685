"""The values lookups return: frozen dataclasses, free of RDF terms, served as they are.

Every described resource is named by a `Ref`: its REST id (`organisation/openzone`, or the full
IRI for resources outside the `igid:` namespace), its IRI and a display name. Facts drawn from
a source carry `Evidence`: the document, the passage and the passage's words.

They are the REST API's response models too: `api/` writes them to JSON with pydantic, without
validating them again (they are built here, from the graph), and FastAPI puts their schemas in
the OpenAPI document. A field here is a field of an HTTP answer, and its docstring documents it
there.
"""

from innograph.lookups.models.answers import (
    Candidate,
    QueryAnswer,
    QueryDescription,
    QueryParameter,
    SearchHit,
    Value,
)
from innograph.lookups.models.base import Evidence, Model, Names, Ref, Text
from innograph.lookups.models.connections import ActorHop, ActorPath, Link
from innograph.lookups.models.derivations import Derivation
from innograph.lookups.models.entities import Entity, Overview, SourceSummary, Statement
from innograph.lookups.models.networks import Network, NetworkEdge, NetworkNode
from innograph.lookups.models.resources import (
    Agreement,
    AgreementPage,
    AgreementSummary,
    ContactPoint,
    Count,
    Facets,
    Fact,
    Figure,
    Objective,
    OrganisationPage,
    OrganisationProfile,
    OrganisationSummary,
    Person,
    Place,
    PostHolding,
    Quote,
    SectorCount,
    Source,
    SourcePassage,
)

__all__ = [
    "Model",
    "Ref",
    "Names",
    "Text",
    "Evidence",
    "Figure",
    "PostHolding",
    "ContactPoint",
    "OrganisationSummary",
    "Count",
    "Facets",
    "OrganisationPage",
    "OrganisationProfile",
    "Link",
    "Derivation",
    "Entity",
    "Overview",
    "SourceSummary",
    "Statement",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "AgreementSummary",
    "AgreementPage",
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
]
