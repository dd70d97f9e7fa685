"""`schemathesis run` against a served instance: every operation of `/openapi.json`, every check.

The service is `innograph serve` (a subprocess, as a user starts it) over the seed release in
memory, read-only as it is served by default, then taking writes with a token the run does not
hold: writes are tested as a client without the token meets them (403, then 401), and nothing
the run sends changes the data the next request reads.

Schemathesis runs as its command (`schemathesis run`) with every check (`--checks all`), no
operation or check excluded and no expected status relaxed: a request the document calls
valid must be accepted, every status, content type and header sent must be documented, every
answer must match its schema. What the document states and Schemathesis cannot make itself
(SPARQL queries and updates, a form field encoded as JSON) comes from
`tests/api/schemathesis_hooks.py`. The run is seeded and bounded, so every run sends the same
requests and stays within a few minutes.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.main import create_app
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY, served

_EXAMPLES = 20
"""Test cases per operation and phase: bounded, so the run stays within a few minutes."""

_SEED = "19"


@pytest.mark.parametrize("token", ["", "conformance-test-token"], ids=["read-only", "writable"])
def test_schemathesis_run_with_every_check_passes_against_a_served_instance(
    tmp_path: Path, token: str
) -> None:
    """Read-only, as the service is served by default (every write 403, no token asked for);
    and taking writes with a token (a throwaway store in memory), which Schemathesis does not
    hold: each write is refused with 401 and a challenge, as to any client without it."""
    variables = {"INNOGRAPH_STORE": ":memory:", "INNOGRAPH_UPDATE_TOKEN": token}
    with served(tmp_path, **variables) as (base, _):
        assert httpx.get(f"{base}/health", timeout=30).json()["writes"] is bool(token)
        paths = httpx.get(f"{base}/openapi.json", timeout=30).json()["paths"]
        operations = sum(len(methods) for methods in paths.values())
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            f"{base}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(_EXAMPLES),
            "--seed",
            _SEED,
            "--generation-database",
            "none",
            "--workers",
            "1",
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path / "report"),
        ]
        environment = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks",
            # Run from the test's folder (Schemathesis keeps a cache where it runs), with this
            # checkout's code importable for the hooks.
            "PYTHONPATH": os.pathsep.join([str(REPOSITORY / "src"), str(REPOSITORY)]),
        }
        run = subprocess.run(
            command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=600
        )
    assert run.returncode == 0, run.stdout[-20_000:] + run.stderr[-5_000:]
    assert f"Selected: {operations}/{operations}" in run.stdout  # every operation, none left out
    assert f"Tested: {operations}" in run.stdout
    generated = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert generated is not None and generated[1] == generated[2], run.stdout[-5_000:]


def _references(node: Any) -> Iterator[str]:
    """Every `$ref` in a JSON document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _resolve(document: dict[str, Any], reference: str) -> object:
    """The node a local JSON Pointer (`#/components/schemas/Problem`) names in the document."""
    assert reference.startswith("#/"), f"{reference} is not a reference within the document"
    node: Any = document
    for token in reference[2:].split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def test_every_reference_of_the_openapi_document_resolves() -> None:
    """Schemathesis skips what a `$ref` it cannot resolve describes, with a warning only; a
    client generator stops on it. The document does not depend on the data: no store needed."""
    document = create_app(seed_settings(REPOSITORY / "queries")).openapi()
    references = set(_references(document))
    assert "#/components/schemas/Problem" in references
    unresolved = []
    for reference in sorted(references):
        try:
            _resolve(document, reference)
        except (AssertionError, KeyError, TypeError):
            unresolved.append(reference)
    assert unresolved == []


def test_the_document_asks_for_the_update_token_only_where_writes_are_taken() -> None:
    read_only = seed_settings(REPOSITORY / "queries")
    writable = dataclasses.replace(read_only, update_token="secret")
    secured = {}
    for settings in (read_only, writable):
        document = create_app(settings).openapi()
        secured[settings.takes_writes] = sorted(
            f"{method.upper()} {path}"
            for path, operations in document["paths"].items()
            for method, operation in operations.items()
            if "security" in operation
        )
    writes = ["DELETE /rdf-graphs", "POST /rdf-graphs", "POST /sparql", "PUT /rdf-graphs"]
    assert secured == {False: [], True: writes}
