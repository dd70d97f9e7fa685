"""The full materialisation: the OWL 2 RL closure of the store's source graphs, by rules
specialised to its ontology.

Why this fast path, measured on this machine (2 cores, shared with other jobs;
`benchmarks/bench_reasoning.py`, whose table benchmarks/README.md keeps):

| organisations (asserted triples) | 1 k (22.5 k) | 10 k (196 k) | 100 k (1.93 M) |
|---|---:|---:|---:|
| owlrl, the reference (pure Python) | 19.4 s | — | — |
| `reasonable` (Rust), with rdflib conversion both ways | 1.9 s | 17.2 s | out of memory |
| `reasonable`, `reason()` alone | 0.51 s | 6.7 s | — |
| SPARQL update in pyoxigraph, cax-sco alone | 0.07 s | 0.95 s | 14.1 s |
| this module: rules (once per schema) + closure | 0.39 + 0.16 s | 0.38 + 1.8 s | 0.37 + 19.2 s |

- owlrl cannot close 2 M triples in reasonable time; it stays the oracle of the tests.
- `reasonable` grows faster than linearly (at 100 k it passed 24 GB and was killed), the
  rdflib round trip costs as much again, and its answer is not owlrl's (no scm-* schema
  closure, `owl:Thing` for every node, literals typed apart): the oracle test could not hold it.
- A rule as a SPARQL update costs about as much per triple it writes as this module's whole
  closure (≈ 12 µs), and each rule family would need its own fixpoint loop of updates.
- Here the rules specialised to the ontology are one step each (`rules.py`), so the closure
  is a few unions of whole sets per property and class, run in C; the cost is moving the
  terms the rules read out of pyoxigraph (≈ 5 µs a term).

Strata: property triples first (routes: subproperty, equivalence, inverse, symmetric; then
prp-trp joins, semi-naive, to a fixpoint), then class membership (subclass of the asserted
types, domain and range of every property triple, subclass again). Types never yield property
triples in this ontology (no owl:hasValue or class expressions: `RuleSet.uncompiled`), which is
what makes the two strata sound.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pyoxigraph import Literal, NamedNode, Quad, Triple

from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.differences import is_built_in
from innograph.reasoning.facts import Facts, Node, Pair, read_facts, source_graphs
from innograph.reasoning.rules import FAMILIES, RuleSet
from innograph.reasoning.vocabulary import TYPE
from innograph.store import Store

__all__ = ["Closure", "close", "closure_of", "materialise", "INFERRED"]

INFERRED = NamedNode(INFERRED_GRAPH)

T = TypeVar("T")


@dataclass(frozen=True)
class Closure:
    """The asserted facts, everything they entail, and how many triples each family added."""

    rules: RuleSet
    asserted: Facts
    entailed: Facts
    counts: Counter[str]

    def inferred(self) -> Iterator[Triple]:
        """The entailed triples that no source graph asserts: the inferred graph's triples."""
        return (Triple(q.subject, q.predicate, q.object) for q in self.quads())

    def quads(self) -> list[Quad]:
        """The inferred graph, as quads to write. Built straight from the sets (no triple per
        triple first: a third of the time at 100 k organisations); a built-in term is never a
        subject here (`differences.is_about_built_in`)."""
        found: list[Quad] = []
        for prop, pairs in self.entailed.pairs.items():
            new = pairs - self.asserted.pairs.get(prop, set())
            found += [Quad(s, prop, o, INFERRED) for s, o in new if not is_built_in(s)]  # type: ignore[arg-type]
        for kind, members in self.entailed.members.items():
            fresh = members - self.asserted.members.get(kind, set())
            found += [Quad(m, TYPE, kind, INFERRED) for m in fresh if not is_built_in(m)]  # type: ignore[arg-type]
        return found


def closure_of(store: Store, rules: RuleSet) -> Closure:
    """Given a store, read its source graphs and return their closure."""
    asserted = read_facts(store, rules.properties, rules.classes, source_graphs(store))
    return close(asserted, rules)


def materialise(store: Store, rules: RuleSet) -> Closure:
    """Recompute the closure of the store and write it as the inferred graph, in one
    transaction (`Store.write`); return it."""
    closure = closure_of(store, rules)
    store.write({INFERRED_GRAPH: closure.quads()})
    return closure


