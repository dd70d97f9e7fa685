"""Hygiene checks for the ontology files, so the defects W3C ORG and PROV-O shipped cannot recur.

ORG has untagged labels, a `rdfs:subClasOf` typo that silently drops an axiom, commented-out
triples and an object property with a datatype range; PROV-O left a `:todo` term. Each
`report_*` function looks for one family of such defects and returns a list of `TermProblem`;
an empty list means clean. `report_files` runs them all over files on disk and backs the
`innograph ontology-report` command and the hygiene test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pyoxigraph
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN, XSD, DefinedNamespace

from innograph.ingest.parsing import parse_file
from innograph.ingest.sources import discover
from innograph.ingest.validation import to_rdflib
from innograph.namespaces import IG, IGID, PREFIXES

__all__ = [
    "TermProblem",
    "LANGUAGES",
    "HEADER_REQUIREMENTS",
    "OWL2_DATATYPES",
    "report_terms",
    "report_declarations",
    "report_datatypes",
    "report_header",
    "report_commented_triples",
    "report_graph",
    "report_files",
]

LANGUAGES: Final = ("en", "it")
"""Every label and definition exists once in each of these languages."""

_TIME = "http://www.w3.org/2006/time#"

_DECLARED_NAMESPACES: Final = (
    IG,
    IGID,
    *(
        iri
        for prefix, iri in PREFIXES.items()
        if prefix not in {"ig", "igid", "owl", "rdf", "rdfs", "xsd"}
    ),
    str(VANN),
    _TIME,
)
"""Namespaces whose every term must carry an rdf:type in the checked files (no owl:imports)."""

_BUILT_IN: Final[tuple[type[DefinedNamespace], ...]] = (RDF, RDFS, OWL, XSD)
"""Namespaces whose terms need no declaration but must exist (this catches `rdfs:subClasOf`)."""

_CURIES: Final = {**PREFIXES, "vann": str(VANN), "time": _TIME}

OWL2_DATATYPES: Final = frozenset(
    {
        OWL.real,
        OWL.rational,
        RDFS.Literal,
        RDF.PlainLiteral,
        RDF.XMLLiteral,
        RDF.langString,
        *(
            XSD[name]
            for name in (
                "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger "
                "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort "
                "unsignedByte double float string normalizedString token language Name NCName "
                "NMTOKEN boolean hexBinary base64Binary anyURI dateTime dateTimeStamp"
            ).split()
        ),
    }
)
"""The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps) plus rdf:langString.

xsd:date, xsd:gYear, xsd:time and xsd:duration are not in it, so an OWL 2 DL reasoner rejects them.
"""

HEADER_REQUIREMENTS: Final[tuple[tuple[URIRef, str | None], ...]] = (
    (DCTERMS.title, "en"),
    (DCTERMS.title, "it"),
    (DCTERMS.description, "en"),
    (DCTERMS.description, "it"),
    (DCTERMS.creator, None),
    (DCTERMS.created, None),
    (DCTERMS.modified, None),
    (DCTERMS.license, None),
    (OWL.versionIRI, None),
    (OWL.versionInfo, None),
    (VANN.preferredNamespacePrefix, None),
    (VANN.preferredNamespaceUri, None),
    (RDFS.seeAlso, None),
)
"""The annotations the owl:Ontology header must carry: (property, language or None for any)."""

_TERM_TYPES: Final = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_PROPERTY_TYPES: Final = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
_CONCEPT_TYPES: Final = (SKOS.Concept, SKOS.ConceptScheme)
_TEXT_PROPERTIES: Final = (
    RDFS.label,
    RDFS.comment,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.definition,
    SKOS.example,
    DCTERMS.title,
    DCTERMS.description,
)
"""Human-readable text, which must always say which language it is in."""

_AXIOM_PREDICATES: Final = frozenset(
    {
        RDF.type,
        RDFS.subClassOf,
        RDFS.subPropertyOf,
        RDFS.domain,
        RDFS.range,
        OWL.inverseOf,
        OWL.equivalentClass,
        OWL.equivalentProperty,
        OWL.disjointWith,
    }
)
"""Predicates whose IRI objects are terms, whatever their namespace, so must be declared."""

_NAME = r"(?:<[^>\s]*>|[A-Za-z][\w.-]*:[\w.-]*)"
_COMMENTED_TRIPLE: Final = re.compile(rf"^\s*#\s*(?:{_NAME}|a)\s+(?:{_NAME}|a\b|\"|\[|\(|-?\d)")
"""A comment that starts like Turtle: a term, then a term, literal, list or number.

`#    rdfs:domain [` and `# ig:x a owl:Class ;` match; `# -- Places ---` and prose such as
`# ig:statedIn is the one provenance mechanism` do not.
"""


@dataclass(frozen=True, order=True)
class TermProblem:
    """One defect: the term's IRI (or `path:line` for a text defect) and what is wrong."""

    term: str
    problem: str

    def __str__(self) -> str:
        return f"{self.term}: {self.problem}"


