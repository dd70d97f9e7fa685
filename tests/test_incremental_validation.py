"""A write is checked on the nodes it touches, in the store as it will leave it (issue #16):
a violation that only the union of two graphs makes is found, a node whose shapes reach a
touched node is checked too, and a check reads a small part of the store."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph
import pytest

from innograph.errors import ValidationError
from innograph.ingest.validation import Validator
from innograph.loading import load
from innograph.store import Store, open_store
from innograph.validation import checks_of_write
from tests.seed_release import DOCUMENT, ONTOLOGY_PATH, SHAPES_PATH

IG = "https://w3id.org/innograph/ontology#"
IGID = "https://w3id.org/innograph/id/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ASSETS = f"{IGID}figure/tuspark-jiangsu-assets-under-management"
OPENZONE = f"{IGID}organisation/openzone"
TUSPARK = f"{IGID}organisation/tuspark-jiangsu"
STATEMENT = f"{IGID}statement/2021-05-17-hao-tang"
HAO_TANG = f"{IGID}person/hao-tang"
OTHER = "http://example.org/graphs/other"
UPDATE = Path("update")


@cache
def _validator() -> Validator:
    return Validator.from_paths(SHAPES_PATH, [ONTOLOGY_PATH.parent])


@pytest.fixture(scope="module")
def seeded() -> Store:
    """The ontology and the seed release, loaded and checked."""
    store = open_store(":memory:")
    load(
        [ONTOLOGY_PATH.parent, Path(SHAPES_PATH).parents[1] / "data"],
        store=store,
        validator=_validator(),
        reasoning=True,
    )
    return store


def _check(store: Store, graphs: dict[str, list[pyoxigraph.Quad]]) -> None:
    for job in checks_of_write(_validator(), store, graphs, names=UPDATE):
        _validator().check_job(job)


def _quad(
    subject: str,
    predicate: str,
    value: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | str,
    graph: str = OTHER,
) -> pyoxigraph.Quad:
    object = pyoxigraph.NamedNode(value) if isinstance(value, str) else value
    node = (
        pyoxigraph.BlankNode(subject[2:])
        if subject.startswith("_:")
        else pyoxigraph.NamedNode(subject)
    )
    return pyoxigraph.Quad(
        node, pyoxigraph.NamedNode(predicate), object, pyoxigraph.NamedNode(graph)
    )


def _traced(subject: str, predicate: str, value: str, passage: int) -> list[pyoxigraph.Quad]:
    """A fact in the other graph, annotated as the releases annotate theirs."""
    axiom = "_:axiom"
    return [
        _quad(subject, predicate, value),
        _quad(axiom, RDF_TYPE, f"{OWL}Axiom"),
        _quad(axiom, f"{OWL}annotatedSource", subject),
        _quad(axiom, f"{OWL}annotatedProperty", predicate),
        _quad(axiom, f"{OWL}annotatedTarget", value),
        _quad(axiom, f"{IG}statedIn", f"{DOCUMENT}/passage/{passage}"),
    ]


def test_a_traced_fact_about_a_node_another_graph_describes_is_accepted(seeded: Store) -> None:
    """The other graph alone neither types the figure nor holds its passage: the store does."""
    _check(seeded, {OTHER: _traced(TUSPARK, f"{IG}foundedBy", OPENZONE, 17)})


def test_a_violation_only_the_union_of_two_graphs_makes_is_refused(seeded: Store) -> None:
    """A second currency, traced, in another graph: the figure now has two (maxCount 1)."""
    with pytest.raises(ValidationError) as refused:
        _check(seeded, {OTHER: _traced(ASSETS, f"{IG}currency", f"{IGID}currency/EUR", 17)})
    assert {(v.focus, v.shape) for v in refused.value.violations} == {
        (ASSETS, "<https://w3id.org/innograph/shapes#MonetaryFigureShape>")
    }
    assert refused.value.path == UPDATE


def test_an_untraced_fact_names_its_node_and_the_check_reads_a_small_part(seeded: Store) -> None:
    added = {OTHER: [_quad(OPENZONE, f"{IG}foundingYear", pyoxigraph.Literal("2015"))]}
    (job,) = checks_of_write(_validator(), seeded, added, names=UPDATE)
    assert OPENZONE in job.focus and TUSPARK not in job.focus
    assert job.triples.count(b"\n") < seeded.triple_count() / 4
    with pytest.raises(ValidationError, match="Fact without provenance: " + OPENZONE):
        _validator().check_job(job)


def test_a_node_whose_shape_reaches_a_retyped_node_is_checked(seeded: Store) -> None:
    """Hao Tang stops being a person (type and its axiom removed from the release's graph):
    the quotation he speaks, untouched, now has a speaker that is no agent."""
    release = next(g for g in seeded.named_graphs() if g.endswith("openzone-tuspark.ttl"))
    person = pyoxigraph.NamedNode("http://xmlns.com/foaf/0.1/Person")
    kept = [
        quad
        for quad in seeded.quads(graph=release)
        if not (quad.subject == pyoxigraph.NamedNode(HAO_TANG) and quad.object == person)
        and not _annotates(seeded, quad.subject, HAO_TANG, person)
    ]
    with pytest.raises(ValidationError) as refused:
        _check(seeded, {release: kept})
    assert (STATEMENT, "<https://w3id.org/innograph/shapes#StatementShape>") in {
        (v.focus, v.shape) for v in refused.value.violations
    }


def _annotates(store: Store, axiom: object, source: str, target: pyoxigraph.NamedNode) -> bool:
    """Whether `axiom` is the annotation of `source rdf:type target`."""
    if not isinstance(axiom, pyoxigraph.BlankNode):
        return False
    values = {(q.predicate.value, q.object) for q in store.quads(axiom)}
    return (f"{OWL}annotatedSource", pyoxigraph.NamedNode(source)) in values and (
        f"{OWL}annotatedTarget",
        target,
    ) in values