def close(asserted: Facts, rules: RuleSet) -> Closure:
    """Given asserted facts, return their closure under the rules and the schema's closure."""
    entailed = asserted.copy()
    counts: Counter[str] = Counter()
    for triple in rules.schema.entailed:
        if triple not in entailed:
            entailed.add(triple)
            counts["schema"] += 1
    _close_properties(entailed, rules, counts)
    _close_classes(entailed, rules, counts)
    return Closure(rules, asserted, entailed, counts)


def _merge(facts: dict[NamedNode, set[T]], key: NamedNode, incoming: Iterable[T]) -> set[T]:
    """Add `incoming` to `facts[key]`; return what was new."""
    target = facts.setdefault(key, set())
    added: set[T] = (incoming if isinstance(incoming, set) else set(incoming)) - target
    target |= added
    return added


def _flip(pairs: Iterable[Pair]) -> set[Pair]:
    """Swap subject and object, leaving out a pair whose object is a literal (it cannot be a
    subject: owlrl's generalised triples, a named difference)."""
    return {(o, s) for s, o in pairs if not isinstance(o, Literal)}


def _close_properties(facts: Facts, rules: RuleSet, counts: Counter[str]) -> None:
    """Routes from every pair, then transitive joins, then routes from what the joins added,
    until nothing is added. Routes are closed (a route's target needs no routes of its own),
    so only the joins' pairs go round again."""
    frontier = {prop: set(pairs) for prop, pairs in facts.pairs.items() if pairs}
    while frontier:
        produced: dict[NamedNode, set[Pair]] = defaultdict(set)
        for prop, new in frontier.items():
            for route in rules.routes.get(prop, ()):
                incoming = _flip(new) if route.flipped else new
                added = _merge(facts.pairs, route.target, incoming)
                counts[route.family] += len(added)
                produced[route.target] |= added
        joined: dict[NamedNode, set[Pair]] = {}
        for prop in rules.transitive:
            new = frontier.get(prop, set()) | produced.get(prop, set())
            if new:
                added = _transitive_join(facts.pairs.setdefault(prop, set()), new)
                counts["transitive"] += len(added)
                if added:
                    joined[prop] = added
        frontier = joined


def _transitive_join(pairs: set[Pair], new: set[Pair]) -> set[Pair]:
    """prp-trp, semi-naive: add to `pairs` (which holds `new`) every pair a chain through a new
    pair yields; return those added."""
    following: dict[Node, set[Node]] = defaultdict(set)
    preceding: dict[Node, set[Node]] = defaultdict(set)
    for subject, object in pairs:
        following[subject].add(object)
        preceding[object].add(subject)
    added: set[Pair] = set()
    delta = set(new)
    while delta:
        found = {(a, c) for a, b in delta for c in following.get(b, ())}
        found |= {(z, b) for a, b in delta for z in preceding.get(a, ())}
        found -= pairs
        for subject, object in found:
            pairs.add((subject, object))
            following[subject].add(object)
            preceding[object].add(subject)
        added |= found
        delta = found
    return added


def _close_classes(facts: Facts, rules: RuleSet, counts: Counter[str]) -> None:
    """Superclasses of the asserted types, then domains and ranges, then superclasses of the
    classes those reached (the schema's closure has domains and ranges closed upward already,
    so the last pass rarely adds anything)."""
    _superclasses(facts, rules, counts, list(facts.members))
    touched: set[NamedNode] = set()
    for prop, pairs in list(facts.pairs.items()):
        if prop in rules.domains:
            subjects = {s for s, _ in pairs}
            for kind in rules.domains[prop]:
                counts["domain"] += len(_merge(facts.members, kind, subjects))
                touched.add(kind)
        if prop in rules.ranges:
            objects = {o for _, o in pairs if not isinstance(o, Literal)}
            for kind in rules.ranges[prop]:
                counts["range"] += len(_merge(facts.members, kind, objects))
                touched.add(kind)
    _superclasses(facts, rules, counts, touched)


def _superclasses(
    facts: Facts, rules: RuleSet, counts: Counter[str], classes: Iterable[NamedNode]
) -> None:
    """cax-sco and cax-eqc1/2: every member of a class joins each of its superclasses (the
    superclasses are closed, so one pass suffices)."""
    for kind in classes:
        members = facts.members.get(kind)
        if not members:
            continue
        for superclass, link in rules.superclasses.get(kind, {}).items():
            counts[FAMILIES[link.rule]] += len(_merge(facts.members, superclass, members))
