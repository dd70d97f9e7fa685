"""How actors connect: the typed links of one actor, and the paths of links between two.

A link, a path's hop and a network's edge name the triples of the graph that carry them
(`statements`), written as JSON-LD node objects: `{"iri": subject, "ig:foundedBy": {"iri":
object}}`, keyed by the property's own prefixed name. The JSON-LD answers include them
(`@included`), so a JSON-LD processor reads each link as the triples the store holds, where the
link's own keys (`relation`, `direction` …) read differently from each end and stay out of the
RDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, WithJsonSchema

from innograph.lookups.identifiers import rest_id
from innograph.lookups.models.base import Evidence, Model, Ref

Triple = tuple[str, str, str]
"""A triple between resources, as the IRIs of subject, property and object."""


def _node_objects(triples: tuple[Triple, ...]) -> list[dict[str, Any]]:
    """Each triple as the JSON-LD node object that states it, its property by prefixed name."""
    return [{"iri": subject, rest_id(prop): {"iri": target}} for subject, prop, target in triples]


_RESOURCE = {"type": "object", "properties": {"iri": {"type": "string"}}, "required": ["iri"]}
_NODE_OBJECT = {
    **_RESOURCE,
    "description": "One triple: the subject's `iri`, and the property's prefixed name "
    "(`ig:foundedBy`, `org:memberOf` …) giving the object's `iri`.",
    "additionalProperties": {**_RESOURCE, "additionalProperties": False},
    "minProperties": 2,
    "maxProperties": 2,
}
Statements = Annotated[
    tuple[Triple, ...],
    PlainSerializer(_node_objects),
    WithJsonSchema({"type": "array", "items": _NODE_OBJECT}),
]
"""Triples served as JSON-LD node objects (see the module's docstring)."""


@dataclass(frozen=True)
class Link(Model):
    """A typed link from one actor to another, as seen from the first, with its evidence."""

    kind: str
    """agreement, membership, founding, hosting or post."""
    relation: str
    """agreement-partner, member-of, has-member, founded-by, founded, hosts, hosted-by,
    post-held-by or holds-post-in: the reading of `kind` from the first actor's side."""
    direction: str
    """outgoing, incoming or mutual."""
    other: Ref
    via: Ref | None
    """The agreement, membership or post carrying the link."""
    date: str | None
    """For agreements: the signing date (day precision)."""
    announced: str | None
    """For agreements: the publication date of the source announcing it."""
    sectors: tuple[Ref, ...]
    """For agreements: the focus sectors."""
    role: Ref | None
    """For posts: the role."""
    status: Ref | None
    """For memberships: the stated status."""
    evidence: tuple[Evidence, ...]
    inferred_by: str | None
    """The OWL 2 RL rule that entails the link when no source states it (`prp-inv1`,
    `prp-symp` …); its evidence is then that of the stated triples it is derived from, which
    `/api/explanation` lists. `null` for a link a source states."""
    statements: Statements
    """The triples of the graph that carry the link, as JSON-LD node objects (the JSON-LD
    answer includes them): the stated ones, or for a link only a rule entails (`inferred_by`),
    the inferred ones and the stated ones beside them. A link through a node (an agreement,
    a membership, a post) is the node's two triples."""


@dataclass(frozen=True)
class ActorHop(Model):
    """One step of an `ActorPath`: a link from `start` to `end`, with its evidence."""

    start: Ref
    end: Ref
    kind: str
    relation: str
    via: Ref | None
    evidence: tuple[Evidence, ...]
    statements: Statements
    """The triples of the graph that carry the hop, as a link's `statements` are."""


@dataclass(frozen=True)
class ActorPath(Model):
    """A chain of links from one actor to another, through agreements, memberships, founding
    and hosting."""

    start: Ref
    end: Ref
    length: int
    """How many hops: `len(hops)`, written out for clients that sort or filter by it."""
    hops: tuple[ActorHop, ...]
