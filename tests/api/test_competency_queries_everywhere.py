"""Every competency query answers the same through the library, `innograph query` and /sparql.

`tests/test_competency_queries.py` pins each query's exact answer in process; this module shows
an analyst gets that same answer from the command line and over the SPARQL 1.1 Protocol.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from innograph.cli import app
from innograph.queries import NamedQuery, query_catalogue, run_query, serialize_result
from innograph.store import Store
from tests.conftest import REPOSITORY

QUERIES = sorted(query_catalogue(REPOSITORY / "queries").values(), key=lambda query: query.name)


def _bindings(document: bytes | str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(document)["results"]["bindings"]
    return rows


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An on-disk store loaded through `innograph load`, as a user would."""
    folder = tmp_path_factory.mktemp("cli") / "store"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INNOGRAPH_STORE", str(folder))
        patch.setenv("INNOGRAPH_SHAPES", str(REPOSITORY / "ontology" / "shapes.ttl"))
        patch.setenv("INNOGRAPH_ONTOLOGY", str(REPOSITORY / "ontology" / "innograph.ttl"))
        # The pinned answers are the asserted data's: the same store as in process, without
        # the inferred graph (which adds, e.g., every superclass to organisation-kinds).
        patch.setenv("INNOGRAPH_REASONING", "off")
        result = CliRunner().invoke(
            app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data")]
        )
        assert result.exit_code == 0, result.output
    yield folder


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.name)
def test_competency_query_answers_alike_in_process_and_over_sparql_protocol(
    query: NamedQuery, seed_store: Store, seed_client: TestClient
) -> None:
    expected = _bindings(serialize_result(run_query(seed_store, query), "json"))
    response = seed_client.post(
        "/sparql",
        content=query.text.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    assert response.status_code == 200, response.text
    assert _bindings(response.content) == expected


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.name)
def test_competency_query_answers_alike_in_process_and_through_the_cli(
    query: NamedQuery, seed_store: Store, cli_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI runs on an embedded store: on a remote one, the same answer means the store
    answers as the embedded one does, Virtuoso included (whose `rdfs:subClassOf*` the remote
    store sends as VALUES: `place-hierarchy` and two more lost every row otherwise)."""
    monkeypatch.setenv("INNOGRAPH_STORE", str(cli_store))
    answered = _bindings(serialize_result(run_query(seed_store, query), "json"))
    result = CliRunner().invoke(app, ["query", str(query.path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _bindings(result.stdout) == answered
