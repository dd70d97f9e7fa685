"""A release sheet → its RDF encoding, in the seed's style.

The frame is the source itself: an `owl:Ontology` header for the file, the release with its
title, subtitle and language, and one `ig:Passage` per passage of its text. Every other triple
is a fact, asserted and annotated by an `owl:Axiom` naming its passages (`ig:statedIn`) and the
exact words there (`ig:evidenceText`, in the source's language), with the curator's note as
`rdfs:comment`. Declarations (`owl:NamedIndividual`) carry no annotation. The words of every
citation must occur in the passage cited, or the sheet is refused at that citation's line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from innograph.curation.reading import Location, SheetFile
from innograph.curation.sheet import (
    SECTIONS,
    Citation,
    Entity,
    Fact,
    Link,
    Texts,
    Value,
    Wording,
    rdf_of,
)
from innograph.namespaces import IGID, ONTOLOGY, PREFIXES

__all__ = ["Encoding", "Triple", "encode", "resolve", "short", "source_iri", "LABELS"]

IG = Namespace(PREFIXES["ig"])

Triple = tuple[URIRef, URIRef, URIRef | Literal]

LABELS = ("it", "en")
"""The languages a `Wording` may give, in the order they are written."""

_HEADER_COMMENTS = (
    Literal(
        "The facts of one press release, each traced to the passage that states it.", lang="en"
    ),
    Literal(
        "I fatti di un comunicato stampa, ciascuno ricondotto al passo che lo afferma.", lang="it"
    ),
)


def resolve(name: str, *, default: str = IGID) -> URIRef:
    """`organisation/openzone` → its igid: IRI; `ig:Company` (a known prefix) → its IRI; a bare
    class name (`SciencePark`) with `default=IG` → `ig:SciencePark`."""
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    return URIRef(default + name)


def short(term: URIRef | Literal | str) -> str:
    """`organisation/openzone` for an id, `ig:foundedBy` for a known vocabulary, `"x"@it` for
    a literal: how reports name terms."""
    if isinstance(term, Literal):
        if term.datatype is not None:
            return f'"{term}"^^{short(term.datatype)}'
        return term.n3()
    iri = str(term)
    if iri.startswith(IGID):
        return iri[len(IGID) :]
    for prefix, namespace in PREFIXES.items():
        if prefix != "igid" and iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return f"<{iri}>"


def source_iri(identifier: str) -> URIRef:
    """The IRI of a release, `source/<id>`."""
    return URIRef(f"{IGID}source/{identifier}")


@dataclass(frozen=True)
class Encoding:
    """A release's graph, with where in the sheet each fact and each entry comes from."""

    graph: Graph
    facts: Mapping[Triple, Location]
    """Each asserted fact (the triples an `owl:Axiom` annotates) and its field in the sheet."""
    entries: Mapping[URIRef, Location]
    """Each entry of a section, by IRI: ("organisations", "openzone")."""


