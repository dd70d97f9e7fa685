"""The shapes compiled to SPARQL (`innograph.ingest.shacl_plan`): every shape of the project
compiles; a shape using a component the compiler lacks is checked by the engine, never
passed over; SPARQL constraints give the same rows run once for many focus nodes as bound to
each; and on cases the fixtures of `tests/data/test_shapes.py` do not reach (an ill-typed
literal, a literal focus node) the compiled path reports what pySHACL reports."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDFS, XSD

import innograph.ingest.shacl_compiled as compiled
import innograph.ingest.validation_process as validation_process
from innograph.errors import ValidationError
from innograph.ingest.shacl_compiled import violations_found
from innograph.ingest.shacl_plan import compile_shapes
from innograph.ingest.validation import CheckJob, Validator
from innograph.settings import ShaclEngine
from tests.data.test_shapes import (
    ASSETS,
    IG,
    IGSH,
    MOU,
    PASSAGE_10,
    Mutation,
    _evidence_not_in_passage,
    _one_party,
    _release,
    _target_datatype_differs,
    _unsourced_entity,
)
from tests.seed_release import ONTOLOGY_PATH, SHAPES_PATH

SH = Namespace("http://www.w3.org/ns/shacl#")
Found = set[tuple[str, str | None, str]]


@cache
def _validator(engine: ShaclEngine) -> Validator:
    return Validator.from_paths(SHAPES_PATH, [ONTOLOGY_PATH], engine=engine)


def _found(validator: Validator, release: Graph) -> Found:
    try:
        validator.check_ntriples(Path("release.nt"), release.serialize(format="nt").encode())
    except ValidationError as error:
        return {(v.focus, v.path, v.shape) for v in error.violations}
    return set()


def test_every_shape_of_the_project_compiles() -> None:
    plan = compile_shapes(_validator("compiled").shapes)
    assert plan.uncompiled == () and plan.engine_shapes is None
    assert len(plan.shapes) == 15


def test_a_shape_the_compiler_cannot_translate_is_checked_by_the_engine() -> None:
    """sh:pattern is not compiled: its shape goes to pyshacl-turbo, and its violation is
    reported beside the compiled shapes' verdicts."""
    shapes = Graph().parse(SHAPES_PATH)
    shapes.parse(
        data=f"""
        @prefix sh: <{SH}> .
        <{IGSH}PatternShape> a sh:NodeShape ; sh:targetClass <{IG}Organisation> ;
            sh:property [ sh:path <{RDFS.label}> ; sh:pattern "^Zz" ] .
        """,
        format="turtle",
    )
    plan = compile_shapes(shapes)
    assert plan.uncompiled == (f"<{IGSH}PatternShape>",)
    validator = Validator(shapes, _validator("compiled").ontology, engine="compiled")
    shapes_found = {shape for _, _, shape in _found(validator, _release())}
    assert shapes_found == {f"<{IGSH}PatternShape>"}


@pytest.mark.parametrize(
    "mutation", [_target_datatype_differs, _evidence_not_in_passage, _unsourced_entity]
)
def test_sparql_constraints_run_once_for_many_focus_nodes_as_bound_to_each(
    mutation: Mutation, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = _release()
    mutation(release)
    store = pyoxigraph.Store()
    store.load(
        release.serialize(format="nt").encode() + _validator("compiled")._ontology_ntriples,
        format=pyoxigraph.RdfFormat.N_TRIPLES,
    )
    plan = compile_shapes(_validator("compiled").shapes)
    bound = violations_found(plan, store)
    monkeypatch.setattr(compiled, "_BOUND_UP_TO", 0)
    assert bound and violations_found(plan, store) == bound
    assert not store.contains_named_graph(pyoxigraph.NamedNode("urn:innograph:shacl#focus"))


def _ill_typed_index(graph: Graph) -> None:
    graph.set((PASSAGE_10, IG.passageIndex, Literal("ten", datatype=XSD.integer)))


def _literal_assets(graph: Graph) -> None:
    graph.add((ASSETS, IG.assetsUnderManagement, Literal("5 billion")))


@pytest.mark.parametrize("mutation", [_ill_typed_index, _literal_assets])
def test_the_compiled_shapes_report_what_pyshacl_reports(mutation: Mutation) -> None:
    release = _release()
    mutation(release)
    expected = _found(_validator("pyshacl"), release)
    assert expected
    assert _found(_validator("compiled"), release) == expected


def test_a_small_check_by_the_compiled_shapes_runs_without_a_process_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-triple update's check is a tenth of a second: no child process is started for
    it (starting one took over a second under load), and its verdict is the same."""

    def no_process() -> None:
        raise AssertionError("a process was started for a small check")

    monkeypatch.setattr(validation_process, "context", no_process)
    broken = _release()
    _one_party(broken)
    job = CheckJob(Path("update"), broken.serialize(format="nt").encode(), frozenset({str(MOU)}))
    with pytest.raises(ValidationError) as refused:
        validation_process.check_apart(_validator("compiled"), [job], timeout=30)
    assert {(v.focus, v.shape) for v in refused.value.violations} == {
        (str(MOU), f"<{IGSH}AgreementShape>")
    }
    seed = CheckJob(Path("update"), _release().serialize(format="nt").encode(), frozenset())
    validation_process.check_apart(_validator("compiled"), [seed], timeout=30)
