"""Paths between two actors through agreements, memberships, founding and hosting.

A bidirectional breadth-first search over the `links` query's neighbours (cached per store
version): the start side walks ⌈max_hops/2⌉ steps, the end side ⌊max_hops/2⌋, and the paths
meet in the middle. Each node keeps at most `limit` partial paths per side, so hubs (an
association with thousands of members) cannot blow the search up. Paths come shortest first;
equal lengths are ordered by the kinds of their hops (agreement, membership, founding, hosting).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from innograph.lookups.labels import ref
from innograph.lookups.links import KINDS, RawLink, raw_links, with_evidence
from innograph.lookups.models import ActorHop, ActorPath
from innograph.store import Store

__all__ = ["PATH_KINDS", "paths"]

PATH_KINDS = ("agreement", "membership", "founding", "hosting")
"""The kinds of link a path may follow (posts are not paths between organisations)."""

_INVERSE = {
    "agreement-partner": "agreement-partner",
    "member-of": "has-member",
    "has-member": "member-of",
    "founded-by": "founded",
    "founded": "founded-by",
    "hosts": "hosted-by",
    "hosted-by": "hosts",
}
_FLIP = {"outgoing": "incoming", "incoming": "outgoing", "mutual": "mutual"}


@dataclass(frozen=True)
class _Step:
    """One hop of a partial path: from `start` to `link.other`."""

    start: str
    link: RawLink


_Partial = tuple[_Step, ...]


def paths(
    store: Store, start: str, end: str, *, max_hops: int = 4, limit: int = 5
) -> tuple[ActorPath, ...]:
    """Given two actor IRIs, return up to `limit` simple paths of at most `max_hops` hops;
    none from an actor to itself (a simple path of one hop or more never returns)."""
    if start == end:
        return ()
    forward = _reach(store, start, depth=(max_hops + 1) // 2, keep=limit)
    backward = _reach(store, end, depth=max_hops // 2, keep=limit)
    found: dict[tuple[tuple[str, str | None], ...], _Partial] = {}
    for middle in sorted(forward.keys() & backward.keys()):  # the first path of a signature wins
        for head in forward[middle]:
            for tail in backward[middle]:
                joined = _join(head, tail)
                if joined is not None and len(joined) <= max_hops:
                    found.setdefault(_signature(joined), joined)
    ranked = sorted(found.values(), key=_rank)[:limit]
    return tuple(_path(store, start, end, steps) for steps in ranked)


def _reach(store: Store, origin: str, *, depth: int, keep: int) -> dict[str, list[_Partial]]:
    """Every node within `depth` hops of `origin`, with up to `keep` simple paths to it."""
    reached: dict[str, list[_Partial]] = {origin: [()]}
    frontier = [origin]
    for layer in range(depth):
        grown: list[str] = []
        for node in frontier:
            partials = [partial for partial in reached[node] if len(partial) == layer]
            for link in raw_links(store, node):
                if link.kind not in PATH_KINDS:
                    continue
                for partial in partials:
                    if link.other in _nodes(partial, origin):
                        continue
                    known = reached.setdefault(link.other, [])
                    if len(known) < keep:
                        known.append((*partial, _Step(start=node, link=link)))
                        grown.append(link.other)
        frontier = list(dict.fromkeys(grown))
    return reached


def _join(head: _Partial, tail: _Partial) -> _Partial | None:
    """Join a path start→m with a path end→m (walked backwards), if the result is simple."""
    steps = list(head)
    for step in reversed(tail):
        steps.append(_Step(start=step.link.other, link=_reversed(step)))
    nodes = [steps[0].start] if steps else []
    nodes += [step.link.other for step in steps]
    return tuple(steps) if len(nodes) == len(set(nodes)) else None


def _reversed(step: _Step) -> RawLink:
    """The same link read from its other end."""
    link = step.link
    return replace(
        link,
        relation=_INVERSE.get(link.relation, link.relation),
        direction=_FLIP.get(link.direction, link.direction),
        other=step.start,
    )


def _nodes(partial: _Partial, origin: str) -> set[str]:
    return {origin, *(step.link.other for step in partial)}


def _signature(steps: _Partial) -> tuple[tuple[str, str | None], ...]:
    return tuple((step.link.other, step.link.via) for step in steps)


def _rank(steps: _Partial) -> tuple[int, tuple[int, ...], tuple[str, ...]]:
    return (
        len(steps),
        tuple(KINDS.index(step.link.kind) for step in steps),
        tuple(step.link.other for step in steps),
    )


def _path(store: Store, start: str, end: str, steps: _Partial) -> ActorPath:
    hops = []
    for step in steps:
        named = with_evidence(store, step.link)
        hops.append(
            ActorHop(
                start=ref(store, step.start),
                end=named.other,
                kind=named.kind,
                relation=named.relation,
                via=named.via,
                evidence=named.evidence,
                statements=named.statements,
            )
        )
    return ActorPath(
        start=ref(store, start), end=ref(store, end), length=len(hops), hops=tuple(hops)
    )
