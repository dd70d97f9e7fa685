"""Check a file's quads against SHACL shapes (pySHACL) before they reach the store."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph
import rdflib
from pyshacl import validate as shacl_validate

from innograph.errors import ValidationError, Violation
from innograph.ingest.sources import SourceFile, discover

__all__ = ["Validator", "to_ntriples", "to_rdflib", "read_graph"]

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


class Validator:
    """SHACL shapes plus the ontology whose class hierarchy the shapes' targets follow."""

    def __init__(
        self,
        shapes: rdflib.Graph,
        ontology: rdflib.Graph | None = None,
        *,
        shapes_path: Path | None = None,
    ) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self.shapes_path = shapes_path.resolve() if shapes_path else None

    @classmethod
    def from_paths(cls, shapes: Path, ontology: Sequence[Path] = ()) -> Validator:
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
        )

    def check(self, source: SourceFile, quads: Sequence[pyoxigraph.Quad]) -> None:
        """Raise ValidationError naming the file, shape and focus node of each violation.

        The shapes file itself is not data and is not checked against itself.
        """
        self.check_ntriples(source.path, to_ntriples(quads))

    def check_ntriples(self, path: Path, triples: bytes) -> None:
        """Like `check`, given the file's path and its triples as N-Triples: what crosses to a
        process of its own (`innograph.ingest.validation_process`) in a fifteenth of the time
        pickled quads take (64,000 triples: 0.25 s against 3.9 s)."""
        if self.shapes_path is not None and path.resolve() == self.shapes_path:
            return
        data = _from_ntriples(triples)
        if self.ontology is not None:
            # Merged here rather than passed as pySHACL's `ont_graph`: pySHACL's own mixing
            # copies the graph recursively and never returns on the concept schemes'
            # skos:hasTopConcept / skos:topConceptOf cycles.
            data += self.ontology
        conforms, report, _ = shacl_validate(
            data, shacl_graph=self.shapes, advanced=True, allow_warnings=True
        )
        if not conforms:
            raise ValidationError(path, _violations(report, self.shapes))


def _shape_name(shape: rdflib.term.Node | None, shapes: rdflib.Graph) -> str:
    """Name a shape by its IRI, or by the IRI of the node shape owning a blank property shape."""
    if isinstance(shape, rdflib.URIRef):
        return shape.n3()
    owner = shapes.value(None, _SH.property, shape) if shape is not None else None
    return owner.n3() if isinstance(owner, rdflib.URIRef) else "an anonymous shape"


def _violations(report: rdflib.Graph, shapes: rdflib.Graph) -> list[Violation]:
    """Each result of a report, with its message in every language the shapes give."""
    violations = []
    for result in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        path = report.value(result, _SH.resultPath)
        violations.append(
            Violation(
                focus=str(report.value(result, _SH.focusNode)),
                shape=_shape_name(report.value(result, _SH.sourceShape), shapes),
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