def report_terms(graph: rdflib.Graph) -> list[TermProblem]:
    """Given a graph, return every ig: term or SKOS concept lacking labels, definitions or origin.

    Each needs exactly one rdfs:label and one skos:definition per language in LANGUAGES (and a
    skos:prefLabel per language for concepts), and rdfs:isDefinedBy. Untagged text and terms
    named or labelled "todo" are reported too.
    """
    problems: list[TermProblem] = []
    concepts = {s for kind in _CONCEPT_TYPES for s in graph.subjects(RDF.type, kind)}
    for term in sorted(_own_terms(graph) | {c for c in concepts if isinstance(c, URIRef)}):
        problems += _language_problems(graph, term, RDFS.label)
        problems += _language_problems(graph, term, SKOS.definition)
        if term in concepts:
            problems += _language_problems(graph, term, SKOS.prefLabel)
        if (term, RDFS.isDefinedBy, None) not in graph:
            problems.append(TermProblem(str(term), "has no rdfs:isDefinedBy"))
    problems += _untagged_text(graph)
    problems += _todo_terms(graph)
    return sorted(problems)


def report_declarations(graph: rdflib.Graph) -> list[TermProblem]:
    """Given a graph, return every term used without being declared, or declared twice over.

    A term of ig:, igid: or a reused vocabulary (org:, foaf:, skos: …) needs an rdf:type in the
    graph; a predicate needs a property declaration; an rdf:, rdfs:, owl: or xsd: term must exist
    in its vocabulary. A property may be only one of object, data or annotation property.
    """
    declared = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    problems: list[TermProblem] = []
    for iri in sorted(_used_iris(graph)):
        vocabulary = _built_in_vocabulary(iri)
        if vocabulary is not None:
            if iri not in vocabulary:
                problems.append(TermProblem(str(iri), "is not a term of its vocabulary (typo?)"))
        elif iri not in declared and _is_declared_namespace(iri):
            problems.append(TermProblem(str(iri), "is used but never declared with rdf:type"))
    for iri in sorted(_axiom_objects(graph) - declared):
        if _built_in_vocabulary(iri) is None and not _is_declared_namespace(iri):
            problems.append(TermProblem(str(iri), "is used in an axiom but never declared"))
    for predicate in sorted({p for p in graph.predicates() if isinstance(p, URIRef)}):
        if _built_in_vocabulary(predicate) is not None or any(
            (predicate, RDF.type, kind) in graph for kind in _PROPERTY_TYPES
        ):
            continue
        if predicate in declared or not _is_declared_namespace(predicate):
            problems.append(
                TermProblem(
                    str(predicate),
                    "is used as a predicate but not declared as a property",
                )
            )
    for prop in sorted(declared):
        kinds = [kind for kind in _PROPERTY_TYPES if (prop, RDF.type, kind) in graph]
        if len(kinds) > 1:
            names = " and ".join(_curie(kind) for kind in kinds)
            problems.append(TermProblem(str(prop), f"is declared both {names}"))
    return problems


def report_datatypes(graph: rdflib.Graph) -> list[TermProblem]:
    """Given a graph, return ranges and literals that break OWL 2 DL's datatype rules.

    An object property must not have a datatype range; a data property's range and every
    literal's datatype must be in the OWL 2 datatype map (so no xsd:date or xsd:gYear).
    """
    problems: list[TermProblem] = []
    for prop, range_ in sorted(graph.subject_objects(RDFS.range), key=_node_key):
        if (prop, RDF.type, OWL.ObjectProperty) in graph and _is_datatype(graph, range_):
            problems.append(
                TermProblem(
                    str(prop), f"is an object property with datatype range {_curie(range_)}"
                )
            )
        if (prop, RDF.type, OWL.DatatypeProperty) in graph and range_ not in OWL2_DATATYPES:
            problems.append(
                TermProblem(str(prop), f"has range {_curie(range_)}, not in the OWL 2 datatype map")
            )
    literals = [(s, o) for s, o in graph.subject_objects() if isinstance(o, Literal)]
    for subject, literal in sorted(literals, key=_node_key):
        if literal.datatype is not None and literal.datatype not in OWL2_DATATYPES:
            problems.append(
                TermProblem(
                    str(subject),
                    f"has literal {literal!s} of datatype {_curie(literal.datatype)}, "
                    "not in the OWL 2 datatype map",
                )
            )
    return problems


def report_header(graph: rdflib.Graph) -> list[TermProblem]:
    """Given a graph, return what its single owl:Ontology header lacks of HEADER_REQUIREMENTS."""
    ontologies = sorted(graph.subjects(RDF.type, OWL.Ontology), key=str)
    if len(ontologies) != 1:
        found = ", ".join(str(o) for o in ontologies) or "none"
        return [TermProblem("owl:Ontology", f"expected exactly one header, found {found}")]
    ontology = ontologies[0]
    problems: list[TermProblem] = []
    for prop, language in HEADER_REQUIREMENTS:
        values = list(graph.objects(ontology, prop))
        if language is not None:
            values = [v for v in values if isinstance(v, Literal) and v.language == language]
        if not values:
            suffix = f"@{language}" if language else ""
            problems.append(TermProblem(str(ontology), f"header lacks {_curie(prop)}{suffix}"))
    return problems


