"""The synthetic ecosystem generator: reproducible, realistic in size, and loadable."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest

from benchmarks.generate import generate, traced, write
from innograph.errors import ValidationError
from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.namespaces import IG, SYNTHETIC
from innograph.settings import ShaclEngine
from tests.conftest import StoreFactory
from tests.seed_release import ONTOLOGY_PATH, SHAPES_PATH

ORGANISATIONS = 200
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def text(seed: int) -> str:
    output = io.StringIO()
    write(ORGANISATIONS, output, seed=seed)
    return output.getvalue()


def triples(data: str) -> list[pyoxigraph.Triple]:
    return list(pyoxigraph.parse(data.encode(), format=pyoxigraph.RdfFormat.N_TRIPLES))


def test_the_same_seed_gives_the_same_lines_and_another_seed_differs() -> None:
    assert text(seed=7) == text(seed=7)
    assert text(seed=7) != text(seed=8)


def test_write_returns_the_number_of_lines_it_wrote() -> None:
    output = io.StringIO()
    count = write(ORGANISATIONS, output, seed=7)
    assert count == output.getvalue().count("\n") == len(list(generate(ORGANISATIONS, seed=7)))


def test_an_organisation_brings_about_twenty_triples() -> None:
    assert 15 <= len(triples(text(seed=7))) / ORGANISATIONS <= 25


def test_every_subject_is_in_the_synthetic_namespace() -> None:
    subjects = {triple.subject for triple in triples(text(seed=7))}
    assert all(
        isinstance(subject, pyoxigraph.NamedNode) and subject.value.startswith(SYNTHETIC)
        for subject in subjects
    )


def test_every_synthetic_resource_a_triple_points_to_has_a_type() -> None:
    parsed = triples(text(seed=7))
    typed = {t.subject for t in parsed if t.predicate.value == RDF_TYPE}
    pointed_to = {
        t.object
        for t in parsed
        if isinstance(t.object, pyoxigraph.NamedNode) and t.object.value.startswith(SYNTHETIC)
    }
    assert pointed_to - typed == set()


def test_every_organisation_kind_and_relation_appears() -> None:
    parsed = triples(text(seed=7))
    classes = {
        t.object.value
        for t in parsed
        if t.predicate.value.endswith("#type") and isinstance(t.object, pyoxigraph.NamedNode)
    }
    predicates = {t.predicate.value for t in parsed}
    for name in ("SciencePark", "ResearchInstitute", "Company", "Association", "Investor",
                 "Incubator", "MemorandumOfUnderstanding", "Figure"):  # fmt: skip
        assert IG + name in classes
    for name in ("hasParty", "hasAgreementWith", "signingDate", "focusSector", "foundedBy",
                 "foundingYear", "hosts", "numericValue", "approximation", "locatedIn",
                 "partOfPlace", "activeInSector"):  # fmt: skip
        assert IG + name in predicates
    assert "http://www.w3.org/ns/org#heldBy" in predicates
    assert "http://www.w3.org/ns/org#member" in predicates


def test_labels_with_quotes_and_accents_survive_the_round_trip() -> None:
    labels = {
        t.object.value
        for t in triples(text(seed=7))
        if t.predicate.value.endswith("#label") and isinstance(t.object, pyoxigraph.Literal)
    }
    assert any('"' in label for label in labels)
    assert any(not label.isascii() for label in labels)


def test_the_output_loads_through_innograph(store_factory: StoreFactory, tmp_path: Path) -> None:
    path = tmp_path / "eco.nt"
    path.write_text(text(seed=7), encoding="utf-8")
    store = store_factory()
    load([path], store=store)
    assert store.triple_count(path.resolve().as_uri()) == len(set(triples(path.read_text())))


def test_at_least_one_organisation_is_required() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        next(generate(0, seed=7))


@pytest.mark.parametrize("engine", ["compiled", "turbo", "pyshacl"])
def test_a_traced_ecosystem_passes_the_shapes_and_an_untraced_one_does_not(
    engine: ShaclEngine,
) -> None:
    """Every fact of a traced ecosystem is annotated and cited, so both engines accept it;
    the same facts untraced break the traced-facts shape."""
    validator = Validator.from_paths(SHAPES_PATH, [ONTOLOGY_PATH], engine=engine)
    lines = list(generate(6, seed=3))
    validator.check_ntriples(Path("traced.nt"), "".join(traced(lines)).encode())
    with pytest.raises(ValidationError, match="Fact without provenance"):
        validator.check_ntriples(Path("untraced.nt"), "".join(lines).encode())


def test_tracing_adds_five_lines_a_fact_and_a_frame() -> None:
    lines = list(generate(6, seed=3))
    frame = len(list(traced(lines))) - 6 * len(lines)
    assert 0 < frame < len(lines)
