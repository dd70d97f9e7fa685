"""Check RDF against the SHACL shapes before it reaches the store: a file alone, or the nodes a
write touches (`focus`) in the part of the store around them (`innograph.validation`).

Three engines give the same verdicts (`tests/data/test_validation_oracle.py`,
`INNOGRAPH_SHACL_ENGINE`): `compiled`, the default, the shapes compiled to SPARQL queries that
pyoxigraph runs over the data (`innograph.ingest.shacl_plan`), pyshacl-turbo giving the report
of data they refuse (its messages, as before) and checking any shape the compiler does not
translate; `turbo`, pyshacl-turbo alone, a SHACL engine in Rust with pySHACL's interface and
SHACL-AF SPARQL targets and constraints; and `pyshacl`, the reference they are checked
against. Measured on this 2-core machine (`benchmarks/bench_validation.py`): the seed release
with the ontology, 1.0 s with pySHACL and 0.13 s with pyshacl-turbo; on whole generated files
pyshacl-turbo costs about 100 µs a triple, the compiled queries a fraction of it. pyrudof
(Rust too) missed the untraced fact of a broken fixture (it runs no SHACL-AF SPARQL target),
so it is not offered. The data is read from a pyoxigraph store in memory, which keeps
blank-node labels (an axiom annotation reported by its label, as the store holds it).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib

from innograph.errors import ValidationError, Violation
from innograph.ingest.shacl_compiled import Found, LiteralFocus, violations_found
from innograph.ingest.shacl_plan import Plan, compile_shapes, shape_name
from innograph.ingest.sources import SourceFile, discover
from innograph.settings import ShaclEngine

__all__ = ["CheckJob", "Validator", "to_ntriples", "to_rdflib", "read_graph"]


_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def to_ntriples(quads: Iterable[pyoxigraph.Quad]) -> bytes:
    """Given quads, return their triples as N-Triples (graph names dropped)."""
    triples = (pyoxigraph.Triple(quad.subject, quad.predicate, quad.object) for quad in quads)
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def to_rdflib(quads: Iterable[pyoxigraph.Quad]) -> rdflib.Graph:
    """Given quads, return their triples as an rdflib graph (graph names dropped)."""
    return _from_ntriples(to_ntriples(quads))


def _from_ntriples(data: bytes) -> rdflib.Graph:
    graph = rdflib.Graph()
    if data:
        graph.parse(data=data, format="nt")
    return graph


def read_graph(paths: Sequence[Path]) -> rdflib.Graph:
    """Given RDF files or folders, return one rdflib graph holding all their triples."""
    graph = rdflib.Graph()
    for source in discover(paths):
        graph.parse(source.path, format=_RDFLIB_FORMATS[source.format])
    return graph


_RDFLIB_FORMATS = {
    pyoxigraph.RdfFormat.TURTLE: "turtle",
    pyoxigraph.RdfFormat.TRIG: "trig",
    pyoxigraph.RdfFormat.N_TRIPLES: "nt",
    pyoxigraph.RdfFormat.N_QUADS: "nquads",
    pyoxigraph.RdfFormat.RDF_XML: "xml",
    pyoxigraph.RdfFormat.JSON_LD: "json-ld",
}


@dataclass(frozen=True)
class CheckJob:
    """One check of a write (`innograph.validation`): the triples around the nodes it touches,
    as N-Triples, the IRIs of those nodes (`focus`), and the name errors give the data."""

    path: Path
    triples: bytes
    focus: frozenset[str]


class Validator:
    """SHACL shapes plus the ontology whose class hierarchy the shapes' targets follow."""

    def __init__(
        self,
        shapes: rdflib.Graph,
        ontology: rdflib.Graph | None = None,
        *,
        shapes_path: Path | None = None,
        ontology_paths: Sequence[Path] = (),
        engine: ShaclEngine = "compiled",
    ) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.shapes_path = shapes_path.resolve() if shapes_path else None
        self.ontology_paths = tuple(path.resolve() for path in ontology_paths)
        self.engine = engine

    def __getstate__(self) -> dict[str, Any]:
        """What a validation process receives: not the compiled shapes, which do not pickle
        (compiling takes 0.02 s)."""
        state = dict(self.__dict__)
        for compiled in ("_compiled", "_plan", "_engine_for_rest"):
            state.pop(compiled, None)
        return state

    @classmethod
    def from_paths(
        cls, shapes: Path, ontology: Sequence[Path] = (), *, engine: ShaclEngine = "compiled"
    ) -> Validator:
        """Given the shapes file and ontology files/folders, return a ready validator.

        The shapes file is left out of the ontology even when it sits in the same folder.
        """
        ontology_files = [
            source.path
            for source in discover(ontology)
            if source.path.resolve() != shapes.resolve()
        ]
        return cls(
            read_graph([shapes]),
            read_graph(ontology_files) if ontology_files else None,
            shapes_path=shapes,
            ontology_paths=ontology_files,
            engine=engine,
        )

    @property
    def shapes_graph(self) -> str | None:
        """The graph the shapes file gets when it is loaded (it sits in `ontology/`)."""
        return self.shapes_path.as_uri() if self.shapes_path else None

    @property
    def own_graphs(self) -> frozenset[str]:
        """The graphs the shapes file and the ontology files get when they are loaded: a
        store holding only these holds nothing but what the validator merges anyway."""
        shapes = [self.shapes_path] if self.shapes_path else []
        return frozenset(path.as_uri() for path in (*self.ontology_paths, *shapes))

    @cached_property
    def targets_objects_of(self) -> frozenset[str]:
        """The properties whose objects some shape targets (`sh:targetObjectsOf`): a node
        gains or loses shapes when such a triple points at it."""
        return frozenset(str(p) for p in self.shapes.objects(None, _SH.targetObjectsOf))

    def check(self, source: SourceFile, quads: Sequence[pyoxigraph.Quad]) -> None:
        """Raise ValidationError naming the file, shape and focus node of each violation.

        The shapes file itself is not data and is not checked against itself.
        """
        self.check_ntriples(source.path, to_ntriples(quads))

    def is_quick(self, jobs: Sequence[CheckJob], triples: int) -> bool:
        """Whether the compiled shapes check these jobs, of at most `triples` triples in all:
        a check bounded enough to need no process of its own (`check_apart`)."""
        return self.engine == "compiled" and sum(j.triples.count(b"\n") for j in jobs) <= triples

    def check_job(self, job: CheckJob) -> None:
        """Raise ValidationError naming the job's data if a focus node breaks the shapes."""
        self.check_ntriples(job.path, job.triples, job.focus)

    def check_ntriples(
        self, path: Path, triples: bytes, focus: Collection[str] | None = None
    ) -> None:
        """Like `check`, given the file's path and its triples as N-Triples: what crosses to a
        process of its own (`innograph.ingest.validation_process`) in a fifteenth of the time
        pickled quads take (64,000 triples: 0.25 s against 3.9 s).

        With `focus` (IRIs), the triples are the part of a store around those nodes, and only
        the violations of those nodes count: another IRI there may lack triples the store has.
        A blank node's violations always count: the part holds all its triples (a blank node
        is reached through a focus node, and described whole, `innograph.validation`)."""
        if self.shapes_path is not None and path.resolve() == self.shapes_path:
            return
        if self.engine == "pyshacl":
            from pyshacl import validate as shacl_validate  # the reference: imported if run

            data = _from_ntriples(triples)
            if self.ontology is not None:
                data += self.ontology
            conforms, report, _ = shacl_validate(
                data, shacl_graph=self.shapes, advanced=True, allow_warnings=True
            )
            assert isinstance(report, rdflib.Graph)
            violations = [] if conforms else _violations(report, self.shapes, focus)
        else:
            violations = self._store_violations(self._data_store(triples), focus)
        if violations:
            raise ValidationError(path, violations)

    def accepts_files(self, sources: Sequence[SourceFile]) -> bool:
        """Whether files, merged with the ontology and nothing else, conform: the whole new
        data of a bulk load into a store that holds only the validator's own graphs
        (`innograph.loading`), checked by the compiled queries without looking at its nodes
        one by one. False also when they cannot say (a parse error, a literal focus node):
        the caller then checks the usual way, which names the file and the violations."""
        if self.engine != "compiled":
            return False
        store = self._data_store(b"")
        try:
            for source in sources:
                store.load(
                    path=source.path,
                    format=source.format,
                    base_iri=source.path.resolve().as_uri(),
                )
            return not violations_found(self._plan, store) and not self._rest(store, None)
        except (SyntaxError, LiteralFocus):
            return False

    def _data_store(self, triples: bytes) -> pyoxigraph.Store:
        store = pyoxigraph.Store()
        store.load(triples + self._ontology_ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return store

    def _store_violations(
        self, store: pyoxigraph.Store, focus: Collection[str] | None
    ) -> list[Violation]:
        """The violations of the data in `store` (with the ontology): the compiled queries
        decide, pyshacl-turbo writes the report of the focus nodes they refuse; `turbo`, or a
        shape that targets a literal, pyshacl-turbo alone."""
        if self.engine == "compiled":
            try:
                found = violations_found(self._plan, store, focus)
            except LiteralFocus:
                pass
            else:
                violations = self._rest(store, focus)
                if found:
                    violators = {item.focus for item in found if item.iri}
                    reported = self._turbo(store, self._compiled, violators)
                    violations += reported or [_violation(item, self.shapes) for item in found]
                return violations
        return self._turbo(store, self._compiled, focus)

    def _rest(self, store: pyoxigraph.Store, focus: Collection[str] | None) -> list[Violation]:
        """The violations of the shapes the compiler left to the engine (usually none)."""
        if self._engine_for_rest is None:
            return []
        return self._turbo(store, self._engine_for_rest, focus)

    def _turbo(
        self, store: pyoxigraph.Store, compiled: Any, focus: Collection[str] | None
    ) -> list[Violation]:
        conforms, report, _ = compiled.validate(store, allow_warnings=True)
        assert isinstance(report, rdflib.Graph)
        return [] if conforms else _violations(report, self.shapes, focus)

    @cached_property
    def _plan(self) -> Plan:
        return compile_shapes(self.shapes)

    @cached_property
    def _engine_for_rest(self) -> Any:
        rest = self._plan.engine_shapes
        return None if rest is None else _turbo_shapes(rest)

    @cached_property
    def _ontology_ntriples(self) -> bytes:
        if self.ontology is None:
            return b""
        return self.ontology.serialize(format="nt", encoding="utf-8")

    @cached_property
    def _compiled(self) -> Any:
        return _turbo_shapes(self.shapes)


def _turbo_shapes(shapes: rdflib.Graph) -> Any:
    import pyshacl_turbo  # only the engines that run it need it

    return pyshacl_turbo.compile_shapes(shapes, advanced=True)  # type: ignore[no-untyped-call]


def _violation(found: Found, shapes: rdflib.Graph) -> Violation:
    """A violation the compiled queries found and the engine did not report (they disagree:
    the compiled verdict stands, never passed over), with the shape's own messages."""
    sources = [source for source in (found.source,) if source is not None]
    owner = shapes.value(None, _SH.property, found.source) if found.source is not None else None
    messages = {
        text.language or "": str(text)
        for source in (*sources, owner)
        if source is not None
        for text in shapes.objects(source, _SH.message)
        if isinstance(text, rdflib.Literal)
    }
    return Violation(focus=found.focus, shape=found.shape, path=found.path, messages=messages)


def _violations(
    report: rdflib.Graph, shapes: rdflib.Graph, focus: Collection[str] | None = None
) -> list[Violation]:
    """Each result of a report, with its message in every language the shapes give; with
    `focus`, only those of the IRIs it names (and of blank nodes)."""
    violations = []
    for result in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        node = report.value(result, _SH.focusNode)
        if focus is not None and isinstance(node, rdflib.URIRef) and str(node) not in focus:
            continue
        path = report.value(result, _SH.resultPath)
        violations.append(
            Violation(
                focus=str(node),
                shape=shape_name(report.value(result, _SH.sourceShape), shapes),
                path=path.n3() if path is not None else None,
                messages=_messages(report, result, shapes),
            )
        )
    return violations


def _messages(
    report: rdflib.Graph, result: rdflib.term.Node, shapes: rdflib.Graph
) -> dict[str, str]:
    """A result's messages by language tag ("" for untagged).

    pySHACL copies each `sh:message` to the result in its language, but one whose `{?var}`
    it fills in (a SPARQL constraint's) comes out untagged (pySHACL 0.40 writes
    `Literal(msg)`): such a message takes the language of the template it was filled from.
    """
    sources = (report.value(result, _SH.sourceShape), report.value(result, _SH.sourceConstraint))
    templates = [
        template
        for source in sources
        if source is not None  # (None would read every message of the shapes)
        for template in shapes.objects(source, _SH.message)
        if isinstance(template, rdflib.Literal) and template.language
    ]
    messages: dict[str, str] = {}
    for text in sorted(report.objects(result, _SH.resultMessage), key=str):  # the same each run
        language = text.language if isinstance(text, rdflib.Literal) else None
        if not language:
            language = next((t.language for t in templates if _fills(str(t), str(text))), None)
        messages[language or ""] = str(text)
    return messages


def _fills(template: str, text: str) -> bool:
    """Is `text` the template with its `{?var}` / `{$var}` filled in?"""
    pieces = re.split(r"\{[?$]\w+\}", template)
    return re.fullmatch(".*".join(map(re.escape, pieces)), text, re.DOTALL) is not None
