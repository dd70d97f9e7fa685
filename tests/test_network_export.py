"""`innograph export --format graphml|gexf|csv`: the seed's actor network, read back by networkx
(GraphML, GEXF) and by the csv module as Gephi reads the tables."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx
import pytest
from typer.testing import CliRunner

from innograph.cli import app
from innograph.namespaces import IGID
from tests.conftest import REPOSITORY

OPENZONE, IASP = IGID + "organisation/openzone", IGID + "organisation/iasp"
TUSPARK, ZAMBON = IGID + "organisation/tuspark-jiangsu", IGID + "organisation/zambon"
CONICELLA, TANG = IGID + "person/fabrizio-conicella", IGID + "person/hao-tang"
SEED_EDGES = {
    (OPENZONE, IASP, "member-of"),
    (TUSPARK, IASP, "member-of"),
    (OPENZONE, TUSPARK, "agreement-partner"),
    (OPENZONE, ZAMBON, "founded-by"),
    (CONICELLA, OPENZONE, "holds-post-in"),
    (TANG, TUSPARK, "holds-post-in"),
}
"""Every typed link of the seed release between actors, once, the way its relation reads
(the inferred inverses, `has-member` and `founded`, are the same links)."""


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> CliRunner:
    """The ontology and the seed release loaded, reasoned over (the inverses inferred). The
    environment is the runner's own: `clean_environment` empties the process's for each test."""
    store = tmp_path_factory.mktemp("network") / "store"
    runner = CliRunner(env={"INNOGRAPH_STORE": str(store), "INNOGRAPH_SHAPES": ""})
    loaded = runner.invoke(app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data")])
    assert loaded.exit_code == 0, loaded.output
    return runner


def exported(runner: CliRunner, network_format: str, output: Path) -> Path:
    result = runner.invoke(app, ["export", "--format", network_format, "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def edges(graph: networkx.MultiDiGraph[str]) -> set[tuple[str, str, str]]:
    return {(source, target, data["relation"]) for source, target, data in graph.edges(data=True)}


def test_graphml_holds_the_actors_and_their_typed_links(runner: CliRunner, tmp_path: Path) -> None:
    path = exported(runner, "graphml", tmp_path / "network.graphml")
    graph = networkx.read_graphml(path, force_multigraph=True)

    assert graph.is_directed()
    assert edges(graph) == SEED_EDGES
    assert graph.number_of_edges() == len(SEED_EDGES)
    assert graph.nodes[OPENZONE] == {
        "label": "OpenZone",
        "iri": OPENZONE,
        "kind": "organisation",
        "classes": "science park",
        "sectors": "healthcare",
    }
    assert graph.nodes[TUSPARK]["country"] == "China"  # OpenZone's country is not stated
    assert graph.nodes[TANG]["kind"] == "person"
    agreement = next(iter(graph.get_edge_data(OPENZONE, TUSPARK).values()))
    assert agreement["mutual"] is True
    assert agreement["kind"] == "agreement"
    assert agreement["announced"] == "2021-05-17"
    assert agreement["via"] == IGID + "agreement/openzone-tuspark-2021-mou"
    assert "life science" in agreement["sectors"].split("; ")
    post = next(iter(graph.get_edge_data(CONICELLA, OPENZONE).values()))
    assert (post["mutual"], post["role"]) == (False, "general manager")
    membership = next(iter(graph.get_edge_data(OPENZONE, IASP).values()))
    assert membership["status"] == "active"


def test_gexf_holds_the_same_network_with_labels(runner: CliRunner, tmp_path: Path) -> None:
    graph = networkx.read_gexf(exported(runner, "gexf", tmp_path / "network.gexf"))
    from_graphml = networkx.read_graphml(exported(runner, "graphml", tmp_path / "n.graphml"))

    assert edges(graph) == SEED_EDGES
    assert set(graph.nodes) == set(from_graphml.nodes)
    assert graph.nodes[IASP]["label"] == "IASP"
    assert graph.nodes[TUSPARK]["country"] == "China"


def test_csv_writes_the_two_tables_gephi_imports(runner: CliRunner, tmp_path: Path) -> None:
    folder = exported(runner, "csv", tmp_path / "tables")
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as stream:
        nodes = {row["Id"]: row for row in csv.DictReader(stream)}
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as stream:
        links = list(csv.DictReader(stream))

    assert nodes[OPENZONE]["Label"] == "OpenZone"
    assert nodes[CONICELLA]["kind"] == "person"
    assert {(row["Source"], row["Target"], row["Label"]) for row in links} == SEED_EDGES
    assert len(links) == len(SEED_EDGES)
    types = {row["Label"]: row["Type"] for row in links}
    assert types["agreement-partner"] == "Undirected"
    assert types["member-of"] == "Directed"
    assert {row["Source"] for row in links} | {row["Target"] for row in links} <= set(nodes)


def test_csv_needs_a_folder_and_an_unknown_format_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    to_stdout = runner.invoke(app, ["export", "--format", "csv"])
    assert to_stdout.exit_code == 1
    assert "the csv network is written to a folder" in to_stdout.output

    kept = tmp_path / "kept.ttl"
    kept.write_text("precious", encoding="utf-8")
    unknown = runner.invoke(app, ["export", "--format", "pajek", "-o", str(kept)])
    assert unknown.exit_code == 2
    assert "unknown format 'pajek'" in unknown.output
    assert kept.read_text(encoding="utf-8") == "precious"
