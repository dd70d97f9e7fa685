"""The ontology's hygiene: everything W3C ORG and PROV-O got wrong is rejected.

The first tests run the checks over the real ontology/*.ttl files; the rest feed deliberately
broken graphs to innograph.ontology.hygiene, so that a check which stopped working would show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from innograph.ontology.hygiene import (
    HEADER_REQUIREMENTS,
    TermProblem,
    report_commented_triples,
    report_files,
    report_graph,
    report_header,
)
from tests.ontology.conftest import ontology_files

REPOSITORY = Path(__file__).resolve().parents[2]

IG = rdflib.Namespace("https://w3id.org/innograph/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
ONTOLOGY = URIRef("https://w3id.org/innograph/ontology")


# -- The real ontology ---------------------------------------------------------


def test_report_files_finds_no_problem_in_the_ontology_files() -> None:
    problems = report_files(ontology_files())
    assert problems == [], "\n".join(str(problem) for problem in problems)


@pytest.mark.parametrize(
    ("kind", "terms"),
    [
        # classes of the contract: organisations, places, agreements, figures, provenance
        (
            OWL.Class,
            "Organisation SciencePark ResearchInstitute Incubator Accelerator Company "
            "BiotechCompany PharmaceuticalCompany GeneTherapyCompany CorporateGroup Association "
            "Investor Agreement MemorandumOfUnderstanding Place Municipality Region Country "
            "GeographicArea Site Figure Statement Objective SourceDocument PressRelease Passage "
            "ContactPoint",
        ),
        # object properties of the contract
        (
            OWL.ObjectProperty,
            "hasParty partyTo hasAgreementWith focusSector hasObjective announcedIn signingPlace "
            "foundedBy founded hosts hostedBy hostedOrganisations directInvestments "
            "assetsUnderManagement locatedIn near partOfPlace country offersService "
            "activeInSector contactPoint contactFor contactPerson partOfDocument datelinePlace "
            "publishedBy statedBy statementAbout approximation currency countedKind "
            "membershipStatus offeredBy hasStartingPoint madeStatement announces "
            "pressContactFor containsPlace",
        ),
        # data properties of the contract
        (
            OWL.DatatypeProperty,
            "foundingYear mission text passageIndex publicationDate signingDate headline "
            "language numericValue quotedText email telephone",
        ),
        # the one provenance mechanism must stay an annotation property, or axioms cannot carry it
        (OWL.AnnotationProperty, "statedIn"),
    ],
)
def test_ontology_declares_contract_terms_with_their_kind(
    ontology: rdflib.Graph, kind: URIRef, terms: str
) -> None:
    missing = [name for name in terms.split() if (IG[name], RDF.type, kind) not in ontology]
    assert missing == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (IG.foundedBy, IG.founded),  # organisation → founder
        (IG.hosts, IG.hostedBy),  # science park → hosted organisation
        (IG.hasParty, IG.partyTo),  # agreement → party
        (IG.contactPoint, IG.contactFor),  # organisation → contact point
        (IG.partOfDocument, IG.hasPassage),  # passage → document
        (ORG.holds, ORG.heldBy),  # person → post (ORG's own pair, repeated for reasoning)
        (ORG.member, ORG.hasMembership),  # membership → member (ORG's own pair)
        (ORG.hasSite, ORG.siteOf),  # organisation → site (ORG's own pair)
        (IG.startingPointFor, IG.hasStartingPoint),  # institute → cluster
        (IG.statedBy, IG.madeStatement),  # statement → speaker
        (IG.announcedIn, IG.announces),  # agreement → press release
        (IG.pressContact, IG.pressContactFor),  # press release → contact point
        (IG.offersService, IG.offeredBy),  # organisation → service line
        (IG.partOfPlace, IG.containsPlace),  # municipality → region
    ],
)
def test_ontology_declares_inverse_pair(
    ontology: rdflib.Graph, first: URIRef, second: URIRef
) -> None:
    assert (second, OWL.inverseOf, first) in ontology or (first, OWL.inverseOf, second) in ontology


@pytest.mark.parametrize(
    ("prop", "characteristic"),
    [
        (IG.hasAgreementWith, OWL.SymmetricProperty),  # a shortcut read the same both ways
        (IG.partOfPlace, OWL.TransitiveProperty),  # Bresso ⊂ Lombardy ⊂ Italy
        (IG.numericValue, OWL.FunctionalProperty),  # a figure states one number
        (IG.passageIndex, OWL.FunctionalProperty),  # a passage has one position
        (IG.containsPlace, OWL.TransitiveProperty),  # Italy ⊃ Lombardy ⊃ Bresso
        (ORG.member, OWL.FunctionalProperty),  # a membership has one member (as in ORG)
        (ORG.organization, OWL.FunctionalProperty),  # in one organisation (as in ORG)
    ],
)
def test_ontology_gives_property_its_characteristic(
    ontology: rdflib.Graph, prop: URIRef, characteristic: URIRef
) -> None:
    assert (prop, RDF.type, characteristic) in ontology


def test_ontology_backbone_disjointness_never_separates_organisation_kinds(
    ontology: rdflib.Graph,
) -> None:
    """TusPark is both an institute and a company: no organisation kind may exclude another."""
    kinds = {IG.Organisation, *ontology.transitive_subjects(RDFS.subClassOf, IG.Organisation)}
    disjoint_sets = [
        set(rdflib.collection.Collection(ontology, members))
        for members in ontology.objects(None, OWL.members)
    ]
    disjoint_sets += [{a, b} for a, b in ontology.subject_objects(OWL.disjointWith)]
    assert all(len(kinds & disjoint) <= 1 for disjoint in disjoint_sets)
    assert any({IG.Organisation, FOAF.Person, IG.Place} <= disjoint for disjoint in disjoint_sets)


def test_ontology_gives_every_concept_a_scheme_that_lists_it(ontology: rdflib.Graph) -> None:
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    unlisted = [
        concept
        for concept in concepts
        if not any(
            (scheme, SKOS.hasTopConcept, concept) in ontology
            for scheme in ontology.objects(concept, SKOS.inScheme)
        )
    ]
    assert concepts and unlisted == []


def test_ontology_currency_concept_carries_iso_code(ontology: rdflib.Graph) -> None:
    cny = URIRef("https://w3id.org/innograph/id/currency/CNY")
    assert list(ontology.objects(cny, SKOS.notation)) == [Literal("CNY")]


# -- The checks can fail -------------------------------------------------------

PREFIXES = """
@prefix ig:      <https://w3id.org/innograph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix vann:    <http://purl.org/vocab/vann/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

