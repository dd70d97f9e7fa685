"""The network of actors around one, or of the whole ecosystem, for the network view.

Read from the typed links every actor already has (`innograph.lookups.links`, one table per
store version), breadth first from the centre: no query per request. Each link appears once, as
read from the side it goes out from (`member-of`, not also `has-member`); an agreement, which
goes both ways, from the party whose id sorts first.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph

from innograph.lookups.descriptions import KINDS_OF, ORGANISATION, PERSON, every_superclass
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.links import RawLink, raw_links, statements
from innograph.lookups.models import Network, NetworkEdge, NetworkNode, Ref
from innograph.lookups.organisations import SUMMARIES
from innograph.namespaces import IG
from innograph.store import Store

__all__ = ["network"]

_ACTORS = (ORGANISATION, PERSON)
_SECTOR = pyoxigraph.NamedNode(IG + "activeInSector")


def network(store: Store, centre: pyoxigraph.NamedNode | None, *, hops: int, limit: int) -> Network:
    """Given a centre (None: the whole ecosystem), how many links out to go and how many
    nodes to show at most, return the nodes and the links between them."""
    if centre is None:
        distances, truncated = _every_actor(store, limit)
    else:
        distances = _around(store, centre.value, hops, limit)
        truncated = _is_cut_short(store, distances, hops)
    reached = set(distances)
    edges: dict[tuple[str, str, str, str | None], NetworkEdge] = {}
    for actor in distances:
        for link in raw_links(store, actor):
            if link.other in reached and _is_read_outwards(actor, link):
                key = (actor, link.other, link.relation, link.via)
                edges.setdefault(key, _edge(store, actor, link))
    return Network(
        centre=ref(store, centre.value) if centre else None,
        nodes=tuple(_node(store, actor, distance) for actor, distance in distances.items()),
        edges=tuple(edges.values()),
        truncated=truncated,
    )


def _around(store: Store, centre: str, hops: int, limit: int) -> dict[str, int]:
    """The actors within `hops` links of the centre, nearest first, at most `limit`."""
    distances = {centre: 0}
    frontier = [centre]
    for hop in range(1, hops + 1):
        following: list[str] = []
        for actor in frontier:
            for link in raw_links(store, actor):
                if link.other not in distances and len(distances) < limit:
                    distances[link.other] = hop
                    following.append(link.other)
        frontier = following
    return distances


def _every_actor(store: Store, limit: int) -> tuple[dict[str, int], bool]:
    """The first `limit` actors of the store, and whether there are more (read up to the first
    one past the limit, not the whole table)."""
    actors: dict[str, int] = {}
    for resource, kind in KINDS_OF.table(store).items():
        if kind in _ACTORS and resource not in actors:
            if len(actors) == limit:
                return actors, True
            actors[resource] = 0
    return actors, False


def _is_cut_short(store: Store, distances: dict[str, int], hops: int) -> bool:
    """Whether an actor within `hops` links of the centre was left out for the limit."""
    edge = [actor for actor, hop in distances.items() if hop < hops]
    return any(link.other not in distances for actor in edge for link in raw_links(store, actor))


def _is_read_outwards(actor: str, link: RawLink) -> bool:
    if link.direction == "mutual":
        return rest_id(actor) < rest_id(link.other)
    return link.direction == "outgoing"


def _edge(store: Store, actor: str, link: RawLink) -> NetworkEdge:
    return NetworkEdge(
        source=rest_id(actor),
        target=rest_id(link.other),
        kind=link.kind,
        relation=link.relation,
        via=ref(store, link.via) if link.via else None,
        sectors=tuple(ref(store, sector) for sector in link.sectors),
        statements=statements(store, link),
    )


def _node(store: Store, actor: str, distance: int) -> NetworkNode:
    named = naming(store, actor)
    sectors = store.quads(pyoxigraph.NamedNode(actor), _SECTOR, None)
    return NetworkNode(
        id=rest_id(actor),
        iri=actor,
        name=named.display,
        kind=_kind(store, actor),
        sectors=tuple(ref(store, sector) for sector in _sector_iris(sectors)),
        hops=distance,
    )


def _kind(store: Store, actor: str) -> Ref:
    """The actor's most specific stated class: the one with the most superclasses."""
    stated = [value for field, value in SUMMARIES.get(store, actor) if field == "type"]
    if not stated:
        return ref(store, PERSON if PERSON in KINDS_OF.get(store, actor) else ORGANISATION)
    superclasses = every_superclass(store)
    return ref(store, max(sorted(stated), key=lambda cls: len(superclasses.get(cls, ()))))


def _sector_iris(quads: Iterable[pyoxigraph.Quad]) -> list[str]:
    """Each sector once (one two releases state, or one also inferred, is one sector)."""
    iris = (q.object.value for q in quads if isinstance(q.object, pyoxigraph.NamedNode))
    return sorted(set(iris))
