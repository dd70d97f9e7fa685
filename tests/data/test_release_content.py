"""The seed release's encoding says what the press release says: all of it, traced, no more.

The checklist is derived from the seed text when the tests run (e-mail addresses, telephone
numbers, capitalised names, numbers and dates found by regular expressions), so the tests do
not repeat the encoding's own values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from tests.seed_release import DOCUMENT, ONTOLOGY_PATH, RELEASE_PATH, seed_passages, seed_text

IG = Namespace("https://w3id.org/innograph/ontology#")
IGID = Namespace("https://w3id.org/innograph/id/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

FRAME_TYPES = {IG.Passage, IG.SourceDocument, IG.PressRelease, OWL.Axiom, OWL.Ontology}
MONTHS = {"maggio": 5}
"""Italian month names met in the seed, to normalise its dates."""

KNOWN_NAMESPACES = (
    "https://w3id.org/innograph/",
    "http://www.w3.org/",
    "http://xmlns.com/foaf/0.1/",
    "http://purl.org/dc/terms/",
    "https://schema.org/",
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


@cache
def _release() -> Graph:
    return Graph().parse(RELEASE_PATH)


@cache
def _ontology_subjects() -> frozenset[URIRef]:
    return frozenset(s for s in Graph().parse(ONTOLOGY_PATH).subjects() if isinstance(s, URIRef))


def _is_frame(graph: Graph, triple: Triple) -> bool:
    """The document, its passages, axiom nodes, the header and declarations need no provenance."""
    subject, predicate, value = triple
    if predicate == RDF.type and value == OWL.NamedIndividual:
        return True
    return any((subject, RDF.type, frame) in graph for frame in FRAME_TYPES)


def _facts(graph: Graph) -> Iterator[Triple]:
    for subject, predicate, value in graph:
        triple = (subject, predicate, value)
        if isinstance(subject, URIRef) and isinstance(predicate, URIRef):
            if not _is_frame(graph, triple):
                assert isinstance(value, URIRef | Literal), triple
                yield subject, predicate, value


def _axioms(graph: Graph, triple: Triple) -> list[URIRef]:
    subject, predicate, value = triple
    return [
        axiom
        for axiom in graph.subjects(OWL.annotatedSource, subject)
        if graph.value(axiom, OWL.annotatedProperty) == predicate
        and graph.value(axiom, OWL.annotatedTarget) == value
    ]


def _cited_texts(graph: Graph, triple: Triple) -> list[str]:
    """Given a fact, return the texts of every passage its axiom annotations cite."""
    return [
        str(graph.value(passage, IG.text))
        for axiom in _axioms(graph, triple)
        for passage in graph.objects(axiom, IG.statedIn)
    ]


def _passage_texts(graph: Graph) -> list[str]:
    indexed = [
        (int(graph.value(passage, IG.passageIndex)), str(graph.value(passage, IG.text)))
        for passage in graph.subjects(IG.partOfDocument, URIRef(DOCUMENT))
    ]
    return [text for _, text in sorted(indexed)]


def _literals(graph: Graph, predicate: URIRef) -> set[str]:
    return {str(value) for value in graph.objects(None, predicate)}


def _fact_value(graph: Graph, subject: URIRef, predicate: URIRef) -> URIRef | Literal:
    value = graph.value(subject, predicate)
    assert value is not None, (subject, predicate)
    return value


# -- Passages ------------------------------------------------------------------------------------


def test_release_passages_are_seed_text_verbatim_in_reading_order() -> None:
    """ig:passageIndex orders the passages exactly as the seed's paragraphs and sentences."""
    assert _passage_texts(_release()) == seed_passages()


def test_release_passages_cover_whole_seed_text() -> None:
    """No word of the seed is left out: only spaces and the dateline's dash lie between passages."""
    text, position, gaps = seed_text(), 0, []
    for passage in _passage_texts(_release()):
        start = text.index(passage, position)
        gaps.append(text[position:start])
        position = start + len(passage)
    gaps.append(text[position:])
    assert {gap.strip() for gap in gaps} == {"", "-"}


