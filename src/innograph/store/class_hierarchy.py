"""A class hierarchy followed in Python from its direct steps: every class with each of its
superclasses, direct or inherited.

Read with one step (`?class rdfs:subClassOf ?parent`, and for the lookups equivalent classes
both ways) rather than by a property path, which Virtuoso 7.2 evaluates wrongly
(`innograph.store.virtuoso_paths`); the lookups' type filters (`lookups.descriptions`) and the
remote store's rewrite of `rdfs:subClassOf*` both follow it here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph

__all__ = ["Hierarchy"]


@dataclass
class Hierarchy:
    """Each named class's superclasses, direct or inherited, itself among them; blank nodes
    (OWL restrictions) are followed, never listed."""

    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, parents: Iterable[tuple[object, object]]) -> Hierarchy:
        """Given (class, direct parent or None) pairs of terms, return their hierarchy."""
        direct: dict[object, set[object]] = defaultdict(set)
        for child, parent in parents:
            direct[child]
            if parent is not None:
                direct[child].add(parent)
                direct[parent]
        found: dict[str, frozenset[str]] = {}
        for start in direct:
            if not isinstance(start, pyoxigraph.NamedNode):
                continue
            reached: set[object] = set()
            frontier: list[object] = [start]
            while frontier:
                for parent in direct[frontier.pop()]:
                    if parent not in reached:
                        reached.add(parent)
                        frontier.append(parent)
            named = (term.value for term in reached if isinstance(term, pyoxigraph.NamedNode))
            found[start.value] = frozenset({start.value, *named})
        return cls(found)

    def up(self, cls: str) -> set[str]:
        """The class and its superclasses."""
        return set(self.superclasses.get(cls, ())) | {cls}

    def down(self, cls: str) -> set[str]:
        """The class and its subclasses."""
        return {sub for sub, ups in self.superclasses.items() if cls in ups} | {cls}

    def pairs(self) -> set[tuple[str, str]]:
        """Every (class, superclass or itself) pair."""
        return {(sub, sup) for sub, ups in self.superclasses.items() for sup in ups}
