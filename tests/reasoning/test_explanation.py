"""Explanations: the rule, its axiom and its premises, down to asserted facts and their sources;
and the `innograph reason` and `innograph explain` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from innograph.cli import app
from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.closure import materialise
from innograph.reasoning.explanation import Explanation, explain, parse_triple
from innograph.reasoning.rules import rules_for
from innograph.store import Store
from tests.reasoning.conftest import SEED, Builder

_OPENZONE = "<https://w3id.org/innograph/id/organisation/openzone>"
_TUSPARK = "<https://w3id.org/innograph/id/organisation/tuspark-jiangsu>"
_MOU = "<https://w3id.org/innograph/id/agreement/openzone-tuspark-2021-mou>"


def _explained(store: Store, text: str) -> Explanation:
    explanation = explain(store, parse_triple(text), rules_for(store))
    assert explanation is not None
    return explanation


def _rules(explanation: Explanation) -> list[str | None]:
    return [explanation.rule, *(r for p in explanation.premises for r in _rules(p))]


@pytest.fixture
def seed(seeded: Builder) -> Store:
    store = seeded()
    materialise(store, rules_for(store))
    return store


def test_a_type_is_explained_by_the_asserted_class_and_its_evidence(seed: Store) -> None:
    explanation = _explained(seed, f"{_OPENZONE} a foaf:Agent")
    assert explanation.rule == "cax-sco"
    assert explanation.family == "subclass"
    (premise,) = explanation.premises
    assert str(premise.triple).endswith("<https://w3id.org/innograph/ontology#SciencePark>")
    assert premise.rule is None
    assert premise.graphs[0].endswith("data/releases/2021-05-17-openzone-tuspark.ttl")
    assert [e.index for e in premise.evidence] == [9, 12]
    assert "OpenZone è un campus scientifico" in premise.evidence[0].excerpts


def test_an_inverse_is_explained_by_prp_inv(seed: Store) -> None:
    explanation = _explained(seed, f"{_OPENZONE} ig:partyTo {_MOU}")
    assert _rules(explanation) == ["prp-inv2", None]
    assert str(explanation.axioms[0]).startswith("<https://w3id.org/innograph/ontology#partyTo>")


def test_a_chain_of_rules_is_explained_down_to_the_asserted_triple(seeded: Builder) -> None:
    """prp-trp over three links, then prp-spo1 to the superproperty."""
    store = seeded(
        data=False,
        places="ex:a ig:partOfPlace ex:b . ex:b ig:partOfPlace ex:c . ex:c ig:partOfPlace ex:d .",
    )
    materialise(store, rules_for(store))
    explanation = _explained(
        store, "<https://example.org/a> schema:containedInPlace <https://example.org/d>"
    )
    assert _rules(explanation) == ["prp-spo1", "prp-trp", None, "prp-trp", None, None]
    lines = list(explanation.lines())
    assert lines[0].endswith("by prp-spo1 (subproperty)")
    assert sum("asserted in" in line for line in lines) == 3


def test_what_the_store_does_not_hold_has_no_explanation(seed: Store) -> None:
    assert explain(seed, parse_triple(f"{_TUSPARK} a foaf:Person"), rules_for(seed)) is None


def test_reason_prints_counts_per_family_and_explain_prints_the_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("INNOGRAPH_SHAPES", "")
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", "--no-prepare", *map(str, SEED)])
    assert loaded.exit_code == 0, loaded.output
    reasoned = runner.invoke(app, ["reason"])
    assert reasoned.exit_code == 0, reasoned.output
    assert "subclass" in reasoned.output and "inverse" in reasoned.output
    assert "1,311" in reasoned.output  # the inferred graph of the seed (ontology 0.2.0)
    mou = "<https://w3id.org/innograph/id/agreement/openzone-tuspark-2021-mou>"
    explained = runner.invoke(app, ["explain", f"{_OPENZONE} ig:partyTo {mou}"])
    assert explained.exit_code == 0, explained.output
    assert "by prp-inv2 (inverse)" in explained.output
    assert "evidence: “OpenZone sigla un protocollo d'intesa" in explained.output
    missing = runner.invoke(app, ["explain", f"{_TUSPARK} a foaf:Person"])
    assert missing.exit_code == 1


def test_reason_refuses_an_inconsistent_closure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("INNOGRAPH_SHAPES", "")
    broken = tmp_path / "broken.ttl"
    broken.write_text(
        "<https://example.org/x> a <https://w3id.org/innograph/ontology#Company> , "
        "<http://xmlns.com/foaf/0.1/Person> .\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    message = "cax-adc: <https://example.org/x> is a member of the disjoint classes"
    refused = runner.invoke(app, ["load", "--no-prepare", str(SEED[0]), str(broken)])
    assert refused.exit_code == 1 and message in refused.output  # a reasoning load refuses it
    monkeypatch.setenv("INNOGRAPH_REASONING", "off")
    loaded = runner.invoke(app, ["load", "--no-prepare", str(SEED[0]), str(broken)])
    assert loaded.exit_code == 0, loaded.output
    result = runner.invoke(app, ["reason"])
    assert result.exit_code == 1
    assert message in result.output


def test_every_inferred_triple_is_explained(seeded: Builder) -> None:
    """Down to asserted facts, on the seed and a generated ecosystem: no inferred triple is
    left without a derivation the explainer can find."""
    store = seeded(organisations=100)
    rules = rules_for(store)
    materialise(store, rules)
    inferred = [quad.triple for quad in store.quads(graph=INFERRED_GRAPH)]
    assert len(inferred) > 2000
    assert [t for t in inferred if explain(store, t, rules) is None] == []
