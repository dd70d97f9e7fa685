"""The fast path infers what owlrl infers, but for the named differences (`differences.py`),
on the seed data and on a generated ecosystem."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import RDFS, XSD

from innograph.reasoning.bridge import from_rdflib, to_rdflib
from innograph.reasoning.closure import closure_of
from innograph.reasoning.differences import DIFFERENCES
from innograph.reasoning.oracle import asserted_triples, reference_closure, reference_inferred
from innograph.reasoning.rules import rules_for
from innograph.store import Store
from tests.reasoning.conftest import Builder


def _both(store: Store) -> tuple[set[str], set[str]]:
    fast = {str(t) for t in closure_of(store, rules_for(store)).inferred()}
    reference = {str(t) for t in reference_inferred(asserted_triples(store))}
    return fast, reference


@pytest.mark.parametrize(
    "organisations",
    [
        0,  # the seed: ontology/ and data/
        200,  # and a generated ecosystem beside it (≈ 4,000 triples)
    ],
)
def test_the_fast_path_infers_what_owlrl_infers(seeded: Builder, organisations: int) -> None:
    fast, reference = _both(seeded(organisations=organisations))
    assert sorted(reference - fast) == []
    assert sorted(fast - reference) == []
    assert len(fast) > 1000


def test_the_rules_of_a_chain_of_places_agree_with_owlrl(seeded: Builder) -> None:
    """prp-trp and its superproperty, which neither the seed nor the generator exercises."""
    store = seeded(
        data=False,
        places="""
        ex:bresso ig:partOfPlace ex:milan . ex:milan ig:partOfPlace ex:lombardy .
        ex:lombardy ig:partOfPlace ex:italy .
        ex:openzone a ig:SciencePark ; ig:locatedIn ex:bresso ;
            ig:hasAgreementWith ex:tuspark .
        """,
    )
    fast, reference = _both(store)
    assert sorted(reference - fast) == []
    assert sorted(fast - reference) == []
    assert (
        "<https://example.org/bresso> <https://w3id.org/innograph/ontology#partOfPlace> "
        "<https://example.org/italy>" in fast
    )


def test_each_named_difference_is_one_owlrl_makes(seeded: Builder) -> None:
    """The differences are owlrl's, not inventions: on the ontology alone, each filter takes
    out triples owlrl states, and owlrl's rdflib graph holds generalised triples (a literal
    subject) that `bridge` leaves out."""
    import owlrl

    store = seeded(data=False)
    said = reference_closure(asserted_triples(store))
    for difference in DIFFERENCES:
        assert any(difference.applies(triple) for triple in said), difference.name
    graph = to_rdflib(asserted_triples(store))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert any(isinstance(subject, rdflib.Literal) for subject in graph.subjects())


def test_plain_and_xsd_string_literals_are_one_literal() -> None:
    """rdflib keeps "x" and "x"^^xsd:string apart; read back, they are one pyoxigraph literal."""
    plain = (rdflib.URIRef("https://example.org/a"), RDFS.label, rdflib.Literal("x"))
    typed = (plain[0], plain[1], rdflib.Literal("x", datatype=XSD.string))
    assert set(from_rdflib([plain])) == set(from_rdflib([typed]))


def test_the_seed_needs_no_rule_left_uncompiled_and_others_are_named(seeded: Builder) -> None:
    assert rules_for(seeded()).uncompiled == ()
    store = seeded(
        data=False,
        extra="ex:a owl:sameAs ex:b . ex:C owl:someValuesFrom ex:D .",
    )
    assert rules_for(store).uncompiled == (
        "http://www.w3.org/2002/07/owl#sameAs (1 axioms)",
        "http://www.w3.org/2002/07/owl#someValuesFrom (1 axioms)",
    )