def test_release_document_frame_matches_seed_heading_and_dateline() -> None:
    graph, document = _release(), URIRef(DOCUMENT)
    day, month, year = re.search(r"^\w+, (\d{1,2}) (\w+) (\d{4}) -", seed_text(), re.M).groups()
    place = re.search(r"^(\w+), \d{1,2} \w+ \d{4} -", seed_text(), re.M).group(1)
    assert str(graph.value(document, IG.headline)) == seed_passages()[0]
    assert str(graph.value(document, IG.subheadline)) == seed_passages()[1]
    assert graph.value(document, IG.publicationDate) == Literal(
        f"{year}-{MONTHS[month]:02d}-{int(day):02d}T00:00:00+02:00", datatype=XSD.dateTime
    )
    dateline = _fact_value(graph, document, IG.datelinePlace)
    assert Literal(place, lang="it") in set(graph.objects(dateline, RDFS.label))
    assert graph.value(document, IG.language) == Literal("it")


# -- Checklist derived from the seed -------------------------------------------------------------


def _emails() -> list[str]:
    return sorted(set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", seed_text())))


def _telephones() -> list[str]:
    return sorted(set(re.findall(r"Tel\. ([+\d][\d ]*\d)", seed_text())))


def _capitalised_names() -> list[str]:
    """Runs of exactly two capitalised words: 'Hao Tang', 'Image Building', 'General Manager'."""
    runs = re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", seed_text())
    return sorted({run for run in runs if run.count(" ") == 1})


def test_release_gives_every_seed_email_as_contact_email() -> None:
    assert _emails() and sorted(_literals(_release(), IG.email)) == _emails()


def test_release_gives_every_seed_telephone_number_as_written() -> None:
    assert _telephones() and sorted(_literals(_release(), IG.telephone)) == _telephones()


@pytest.mark.parametrize("name", _capitalised_names())
def test_release_labels_capitalised_name_of_seed(name: str) -> None:
    """Each capitalised name of the seed is (part of) the label of something in the graph."""
    graph = _release()
    labels = {str(o) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(None, p)}
    assert any(name in label for label in labels)


def test_release_persons_are_capitalised_names_of_seed() -> None:
    """Every foaf:Person is named in the seed as two capitalised words, and no one else is."""
    graph = _release()
    persons = {
        str(label)
        for person in graph.subjects(RDF.type, FOAF.Person)
        for label in graph.objects(person, RDFS.label)
    }
    assert persons <= set(_capitalised_names())
    assert len(persons) == len(set(graph.subjects(RDF.type, FOAF.Person))) == 5


NUMBERS = [
    # "Il campus ospita oggi 29 organizzazioni": an exact count of hosted organisations
    (
        r"ospita oggi (\d+) organizzazioni",
        "organisation/openzone",
        IG.hostedOrganisations,
        1,
        "exact",
    ),
    # "ha investito direttamente in circa 20 imprese": about 20 companies
    (r"in circa (\d+) imprese", "organisation/tuspark-jiangsu", IG.directInvestments, 1, "about"),
    # "asset per quasi 5 miliardi di Yuan": nearly 5 billion, in yuan
    (
        r"quasi (\d+) miliardi di Yuan",
        "organisation/tuspark-jiangsu",
        IG.assetsUnderManagement,
        10**9,
        "nearly",
    ),
]


@pytest.mark.parametrize(("pattern", "subject", "predicate", "factor", "approximation"), NUMBERS)
def test_release_states_seed_figure_with_value_and_qualifier(
    pattern: str, subject: str, predicate: URIRef, factor: int, approximation: str
) -> None:
    graph = _release()
    (number,) = re.findall(pattern, seed_text())
    figure = _fact_value(graph, IGID[subject], predicate)
    assert graph.value(figure, IG.numericValue).toPython() == int(number) * factor
    assert graph.value(figure, IG.approximation) == IGID[f"approximation/{approximation}"]


def test_release_gives_yuan_figure_its_currency() -> None:
    graph = _release()
    assert "Yuan" in seed_text()
    figure = _fact_value(graph, IGID["organisation/tuspark-jiangsu"], IG.assetsUnderManagement)
    assert graph.value(figure, IG.currency) == IGID["currency/CNY"]


def test_release_states_seed_founding_year() -> None:
    (year,) = re.findall(r"Fondata nel (\d{4})", seed_text())
    founding = _fact_value(_release(), IGID["organisation/tuspark-jiangsu"], IG.foundingYear)
    assert founding == Literal(int(year))


def test_release_accounts_for_every_number_of_seed() -> None:
    """Outside telephone lines and e-mails, each numeral of the seed is a figure, year or date."""
    prose = re.sub(r"Tel\..*|\S+@\S+", "", seed_text())
    covered = {match for pattern, *_ in NUMBERS for match in re.findall(pattern, prose)}
    covered |= set(re.findall(r"Fondata nel (\d{4})", prose))
    covered |= {n for date in re.findall(r"(\d{1,2}) maggio (\d{4})", prose) for n in date}
    assert set(re.findall(r"\d+", prose)) == covered


# -- Provenance ----------------------------------------------------------------------------------


def test_release_traces_every_fact_to_passage_containing_its_evidence() -> None:
    """Every non-frame triple has an axiom with ig:statedIn; each cited passage holds its words."""
    graph, untraced, unsupported = _release(), [], []
    for triple in _facts(graph):
        axioms = _axioms(graph, triple)
        if not any(graph.value(axiom, IG.statedIn) for axiom in axioms):
            untraced.append(triple)
        for axiom in axioms:
            evidence = [str(e) for e in graph.objects(axiom, IG.evidenceText)]
            for passage in graph.objects(axiom, IG.statedIn):
                text = str(graph.value(passage, IG.text))
                if not any(words in text for words in evidence):
                    unsupported.append((triple, passage))
    assert untraced == []
    assert unsupported == []


def test_release_axiom_annotations_target_asserted_terms() -> None:
    """annotatedTarget is the very term asserted (same datatype and language), never a new fact."""
    graph = _release()
    dangling = [
        axiom
        for axiom in graph.subjects(RDF.type, OWL.Axiom)
        if (
            graph.value(axiom, OWL.annotatedSource),
            graph.value(axiom, OWL.annotatedProperty),
            graph.value(axiom, OWL.annotatedTarget),
        )
        not in graph
    ]
    assert dangling == []


EDITORIAL_LABELS = [
    # the agreement has no name in the release; its label joins the parties' names
    ("agreement/openzone-tuspark-2021-mou", "protocollo d'intesa tra OpenZone e TusPark"),
    # "nello scouting ... di startup": the aim, reworded as a noun phrase
    ("objective/openzone-tuspark-2021-mou/startup-scouting", "scouting di startup"),
    # "nella crescita ... di startup": the aim, reworded as a noun phrase
    ("objective/openzone-tuspark-2021-mou/startup-growth", "crescita di startup"),
]


def test_release_italian_and_plain_literals_are_verbatim_in_cited_passage() -> None:
    """Names, texts, missions, e-mails... are the release's own words, bar the editorial labels."""
    graph, rewritten = _release(), []
    editorial = {(IGID[subject], prefix) for subject, prefix in EDITORIAL_LABELS}
    for triple in _facts(graph):
        subject, _, value = triple
        if not isinstance(value, Literal) or value.language not in ("it", None):
            continue
        if value.datatype not in (None, XSD.string):
            continue
        if not any(str(value) in text for text in _cited_texts(graph, triple)):
            rewritten.append((subject, str(value)))
    assert sorted(rewritten) == sorted(
        (subject, str(value))
        for subject, prefix in editorial
        for value in graph.objects(subject, RDFS.label)
        if value.language == "it" and str(value).startswith(prefix)
    )


def test_release_english_literals_translate_italian_ones() -> None:
    """An English value is either the source's own words or sits beside an Italian one."""
    graph, english_only = _release(), []
    for triple in _facts(graph):
        subject, predicate, value = triple
        if not isinstance(value, Literal) or value.language != "en":
            continue
        verbatim = any(str(value) in text for text in _cited_texts(graph, triple))
        italian = any(o.language == "it" for o in graph.objects(subject, predicate))
        if not (verbatim or italian):
            english_only.append((subject, predicate, str(value)))
    assert english_only == []


def test_release_numbers_and_dates_appear_in_cited_passage() -> None:
    """A number is written in its passage (5000000000 as '5 miliardi'), a date in words."""
    graph, missing = _release(), []
    for triple in _facts(graph):
        value = triple[2]
        if not isinstance(value, Literal) or value.datatype in (None, XSD.string):
            continue
        if value.datatype == XSD.dateTime:
            day = value.toPython()
            month = next(name for name, number in MONTHS.items() if number == day.month)
            written = [f"{day.day} {month} {day.year}"]
        else:
            number = int(value.toPython())
            written = [str(number)]
            if number % 10**9 == 0:
                written.append(f"{number // 10**9} miliardi")
        if not any(w in text for w in written for text in _cited_texts(graph, triple)):
            missing.append(triple)
    assert missing == []


def test_release_has_no_entity_without_traced_type() -> None:
    """Every described resource the file mentions has an rdf:type stated in some passage."""
    graph, untyped = _release(), []
    frame = {s for t in FRAME_TYPES for s in graph.subjects(RDF.type, t)}
    mentioned = {t for triple in _facts(graph) for t in (triple[0], triple[2])}
    for resource in mentioned:
        if not isinstance(resource, URIRef) or not resource.startswith(str(IGID)):
            continue
        if resource in frame or resource in _ontology_subjects():
            continue
        types = [t for t in graph.objects(resource, RDF.type) if t != OWL.NamedIndividual]
        if not any(_axioms(graph, (resource, RDF.type, t)) for t in types):
            untyped.append(resource)
    assert untyped == []


def test_release_asserts_no_signing_date_or_place() -> None:
    """The dateline (Bresso, 17 May 2021) is not a signing place or date; none is stated."""
    graph = _release()
    stated = [
        triple
        for predicate in (IG.signingDate, IG.signingPlace)
        for triple in graph.triples((None, predicate, None))
    ]
    assert stated == []
    assert set(graph.objects(None, OWL.annotatedProperty)).isdisjoint(
        {IG.signingDate, IG.signingPlace}
    )


def test_release_uses_no_identifier_from_outside_the_release() -> None:
    """No Wikidata, GeoNames or other external IRI, and no owl:sameAs: only names the text gives."""
    graph = _release()
    iris = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    assert [iri for iri in iris if not str(iri).startswith(KNOWN_NAMESPACES)] == []
    assert list(graph.triples((None, OWL.sameAs, None))) == []


# -- Readings the release does not state (a fact-checker's review of the seed) -------------------


def test_release_names_no_publisher() -> None:
    """A web site and a press office are not a publisher; the release names none."""
    assert list(_release().objects(URIRef(DOCUMENT), IG.publishedBy)) == []


def test_release_ties_the_press_contact_marco_allegrini_to_no_organisation() -> None:
    """An e-mail domain (@zambongroup.com) is not a statement that he works for Zambon."""
    graph = _release()
    [contact] = graph.subjects(IG.contactPerson, IGID["person/marco-allegrini"])
    assert list(graph.subjects(IG.contactPoint, contact)) == []
    assert list(graph.objects(contact, IG.contactOrganisation)) == []


def test_release_gives_iasp_only_the_italian_phrase_it_writes() -> None:
    graph = _release()
    names = set(graph.objects(IGID["organisation/iasp"], SKOS.altLabel))
    assert names == {
        Literal(
            "associazione internazionale dei parchi scientifici e delle aree di innovazione",
            lang="it",
        )
    }


def test_release_states_no_country_for_openzone_and_no_region_for_tuspark() -> None:
    """ "italo-cinese" and "regionale" are readings, not statements of a country or a region."""
    graph = _release()
    assert list(graph.objects(IGID["organisation/openzone"], IG.country)) == []
    assert list(graph.objects(None, IG.servesRegion)) == []
    assert (IGID["place/italy"], None, None) not in graph


def test_release_traces_its_date_and_dateline_place_like_its_other_facts() -> None:
    """One convention: every property of the release node stated by a passage is traced."""
    graph, document = _release(), URIRef(DOCUMENT)
    for predicate in (IG.publicationDate, IG.datelinePlace, IG.pressContact):
        for value in graph.objects(document, predicate):
            cited = _cited_texts(graph, (document, predicate, value))
            assert cited, (predicate, value)


def test_release_tags_contact_types_with_the_source_language() -> None:
    """ig:contactType is tagged with the source's language (its definition), English words too."""
    graph = _release()
    language = str(graph.value(URIRef(DOCUMENT), IG.language))
    tags = {value.language for value in graph.objects(None, IG.contactType)}
    assert tags == {language}
