"""The Protégé stack (OWL API 5 + HermiT 1.4.3) on the fixtures and on the real files.

The fixtures prove that the checker can fail; the real checks run over whatever
ontology/*.ttl and data/**/*.ttl exist when the tests run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ontology.conftest import ontology_files
from tests.ontology.owlapi import (
    REPOSITORY,
    Checker,
    CheckReport,
    provenance_count_mismatches,
    turtle_provenance,
)

pytestmark = pytest.mark.java

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROVENANCE_TBOX = FIXTURES / "provenance" / "tbox.ttl"


def data_files() -> list[Path]:
    """Every data file; fail when there is none."""
    files = sorted((REPOSITORY / "data").glob("**/*.ttl"))
    if not files:
        pytest.fail("no data/**/*.ttl file to check", pytrace=False)
    return files


def release_files() -> list[Path]:
    """The release data files; fail when there is none."""
    files = sorted((REPOSITORY / "data" / "releases").glob("*.ttl"))
    if not files:
        pytest.fail("no data/releases/*.ttl file to check", pytrace=False)
    return files


@pytest.fixture(scope="session")
def ontology_report(owlapi_checker: Checker) -> CheckReport:
    return owlapi_checker.run(ontology_files())


@pytest.fixture(scope="session")
def ontology_and_data_report(owlapi_checker: Checker) -> CheckReport:
    return owlapi_checker.run([*ontology_files(), *data_files()])


def test_checker_reports_no_problem_when_fixture_is_clean(owlapi_checker: Checker) -> None:
    report = owlapi_checker.run([FIXTURES / "clean.ttl"])

    assert report.problems() == []
    assert report.exit_code == 0
    assert report.consistent is True
    assert report.reasoner.startswith("HermiT 1.4.3")
    assert report.axiom_type_counts["ClassAssertion"] == 2
    assert report.axiom_type_counts["DataPropertyAssertion"] == 2
    assert report.axiom_type_counts["SubClassOf"] == 1
    assert report.logical_axiom_count == 13


def test_checker_reports_unsupported_datatype_when_range_is_xsd_date(
    owlapi_checker: Checker,
) -> None:
    """xsd:date is outside the OWL 2 datatype map: HermiT refuses it and the DL profile flags it."""
    report = owlapi_checker.run([FIXTURES / "xsd_date.ttl"])

    assert report.exit_code == 1
    assert any(
        "UnsupportedDatatypeException" in error and "XMLSchema#date" in error
        for error in report.reasoner_errors
    )
    assert report.consistent is None
    assert "UseOfUndeclaredDatatype" in {v.type for v in report.profile_violations}


def test_checker_reports_undeclared_property_when_property_is_never_declared(
    owlapi_checker: Checker,
) -> None:
    """The OWL API reads an undeclared predicate as an annotation property, which DL forbids."""
    report = owlapi_checker.run([FIXTURES / "undeclared_property.ttl"])

    assert report.exit_code == 1
    flagged = [v.text for v in report.profile_violations] + list(
        report.file(FIXTURES / "undeclared_property.ttl").guessed_declarations
    )
    assert any("https://example.org/fixture#hosts" in text for text in flagged)


def test_checker_reports_parse_error_when_turtle_is_malformed(owlapi_checker: Checker) -> None:
    report = owlapi_checker.run([FIXTURES / "syntax_error.ttl"])

    error = report.file(FIXTURES / "syntax_error.ttl").parse_error
    assert report.exit_code == 1
    assert error is not None
    assert "line 11" in error


def test_checker_reports_inconsistency_when_individual_is_in_disjoint_classes(
    owlapi_checker: Checker,
) -> None:
    report = owlapi_checker.run([FIXTURES / "inconsistent.ttl"])

    assert report.exit_code == 1
    assert report.consistent is False
    assert report.reasoner_errors == ()


def test_checker_lists_unsatisfiable_class_when_class_is_below_disjoint_classes(
    owlapi_checker: Checker,
) -> None:
    report = owlapi_checker.run([FIXTURES / "unsatisfiable.ttl"])

    assert report.exit_code == 1
    assert report.consistent is True
    assert report.unsatisfiable_classes == ("https://example.org/fixture#Centaur",)


def test_checker_reports_unresolved_import_when_import_is_not_a_checked_file(
    owlapi_checker: Checker,
) -> None:
    """The checker never downloads: an import of anything but another input file is a problem."""
    report = owlapi_checker.run([FIXTURES / "imports_external.ttl"])

    assert report.exit_code == 1
    assert report.file(FIXTURES / "imports_external.ttl").unresolved_imports == (
        "https://example.org/not-available/ontology",
    )


def test_checker_reads_importing_file_with_imported_terms_when_both_are_checked(
    owlapi_checker: Checker,
) -> None:
    """A data file that imports the ontology by IRI maps its triples with the ontology's terms."""
    report = owlapi_checker.run([PROVENANCE_TBOX, FIXTURES / "imports_tbox.ttl"])

    assert report.problems() == []
    assert report.file(FIXTURES / "imports_tbox.ttl").axiom_type_counts == {
        "Declaration": 1,
        "ClassAssertion": 1,
        "DataPropertyAssertion": 1,
    }


def test_provenance_counts_match_when_every_target_is_the_asserted_term(
    owlapi_checker: Checker,
) -> None:
    release = FIXTURES / "provenance" / "release_traced.ttl"
    report = owlapi_checker.run([PROVENANCE_TBOX, release])

    assert report.problems() == []
    assert report.file(release).annotated_axiom_count == 2
    assert provenance_count_mismatches(report.file(release), turtle_provenance(release)) == []


def test_provenance_counts_flag_extra_fact_when_target_datatype_differs(
    owlapi_checker: Checker,
) -> None:
    """annotatedTarget "5"^^xsd:integer for an asserted "5"^^xsd:decimal is a second OWL fact."""
    release = FIXTURES / "provenance" / "release_target_datatype_mismatch.ttl"
    report = owlapi_checker.run([PROVENANCE_TBOX, release])

    mismatches = provenance_count_mismatches(report.file(release), turtle_provenance(release))
    assert report.problems() == []
    assert report.file(release).axiom_type_counts["DataPropertyAssertion"] == 3
    assert mismatches == [
        "release_target_datatype_mismatch.ttl: 7 axioms in the OWL API, 6 asserted triples in "
        "the Turtle (outside owl:Axiom nodes and the ontology header)"
    ]


def test_ontology_passes_owlapi_and_hermit_when_loaded_alone(
    ontology_report: CheckReport,
) -> None:
    """ontology/*.ttl parse, map fully without guesses, stay OWL 2 DL and are coherent."""
    assert ontology_report.problems() == []
    assert ontology_report.consistent is True
    assert ontology_report.logical_axiom_count > 0


def test_ontology_passes_owlapi_and_hermit_when_loaded_with_all_data(
    ontology_and_data_report: CheckReport,
) -> None:
    assert ontology_and_data_report.problems() == []
    assert ontology_and_data_report.consistent is True


def test_release_provenance_matches_owl_axioms_when_read_by_owlapi(
    ontology_and_data_report: CheckReport,
) -> None:
    """Each owl:Axiom annotates one asserted triple, and no annotatedTarget adds a fact."""
    mismatches: list[str] = []
    for release in release_files():
        file_report = ontology_and_data_report.file(release)
        assert file_report.parse_error is None, file_report.parse_error
        assert file_report.annotated_axiom_count > 0, f"{release.name} has no annotated axiom"
        mismatches.extend(provenance_count_mismatches(file_report, turtle_provenance(release)))
    assert mismatches == []