def encode(read: SheetFile) -> Encoding:
    """Given a sheet as read, return its encoding; ParseError at the line of the first citation
    whose passage does not exist or does not hold its words."""
    graph = Graph(base=IGID)
    for prefix in ("ig", "org", "foaf", "skos", "owl", "rdf", "rdfs", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    writer = _Writer(read, graph)
    writer.write_all()
    return Encoding(graph, writer.facts, writer.entries)


class _Writer:
    """Writes one sheet's triples and axioms into a graph."""

    def __init__(self, read: SheetFile, graph: Graph) -> None:
        self.read = read
        self.graph = graph
        self.source = read.sheet.source
        self.document = source_iri(self.source.id)
        self.facts: dict[Triple, Location] = {}
        self.entries: dict[URIRef, Location] = {}

    def write_all(self) -> None:
        self._frame()
        for section, (prefix, _, fixed) in SECTIONS.items():
            entries: dict[str, Entity] = getattr(self.read.sheet, section)
            for key, entity in entries.items():
                self._entity((section, key), URIRef(IGID + prefix + key), entity, fixed)

    def _frame(self) -> None:
        source, document, add = self.source, self.document, self.graph.add
        header = URIRef(f"{IGID}dataset/{source.id}")
        add((header, RDF.type, OWL.Ontology))
        add((header, OWL.imports, URIRef(ONTOLOGY)))
        for label in self._wordings(source.encoding_label):
            add((header, RDFS.label, label))
        for comment in _HEADER_COMMENTS:
            add((header, RDFS.comment, comment))
        add((document, RDF.type, OWL.NamedIndividual))
        add((document, RDF.type, resolve(source.kind, default=PREFIXES["ig"])))
        add((document, RDFS.label, Literal(source.title, lang=source.language)))
        add((document, IG.headline, Literal(source.title, lang=source.language)))
        if source.subtitle:
            add((document, IG.subheadline, Literal(source.subtitle, lang=source.language)))
        add((document, IG.language, Literal(source.language)))
        for index, text in enumerate(self.read.passages, start=1):
            passage = self._passage(index)
            add((passage, RDF.type, OWL.NamedIndividual))
            add((passage, RDF.type, IG.Passage))
            add((passage, IG.partOfDocument, document))
            add((passage, IG.passageIndex, Literal(index)))
            add((passage, IG.text, Literal(text, lang=source.language)))
        where: Location = ("source",)
        date_of = self._value(where + ("date",), source.date, "xsd:dateTime")
        self._assert(where + ("date",), document, IG.publicationDate, date_of, source.date)
        if source.dateline:
            self._link(where + ("dateline",), document, IG.datelinePlace, source.dateline)
        if source.publisher:
            self._link(where + ("publisher",), document, IG.publishedBy, source.publisher)
        for index, contact in enumerate(source.press_contacts):
            self._link(where + ("press_contacts", index), document, IG.pressContact, contact)

    def _entity(self, where: Location, subject: URIRef, entity: Entity, fixed: str | None) -> None:
        self.entries[subject] = where
        kind = fixed or getattr(entity, "kind", None)
        if entity.cite:
            if kind is None:
                raise self.read.error(where, "a new entry needs its kind (kind: …)")
            cls = resolve(kind, default=PREFIXES["ig"])
            self.graph.add((subject, RDF.type, OWL.NamedIndividual))
            self._assert(
                where + ("cite",), subject, RDF.type, cls, Fact(cite=entity.cite, note=entity.note)
            )
        for field in type(entity).model_fields:
            facts = getattr(entity, field)
            if not isinstance(facts, list) or not facts or not isinstance(facts[0], Fact):
                continue
            prop, datatype = rdf_of(type(entity), field)
            predicate = resolve(prop)
            for index, fact in enumerate(facts):
                self._typed_fact(where + (field, index), subject, predicate, fact, datatype)

    def _typed_fact(
        self, where: Location, subject: URIRef, predicate: URIRef, fact: Fact, datatype: str | None
    ) -> None:
        if isinstance(fact, Link):
            self._link(where, subject, predicate, fact)
        elif isinstance(fact, Wording):
            for text in self._wordings(fact):
                self._assert(where, subject, predicate, text, fact)
        elif isinstance(fact, Value):
            self._assert(where, subject, predicate, self._value(where, fact, datatype), fact)

    def _link(self, where: Location, subject: URIRef, predicate: URIRef, link: Link) -> None:
        self._assert(where, subject, predicate, resolve(link.to), link)

    def _assert(
        self,
        where: Location,
        subject: URIRef,
        predicate: URIRef,
        value: URIRef | Literal,
        fact: Fact,
    ) -> None:
        add, axiom = self.graph.add, BNode()
        add((subject, predicate, value))
        self.facts.setdefault((subject, predicate, value), where)
        add((axiom, RDF.type, OWL.Axiom))
        add((axiom, OWL.annotatedSource, subject))
        add((axiom, OWL.annotatedProperty, predicate))
        add((axiom, OWL.annotatedTarget, value))
        if fact.note:
            add((axiom, RDFS.comment, Literal(fact.note, lang="en")))
        for passage, words in self._citations(where, fact.cite):
            add((axiom, IG.statedIn, passage))
            add((axiom, IG.evidenceText, Literal(words, lang=self.source.language)))

    def _citations(self, where: Location, cite: list[Citation]) -> Iterator[tuple[URIRef, str]]:
        passages = self.read.passages
        for index, citation in enumerate(cite):
            at = where + ("cite", index)
            if citation.passage > len(passages):
                raise self.read.error(at + ("passage",), f"the text has {len(passages)} passages")
            if citation.words not in passages[citation.passage - 1]:
                reason = f"{citation.words!r} is not in passage {citation.passage}"
                raise self.read.error(at + ("words",), reason)
            yield self._passage(citation.passage), citation.words

    def _passage(self, index: int) -> URIRef:
        return URIRef(f"{self.document}/passage/{index}")

    def _wordings(self, wording: Texts) -> Iterator[Literal]:
        for language in LABELS:
            text = getattr(wording, language)
            if text is not None:
                yield Literal(text, lang=language)

    def _value(self, where: Location, fact: Value, datatype: str | None) -> Literal:
        """A day becomes local midnight (`utc_offset`): xsd:date is outside OWL 2's datatypes."""
        value = fact.value
        try:
            if datatype == "xsd:dateTime":
                day = value if isinstance(value, date) else date.fromisoformat(str(value))
                midnight = f"{day.isoformat()}T00:00:00{self.source.utc_offset}"
                return Literal(midnight, datatype=XSD.dateTime)
            if datatype == "xsd:decimal":
                return Literal(str(Decimal(str(value))), datatype=XSD.decimal)
            if datatype == "xsd:integer":
                return Literal(str(int(str(value))), datatype=XSD.integer)
        except (ValueError, ArithmeticError):
            expected = {"xsd:dateTime": "a day (2021-05-17)"}.get(datatype or "", "a number")
            raise self.read.error(where + ("value",), f"{value!r} is not {expected}") from None
        return Literal(str(value))
