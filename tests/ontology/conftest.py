"""Session fixture: the OWL API + HermiT checker, compiled once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib

from tests.ontology.owlapi import (
    REPOSITORY,
    Checker,
    JavaStackMissingError,
    compile_checker,
    find_toolchain,
)

SHAPES_FILE = "shapes.ttl"
"""ontology/shapes.ttl is the SHACL shapes graph, not part of the OWL ontology."""


def ontology_files() -> list[Path]:
    """The OWL ontology files; fail when there are none."""
    files = sorted(
        path for path in (REPOSITORY / "ontology").glob("*.ttl") if path.name != SHAPES_FILE
    )
    if not files:
        pytest.fail("no ontology/*.ttl file (besides shapes.ttl) to check", pytrace=False)
    return files


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    """The OWL ontology files parsed into one graph."""
    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def owlapi_checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    """Compile the checker; fail (never skip) when the Java stack is missing, naming what is."""
    try:
        toolchain = find_toolchain()
    except JavaStackMissingError as error:
        missing = str(error)
    else:
        return compile_checker(toolchain, tmp_path_factory.mktemp("owlapi-checker"))
    where = " (CI is set: the Java stack is required)" if os.environ.get("CI") else ""
    pytest.fail(f"{missing}{where}", pytrace=False)
