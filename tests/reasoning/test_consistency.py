"""Inconsistency is an error: each broken rule is found, with its triples and their graphs,
in a whole closure and in one write's change."""

from __future__ import annotations

import pyoxigraph
import pytest

from innograph.errors import InconsistencyError
from innograph.reasoning.change import Change
from innograph.reasoning.closure import closure_of, materialise
from innograph.reasoning.consistency import Violation, check_closure, ensure_consistent
from innograph.reasoning.facts import asserting
from innograph.reasoning.incremental import update_for
from innograph.reasoning.rules import rules_for
from innograph.store import Store
from tests.reasoning.conftest import Builder

_AXIOMS = """
ex:p a owl:ObjectProperty , owl:IrreflexiveProperty , owl:AsymmetricProperty ;
    owl:propertyDisjointWith ex:q .
ex:q a owl:ObjectProperty .
"""
"""Property characteristics the ontology does not use, declared beside the broken data."""

_BROKEN = {
    # cax-adc: an organisation (by its class) that is also a place (by the range of locatedIn)
    "cax-adc": "ex:acme a ig:Company . ex:lab ig:locatedIn ex:acme .",
    # cax-dw: a pairwise disjointness axiom
    "cax-dw": "ex:A owl:disjointWith ex:B . ex:thing a ex:A , ex:B .",
    # cls-nothing2
    "cls-nothing2": "ex:void a owl:Nothing .",
    # prp-fp: two founding years (two literals that differ)
    "prp-fp": "ex:acme ig:foundingYear 1999 , 2001 .",
    # prp-irp, prp-asyp, prp-pdw: the axioms above
    "prp-irp": "ex:a ex:p ex:a .",
    "prp-asyp": "ex:a ex:p ex:b . ex:b ex:p ex:a .",
    "prp-pdw": "ex:a ex:p ex:b ; ex:q ex:b .",
    # dt-not-type: an ill-typed literal, and a string where the range is xsd:decimal
    "dt-not-type": 'ex:figure ig:numericValue "many"^^xsd:decimal .',
    "dt-not-type (range)": 'ex:figure ig:numericValue "5000000000" .',
}


def _rules(violations: list[Violation]) -> set[str]:
    return {violation.rule for violation in violations}


@pytest.mark.parametrize("rule", sorted(_BROKEN))
def test_a_broken_graph_is_inconsistent_by_its_rule(seeded: Builder, rule: str) -> None:
    store = seeded(data=False, axioms=_AXIOMS, broken=_BROKEN[rule])
    violations = list(check_closure(closure_of(store, rules_for(store))))
    assert rule.split()[0] in _rules(violations)


def test_the_seed_is_consistent(seeded: Builder) -> None:
    store = seeded(organisations=100)
    assert list(check_closure(closure_of(store, rules_for(store)))) == []


def test_the_error_names_the_triples_and_their_graphs(seeded: Builder) -> None:
    store = seeded(data=False, broken=_BROKEN["prp-fp"])
    with pytest.raises(InconsistencyError) as raised:
        ensure_consistent(
            check_closure(closure_of(store, rules_for(store))), lambda t: asserting(store, t)
        )
    (message,) = raised.value.violations
    assert message.startswith(
        "prp-fp: <https://example.org/acme> has 2 values of the functional property "
        "<https://w3id.org/innograph/ontology#foundingYear>"
    )
    assert '"1999"^^<http://www.w3.org/2001/XMLSchema#integer>  (file://' in message
    assert message.count("broken.ttl") == 2


def test_a_write_that_breaks_a_rule_is_found_before_it_is_made(seeded: Builder) -> None:
    """The incremental path checks what the change touches: two founding years for an
    organisation of the seed (which gives it none), and something located in it (which
    makes it a place: cax-adc by prp-rng)."""
    store = seeded()
    materialise(store, rules_for(store))
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if "releases" in g))
    openzone = pyoxigraph.NamedNode("https://w3id.org/innograph/id/organisation/openzone")
    lab = pyoxigraph.NamedNode("https://example.org/lab")
    year = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#foundingYear")
    located_in = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#locatedIn")
    added = (
        pyoxigraph.Quad(openzone, year, pyoxigraph.Literal("1850", datatype=_INTEGER), graph),
        pyoxigraph.Quad(openzone, year, pyoxigraph.Literal("1851", datatype=_INTEGER), graph),
        pyoxigraph.Quad(lab, located_in, openzone, graph),
    )
    update = update_for(store, Change(added=added), rules_for(store))
    assert {"prp-fp", "cax-adc"} <= _rules(list(update.violations))
    assert _rules(
        list(update_for(store, Change(added=added[2:]), rules_for(store)).violations)
    ) == {"cax-adc"}
    assert update_for(store, Change(added=added[:1]), rules_for(store)).violations == ()


def test_a_consistent_write_has_no_violation(seeded: Builder) -> None:
    store: Store = seeded()
    materialise(store, rules_for(store))
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if "releases" in g))
    company = pyoxigraph.NamedNode("https://example.org/company")
    added = (
        pyoxigraph.Quad(company, _TYPE, pyoxigraph.NamedNode(_IG + "Company"), graph),
        pyoxigraph.Quad(company, pyoxigraph.NamedNode(_IG + "hostedBy"), _OPENZONE, graph),
    )
    update = update_for(store, Change(added=added), rules_for(store))
    assert update.violations == ()
    hosts = pyoxigraph.Triple(_OPENZONE, pyoxigraph.NamedNode(_IG + "hosts"), company)
    assert hosts in {quad.triple for quad in update.added}


_IG = "https://w3id.org/innograph/ontology#"
_OPENZONE = pyoxigraph.NamedNode("https://w3id.org/innograph/id/organisation/openzone")
_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_INTEGER = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
