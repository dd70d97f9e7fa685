"""An actor's neighbourhood, or the whole ecosystem, as nodes and edges for a network view."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Model, Ref
from innograph.lookups.models.connections import Statements


@dataclass(frozen=True)
class NetworkNode(Ref):
    """An organisation or a person, with what a view colours and filters it by."""

    kind: Ref
    """Its most specific stated class (science park, research institute, person …)."""
    sectors: tuple[Ref, ...]
    """The sectors it is active in."""
    hops: int
    """How many links from the centre (0 for the centre; 0 for every node of the whole
    ecosystem)."""


@dataclass(frozen=True)
class NetworkEdge(Model):
    """A typed link between two nodes, once (read from the side the link goes out from)."""

    source: str
    """The REST id of the node it starts from."""
    target: str
    kind: str
    """agreement, membership, founding, hosting or post."""
    relation: str
    """The link read from `source`: member-of, founded-by, hosts, agreement-partner …"""
    via: Ref | None
    """The agreement, membership or post carrying it."""
    sectors: tuple[Ref, ...]
    """For agreements: the focus sectors."""
    statements: Statements
    """The triples of the graph that carry the edge, as a link's `statements` are."""


@dataclass(frozen=True)
class Network(Model):
    """Nodes and the links between them; `truncated` when the limit cut the network short."""

    centre: Ref | None
    nodes: tuple[NetworkNode, ...]
    edges: tuple[NetworkEdge, ...]
    truncated: bool
