"""Inconsistency is an error, not a silent closure: the OWL 2 RL rules whose head is `false`.

- cax-dw, cax-adc — a node in two disjoint classes (`owl:disjointWith`, `owl:AllDisjointClasses`);
- cls-nothing2 — a member of `owl:Nothing`;
- prp-fp — a functional property with two values: two literals that differ, or two IRIs (the
  store has no `owl:sameAs` reasoning, so two IRIs are two things; OWL 2 RL would instead
  infer they are the same, and the project treats that as a data error);
- prp-irp, prp-asyp — an irreflexive property from a node to itself; an asymmetric one both ways;
- prp-pdw, prp-adp — two disjoint properties between the same two nodes;
- dt-not-type — an ill-typed literal, or one outside its property's range datatype, where it
  is cheap (`literals.py`).

`check_closure` checks a whole closure, `check_local` what one write changes; each returns the
violations with the offending triples, and `ensure_consistent` raises `InconsistencyError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

from innograph._types import GraphName
from innograph.errors import InconsistencyError
from innograph.reasoning.facts import Node
from innograph.reasoning.literals import fits_range, is_ill_typed
from innograph.reasoning.rules import RuleSet
from innograph.reasoning.vocabulary import NOTHING, TYPE

if TYPE_CHECKING:
    from innograph.reasoning.closure import Closure

__all__ = ["Violation", "check_closure", "check_local", "ensure_consistent"]

Sources = Callable[[Triple], tuple[GraphName, ...]]
"""The graphs that assert a triple (none: it is inferred)."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: which, why, and the triples that break it."""

    rule: str
    reason: str
    triples: tuple[Triple, ...]
    axiom: Triple | None = None

    def describe(self, sources: Sources) -> str:
        """The violation in words, each triple with the graphs it comes from."""
        lines = [f"{self.rule}: {self.reason}"]
        if self.axiom is not None:
            lines.append(f"    axiom: {self.axiom}")
        for triple in self.triples:
            graphs = sources(triple)
            where = ", ".join(graphs) if graphs else "inferred"
            lines.append(f"    {triple}  ({where})")
        return "\n".join(lines)


def ensure_consistent(violations: Iterable[Violation], sources: Sources) -> None:
    """Raise `InconsistencyError` naming every violation, if there is any."""
    found = [violation.describe(sources) for violation in violations]
    if found:
        raise InconsistencyError(found)


def check_closure(closure: Closure) -> Iterator[Violation]:
    """Every violation in a closure."""
    facts, rules = closure.entailed, closure.rules
    types: dict[Node, set[NamedNode]] = {}
    for kind in {*(c for pair in rules.disjoint_classes for c in pair), NOTHING}:
        for member in facts.members.get(kind, ()):
            types.setdefault(member, set()).add(kind)
    yield from _class_violations(rules, types)
    candidates = [
        Triple(s, prop, o)  # type: ignore[arg-type]
        for prop in (
            rules.functional
            | rules.irreflexive
            | rules.asymmetric
            | {p for pair in rules.disjoint_properties for p in pair}
        )
        for s, o in facts.pairs.get(prop, ())
    ]
    candidates += [
        Triple(s, prop, o)  # type: ignore[arg-type]
        for prop, pairs in facts.pairs.items()
        for s, o in pairs
        if isinstance(o, Literal) and prop not in rules.functional
    ]

    by_subject: dict[NamedNode, dict[Node, set[Node]]] = {}
    for prop in rules.functional:
        index = by_subject.setdefault(prop, {})
        for s, o in facts.pairs.get(prop, ()):
            index.setdefault(s, set()).add(o)

    def values(subject: Node, prop: NamedNode) -> set[Node]:
        return by_subject[prop].get(subject, set())

    yield from _property_violations(rules, candidates, values, facts.__contains__)


def check_local(
    rules: RuleSet,
    types: Mapping[Node, set[NamedNode]],
    fresh: Iterable[Triple],
    values: Callable[[Node, NamedNode], set[Node]],
    holds: Callable[[Triple], bool],
) -> Iterator[Violation]:
    """The violations a write makes: of the classes of the nodes it touches (`types`, after the
    write), and of the property triples it adds (`fresh`); `values` gives a subject's values of
    a property after the write, `holds` whether a triple is entailed after the write."""
    yield from _class_violations(rules, types)
    yield from _property_violations(rules, list(fresh), values, holds)


def _class_violations(rules: RuleSet, types: Mapping[Node, set[NamedNode]]) -> Iterator[Violation]:
    for node, kinds in types.items():
        if NOTHING in kinds:
            yield Violation(
                "cls-nothing2",
                f"{node} is a member of owl:Nothing",
                (Triple(node, TYPE, NOTHING),),  # type: ignore[arg-type]
            )
        reported: set[frozenset[NamedNode]] = set()
        for (first, second), link in rules.disjoint_classes.items():
            pair = frozenset((first, second))
            if first in kinds and second in kinds and pair not in reported:
                reported.add(pair)
                yield Violation(
                    link.rule,
                    f"{node} is a member of the disjoint classes {first} and {second}",
                    (Triple(node, TYPE, first), Triple(node, TYPE, second)),  # type: ignore[arg-type]
                    link.axiom,
                )


def _property_violations(
    rules: RuleSet,
    triples: list[Triple],
    values: Callable[[Node, NamedNode], set[Node]],
    holds: Callable[[Triple], bool],
) -> Iterator[Violation]:
    reported: set[tuple[Node, NamedNode]] = set()
    for triple in triples:
        subject, prop, object = triple.subject, triple.predicate, triple.object
        if prop in rules.functional and (subject, prop) not in reported:
            found = values(subject, prop)
            if len(found) > 1:
                reported.add((subject, prop))
                shown = sorted(found, key=str)
                yield Violation(
                    "prp-fp",
                    f"{subject} has {len(found)} values of the functional property {prop}",
                    tuple(Triple(subject, prop, value) for value in shown),
                )
        if prop in rules.irreflexive and subject == object:
            yield Violation(
                "prp-irp", f"the irreflexive {prop} links {subject} to itself", (triple,)
            )
        if prop in rules.asymmetric and subject != object:
            inverse = Triple(object, prop, subject)  # type: ignore[arg-type]
            if holds(inverse):
                yield Violation(
                    "prp-asyp", f"the asymmetric {prop} runs both ways", (triple, inverse)
                )
        if isinstance(object, Literal):
            yield from _literal_violations(rules, triple, object)
        for (first, second), link in rules.disjoint_properties.items():
            other = Triple(subject, second, object)
            if first == prop and holds(other):
                yield Violation(
                    link.rule,
                    f"the disjoint properties {first} and {second} link the same nodes",
                    (triple, other),
                    link.axiom,
                )


def _literal_violations(rules: RuleSet, triple: Triple, literal: Literal) -> Iterator[Violation]:
    if is_ill_typed(literal):
        reason = f"{literal} is not a {literal.datatype} value"
        yield Violation("dt-not-type", reason, (triple,))
    for datatype, axiom in rules.ranges.get(triple.predicate, {}).items():
        if not fits_range(literal, datatype):
            reason = f"{literal} is outside the range {datatype} of {triple.predicate}"
            yield Violation("dt-not-type", reason, (triple,), axiom)
