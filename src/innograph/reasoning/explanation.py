"""Why the store holds a triple: the rule and its premises, down to asserted facts.

An inferred triple is explained by one OWL 2 RL rule (named as the W3C profile names it:
cax-sco, prp-inv1, prp-trp, …), the schema axiom it uses, and its data premises, each explained
the same way; an asserted triple by the graphs that hold it and, where the source annotates it
(an `owl:Axiom` with `ig:statedIn`), the passages and words that state it. Premises are looked
up in the store as it is (its source graphs and the inferred graph): explain after `reason`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, RdfFormat, Triple, parse

from innograph._types import GraphName
from innograph.errors import InvalidParameter
from innograph.namespaces import INFERRED_GRAPH, PREFIXES
from innograph.queries import read_query
from innograph.reasoning.facts import asserting, is_node
from innograph.reasoning.rules import FAMILIES, Route, RuleSet
from innograph.reasoning.vocabulary import TRANSITIVE, TYPE
from innograph.store import Store

__all__ = ["Evidence", "Explanation", "explain", "parse_triple"]

_INFERRED = NamedNode(INFERRED_GRAPH)
_PROVENANCE = read_query(Path(__file__).with_name("queries") / "provenance.rq")


@dataclass(frozen=True)
class Evidence:
    """A passage that states an asserted triple, and the words it states it with."""

    passage: str
    document: str | None
    index: int | None
    excerpts: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """A triple and why it holds: asserted (graphs, evidence) or by a rule from premises."""

    triple: Triple
    rule: str | None = None
    axioms: tuple[Triple, ...] = ()
    premises: tuple[Explanation, ...] = ()
    graphs: tuple[GraphName, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def family(self) -> str | None:
        return FAMILIES.get(self.rule) if self.rule else None

    def lines(self, depth: int = 0) -> Iterator[str]:
        """The explanation as indented lines, premises under their conclusion."""
        pad = "  " * depth
        if self.rule is None:
            yield f"{pad}{self.triple}  asserted in {', '.join(self.graphs)}"
            if self.evidence:
                places = ", ".join(
                    f"passage {e.index}" if e.index is not None else e.passage
                    for e in self.evidence
                )
                yield f"{pad}    stated in {places} of {self.evidence[0].document or '?'}"
                words = dict.fromkeys(x for e in self.evidence for x in e.excerpts)
                if words:
                    yield f"{pad}    evidence: " + "; ".join(f"“{w}”" for w in words)
            return
        yield f"{pad}{self.triple}  by {self.rule} ({self.family})"
        for axiom in self.axioms:
            yield f"{pad}    axiom: {axiom}"
        for premise in self.premises:
            yield from premise.lines(depth + 1)


def parse_triple(text: str) -> Triple:
    """Given one triple in Turtle (`<https://w3id.org/innograph/id/organisation/openzone> a
    foaf:Agent`: full IRIs, or prefixed names with the prefixes every query is offered; a `/`
    in a local name needs Turtle's escape, `igid:organisation\\/openzone`), return it."""
    declarations = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in PREFIXES.items())
    try:
        quads = list(parse(declarations + text.strip().rstrip(".") + " .", RdfFormat.TURTLE))
    except SyntaxError as error:
        raise InvalidParameter("triple", str(error)) from None
    if len(quads) != 1:
        raise InvalidParameter("triple", f"one triple expected, {len(quads)} given")
    triple: Triple = quads[0].triple
    return triple


def explain(store: Store, triple: Triple, rules: RuleSet) -> Explanation | None:
    """Given a triple, return why the store holds it, or None if it holds it neither as
    asserted nor as inferred."""
    return _Explainer(store, rules).explain(triple, frozenset())


