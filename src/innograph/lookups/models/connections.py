"""How actors connect: the typed links of one actor, and the paths of links between two."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Evidence, Model, Ref


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


@dataclass(frozen=True)
class ActorHop(Model):
    """One step of an `ActorPath`: a link from `start` to `end`, with its evidence."""

    start: Ref
    end: Ref
    kind: str
    relation: str
    via: Ref | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ActorPath(Model):
    """A chain of links from one actor to another, through agreements, memberships, founding
    and hosting."""

    start: Ref
    end: Ref
    length: int
    """How many hops: `len(hops)`, written out for clients that sort or filter by it."""
    hops: tuple[ActorHop, ...]
