"""Session fixture: the OWL API + HermiT checker, compiled once per test session."""

from __future__ import annotations

import os

import pytest

from tests.ontology.owlapi import Checker, JavaStackMissingError, compile_checker, find_toolchain


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