CLEAN = """
<https://w3id.org/innograph/ontology> a owl:Ontology ;
    owl:versionIRI <https://w3id.org/innograph/ontology/0.1.0> ;
    owl:versionInfo "0.1.0" ;
    dcterms:title "t"@en , "t"@it ;
    dcterms:description "d"@en , "d"@it ;
    dcterms:creator "c" ;
    dcterms:created "2026-11-25T00:00:00+00:00"^^xsd:dateTime ;
    dcterms:modified "2026-11-25T00:00:00+00:00"^^xsd:dateTime ;
    dcterms:license <https://creativecommons.org/licenses/by/4.0/> ;
    vann:preferredNamespacePrefix "ig" ;
    vann:preferredNamespaceUri "https://w3id.org/innograph/ontology#" ;
    rdfs:seeAlso <https://www.w3.org/TR/vocab-org/> .
dcterms:title a owl:AnnotationProperty .
dcterms:description a owl:AnnotationProperty .
dcterms:creator a owl:AnnotationProperty .
dcterms:created a owl:AnnotationProperty .
dcterms:modified a owl:AnnotationProperty .
dcterms:license a owl:AnnotationProperty .
vann:preferredNamespacePrefix a owl:AnnotationProperty .
vann:preferredNamespaceUri a owl:AnnotationProperty .
skos:definition a owl:AnnotationProperty .
skos:prefLabel a owl:AnnotationProperty .
skos:Concept a owl:Class .
org:Organization a owl:Class .
ig:Organisation a owl:Class ;
    rdfs:subClassOf org:Organization ;
    rdfs:label "organisation"@en , "organizzazione"@it ;
    skos:definition "d"@en , "d"@it ;
    rdfs:isDefinedBy <https://w3id.org/innograph/ontology> .
"""
"""A minimal ontology that passes every check; each broken case adds one defect to it."""


