"""Protégé offline: each data file opens on its own, its `owl:imports` of the ontology resolved
from disk by the `catalog-v001.xml` beside it.

The catalog tests read every Turtle file under ontology/ and data/ as they are when the tests
run, so a file added with an import its folder's catalog misses fails them. The OWL API tests
open each release alone with the catalog's mappings and nothing else (an import left unmapped
fails the load), and ask HermiT what Protégé's reasoner would say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.namespaces import IGID
from tests.ontology.catalogs import catalog_problems, read_catalog
from tests.ontology.owlapi import REPOSITORY, Checker

ONTOLOGY_IRI = "https://w3id.org/innograph/ontology"
ORGANIZATION = "http://www.w3.org/ns/org#Organization"


def turtle_files() -> list[Path]:
    files = sorted([*REPOSITORY.glob("ontology/**/*.ttl"), *REPOSITORY.glob("data/**/*.ttl")])
    assert files, "no Turtle file under ontology/ or data/"
    return files


def release_files() -> list[Path]:
    files = sorted((REPOSITORY / "data" / "releases").glob("*.ttl"))
    assert files, "no data/releases/*.ttl"
    return files


def test_every_import_of_the_repository_is_mapped_to_a_local_file() -> None:
    assert catalog_problems(turtle_files()) == []


def test_the_catalogs_map_the_ontology_and_its_version_to_the_ontology_file() -> None:
    ontology_file = (REPOSITORY / "ontology" / "innograph.ttl").resolve()
    for folder in ("ontology", "data/releases"):
        mapped = read_catalog(REPOSITORY / folder / "catalog-v001.xml")
        assert mapped[ONTOLOGY_IRI] == ontology_file
        assert mapped[f"{ONTOLOGY_IRI}/0.2.0"] == ontology_file


def test_an_import_the_catalog_does_not_map_is_reported(tmp_path: Path) -> None:
    release = tmp_path / "release.ttl"
    release.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<https://example.org/release> a owl:Ontology ; owl:imports <{ONTOLOGY_IRI}> ,"
        " <https://example.org/elsewhere> .\n",
        encoding="utf-8",
    )
    assert catalog_problems([release]) == [
        f"{release}: imports ['https://example.org/elsewhere', '{ONTOLOGY_IRI}'],"
        f" but there is no {tmp_path / 'catalog-v001.xml'}"
    ]
    (tmp_path / "catalog-v001.xml").write_text(
        '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">'
        f'<uri name="{ONTOLOGY_IRI}" uri="missing.ttl"/></catalog>',
        encoding="utf-8",
    )
    assert catalog_problems([release]) == [
        f"{release}: {tmp_path / 'catalog-v001.xml'} does not map the import"
        " https://example.org/elsewhere",
        f"{tmp_path / 'catalog-v001.xml'}: {ONTOLOGY_IRI} is mapped to"
        f" {tmp_path / 'missing.ttl'}, which does not exist",
    ]


@pytest.mark.java
@pytest.mark.parametrize("release", release_files(), ids=lambda path: path.name)
def test_a_release_opened_alone_resolves_its_imports_from_the_catalog(
    owlapi_checker: Checker, release: Path
) -> None:
    """What Protégé does with the file and its folder's catalog: every import read from disk,
    no declaration guessed, OWL 2 DL, and HermiT finds it consistent and infers types."""
    report = owlapi_checker.run_alone(release, read_catalog(release.parent / "catalog-v001.xml"))

    assert report.problems() == []
    assert {(file.path, file.ontology_iri) for file in report.files} == {
        (release.resolve(), f"{IGID}dataset/{release.stem}"),
        ((REPOSITORY / "ontology" / "innograph.ttl").resolve(), ONTOLOGY_IRI),
    }
    assert report.file(release).logical_axiom_count > 0
    assert report.consistent is True
    assert report.inferred_types, "HermiT inferred no type the release does not assert"


@pytest.mark.java
def test_the_seed_release_gets_the_types_its_classes_entail(owlapi_checker: Checker) -> None:
    release = REPOSITORY / "data" / "releases" / "2021-05-17-openzone-tuspark.ttl"
    report = owlapi_checker.run_alone(release, read_catalog(release.parent / "catalog-v001.xml"))

    assert ORGANIZATION in report.inferred_types[f"{IGID}organisation/openzone"]


@pytest.mark.java
def test_a_release_opened_alone_without_the_catalog_fails_on_its_import(
    owlapi_checker: Checker,
) -> None:
    """The check can fail: with no mapping, the import cannot be read (nothing is fetched)."""
    release = release_files()[0]
    report = owlapi_checker.run_alone(release, {})

    error = report.file(release).parse_error
    assert error is not None
    assert ONTOLOGY_IRI in error
    assert report.problems() != []
