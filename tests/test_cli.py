"""The `innograph` command end to end, through typer's runner and as a real process."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from innograph.cli import app
from innograph.settings import Remote
from tests.conftest import REMOTE_KINDS, REPOSITORY, FileFactory, RemoteServers, emptied, served

EX = "http://example.org/"


@pytest.fixture(params=["embedded", *REMOTE_KINDS])
def runner(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    remote_servers: RemoteServers,
) -> CliRunner:
    """A runner of the command on an embedded store in `tmp_path`, or on an emptied remote
    server (Oxigraph, Virtuoso) configured through the environment as a user would
    (INNOGRAPH_BACKEND=sparql)."""
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("INNOGRAPH_SHAPES", "")
    if request.param != "embedded":
        remote, _ = remote_servers.get(request.param)
        emptied(remote).close()
        for name, value in _remote_environment(remote, tmp_path).items():
            monkeypatch.setenv(name, value)
    return CliRunner()


def _remote_environment(remote: Remote, folder: Path) -> dict[str, str]:
    return {
        "INNOGRAPH_BACKEND": "sparql",
        "INNOGRAPH_SPARQL_QUERY_URL": remote.query_url,
        "INNOGRAPH_SPARQL_UPDATE_URL": remote.update_url or "",
        "INNOGRAPH_SPARQL_GRAPH_STORE_URL": remote.graph_store_url or "",
        "INNOGRAPH_SPARQL_LOCAL": str(folder / "derived"),
    }


def test_cli_names_an_unreachable_remote_store_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INNOGRAPH_BACKEND", "sparql")
    monkeypatch.setenv("INNOGRAPH_SPARQL_QUERY_URL", "http://127.0.0.1:9/sparql")
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 1
    assert "cannot be reached" in result.output and "Traceback" not in result.output


def test_cli_load_then_query_prints_the_count(runner: CliRunner, file_factory: FileFactory) -> None:
    path = file_factory("a.ttl", f"<{EX}a> <{EX}p> 1 , 2 .\n")
    loaded = runner.invoke(app, ["load", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "loaded 1 file(s), 0 unchanged" in loaded.output
    counted = runner.invoke(
        app, ["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "-f", "csv"]
    )
    assert counted.exit_code == 0, counted.output
    assert counted.output.split() == ["n", "2"]


def test_cli_query_reads_an_rq_file_and_writes_json(
    runner: CliRunner, file_factory: FileFactory
) -> None:
    runner.invoke(app, ["load", str(file_factory("a.ttl", f"<{EX}a> <{EX}p> 1 .\n"))])
    query = file_factory("q.rq", "# name: values\nSELECT ?v WHERE { ?s ?p ?v }\n")
    result = runner.invoke(app, ["query", str(query), "--format", "json"])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert [row["v"]["value"] for row in bindings] == ["1"]


def test_cli_load_exits_non_zero_naming_file_and_line(
    runner: CliRunner, file_factory: FileFactory
) -> None:
    bad = file_factory("bad.ttl", f"<{EX}a> <{EX}p> 1\n<{EX}b> <{EX}p> 2 .\n")
    result = runner.invoke(app, ["load", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2:1: A dot is expected at the end of statements" in result.output


def test_cli_stats_lists_graphs_and_classes(runner: CliRunner, file_factory: FileFactory) -> None:
    path = file_factory("a.ttl", f"<{EX}a> a <{EX}Park> .\n")
    runner.invoke(app, ["load", str(path)])
    result = runner.invoke(app, ["stats"], terminal_width=300)
    assert result.exit_code == 0, result.output
    assert path.resolve().as_uri() in result.output
    assert f"{EX}Park" in result.output


def test_cli_export_writes_one_graph_as_ntriples(
    runner: CliRunner, file_factory: FileFactory, tmp_path: Path
) -> None:
    path = file_factory("a.ttl", f"<{EX}a> <{EX}p> <{EX}b> .\n")
    runner.invoke(app, ["load", str(path)])
    output = tmp_path / "out.nt"
    graph = path.resolve().as_uri()
    result = runner.invoke(app, ["export", "--graph", graph, "-f", "ntriples", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text() == f"<{EX}a> <{EX}p> <{EX}b> .\n"


def test_cli_every_command_has_help(runner: CliRunner) -> None:
    for command in ["load", "query", "stats", "export", "serve", "docs", "ontology-report"]:
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage" in result.output


def test_cli_serve_seeds_an_empty_store_and_answers_health(tmp_path: Path) -> None:
    """`innograph serve` from the project root loads ontology/ and data/ on first start."""
    with served(tmp_path) as (base, _):
        response = httpx.get(f"{base}/health", timeout=5)
    assert response.status_code == 200
    assert response.json()["triples"] > 0
    assert response.json()["graphs"] >= 2
    assert response.json()["processes"] == 1


def _serving_children(server: subprocess.Popen[bytes]) -> list[int]:
    """The processes uvicorn started to serve (not multiprocessing's resource tracker)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"multiprocessing.spawn" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


def test_cli_serve_from_two_processes_answers_from_one_read_only_store(tmp_path: Path) -> None:
    """`serve --processes 2` seeds the store once, then two processes answer from it alike."""
    with served(tmp_path, "--processes", "2") as (base, server):
        assert len(_serving_children(server)) == 2
        health = httpx.get(f"{base}/health", timeout=10).json()
        answers = [  # a new connection each, so that both processes take some
            httpx.get(f"{base}/api/organizations/openzone/links", timeout=10) for _ in range(12)
        ]
        asked = httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        write = httpx.post(
            f"{base}/sparql",
            data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
            headers={"Authorization": "Bearer anything"},
            timeout=10,
        )
    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.headers["ETag"] for answer in answers}) == 1
    assert len({answer.content for answer in answers}) == 1
    kinds = {link["kind"] for link in answers[0].json()["links"]}
    assert {"agreement", "membership", "founding", "post"} <= kinds
    assert asked.json()["boolean"] is True
    assert write.status_code == 403
    assert (health["processes"], health["writes"]) == (2, False)