def graph_of(extra: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=PREFIXES + CLEAN + extra, format="turtle")


def test_report_graph_finds_no_problem_in_the_clean_fixture() -> None:
    assert report_graph(graph_of("")) == []


DEFINED = "rdfs:isDefinedBy <https://w3id.org/innograph/ontology>"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # ORG's `rdfs:subClasOf` on org:Post: the axiom silently disappears
        (
            "ig:Organisation rdfs:subClasOf org:Organization .",
            TermProblem(str(RDFS) + "subClasOf", "is not a term of its vocabulary (typo?)"),
        ),
        # ORG's `org:subOrganzationOf` typo: a term of a reused vocabulary nobody declared
        (
            "ig:Organisation rdfs:subClassOf org:Organisation .",
            TermProblem(str(ORG.Organisation), "is used but never declared with rdf:type"),
        ),
        # a predicate from an unlisted vocabulary must still be declared as a property
        (
            "ig:Organisation <http://example.org/v#note> ig:Organisation .",
            TermProblem(
                "http://example.org/v#note", "is used as a predicate but not declared as a property"
            ),
        ),
        # punning a property: OWL 2 DL forbids annotation + data property on one IRI
        (
            "dcterms:title a owl:DatatypeProperty .",
            TermProblem(
                str(DCTERMS.title),
                "is declared both owl:DatatypeProperty and owl:AnnotationProperty",
            ),
        ),
        # ORG's org:location: an object property with rdfs:range xsd:string
        (
            f"""ig:location a owl:ObjectProperty ; rdfs:range xsd:string ;
            rdfs:label "l"@en , "l"@it ; skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.location), "is an object property with datatype range xsd:string"),
        ),
        # xsd:date is outside the OWL 2 datatype map
        (
            f"""ig:signed a owl:DatatypeProperty ; rdfs:range xsd:date ;
            rdfs:label "s"@en , "s"@it ; skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.signed), "has range xsd:date, not in the OWL 2 datatype map"),
        ),
        # so is xsd:gYear, even in an annotation value
        (
            'ig:Organisation dcterms:created "2011"^^xsd:gYear .',
            TermProblem(
                str(IG.Organisation),
                "has literal 2011 of datatype xsd:gYear, not in the OWL 2 datatype map",
            ),
        ),
    ],
)
def test_report_graph_flags_broken_declaration(extra: str, expected: TermProblem) -> None:
    assert expected in report_graph(graph_of(extra))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # PROV-O's untagged `rdfs:label "Activity"`
        (
            f"""ig:Place a owl:Class ; rdfs:label "place" , "place"@en , "luogo"@it ;
            skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.Place), "has untagged rdfs:label place"),
        ),
        # the Italian label is missing
        (
            f"""ig:Place a owl:Class ; rdfs:label "place"@en ;
            skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.Place), "has 0 rdfs:label@it, expected exactly 1"),
        ),
        # two English labels: which one is the name?
        (
            f"""ig:Place a owl:Class ; rdfs:label "place"@en , "location"@en , "luogo"@it ;
            skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.Place), "has 2 rdfs:label@en, expected exactly 1"),
        ),
        # a property without an English definition
        (
            f"""ig:near a owl:ObjectProperty ; rdfs:label "near"@en , "vicino a"@it ;
            skos:definition "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.near), "has 0 skos:definition@en, expected exactly 1"),
        ),
        # a term that does not say which ontology defines it
        (
            """ig:Place a owl:Class ; rdfs:label "place"@en , "luogo"@it ;
            skos:definition "d"@en , "d"@it .""",
            TermProblem(str(IG.Place), "has no rdfs:isDefinedBy"),
        ),
        # a concept needs skos:prefLabel for SKOS tools as well as rdfs:label
        (
            f"""<https://w3id.org/innograph/id/sector/x> a skos:Concept ;
            rdfs:label "x"@en , "x"@it ; skos:prefLabel "x"@en ;
            skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(
                "https://w3id.org/innograph/id/sector/x",
                "has 0 skos:prefLabel@it, expected exactly 1",
            ),
        ),
        # PROV-O's leftover `:todo a owl:AnnotationProperty`
        (
            f"""ig:todo a owl:AnnotationProperty ; rdfs:label "todo"@en , "todo"@it ;
            skos:definition "d"@en , "d"@it ; {DEFINED} .""",
            TermProblem(str(IG.todo), "is a todo term"),
        ),
    ],
)
def test_report_graph_flags_incomplete_term(extra: str, expected: TermProblem) -> None:
    assert expected in report_graph(graph_of(extra))


@pytest.mark.parametrize(
    ("prop", "language", "name"),
    [
        (DCTERMS.title, "en", "dcterms:title@en"),  # the title, in English
        (DCTERMS.title, "it", "dcterms:title@it"),  # and in Italian
        (DCTERMS.description, "en", "dcterms:description@en"),  # what it is for, in English
        (DCTERMS.description, "it", "dcterms:description@it"),  # and in Italian
        (DCTERMS.creator, None, "dcterms:creator"),  # who wrote it
        (DCTERMS.created, None, "dcterms:created"),  # when it was first written
        (DCTERMS.modified, None, "dcterms:modified"),  # when it last changed
        (DCTERMS.license, None, "dcterms:license"),  # under which terms it may be reused
        (OWL.versionIRI, None, "owl:versionIRI"),  # the IRI of this very version
        (OWL.versionInfo, None, "owl:versionInfo"),  # the version number
        (VANN.preferredNamespacePrefix, None, "vann:preferredNamespacePrefix"),  # "ig"
        (VANN.preferredNamespaceUri, None, "vann:preferredNamespaceUri"),  # the ig: namespace
        (RDFS.seeAlso, None, "rdfs:seeAlso"),  # where to read more
    ],
)
def test_report_header_flags_missing_annotation(
    ontology: rdflib.Graph, prop: URIRef, language: str | None, name: str
) -> None:
    """Drop one required annotation from the real header: exactly that one is reported."""
    header = rdflib.Graph()
    for triple in ontology.triples((ONTOLOGY, None, None)):
        value = triple[2]
        language_matches = language is None or getattr(value, "language", None) == language
        if not (triple[1] == prop and language_matches):
            header.add(triple)
    assert (prop, language) in HEADER_REQUIREMENTS
    assert report_header(header) == [TermProblem(str(ONTOLOGY), f"header lacks {name}")]


def test_report_header_flags_second_ontology_header() -> None:
    graph = graph_of("<https://example.org/other> a owl:Ontology .")
    assert report_header(graph) == [
        TermProblem(
            "owl:Ontology",
            "expected exactly one header, found https://example.org/other, "
            "https://w3id.org/innograph/ontology",
        )
    ]


@pytest.mark.parametrize(
    ("line", "is_flagged"),
    [
        ("#    rdfs:domain [", True),  # ORG's commented-out domain in org:reportsTo
        ("# ig:Place a owl:Class ;", True),  # a whole declaration switched off
        ('#ig:Place rdfs:label "place"@en ;', True),  # no space after the hash
        ("# <https://example.org/x> owl:sameAs <https://example.org/y> .", True),  # full IRIs
        ("# -- Places ---------------------------------------------------", False),  # a banner
        ("# ig:statedIn is the one provenance mechanism.", False),  # prose naming a term
        ("# See https://www.w3.org/TR/owl2-syntax/#Datatype_Maps", False),  # a link
        ("ig:Place a owl:Class ;  # trailing comment", False),  # live triple, comment after
    ],
)
def test_report_commented_triples_flags_only_dead_triples(line: str, is_flagged: bool) -> None:
    text = f"@prefix ig: <https://w3id.org/innograph/ontology#> .\n{line}\n"
    expected = [TermProblem("x.ttl:2", f"commented-out triple: {line.strip()}")]
    assert report_commented_triples(text, source="x.ttl") == (expected if is_flagged else [])


def test_report_files_reports_commented_triple_with_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(PREFIXES + CLEAN + "#    rdfs:domain [ ] ;\n", encoding="utf-8")
    line = (PREFIXES + CLEAN).count("\n") + 1
    assert report_files([path]) == [
        TermProblem(f"{path}:{line}", "commented-out triple: #    rdfs:domain [ ] ;")
    ]
