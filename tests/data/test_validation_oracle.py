"""pySHACL is the oracle of the fast paths: on the seed release and on copies of it that each
break one shape, the violations the fast paths find through the store (the compiled shapes
and pyshacl-turbo, on the nodes a load touches, `innograph.validation`; the compiled shapes
on the whole file, when it is loaded into a store holding only the ontology) are those
pySHACL finds on the file with the ontology merged: same focus node, shape, path and
messages."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from innograph.errors import ValidationError, Violation
from innograph.ingest.sources import source_file
from innograph.ingest.validation import Validator, to_ntriples
from innograph.loading import load
from innograph.settings import ShaclEngine
from innograph.store import open_store
from tests.data.test_shapes import (
    ASSETS,
    HOSTED,
    IG,
    IGID,
    OPENZONE,
    Mutation,
    _evidence_not_in_passage,
    _membership_without_organisation,
    _no_approximation,
    _no_currency,
    _one_party,
    _passage_without_text,
    _post_without_role,
    _quotation_without_speaker,
    _release,
    _retract,
    _target_datatype_differs,
    _unsourced_entity,
    _unsourced_literal,
)
from tests.seed_release import DOCUMENT, ONTOLOGY_PATH, SHAPES_PATH

BRESSO = IGID["place/bresso"]
PRESS_OFFICE = IGID["contact-point/openzone-ufficiostampa"]


def _unlabelled_organisation(graph: Graph) -> None:
    for label in list(graph.objects(OPENZONE, RDFS.label)):
        assert isinstance(label, Literal)
        _retract(graph, OPENZONE, RDFS.label, label)


def _unlabelled_place(graph: Graph) -> None:
    graph.remove((BRESSO, RDFS.label, None))


def _count_without_kind(graph: Graph) -> None:
    for kind in list(graph.objects(HOSTED, IG.countedKind)):
        _retract(graph, HOSTED, IG.countedKind, kind)  # type: ignore[arg-type]


def _money_in_two_currencies(graph: Graph) -> None:
    graph.add((ASSETS, IG.currency, IGID["currency/EUR"]))


def _contact_point_without_address(graph: Graph) -> None:
    graph.remove((PRESS_OFFICE, IG.email, None))


def _document_without_headline(graph: Graph) -> None:
    graph.remove((URIRef(DOCUMENT), IG.headline, None))


def _axiom_without_passage(graph: Graph) -> None:
    for axiom in list(graph.subjects(IG.evidenceText, None))[:1]:
        graph.remove((axiom, IG.statedIn, None))


FIXTURES: list[Mutation] = [
    _one_party,
    _no_currency,
    _no_approximation,
    _unsourced_entity,
    _unsourced_literal,
    _target_datatype_differs,
    _evidence_not_in_passage,
    _passage_without_text,
    _quotation_without_speaker,
    _post_without_role,
    _membership_without_organisation,
    _unlabelled_organisation,
    _unlabelled_place,
    _count_without_kind,
    _money_in_two_currencies,
    _contact_point_without_address,
    _document_without_headline,
    _axiom_without_passage,
]


@cache
def _validator(engine: ShaclEngine) -> Validator:
    return Validator.from_paths(SHAPES_PATH, [ONTOLOGY_PATH], engine=engine)


def _comparable(violations: tuple[Violation, ...]) -> set[tuple[str, str, str | None, str]]:
    """Violations as sets compare them; a blank node's label is the parser's, so it is left
    out (a release's blank nodes are its axiom annotations)."""
    found = set()
    for violation in violations:
        focus = violation.focus if violation.focus.startswith("http") else "_:"
        messages = sorted(violation.messages.items())
        text = repr([(tag, m if "_:" not in m else "") for tag, m in messages])
        found.add((focus, violation.shape, violation.path, text))
    return found


def _oracle(release: Path) -> set[tuple[str, str, str | None, str]]:
    """pySHACL on the file alone, with the ontology merged, as `innograph load` checked it,
    its literals as the store holds them (pyoxigraph writes `29.0` as `29`, and messages
    quote values)."""
    stored = pyoxigraph.Store()
    stored.load(path=release, format=pyoxigraph.RdfFormat.TURTLE)
    triples = to_ntriples(stored)
    try:
        _validator("pyshacl").check_ntriples(release, triples)
    except ValidationError as error:
        return _comparable(error.violations)
    return set()


def _fast(
    release: Path, engine: ShaclEngine, *, reasoning: bool = True
) -> set[tuple[str, str, str | None, str]]:
    """A fast path: the ontology loaded, then the release loaded into the store, checked (with
    reasoning, on the nodes it touches; without, and with the compiled shapes, whole)."""
    store = open_store(":memory:")
    load([ONTOLOGY_PATH], store=store)
    try:
        load([release], store=store, validator=_validator(engine), reasoning=reasoning)
    except ValidationError as error:
        return _comparable(error.violations)
    return set()


FAST_PATHS = [
    pytest.param("compiled", True, id="compiled-touched-nodes"),
    pytest.param("compiled", False, id="compiled-whole-file"),
    pytest.param("turbo", True, id="turbo-touched-nodes"),
]


@pytest.mark.parametrize(("engine", "reasoning"), FAST_PATHS)
def test_fast_path_and_pyshacl_accept_the_seed(
    engine: ShaclEngine, reasoning: bool, tmp_path: Path
) -> None:
    release = tmp_path / "release.ttl"
    _release().serialize(release, format="turtle")
    assert _oracle(release) == _fast(release, engine, reasoning=reasoning) == set()
    assert _validator("compiled").accepts_files([source_file(release)])


@pytest.mark.parametrize(("engine", "reasoning"), FAST_PATHS)
@pytest.mark.parametrize("mutation", FIXTURES, ids=lambda m: m.__name__.strip("_"))
def test_fast_path_finds_what_pyshacl_finds(
    mutation: Mutation, engine: ShaclEngine, reasoning: bool, tmp_path: Path
) -> None:
    release = tmp_path / "release.ttl"
    broken = _release()
    mutation(broken)
    broken.serialize(release, format="turtle")
    expected = _oracle(release)
    assert expected, "the fixture breaks a shape"
    assert _fast(release, engine, reasoning=reasoning) == expected
    assert not _validator("compiled").accepts_files([source_file(release)])
