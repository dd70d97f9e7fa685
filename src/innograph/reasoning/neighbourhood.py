"""A write's neighbourhood: the node pairs and nodes whose entailments it can change, and their
closure before and after it (`incremental.py` says why this is enough)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Triple

from innograph.reasoning.closure import INFERRED
from innograph.reasoning.consistency import Violation, check_local
from innograph.reasoning.differences import is_built_in
from innograph.reasoning.facts import Node, is_node
from innograph.reasoning.rules import RuleSet
from innograph.reasoning.stored import StoredQuads
from innograph.reasoning.vocabulary import TYPE

__all__ = ["Neighbourhood", "Recomputed"]

PairKey = frozenset[Node]
"""Two nodes, in no order (one node, for a triple from a node to itself)."""


@dataclass(frozen=True)
class Recomputed:
    """The inferred quads a change adds and removes in its neighbourhood, and the violations
    it makes there."""

    added: list[Quad]
    removed: list[Quad]
    violations: tuple[Violation, ...]


@dataclass
class Neighbourhood:
    """One change's neighbourhood in a store, recomputed."""

    stored: StoredQuads
    gained: set[Triple]
    lost: set[Triple]
    rules: RuleSet
    _added_from: dict[Node, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    _added_to: dict[Node, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    _reach: dict[NamedNode, dict[Node, set[Node]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        schema = self.rules.schema.entailed
        for triple in (*self.gained, *schema):
            self._added_from[triple.subject].append(triple)
            self._added_to[triple.object].append(triple)

    # -- the store as the change leaves it ------------------------------------------------------

    def base(
        self, subject: Node | None, predicate: NamedNode | None, object: Node | None
    ) -> set[Triple]:
        """Asserted triples, and the schema's entailed ones, matching a pattern after the change."""
        found = {
            quad.triple
            for quad in self.stored.quads(subject, predicate, object)
            if quad.graph_name != INFERRED
        } - self.lost
        if subject is not None:
            extra: Iterable[Triple] = self._added_from.get(subject, ())
        elif object is not None:
            extra = self._added_to.get(object, ())
        else:
            extra = (*self.gained, *self.rules.schema.entailed)
        found.update(
            t
            for t in extra
            if (predicate is None or t.predicate == predicate)
            and (object is None or t.object == object)
            and (subject is None or t.subject == subject)
        )
        return found

    def is_asserted(self, triple: Triple) -> bool:
        """Whether a source graph will assert the triple."""
        if triple in self.gained:
            return True
        if triple in self.lost:
            return False
        quads = self.stored.quads(triple.subject, triple.predicate, triple.object)
        return any(quad.graph_name != INFERRED for quad in quads)

    def before(
        self, subject: Node | None, predicate: NamedNode | None, object: Node | None
    ) -> set[Triple]:
        """Entailed triples (asserted or inferred) matching a pattern, before the change."""
        return {quad.triple for quad in self.stored.quads(subject, predicate, object)}

    # -- the update ---------------------------------------------------------------------------

    def recompute(self) -> Recomputed:
        pairs = self._affected_pairs()
        after_pairs = {pair: self._pair_after(pair) for pair in pairs}
        before_pairs = {pair: self._between(pair) for pair in pairs}
        nodes = self._affected_nodes(pairs, after_pairs, before_pairs)
        types_after = {node: self._types_after(node, pairs, after_pairs) for node in nodes}
        after = set().union(*after_pairs.values()) | {
            Triple(node, TYPE, kind)  # type: ignore[arg-type]  # nodes are never literals
            for node, kinds in types_after.items()
            for kind in kinds
        }
        wanted = {t for t in after if not is_built_in(t.subject) and not self.is_asserted(t)}
        present = self._present(pairs, nodes)
        fresh = [t for pair in pairs for t in after_pairs[pair] - before_pairs[pair]]
        violations = check_local(
            self.rules,
            types_after,
            fresh,
            lambda subject, prop: self._values_after(subject, prop, pairs, after_pairs),
            after.__contains__,
        )
        return Recomputed(
            added=sorted((_quad(t) for t in wanted - present), key=str),
            removed=sorted((_quad(t) for t in present - wanted), key=str),
            violations=tuple(violations),
        )

    def _affected_pairs(self) -> set[PairKey]:
        """The two nodes of each property triple the change adds or removes, and the ends of
        each transitive chain through one."""
        changed = [t for t in self.gained | self.lost if not _is_type(t)]
        pairs: set[PairKey] = {frozenset((t.subject, t.object)) for t in changed}
        for prop in self.rules.transitive:
            pairs |= self._chains(prop, changed)
        return pairs

    def _affected_nodes(
        self,
        pairs: set[PairKey],
        after_pairs: dict[PairKey, set[Triple]],
        before_pairs: dict[PairKey, set[Triple]],
    ) -> set[Node]:
        """The nodes whose types may change: of a type triple the change adds or removes, and
        of a pair whose property triples change."""
        nodes: set[Node] = {t.subject for t in self.gained | self.lost if _is_type(t)}
        for pair in pairs:
            if after_pairs[pair] != before_pairs[pair]:
                nodes |= pair
        return {node for node in nodes if is_node(node)}

    def _present(self, pairs: set[PairKey], nodes: set[Node]) -> set[Triple]:
        """What the inferred graph holds now of the affected pairs and nodes."""
        types = {
            q.triple for node in nodes for q in self.stored.quads(node, TYPE, None, INFERRED.value)
        }
        return set().union(*(self._between(pair, INFERRED.value) for pair in pairs)) | types

    def _chains(self, prop: NamedNode, changed: list[Triple]) -> set[PairKey]:
        """The pairs whose `prop` link (a transitive property) the change may make or break:
        from every ancestor of a changed edge's start, each node it reaches before or after."""
        edges = [edge for t in changed for edge in self._edges(t, prop)]
        if not edges:
            return set()
        breaking = any(True for t in changed if t in self.lost for _ in self._edges(t, prop))
        starts: set[Node] = set()
        for start, _ in edges:
            starts.add(start)
            starts |= {t.subject for t in self.before(None, prop, start)}
        growing = True
        while growing:  # a new edge into a start makes its own start (and ancestors) one
            growing = False
            for start, end in edges:
                if end in starts and start not in starts:
                    starts |= {start, *(t.subject for t in self.before(None, prop, start))}
                    growing = True
        reach = self._reach.setdefault(prop, {})
        pairs: set[PairKey] = set()
        for start in starts:
            earlier = {t.object for t in self.before(start, prop, None)}
            reach[start] = (
                self._reachable(prop, start)
                if breaking
                else self._extended(prop, start, earlier, edges)
            )
            pairs |= {frozenset((start, end)) for end in reach[start] ^ earlier}
        return pairs

    def _extended(
        self, prop: NamedNode, start: Node, earlier: set[Node], edges: list[tuple[Node, Node]]
    ) -> set[Node]:
        """Every node a chain of `prop` links reaches from `start` after a change that only adds
        links: what it reached before (the closure holds it whole), and through each new link
        from one of those (or from `start`) the link's end and what that end reached before.
        A lookup a new link, where walking the chains (`_reachable`) looks up every node they
        reach: every city of a country, when a release places one more city in it."""
        reached = set(earlier)
        growing = True
        while growing:
            growing = False
            for origin, end in edges:
                if (origin == start or origin in reached) and end not in reached:
                    reached.add(end)
                    if is_node(end):
                        reached |= {t.object for t in self.before(end, prop, None)}
                    growing = True
        return reached

    def _edges(self, triple: Triple, prop: NamedNode) -> Iterable[tuple[Node, Node]]:
        """The `prop` links a triple yields by itself (through routes to `prop`)."""
        if triple.predicate == prop:
            yield triple.subject, triple.object
        for route in self.rules.routes.get(triple.predicate, ()):
            if route.target == prop:
                yield (
                    (triple.object, triple.subject)
                    if route.flipped
                    else (triple.subject, triple.object)
                )

    def _reachable(self, prop: NamedNode, start: Node) -> set[Node]:
        """Every node a chain of `prop` links reaches from `start`, after the change (one that
        may break links: walked link by link)."""
        seen: set[Node] = set()
        frontier = [start]
        while frontier:
            node = frontier.pop()
            if not is_node(node):
                continue
            for source, route in self.rules.routes_to(prop):
                found: set[Node]
                if route is not None and route.flipped:
                    found = {t.subject for t in self.base(None, source, node)}
                else:
                    found = {t.object for t in self.base(node, source, None)}
                for end in found - seen:
                    seen.add(end)
                    frontier.append(end)
        return seen

    def _linked(self, prop: NamedNode, start: Node, end: Node) -> bool:
        """Whether a chain of `prop` links runs from `start` to `end` after the change."""
        reach = self._reach.get(prop, {})
        if start in reach:
            return end in reach[start]
        return bool(self.before(start, prop, end))

    def _pair_after(self, pair: PairKey) -> set[Triple]:
        """Every property triple between the two nodes after the change."""
        found: set[Triple] = set()
        for subject, object in _orientations(pair):
            if not is_node(subject):
                continue
            for triple in self.base(subject, None, object):
                if not _is_type(triple):
                    found |= self._yields(triple)
            for prop in self.rules.transitive:
                if self._linked(prop, subject, object):
                    found |= self._yields(Triple(subject, prop, object))  # type: ignore[arg-type]
        return found

    def _yields(self, triple: Triple) -> set[Triple]:
        """A triple and every triple its routes yield."""
        found = {triple}
        for route in self.rules.routes.get(triple.predicate, ()):
            if not route.flipped:
                found.add(Triple(triple.subject, route.target, triple.object))
            elif not isinstance(triple.object, Literal):
                found.add(Triple(triple.object, route.target, triple.subject))
        return found

    def _between(self, pair: PairKey, graph: str | None = None) -> set[Triple]:
        """The property triples between two nodes, either way round, in the store now (in
        every graph, or in one)."""
        found: set[Triple] = set()
        for subject, object in _orientations(pair):
            if is_node(subject):
                quads = self.stored.quads(subject, None, object, graph)
                found |= {q.triple for q in quads if not _is_type(q.triple)}
        return found

    def _types_after(
        self, node: Node, pairs: set[PairKey], after_pairs: dict[PairKey, set[Triple]]
    ) -> set[NamedNode]:
        """Every class of a node after the change: its asserted classes, the domains of the
        properties it is the subject of and the ranges of those it is the object of, and their
        superclasses. A property's range is looked up only if it could add a class, and the
        node had it before. A change that takes no asserted triple away takes no class away
        either: then the node keeps every class it had, and only its changed pairs can add
        one (its other triples, a big graph's hundreds, are not read)."""
        kinds = {t.object for t in self.base(node, TYPE, None) if isinstance(t.object, NamedNode)}
        earlier = {t.object for t in self.before(node, TYPE, None)}
        outgoing: set[NamedNode] = set()
        if self.lost:
            outgoing = {
                t.predicate
                for t in self.before(node, None, None)
                if frozenset((node, t.object)) not in pairs
            }
        else:
            kinds |= {kind for kind in earlier if isinstance(kind, NamedNode)}
        for pair in pairs:
            if node in pair:
                outgoing |= {t.predicate for t in after_pairs[pair] if t.subject == node}
                kinds |= {
                    k
                    for t in after_pairs[pair]
                    if t.object == node
                    for k in self.rules.ranges.get(t.predicate, ())
                }
        for prop in outgoing:
            kinds |= self.rules.domains.get(prop, {}).keys()
        kinds = self._closed(kinds)
        for prop, ranges in self.rules.ranges.items():
            # An unchanged `? prop node` gave the node the range before: if it lacked one of
            # them, there is none, and no scan is needed (scans by object are slow on hubs).
            classes = ranges.keys()
            if (
                not classes <= kinds
                and classes <= earlier
                and self._has_incoming(node, prop, pairs)
            ):
                kinds = self._closed(kinds | classes)
        return kinds

    def _closed(self, kinds: set[NamedNode]) -> set[NamedNode]:
        return kinds | {sup for kind in kinds for sup in self.rules.superclasses.get(kind, ())}

    def _has_incoming(self, node: Node, prop: NamedNode, pairs: set[PairKey]) -> bool:
        """Whether an unchanged pair links some node to `node` by `prop` (changed pairs are
        counted by the caller); stops at the first."""
        for quad in self.stored.quads(None, prop, node):
            if frozenset((quad.subject, node)) not in pairs:
                return True
        return False

    def _values_after(
        self,
        subject: Node,
        prop: NamedNode,
        pairs: set[PairKey],
        after_pairs: dict[PairKey, set[Triple]],
    ) -> set[Node]:
        """The objects of `subject prop ?` after the change."""
        values = {
            t.object
            for t in self.before(subject, prop, None)
            if frozenset((subject, t.object)) not in pairs
        }
        for pair in pairs:
            if subject in pair:
                values |= {
                    t.object
                    for t in after_pairs[pair]
                    if t.subject == subject and t.predicate == prop
                }
        return values


def _orientations(pair: PairKey) -> set[tuple[Node, Node]]:
    """A pair's two nodes as (subject, object), both ways round (once, for a node and
    itself)."""
    first, *rest = pair
    second = rest[0] if rest else first
    return {(first, second), (second, first)}


def _is_type(triple: Triple) -> bool:
    return triple.predicate == TYPE and isinstance(triple.object, NamedNode)


def _quad(triple: Triple) -> Quad:
    return Quad(triple.subject, triple.predicate, triple.object, INFERRED)
