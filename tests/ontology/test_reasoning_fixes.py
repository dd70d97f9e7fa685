"""The ontology fixes of issue #15, each shown on the data it is about.

Every fix has a small data fixture in fixtures/fixes/ (a file that imports the ontology by IRI, as
a release does) that ontology 0.1.0 made inconsistent in HermiT, mis-typed, or let through
unnoticed, and that the ontology now reads right. HermiT, through the OWL API checker, decides
consistency; the OWL 2 RL closure that owlrl computes over the ontology and the consistent
fixtures shows what each individual is inferred to be and which links follow.
"""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from tests.ontology.conftest import ontology_files
from tests.ontology.owlapi import Checker, CheckReport

FIXES = Path(__file__).resolve().parent / "fixtures" / "fixes"

IG = Namespace("https://w3id.org/innograph/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
INCUBATION = URIRef("https://w3id.org/innograph/id/service/incubation")

CONSISTENT = (
    "park_site",
    "statement_by_organisation",
    "agreement_with_person",
    "contact_agency",
    "informal_organisations",
    "inverses",
)
"""The fixtures that are right under the current ontology; their union is reasoned over."""


def fixture_namespace(name: str) -> Namespace:
    """The namespace of a fixture's individuals: park_site → https://example.org/fixture/park-site#."""
    return Namespace(f"https://example.org/fixture/{name.replace('_', '-')}#")


def check(checker: Checker, name: str) -> CheckReport:
    """The OWL API + HermiT verdict on the ontology with one fixture."""
    return checker.run([*ontology_files(), FIXES / f"{name}.ttl"])


@pytest.fixture(scope="module")
def closure(ontology: rdflib.Graph) -> rdflib.Graph:
    """The OWL 2 RL closure of the ontology and every consistent fixture (their IRIs differ)."""
    graph = rdflib.Graph()
    graph += ontology
    for name in CONSISTENT:
        graph.parse(FIXES / f"{name}.ttl", format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def types(graph: rdflib.Graph, individual: URIRef) -> set[URIRef]:
    return {kind for kind in graph.objects(individual, RDF.type) if isinstance(kind, URIRef)}


# -- A science park and its site -------------------------------------------------------------------


@pytest.mark.java
def test_park_site_is_a_place_apart_from_the_park_when_linked_with_org_has_site(
    owlapi_checker: Checker, closure: rdflib.Graph
) -> None:
    """0.1.0 had no way to describe a park's campus as a place (no ig:Site, no org:hasSite)."""
    report = check(owlapi_checker, "park_site")
    site = fixture_namespace("park_site")

    assert report.problems() == []
    assert report.consistent is True
    assert {IG.Site, IG.Place, ORG.Site} <= types(closure, site["openzone-campus"])
    assert (site["openzone-campus"], ORG.siteOf, site.openzone) in closure
    assert IG.Organisation in types(closure, site.openzone)
    assert IG.Place not in types(closure, site.openzone)
    assert IG.Company in types(closure, site.genextra)


@pytest.mark.java
def test_park_stays_an_organisation_when_a_company_is_located_in_it(
    owlapi_checker: Checker,
) -> None:
    """The 0.1.0 workaround, ig:locatedIn the park itself, makes the operator a place: it was
    inconsistent and still is; the place to locate a company in is the park's site."""
    report = check(owlapi_checker, "park_as_place")

    assert report.consistent is False


def test_ontology_keeps_sites_and_organisations_apart_as_org_does(ontology: rdflib.Graph) -> None:
    assert (ORG.Site, OWL.disjointWith, ORG.Organization) in ontology
    assert (IG.Site, RDFS.subClassOf, IG.Place) in ontology
    assert (IG.SciencePark, RDFS.subClassOf, IG.Organisation) in ontology


# -- Ranges weakened to what is always true --------------------------------------------------------


@pytest.mark.java
def test_statement_by_organisation_is_consistent_when_stated_by_ranges_over_agents(
    owlapi_checker: Checker, closure: rdflib.Graph
) -> None:
    """0.1.0: ig:statedBy range foaf:Person made the park a person, hence inconsistent."""
    report = check(owlapi_checker, "statement_by_organisation")
    park = fixture_namespace("statement_by_organisation").openzone

    assert report.problems() == []
    assert report.consistent is True
    assert FOAF.Agent in types(closure, park)
    assert FOAF.Person not in types(closure, park)


@pytest.mark.java
def test_agreement_with_person_is_consistent_when_has_agreement_with_ranges_over_agents(
    owlapi_checker: Checker, closure: rdflib.Graph
) -> None:
    """0.1.0: ig:hasAgreementWith domain and range ig:Organisation made the person an
    organisation, hence inconsistent (and its parent org:linkedTo would do the same)."""
    report = check(owlapi_checker, "agreement_with_person")
    data = fixture_namespace("agreement_with_person")

    assert report.problems() == []
    assert report.consistent is True
    assert (data.researcher, IG.hasAgreementWith, data.openzone) in closure  # symmetric
    assert not {IG.Organisation, ORG.Organization} & types(closure, data.researcher)
    assert (IG.hasAgreementWith, RDFS.subPropertyOf, ORG.linkedTo) not in closure


@pytest.mark.java
def test_contact_agency_and_press_office_are_no_people_when_contact_person_ranges_over_agents(
    owlapi_checker: Checker, closure: rdflib.Graph
) -> None:
    """0.1.0: ig:contactPerson range foaf:Person made the agency a person (inconsistent) and the
    press office a person (mis-typed)."""
    report = check(owlapi_checker, "contact_agency")
    data = fixture_namespace("contact_agency")

    assert report.problems() == []
    assert report.consistent is True
    for agent in (data.agency, data["press-office"]):
        assert FOAF.Agent in types(closure, agent)
        assert FOAF.Person not in types(closure, agent)


# -- Formal organisations --------------------------------------------------------------------------


@pytest.mark.java
def test_group_and_informal_network_are_no_formal_organisations_when_only_companies_are(
    owlapi_checker: Checker, closure: rdflib.Graph
) -> None:
    """0.1.0: every ig:Organisation was an org:FormalOrganization, so the corporate group was
    mis-typed and the network, stated not to be one, made the ontology inconsistent."""
    report = check(owlapi_checker, "informal_organisations")
    data = fixture_namespace("informal_organisations")

    assert report.problems() == []
    assert report.consistent is True
    for informal in (data["zambon-group"], data["park-network"]):
        assert ORG.Organization in types(closure, informal)
        assert ORG.FormalOrganization not in types(closure, informal)
    assert ORG.FormalOrganization in types(closure, data.zambon)


# -- Inverses and ORG's functional properties ------------------------------------------------------

_INVERSES = fixture_namespace("inverses")


@pytest.mark.parametrize(
    "inferred",
    [
        # ig:startingPointFor ↔ ig:hasStartingPoint
        (_INVERSES.cluster, IG.hasStartingPoint, _INVERSES.tuspark),
        # ig:statedBy ↔ ig:madeStatement
        (_INVERSES["hao-tang"], IG.madeStatement, _INVERSES.statement),
        # ig:announcedIn ↔ ig:announces
        (_INVERSES.release, IG.announces, _INVERSES.mou),
        # ig:pressContact ↔ ig:pressContactFor
        (_INVERSES["press-enquiries"], IG.pressContactFor, _INVERSES.release),
        # ig:offersService ↔ ig:offeredBy
        (INCUBATION, IG.offeredBy, _INVERSES.tuspark),
        # ig:partOfPlace ↔ ig:containsPlace, transitively: Italy ⊃ Lombardy ⊃ Bresso
        (_INVERSES.italy, IG.containsPlace, _INVERSES.bresso),
        # org:hasMembership ↔ org:member (ORG's own pair)
        (_INVERSES["tuspark-iasp"], ORG.member, _INVERSES.tuspark),
    ],
    ids=lambda triple: str(triple[1]).rsplit("#", 1)[-1],
)
def test_link_is_inferred_in_the_other_direction_when_stated_in_one(
    closure: rdflib.Graph, inferred: tuple[URIRef, URIRef, URIRef]
) -> None:
    assert inferred in closure


@pytest.mark.java
def test_inverses_fixture_passes_owlapi_and_hermit(owlapi_checker: Checker) -> None:
    report = check(owlapi_checker, "inverses")

    assert report.problems() == []
    assert report.consistent is True


@pytest.mark.java
@pytest.mark.parametrize(
    "name",
    [
        # org:member functional: an organisation and a person as the members of one membership
        "membership_two_members",
        # org:organization functional: one membership in two associations stated different
        "membership_two_organisations",
        # org:hasMembership inverseOf org:member: a person claims an organisation's membership
        "membership_claimed_twice",
    ],
)
def test_membership_is_inconsistent_when_it_has_two_members_or_organisations(
    owlapi_checker: Checker, name: str
) -> None:
    """0.1.0 did not repeat ORG's functional org:member and org:organization nor the inverse of
    org:member, so HermiT accepted each of these memberships."""
    report = check(owlapi_checker, name)

    assert report.consistent is False
    assert report.reasoner_errors == ()


# -- Italian labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "wrong", "right"),
    [
        # "testo di prova" reads as "test text"
        (IG.evidenceText, "testo di prova", "testo a sostegno"),
        # a dichiarazione is feminine, and one releases (rilascia) a statement
        (IG.statedBy, "dichiarato da", "rilasciata da"),
        # "parte di" and "ha come parte" read as "part of" and "has as a part"
        (IG.partyTo, "parte di", "parte contraente di"),
        (IG.hasParty, "ha come parte", "ha come parte contraente"),
        # the article-less "ha punto di contatto" is not Italian
        (IG.contactPoint, "ha punto di contatto", "ha come punto di contatto"),
        # the agent answering may be an office or an agency, not only a person
        (IG.contactPerson, "persona di contatto", "referente"),
        # "parte del luogo" is a noun phrase ("part of the place"), not a relation
        (IG.partOfPlace, "parte del luogo", "fa parte di"),
    ],
)
def test_italian_label_reads_naturally(
    ontology: rdflib.Graph, term: URIRef, wrong: str, right: str
) -> None:
    labels = set(ontology.objects(term, RDFS.label))

    assert Literal(right, lang="it") in labels
    assert Literal(wrong, lang="it") not in labels
