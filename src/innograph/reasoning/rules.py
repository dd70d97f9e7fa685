"""The OWL 2 RL data rules specialised to the ontology: compiled once per schema.

The schema's closure (`schema.py`) is closed already under scm-sco, scm-spo, scm-eqc*, scm-eqp*,
scm-dom* and scm-rng*, so each data rule needs one step, and a rule becomes a table lookup:

- subclass, equivalence — cax-sco, cax-eqc1/2: a class's superclasses (`superclasses`);
- subproperty, equivalence, inverse, symmetric — prp-spo1, prp-eqp1/2, prp-inv1/2, prp-symp: a
  property's *routes*, every property (and direction) a triple of it yields, through any chain
  of these rules, with the chain kept for explanations;
- transitive — prp-trp: the transitive properties, closed by a join (`closure.py`);
- domain, range — prp-dom, prp-rng: a property's classes (`domains`, `ranges`);
- and for consistency (`consistency.py`): disjoint classes (cax-dw, cax-adc), owl:Nothing
  (cls-nothing2), functional (prp-fp), irreflexive (prp-irp), asymmetric (prp-asyp) and
  disjoint properties (prp-pdw, prp-adp).

Rules this does not compile (class expressions, property chains, keys, inverse-functional
properties, owl:sameAs equality) are named in `RuleSet.uncompiled`: the seed ontology needs none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Triple

from innograph.reasoning.schema import Schema, read_schema
from innograph.reasoning.vocabulary import (
    ALL_DISJOINT_CLASSES,
    ALL_DISJOINT_PROPERTIES,
    ASYMMETRIC,
    DISJOINT_WITH,
    DOMAIN,
    EQUIVALENT_CLASS,
    EQUIVALENT_PROPERTY,
    FIRST,
    FUNCTIONAL,
    INVERSE_OF,
    IRREFLEXIVE,
    MEMBERS,
    NIL,
    NOTHING,
    PROPERTY_DISJOINT_WITH,
    RANGE,
    REST,
    SUB_CLASS_OF,
    SUB_PROPERTY_OF,
    SYMMETRIC,
    TRANSITIVE,
    TYPE,
    UNCOMPILED_CLASSES,
    UNCOMPILED_PREDICATES,
)
from innograph.store import Store

__all__ = ["FAMILIES", "Step", "Route", "Link", "RuleSet", "compile_rules", "rules_for"]

FAMILIES: dict[str, str] = {
    "scm": "schema",
    "prp-spo1": "subproperty",
    "prp-eqp1": "equivalence",
    "prp-eqp2": "equivalence",
    "prp-inv1": "inverse",
    "prp-inv2": "inverse",
    "prp-symp": "symmetric",
    "prp-trp": "transitive",
    "cax-sco": "subclass",
    "cax-eqc1": "equivalence",
    "cax-eqc2": "equivalence",
    "prp-dom": "domain",
    "prp-rng": "range",
}
"""The rule family of each OWL 2 RL rule the fast path applies ("scm": the schema's closure)."""


@dataclass(frozen=True)
class Link:
    """One rule applied with one axiom: from a class (or property) to another."""

    rule: str
    axiom: Triple


@dataclass(frozen=True)
class Step:
    """One rule on the way from a triple of one property to a triple of another."""

    rule: str
    axiom: Triple
    target: NamedNode
    flips: bool


@dataclass(frozen=True)
class Route:
    """How a triple `s p o` yields `s q o` (or `o q s`, `flipped`): a chain of steps."""

    target: NamedNode
    flipped: bool
    steps: tuple[Step, ...]

    @property
    def family(self) -> str:
        """The family of the last step: the rule that states the triple."""
        return FAMILIES[self.steps[-1].rule]


@dataclass(frozen=True)
class RuleSet:
    """The data rules of one schema, as tables the closure reads."""

    schema: Schema
    routes: dict[NamedNode, tuple[Route, ...]]
    superclasses: dict[NamedNode, dict[NamedNode, Link]]
    domains: dict[NamedNode, dict[NamedNode, Triple]]
    ranges: dict[NamedNode, dict[NamedNode, Triple]]
    transitive: frozenset[NamedNode]
    functional: frozenset[NamedNode]
    irreflexive: frozenset[NamedNode]
    asymmetric: frozenset[NamedNode]
    disjoint_classes: dict[tuple[NamedNode, NamedNode], Link]
    disjoint_properties: dict[tuple[NamedNode, NamedNode], Link]
    uncompiled: tuple[str, ...]
    sources: dict[NamedNode, tuple[tuple[NamedNode, Route | None], ...]] = field(init=False)
    """For each property, the properties whose triples yield its triples, and how (None: its
    own triples)."""

    def __post_init__(self) -> None:
        sources: dict[NamedNode, list[tuple[NamedNode, Route | None]]] = defaultdict(list)
        for prop in self.properties:
            sources[prop].append((prop, None))
        for prop, routes in self.routes.items():
            for route in routes:
                sources[route.target].append((prop, route))
        object.__setattr__(self, "sources", {p: tuple(s) for p, s in sources.items()})

    @property
    def properties(self) -> frozenset[NamedNode]:
        """Every property some rule reads or writes: the properties the closure reads."""
        found = set(self.routes) | set(self.domains) | set(self.ranges) | self.transitive
        found |= {route.target for routes in self.routes.values() for route in routes}
        found |= self.functional | self.irreflexive | self.asymmetric
        found |= {p for pair in self.disjoint_properties for p in pair}
        return frozenset(found)

    @property
    def classes(self) -> frozenset[NamedNode]:
        """Every class some rule reads or writes: the classes whose members the closure reads."""
        found = set(self.superclasses) | {NOTHING}
        found |= {d for supers in self.superclasses.values() for d in supers}
        found |= {c for classes in (*self.domains.values(), *self.ranges.values()) for c in classes}
        found |= {c for pair in self.disjoint_classes for c in pair}
        return frozenset(found)

    @property
    def has_chained_transitives(self) -> bool:
        """Whether a transitive property's triples yield another transitive property's
        unflipped (a transitive subproperty of a transitive property): the incremental path
        follows one transitive property at a time, so it then recomputes whole. A transitive
        inverse (ig:containsPlace of ig:partOfPlace) does not count: its chains are the other's
        flipped, which the local path finds (tests/reasoning/test_incremental.py)."""
        return any(
            route.target in self.transitive and route.target != prop and not route.flipped
            for prop in self.transitive
            for route in self.routes.get(prop, ())
        )

    def routes_to(self, prop: NamedNode) -> tuple[tuple[NamedNode, Route | None], ...]:
        """The properties whose triples yield triples of `prop`, each with its route."""
        return self.sources.get(prop, ((prop, None),))


_compiled: dict[frozenset[Triple], RuleSet] = {}
"""The rules of the schemas seen last, by axioms: compiling runs owlrl (≈ 0.5 s); reading the
axioms again to find them here takes milliseconds."""


def rules_for(store: Store) -> RuleSet:
    """Given a store, return the rules of the schema it holds."""
    return compile_rules(read_schema(store))


def compile_rules(schema: Schema) -> RuleSet:
    """Given a schema, return its data rules as tables (compiled once per schema)."""
    rules = _compiled.get(schema.axioms)
    if rules is None:
        if len(_compiled) >= 4:
            _compiled.clear()
        rules = _compiled[schema.axioms] = _compile(schema)
    return rules


def _compile(schema: Schema) -> RuleSet:
    triples = schema.triples
    by_predicate: dict[NamedNode, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_predicate[triple.predicate].append(triple)
    kinds: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for triple in by_predicate[TYPE]:
        if isinstance(triple.object, NamedNode) and isinstance(triple.subject, NamedNode):
            kinds[triple.object].add(triple.subject)
    return RuleSet(
        schema=schema,
        routes=_routes(by_predicate, kinds[SYMMETRIC], schema.axioms),
        superclasses=_superclasses(by_predicate, schema.axioms),
        domains=_classes_of(by_predicate[DOMAIN]),
        ranges=_classes_of(by_predicate[RANGE]),
        transitive=frozenset(kinds[TRANSITIVE]),
        functional=frozenset(kinds[FUNCTIONAL]),
        irreflexive=frozenset(kinds[IRREFLEXIVE]),
        asymmetric=frozenset(kinds[ASYMMETRIC]),
        disjoint_classes=_disjoint(by_predicate, DISJOINT_WITH, ALL_DISJOINT_CLASSES, "cax"),
        disjoint_properties=_disjoint(
            by_predicate, PROPERTY_DISJOINT_WITH, ALL_DISJOINT_PROPERTIES, "prp"
        ),
        uncompiled=_uncompiled(schema.axioms, kinds),
    )


def _pairs(triples: Iterable[Triple]) -> Iterable[tuple[NamedNode, NamedNode, Triple]]:
    """(subject, object, triple) of the triples between two distinct IRIs."""
    for triple in triples:
        subject, object = triple.subject, triple.object
        if isinstance(subject, NamedNode) and isinstance(object, NamedNode) and subject != object:
            yield subject, object, triple


def _superclasses(
    by_predicate: dict[NamedNode, list[Triple]], axioms: frozenset[Triple]
) -> dict[NamedNode, dict[NamedNode, Link]]:
    """Each class's superclasses, each by the rule an axiom states best: an asserted
    equivalence (cax-eqc1/2) or subclass axiom before the subclass closure's entailment."""
    return _above(by_predicate[SUB_CLASS_OF], by_predicate[EQUIVALENT_CLASS], axioms, CLASS_RULES)


def _properties_above(
    by_predicate: dict[NamedNode, list[Triple]], axioms: frozenset[Triple]
) -> dict[NamedNode, dict[NamedNode, Link]]:
    """Each property's superproperties (prp-spo1), or equivalents (prp-eqp1/2)."""
    return _above(
        by_predicate[SUB_PROPERTY_OF], by_predicate[EQUIVALENT_PROPERTY], axioms, PROPERTY_RULES
    )


CLASS_RULES = ("cax-sco", "cax-eqc1", "cax-eqc2")
PROPERTY_RULES = ("prp-spo1", "prp-eqp1", "prp-eqp2")
"""The rule of a subsumption, and of each direction of an equivalence."""


def _above(
    subsumptions: list[Triple],
    equivalences: list[Triple],
    axioms: frozenset[Triple],
    rules: tuple[str, str, str],
) -> dict[NamedNode, dict[NamedNode, Link]]:
    """Each term's terms above it, each by the rule an axiom states best: an asserted
    equivalence or subsumption before the schema closure's entailment."""
    subsumed, forward, backward = rules
    equivalent: dict[tuple[NamedNode, NamedNode], Link] = {}
    for first, second, triple in _pairs(equivalences):
        equivalent[first, second] = Link(forward, triple)
        equivalent[second, first] = Link(backward, triple)
    found: dict[NamedNode, dict[NamedNode, Link]] = defaultdict(dict)
    for sub, sup, triple in _pairs(subsumptions):
        link = Link(subsumed, triple)
        if triple not in axioms and (sub, sup) in equivalent:
            link = equivalent[sub, sup]
        found[sub][sup] = link
    return dict(found)


def _routes(
    by_predicate: dict[NamedNode, list[Triple]],
    symmetric: set[NamedNode],
    axioms: frozenset[Triple],
) -> dict[NamedNode, tuple[Route, ...]]:
    """Each property's routes, found breadth first: the shortest chain to each target."""
    above = _properties_above(by_predicate, axioms)
    inverse: dict[NamedNode, dict[NamedNode, Link]] = defaultdict(dict)
    for first, second, triple in _pairs(by_predicate[INVERSE_OF]):
        inverse[first][second] = Link("prp-inv1", triple)
        inverse[second].setdefault(first, Link("prp-inv2", triple))
    symmetric_axioms = {t.subject: t for t in by_predicate[TYPE] if t.object == SYMMETRIC}

    def steps_from(prop: NamedNode) -> list[Step]:
        steps = [
            Step(link.rule, link.axiom, sup, False) for sup, link in above.get(prop, {}).items()
        ]
        steps += [Step(link.rule, link.axiom, inv, True) for inv, link in inverse[prop].items()]
        if prop in symmetric:
            steps.append(Step("prp-symp", symmetric_axioms[prop], prop, True))
        return steps

    routes: dict[NamedNode, tuple[Route, ...]] = {}
    for start in set(above) | set(inverse) | symmetric:
        found: dict[tuple[NamedNode, bool], tuple[Step, ...]] = {(start, False): ()}
        frontier = [(start, False)]
        while frontier:
            following = []
            for prop, flipped in frontier:
                for step in steps_from(prop):
                    key = (step.target, flipped != step.flips)
                    if key not in found:
                        found[key] = (*found[prop, flipped], step)
                        following.append(key)
            frontier = following
        routes[start] = tuple(
            Route(target, flipped, steps) for (target, flipped), steps in found.items() if steps
        )
    return {prop: found_routes for prop, found_routes in routes.items() if found_routes}


def _classes_of(triples: Iterable[Triple]) -> dict[NamedNode, dict[NamedNode, Triple]]:
    """Each property's domain (or range) classes, each with its axiom."""
    found: dict[NamedNode, dict[NamedNode, Triple]] = defaultdict(dict)
    for triple in triples:
        if isinstance(triple.subject, NamedNode) and isinstance(triple.object, NamedNode):
            found[triple.subject][triple.object] = triple
    return dict(found)


def _disjoint(
    by_predicate: dict[NamedNode, list[Triple]], pairwise: NamedNode, group: NamedNode, kind: str
) -> dict[tuple[NamedNode, NamedNode], Link]:
    """Disjoint pairs, both ways round: from `pairwise` axioms (cax-dw, prp-pdw) and from the
    member lists of `group` nodes (cax-adc, prp-adp)."""
    rules = {"cax": ("cax-dw", "cax-adc"), "prp": ("prp-pdw", "prp-adp")}[kind]
    found: dict[tuple[NamedNode, NamedNode], Link] = {}
    for first, second, triple in _pairs(by_predicate[pairwise]):
        found[first, second] = found[second, first] = Link(rules[0], triple)
    firsts: dict[object, object] = {t.subject: t.object for t in by_predicate[FIRST]}
    rests: dict[object, object] = {t.subject: t.object for t in by_predicate[REST]}
    for declaration in by_predicate[TYPE]:
        if declaration.object != group:
            continue
        heads = [t.object for t in by_predicate[MEMBERS] if t.subject == declaration.subject]
        members = [
            m for head in heads for m in _list(head, firsts, rests) if isinstance(m, NamedNode)
        ]
        for first in members:
            for second in members:
                if first != second:
                    found.setdefault((first, second), Link(rules[1], declaration))
    return found


def _list(head: object, firsts: dict[object, object], rests: dict[object, object]) -> list[object]:
    """The items of an RDF list, from its head node."""
    items: list[object] = []
    while head in firsts and head != NIL and len(items) < 10_000:
        items.append(firsts[head])
        head = rests.get(head, NIL)
    return items


def _uncompiled(
    axioms: frozenset[Triple], kinds: dict[NamedNode, set[NamedNode]]
) -> tuple[str, ...]:
    """What in the schema needs a rule the fast path does not apply, one line each."""
    counts = Counter(t.predicate for t in axioms if t.predicate in UNCOMPILED_PREDICATES)
    found = [
        f"{predicate.value} ({counts[predicate]} axioms)" for predicate in sorted(counts, key=str)
    ]
    found += [
        f"{kind.value}: {', '.join(sorted(p.value for p in kinds[kind]))}"
        for kind in sorted(UNCOMPILED_CLASSES, key=str)
        if kinds[kind]
    ]
    return tuple(found)
