"""The store's quads for the many small lookups of one write's reasoning and checks.

A write's change and its neighbourhood (`change.asserted_delta`, `neighbourhood.py`,
`innograph.validation.writes`) ask the store for thousands of patterns, one or two terms bound,
each costing tens of microseconds on a store on disk whether or not anything matches. Most
of a release's terms are its own (its new organisations, axiom annotations, passages), absent
from the store: asking once whether each term is stored answers every pattern naming it
without the store (for a 500-triple release into 2 M triples, about two thirds of 13,000
lookups).
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from innograph.reasoning.facts import Node, is_node
from innograph.store import Store

__all__ = ["StoredQuads"]


class StoredQuads:
    """A store read as it is before a write: its quads by pattern, and whether it holds a term
    (remembered: the store does not change while a write is being prepared).

    `probing`: whether a pattern's terms are first checked this way; worth it for a change
    that adds (its new terms are absent), a lookup more per term for one that only removes
    (every term it names is stored: taking a release out again)."""

    def __init__(self, store: Store, *, probing: bool = True) -> None:
        self.store = store
        self.probing = probing
        self._holds: dict[Node, bool] = {}

    def quads(
        self,
        subject: Node | None = None,
        predicate: NamedNode | None = None,
        object: Node | None = None,
        graph: str | None = None,
    ) -> Iterable[Quad]:
        """The quads matching a pattern (every data graph, or `graph`); none, without asking
        the store, when the pattern names a subject or object the store does not hold."""
        if self.probing and (
            (subject is not None and not self.holds(subject))
            or (object is not None and not self.holds(object))
        ):
            return ()
        return self.store.quads(subject, predicate, object, graph=graph)  # type: ignore[arg-type]

    def holds(self, term: Node) -> bool:
        """Whether a term is the subject or object of some quad of the store."""
        held = self._holds.get(term)
        if held is None:
            as_subject = self.store.quads(term, None, None) if is_node(term) else ()  # type: ignore[arg-type]
            held = next(iter(as_subject), None) is not None or (
                next(iter(self.store.quads(None, None, term)), None) is not None
            )
            self._holds[term] = held
        return held