def test_cli_serve_refuses_writes_from_several_processes(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only one process can write the store: a token with `--processes 2` stops at start."""
    monkeypatch.setenv("INNOGRAPH_UPDATE_TOKEN", "secret")
    monkeypatch.setenv("INNOGRAPH_PROCESSES", "1")  # `serve` sets it; restored after the test
    result = runner.invoke(app, ["serve", "--processes", "2"])
    assert result.exit_code == 1
    assert "INNOGRAPH_UPDATE_TOKEN" in result.output
    assert "read-only" in result.output


def test_cli_ontology_report_passes_the_ontology(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ontology-report", str(REPOSITORY / "ontology/innograph.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "no problems"


def test_cli_ontology_report_exits_non_zero_listing_problems(
    runner: CliRunner, file_factory: FileFactory
) -> None:
    path = file_factory("bad.ttl", f"<{EX}o> a <http://www.w3.org/2002/07/owl#Ontology> .\n")
    result = runner.invoke(app, ["ontology-report", str(path)])
    assert result.exit_code == 1
    assert f"{EX}o: header lacks dcterms:title@en" in result.output
    assert "13 problem(s)" in result.output


def test_cli_docs_writes_the_html_page(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "ontology.html"
    ontology = str(REPOSITORY / "ontology/innograph.ttl")
    result = runner.invoke(app, ["docs", ontology, "--output", str(output), "--language", "it"])
    assert result.exit_code == 0, result.output
    assert "parco scientifico" in output.read_text(encoding="utf-8")


def test_cli_load_prints_shacl_messages_in_english_unless_told_otherwise(
    runner: CliRunner, file_factory: FileFactory
) -> None:
    shapes = file_factory(
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<{EX}LabelShape> a sh:NodeShape ; sh:targetClass <{EX}Thing> ;\n"
        "  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ; sh:minCount 1 ;\n"
        '    sh:message "A thing has a label."@en , "Una cosa ha un\'etichetta."@it ] .\n',
    )
    data = str(file_factory("data.ttl", f"<{EX}x> a <{EX}Thing> .\n"))
    english = runner.invoke(app, ["load", data, "--shapes", str(shapes)])
    italian = runner.invoke(app, ["load", data, "--shapes", str(shapes), "--language", "it"])
    assert english.exit_code == italian.exit_code == 1
    assert "A thing has a label." in english.output and "Una cosa" not in english.output
    assert "Una cosa ha un'etichetta." in italian.output


def test_cli_query_asserted_leaves_the_inferred_graph_out(runner: CliRunner) -> None:
    loaded = runner.invoke(app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data")])
    assert loaded.exit_code == 0, loaded.output
    assert runner.invoke(app, ["reason"]).exit_code == 0
    query = "SELECT ?x WHERE { ?x a org:Organization } ORDER BY ?x"
    both = runner.invoke(app, ["query", query, "-f", "csv"])
    assert both.exit_code == 0, both.output
    assert "https://w3id.org/innograph/id/organisation/openzone" in both.output.split()
    asserted = runner.invoke(app, ["query", query, "-f", "csv", "--asserted"])
    assert asserted.exit_code == 0, asserted.output
    assert asserted.output.split() == ["x"]
