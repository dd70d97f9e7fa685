"""`innograph export --inferred -f turtle`: ontology, data and the inferred graph in one file
that the Protégé stack (OWL API 5 + HermiT) reads as OWL 2 DL and finds consistent."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from innograph.cli import app
from innograph.namespaces import IG, IGID, INFERRED_GRAPH
from tests.ontology.owlapi import REPOSITORY, Checker

pytestmark = pytest.mark.java

ORG = rdflib.Namespace("http://www.w3.org/ns/org#")


def test_the_inferred_export_is_owl_2_dl_and_consistent(
    owlapi_checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("INNOGRAPH_SHAPES", str(REPOSITORY / "ontology" / "shapes.ttl"))
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data")])
    assert loaded.exit_code == 0, loaded.output
    assert runner.invoke(app, ["reason"]).exit_code == 0
    exported = tmp_path / "innograph.ttl"
    written = runner.invoke(app, ["export", "--inferred", "-f", "turtle", "-o", str(exported)])
    assert written.exit_code == 0, written.output
    graph = rdflib.Graph().parse(exported, format="turtle")
    openzone = rdflib.URIRef(IGID + "organisation/openzone")
    assert (openzone, rdflib.RDF.type, ORG.Organization) in graph  # inferred: cax-sco
    assert not any(graph.subjects(rdflib.RDF.type, rdflib.SH.NodeShape))

    report = owlapi_checker.run([exported])

    assert report.problems() == []
    assert report.consistent is True


def test_the_asserted_export_leaves_the_inferences_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merged (N-Triples) and graph by graph (TriG), the inferred graph stays out."""
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("INNOGRAPH_SHAPES", "")
    runner = CliRunner()
    runner.invoke(app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data")])
    assert runner.invoke(app, ["reason"]).exit_code == 0
    merged = runner.invoke(app, ["export", "--asserted", "-f", "ntriples"])
    assert merged.exit_code == 0, merged.output
    graph = rdflib.Graph().parse(data=merged.output, format="nt")
    openzone = rdflib.URIRef(IGID + "organisation/openzone")
    assert (openzone, rdflib.RDF.type, rdflib.URIRef(IG + "SciencePark")) in graph
    assert (openzone, rdflib.RDF.type, ORG.Organization) not in graph
    apart = runner.invoke(app, ["export", "--asserted", "-f", "trig"])
    assert apart.exit_code == 0, apart.output
    assert "/data/releases/2021-05-17-openzone-tuspark.ttl>" in apart.output
    assert INFERRED_GRAPH not in apart.output
    assert INFERRED_GRAPH in runner.invoke(app, ["export", "-f", "trig"]).output