def report_commented_triples(text: str, *, source: str) -> list[TermProblem]:
    """Given Turtle text, return one problem per comment line that looks like a triple.

    Dead triples hide intent (ORG's `#    rdfs:domain [...]`): delete them or restore them.
    """
    return [
        TermProblem(f"{source}:{number}", f"commented-out triple: {line.strip()}")
        for number, line in enumerate(text.splitlines(), start=1)
        if _COMMENTED_TRIPLE.match(line)
    ]


def report_graph(graph: rdflib.Graph) -> list[TermProblem]:
    """Given an ontology graph, return the problems of every graph-level check."""
    return [
        *report_header(graph),
        *report_terms(graph),
        *report_declarations(graph),
        *report_datatypes(graph),
    ]


def report_files(paths: Sequence[Path]) -> list[TermProblem]:
    """Given ontology files (or folders), return every problem found in their merged graph and text.

    The files are checked together, as they are loaded together: a term declared in one may be
    used in another. Raises innograph.errors.ParseError for a file that is not valid RDF.
    """
    sources = discover(paths)
    quads: list[pyoxigraph.Quad] = []
    problems: list[TermProblem] = []
    for source in sources:
        quads += parse_file(source)
        if source.format in (pyoxigraph.RdfFormat.TURTLE, pyoxigraph.RdfFormat.TRIG):
            text = source.path.read_text(encoding="utf-8")
            problems += report_commented_triples(text, source=str(source.path))
    graph = to_rdflib(quads)
    return [*problems, *report_graph(graph)]


def _own_terms(graph: rdflib.Graph) -> set[URIRef]:
    return {
        s
        for kind in _TERM_TYPES
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(IG)
    }


def _language_problems(graph: rdflib.Graph, term: URIRef, prop: URIRef) -> list[TermProblem]:
    values = [o for o in graph.objects(term, prop) if isinstance(o, Literal)]
    problems = []
    for language in LANGUAGES:
        count = sum(1 for value in values if value.language == language)
        if count != 1:
            problems.append(
                TermProblem(str(term), f"has {count} {_curie(prop)}@{language}, expected exactly 1")
            )
    return problems


def _untagged_text(graph: rdflib.Graph) -> list[TermProblem]:
    return [
        TermProblem(str(subject), f"has untagged {_curie(prop)} {value!s}")
        for prop in _TEXT_PROPERTIES
        for subject, value in sorted(graph.subject_objects(prop), key=_node_key)
        if isinstance(value, Literal) and value.language is None
    ]


def _todo_terms(graph: rdflib.Graph) -> list[TermProblem]:
    named = {s for s in graph.subjects() if isinstance(s, URIRef) and "todo" in s.lower()}
    labelled = {
        s
        for prop in (RDFS.label, SKOS.prefLabel)
        for s, label in graph.subject_objects(prop)
        if "todo" in str(label).lower()
    }
    return [TermProblem(str(term), "is a todo term") for term in sorted(named | labelled, key=str)]


def _used_iris(graph: rdflib.Graph) -> set[URIRef]:
    return {term for triple in graph for term in triple if isinstance(term, URIRef)}


def _axiom_objects(graph: rdflib.Graph) -> set[URIRef]:
    objects: set[URIRef] = set()
    for _, predicate, obj in graph:
        if predicate in _AXIOM_PREDICATES and isinstance(obj, URIRef):
            objects.add(obj)
    for members in graph.objects(None, OWL.members):
        objects.update(
            m for m in rdflib.collection.Collection(graph, members) if isinstance(m, URIRef)
        )
    return objects


def _is_declared_namespace(iri: URIRef) -> bool:
    return str(iri).startswith(_DECLARED_NAMESPACES)


def _node_key(nodes: tuple[rdflib.term.Node, ...]) -> tuple[str, ...]:
    """Sort key for tuples of RDF terms, which rdflib does not type as comparable."""
    return tuple(str(node) for node in nodes)


def _built_in_vocabulary(iri: URIRef) -> type[DefinedNamespace] | None:
    for vocabulary in _BUILT_IN:
        if iri.startswith(str(vocabulary)):
            return vocabulary
    return None


def _is_datatype(graph: rdflib.Graph, node: rdflib.term.Node) -> bool:
    return (
        node in OWL2_DATATYPES
        or (isinstance(node, URIRef) and node.startswith(str(XSD)))
        or (node, RDF.type, RDFS.Datatype) in graph
    )


def _curie(node: rdflib.term.Node) -> str:
    """Given an IRI, return its prefixed form when a known prefix fits: `xsd:date`."""
    if isinstance(node, BNode):
        return f"_:{node}"
    text = str(node)
    for prefix, namespace in _CURIES.items():
        if text.startswith(namespace) and text != namespace:
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"
