"""Why the graph holds a triple, for REST clients and pages, and the evidence behind a link the
store infers.

`innograph.reasoning.explain` finds the derivation (the rule, its axioms, its premises down to
stated triples); this module names its terms and gives each stated premise the evidence every
other lookup gives a fact (`evidence_for`: the passages and their words). A link read in a
direction no source states (`founded`, from a release saying `founded by`) or entailed by a
rule thus carries the words of the passages it rests on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph

from innograph.errors import NotFound
from innograph.lookups.evidence import triple_evidence
from innograph.lookups.identifiers import resolve
from innograph.lookups.labels import named_fact
from innograph.lookups.models import Derivation, Evidence
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning import Explanation, explain, rules_for
from innograph.store import Store

__all__ = ["explanation", "premise_evidence", "is_inferred"]


def explanation(store: Store, subject: str, property: str, object: str) -> Derivation:
    """Given a triple between resources as REST ids (`zambon`, `ig:founded`,
    `organisation/openzone`; prefixed names or IRIs), return why the store holds it.

    Raises NotFound for a triple the store neither states nor infers."""
    triple = pyoxigraph.Triple(
        resolve(subject, kind="organisation", what="subject"),
        resolve(property, kind="organisation", what="property"),
        resolve(object, kind="organisation", what="object"),
    )
    found = explain(store, triple, rules_for(store))
    if found is None:
        raise NotFound(f"the graph neither states nor infers {triple}")
    return _derivation(store, found)


def premise_evidence(
    store: Store, triple: tuple[str, str, str]
) -> tuple[str | None, tuple[Evidence, ...]]:
    """Given a triple between two resources (IRIs) that no passage states as it is, return the
    rule that entails it and the evidence of the stated triples it rests on; `(None, ())` for
    a triple the store does not infer (a source states it, or the store does not hold it)."""
    if not is_inferred(store, triple):  # one lookup settles most links
        return None, ()
    statement = pyoxigraph.Triple(*(pyoxigraph.NamedNode(part) for part in triple))
    found = explain(store, statement, rules_for(store))
    if found is None or found.rule is None:
        return None, ()
    evidence: dict[str, Evidence] = {}
    for stated in _stated(found):
        for item in triple_evidence(store, stated.triple):
            evidence.setdefault(item.passage.iri, item)
    return found.rule, tuple(sorted(evidence.values(), key=lambda item: item.index or 0))


def is_inferred(store: Store, triple: tuple[str, str, str]) -> bool:
    """Given a triple between two resources (IRIs), return whether only a rule gives it: the
    inferred graph holds what the rules entail and no source states."""
    statement = (pyoxigraph.NamedNode(part) for part in triple)
    return next(store.quads(*statement, graph=INFERRED_GRAPH), None) is not None


def _stated(found: Explanation) -> Iterator[Explanation]:
    """The stated triples a derivation rests on, its leaves."""
    if found.rule is None:
        yield found
    for premise in found.premises:
        yield from _stated(premise)


def _derivation(store: Store, found: Explanation) -> Derivation:
    triple = found.triple
    stated = found.rule is None
    return Derivation(
        triple=named_fact(store, triple),
        rule=found.rule,
        family=found.family,
        axioms=tuple(named_fact(store, axiom) for axiom in found.axioms),
        graphs=tuple(found.graphs),
        evidence=triple_evidence(store, triple) if stated else (),
        premises=tuple(_derivation(store, premise) for premise in found.premises),
    )