class _Explainer:
    def __init__(self, store: Store, rules: RuleSet) -> None:
        self.store = store
        self.rules = rules

    def graphs(self, triple: Triple) -> tuple[GraphName, ...]:
        return asserting(self.store, triple)

    def holds(self, triple: Triple) -> bool:
        return (
            next(self.store.quads(triple.subject, triple.predicate, triple.object), None)
            is not None
        )

    def explain(self, triple: Triple, seen: frozenset[Triple]) -> Explanation | None:
        graphs = self.graphs(triple)
        if graphs:
            return Explanation(triple, graphs=graphs, evidence=tuple(self.evidence(triple)))
        if triple in self.rules.schema.entailed:
            return Explanation(triple, rule="scm")
        if triple in seen or not self.holds(triple):
            return None
        seen = seen | {triple}
        if triple.predicate == TYPE and isinstance(triple.object, NamedNode):
            return self.explain_type(triple.subject, triple.object, seen)
        return self.explain_property(triple, seen)

    def explain_type(
        self, node: NamedNode | BlankNode | Triple, kind: NamedNode, seen: frozenset[Triple]
    ) -> Explanation | None:
        """cax-sco (or cax-eqc) from an asserted class, prp-dom, prp-rng, then cax-sco from an
        inferred class: the shortest derivations first."""
        conclusion = Triple(node, TYPE, kind)
        classes = [q.object for q in self.store.quads(node, TYPE, None)]
        candidates: list[tuple[str, Triple, Triple]] = []
        for cls in classes:
            link = self.rules.superclasses.get(cls, {}).get(kind)  # type: ignore[arg-type]
            if link is not None:
                candidates.append((link.rule, link.axiom, Triple(node, TYPE, cls)))
        for prop, domains in self.rules.domains.items():
            if kind in domains:
                for quad in self.store.quads(node, prop, None):
                    candidates.append(("prp-dom", domains[kind], quad.triple))
                    break
        for prop, ranges in self.rules.ranges.items():
            if kind in ranges:
                for quad in self.store.quads(None, prop, node):
                    candidates.append(("prp-rng", ranges[kind], quad.triple))
                    break
        return self.first(conclusion, candidates, seen)

    def explain_property(self, triple: Triple, seen: frozenset[Triple]) -> Explanation | None:
        """From a transitive chain of the same property (prp-trp), else from a triple some
        route yields this one from (prp-spo1, prp-inv1/2, prp-symp, prp-eqp1/2, step by step):
        a chain of asserted links reads better than a detour through an inverse."""
        chained = self.explain_chain(triple, seen)
        if chained is not None:
            return chained
        subject, prop, object = triple.subject, triple.predicate, triple.object
        routes = [
            (source, route) for source, route in self.rules.routes_to(prop) if route is not None
        ]
        routes.sort(key=lambda pair: len(pair[1].steps))
        tried: set[tuple[NamedNode, bool]] = set()
        for source, route in routes:
            # The shortest route from a source, in one direction: a longer one from the same
            # premise only goes round (partOfPlace → containsPlace → partOfPlace → …).
            if (source, route.flipped) in tried:
                continue
            tried.add((source, route.flipped))
            if route.flipped:
                start = Triple(object, source, subject)  # type: ignore[arg-type]
            else:
                start = Triple(subject, source, object)
            if self.holds(start):
                premise = self.explain(start, seen)
                if premise is not None:
                    return _along(route, premise)
        return None

    def explain_chain(self, triple: Triple, seen: frozenset[Triple]) -> Explanation | None:
        """`s p o` from `s p m` and `m p o`, for a transitive `p` (prp-trp)."""
        subject, prop, object = triple.subject, triple.predicate, triple.object
        if prop not in self.rules.transitive or not is_node(object):
            return None
        links = sorted(
            self.store.quads(subject, prop, None), key=lambda q: q.graph_name == _INFERRED
        )
        for quad in links:  # an asserted first link before an inferred one
            middle = quad.object
            if middle in (subject, object) or not is_node(middle):
                continue
            rest = Triple(middle, prop, object)  # type: ignore[arg-type]
            if self.holds(rest):
                first = self.explain(quad.triple, seen)
                second = self.explain(rest, seen) if first is not None else None
                if first is not None and second is not None:
                    axiom = Triple(prop, TYPE, TRANSITIVE)
                    return Explanation(triple, "prp-trp", (axiom,), (first, second))
        return None

    def first(
        self,
        conclusion: Triple,
        candidates: list[tuple[str, Triple, Triple]],
        seen: frozenset[Triple],
    ) -> Explanation | None:
        """The first candidate (rule, axiom, premise) whose premise can be explained, asserted
        premises before inferred ones."""
        candidates.sort(key=lambda candidate: not self.graphs(candidate[2]))
        for rule, axiom, premise in candidates:
            explained = self.explain(premise, seen)
            if explained is not None:
                return Explanation(conclusion, rule, (axiom,), (explained,))
        return None

    def evidence(self, triple: Triple) -> Iterator[Evidence]:
        """The passages that state an asserted triple, from its annotations."""
        result = self.store.query(
            _PROVENANCE.text,
            bindings={
                "subject": triple.subject,  # type: ignore[dict-item]
                "property": triple.predicate,
                "object": triple.object,  # type: ignore[dict-item]
            },
        )
        assert isinstance(result, QuerySolutions)
        passages: dict[str, tuple[str | None, int | None, list[str]]] = {}
        for row in result:
            passage, document, index, excerpt = (
                row["passage"],
                row["document"],
                row["index"],
                row["excerpt"],
            )
            if not isinstance(passage, NamedNode):
                continue
            entry = passages.setdefault(
                passage.value,
                (
                    document.value if isinstance(document, NamedNode) else None,
                    int(index.value) if isinstance(index, Literal) else None,
                    [],
                ),
            )
            if isinstance(excerpt, Literal) and excerpt.value not in entry[2]:
                entry[2].append(excerpt.value)
        for passage, (document, index, excerpts) in passages.items():
            yield Evidence(passage, document, index, tuple(excerpts))


def _along(route: Route, premise: Explanation) -> Explanation:
    """The explanation of a route's last triple: one rule per step, from the premise."""
    explained = premise
    triple = premise.triple
    for step in route.steps:
        subject, object = (
            (triple.object, triple.subject) if step.flips else (triple.subject, triple.object)
        )
        triple = Triple(subject, step.target, object)  # type: ignore[arg-type]
        explained = Explanation(triple, step.rule, (step.axiom,), (explained,))
    return explained
