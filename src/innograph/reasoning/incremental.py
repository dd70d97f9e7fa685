"""Keeping the inferred graph in step with a write: recompute only what the write can affect.

Every data rule is one step from one triple, but for prp-trp (`rules.py`), so the closure is
local: the property triples between two nodes follow from the asserted triples between them
(and, for a transitive property, from chains through them), and a node's types from its asserted
types and the properties it is subject or object of. A write therefore changes

1. the property triples between the two nodes of each triple it adds or removes, and between
   the ends of each transitive chain that runs through such a triple (found from the current
   closure: its ancestors and descendants, then reachability in the graph as it will be);
2. the types of the nodes of those triples, and of the nodes whose property triples changed.

Both are recomputed whole for exactly those pairs and nodes (before: read from the store; after:
the store with the change applied on the fly), which also deletes correctly: a triple loses its
place only if no derivation of it is left, as in a full recomputation (the test compares the
two after random inserts and deletes). A change to the schema changes the rules: then the
closure is recomputed whole and compared with the inferred graph (as it is, too, for a schema
with a transitive property below another, which the chains above do not follow).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad, Triple

from innograph.reasoning.change import Change, asserted_delta
from innograph.reasoning.closure import INFERRED, close
from innograph.reasoning.consistency import Violation, check_closure, check_local
from innograph.reasoning.differences import is_built_in
from innograph.reasoning.facts import Node, is_node, read_facts, source_graphs
from innograph.reasoning.rules import RuleSet, compile_rules
from innograph.reasoning.schema import Schema, is_axiom
from innograph.reasoning.vocabulary import TYPE
from innograph.store import Store

__all__ = ["InferredUpdate", "update_for", "LOCAL_LIMIT"]

LOCAL_LIMIT = 100_000
"""Changed triples beyond which the whole closure is recomputed: the local path costs about
0.1 ms a changed triple (583 in 0.05 s at 100 k organisations), the whole one about 20 s
there, plus reading the inferred graph to compare."""

PairKey = frozenset[Node]
"""Two nodes, in no order (one node, for a triple from a node to itself)."""


@dataclass(frozen=True)
class InferredUpdate:
    """What a write must also do to the inferred graph, and what it would make inconsistent."""

    added: list[Quad]
    removed: list[Quad]
    violations: tuple[Violation, ...] = ()
    whole: bool = False
    """Whether the schema changed, so the closure was recomputed whole."""


def update_for(store: Store, change: Change, rules: RuleSet) -> InferredUpdate:
    """Given a store, a change not yet made to it, and the store's rules, return the quads to
    add to and remove from the inferred graph in the same transaction as the change.

    The local path reads the inferred graph as the closure before the change, so a store
    that has none yet (never reasoned) gets the whole closure; so does a change too large for
    the local path to be the faster (`LOCAL_LIMIT`)."""
    gained, lost = asserted_delta(store, change)
    whole = rules.has_chained_transitives or INFERRED.value not in store.named_graphs()
    whole = whole or len(gained) + len(lost) > LOCAL_LIMIT
    if whole or any(is_axiom(triple) for triple in gained | lost):
        return _whole(store, gained, lost, rules)
    return _Local(store, gained, lost, rules).update()


def _whole(store: Store, gained: set[Triple], lost: set[Triple], rules: RuleSet) -> InferredUpdate:
    """Recompute the closure of the store as the change leaves it, with the rules of its new
    schema; compare with the inferred graph."""
    axioms = (rules.schema.axioms - lost) | {t for t in gained if is_axiom(t)}
    rules = compile_rules(Schema(frozenset(axioms)))
    asserted = read_facts(store, rules.properties, rules.classes, source_graphs(store))
    for triple in lost:
        asserted.discard(triple)
    for triple in gained:
        asserted.add(triple)
    closure = close(asserted, rules)
    wanted = set(closure.quads())
    present = set(store.quads(graph=INFERRED.value))
    return InferredUpdate(
        added=sorted(wanted - present, key=str),
        removed=sorted(present - wanted, key=str),
        violations=tuple(check_closure(closure)),
        whole=True,
    )


@dataclass
class _Local:
    """One write's local recomputation (see the module's docstring)."""

    store: Store
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
            for quad in self.store.quads(subject, predicate, object)  # type: ignore[arg-type]
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
        quads = self.store.quads(triple.subject, triple.predicate, triple.object)
        return any(quad.graph_name != INFERRED for quad in quads)

    def before(
        self, subject: Node | None, predicate: NamedNode | None, object: Node | None
    ) -> set[Triple]:
        """Entailed triples (asserted or inferred) matching a pattern, before the change."""
        return {quad.triple for quad in self.store.quads(subject, predicate, object)}  # type: ignore[arg-type]

    # -- the update ---------------------------------------------------------------------------

    def update(self) -> InferredUpdate:
        changed = [t for t in self.gained | self.lost if not _is_type(t)]
        pairs: set[PairKey] = {frozenset((t.subject, t.object)) for t in changed}
        for prop in self.rules.transitive:
            pairs |= self._chains(prop, changed)
        after_pairs = {pair: self._pair_after(pair) for pair in pairs}
        before_pairs = {pair: self._pair_before(pair) for pair in pairs}
        nodes: set[Node] = {t.subject for t in self.gained | self.lost if _is_type(t)}
        for pair in pairs:
            if after_pairs[pair] != before_pairs[pair]:
                nodes |= pair
        nodes = {node for node in nodes if is_node(node)}
        types_after = {node: self._types_after(node, pairs, after_pairs) for node in nodes}
        after = set().union(*after_pairs.values()) | {
            Triple(node, TYPE, kind)  # type: ignore[arg-type]  # nodes are never literals
            for node, kinds in types_after.items()
            for kind in kinds
        }
        present = set().union(*(self._inferred_pair(pair) for pair in pairs)) | {
            q.triple
            for node in nodes
            for q in self.store.quads(node, TYPE, None, graph=INFERRED.value)  # type: ignore[arg-type]
        }
        wanted = {t for t in after if not is_built_in(t.subject) and not self.is_asserted(t)}
        fresh = [t for pair in pairs for t in after_pairs[pair] - before_pairs[pair]]
        violations = check_local(
            self.rules,
            types_after,
            fresh,
            lambda subject, prop: self._values_after(subject, prop, pairs, after_pairs),
            after.__contains__,
        )
        return InferredUpdate(
            added=sorted((_quad(t) for t in wanted - present), key=str),
            removed=sorted((_quad(t) for t in present - wanted), key=str),
            violations=tuple(violations),
        )

    def _chains(self, prop: NamedNode, changed: list[Triple]) -> set[PairKey]:
        """The pairs whose `prop` link (a transitive property) the change may make or break:
        from every ancestor of a changed edge's start, each node it reaches before or after."""
        edges = [edge for t in changed for edge in self._edges(t, prop)]
        if not edges:
            return set()
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
            reach[start] = self._reachable(prop, start)
            earlier = {t.object for t in self.before(start, prop, None)}
            pairs |= {frozenset((start, end)) for end in reach[start] ^ earlier}
        return pairs

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
        """Every node a chain of `prop` links reaches from `start`, after the change."""
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
        ends = list(pair) * (3 - len(pair))
        first, second = ends[0], ends[1]
        found: set[Triple] = set()
        for subject, object in {(first, second), (second, first)}:
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

    def _pair_before(self, pair: PairKey) -> set[Triple]:
        ends = list(pair) * (3 - len(pair))
        found: set[Triple] = set()
        for subject, object in {(ends[0], ends[1]), (ends[1], ends[0])}:
            if is_node(subject):
                found |= {t for t in self.before(subject, None, object) if not _is_type(t)}
        return found

    def _inferred_pair(self, pair: PairKey) -> set[Triple]:
        ends = list(pair) * (3 - len(pair))
        found: set[Triple] = set()
        for subject, object in {(ends[0], ends[1]), (ends[1], ends[0])}:
            if is_node(subject):
                quads = self.store.quads(subject, None, object, graph=INFERRED.value)  # type: ignore[arg-type]
                found |= {q.triple for q in quads if not _is_type(q.triple)}
        return found

    def _types_after(
        self, node: Node, pairs: set[PairKey], after_pairs: dict[PairKey, set[Triple]]
    ) -> set[NamedNode]:
        """Every class of a node after the change: its asserted classes, the domains of the
        properties it is the subject of and the ranges of those it is the object of, and their
        superclasses. A property's range is looked up only if it could add a class, and the
        node had it before."""
        kinds = {t.object for t in self.base(node, TYPE, None) if isinstance(t.object, NamedNode)}
        outgoing = {
            t.predicate
            for t in self.before(node, None, None)
            if frozenset((node, t.object)) not in pairs
        }
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
        earlier = {t.object for t in self.before(node, TYPE, None)}
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
        for quad in self.store.quads(None, prop, node):
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


def _is_type(triple: Triple) -> bool:
    return triple.predicate == TYPE and isinstance(triple.object, NamedNode)


def _quad(triple: Triple) -> Quad:
    return Quad(triple.subject, triple.predicate, triple.object, INFERRED)
