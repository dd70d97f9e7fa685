"""ontology/shapes.ttl accepts the seed release and refuses deliberately broken copies of it.

The data graph is the release merged with the ontology (so sh:targetClass follows
rdfs:subClassOf), validated with pySHACL in advanced mode (SHACL-AF SPARQL targets). The ontology
is merged rather than passed as ont_graph: pySHACL deep-clones the ontology's SKOS individuals,
whose scheme links form cycles, and does not return in reasonable time.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from tests.seed_release import DOCUMENT, ONTOLOGY_PATH, RELEASE_PATH, SHAPES_PATH

IG = Namespace("https://w3id.org/innograph/ontology#")
IGID = Namespace("https://w3id.org/innograph/id/")
IGSH = Namespace("https://w3id.org/innograph/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")

MOU = IGID["agreement/openzone-tuspark-2021-mou"]
TUSPARK = IGID["organisation/tuspark-jiangsu"]
OPENZONE = IGID["organisation/openzone"]
ASSETS = IGID["figure/tuspark-jiangsu-assets-under-management"]
HOSTED = IGID["figure/openzone-hosted-organisations"]
PASSAGE_10 = IGID["source/2021-05-17-openzone-tuspark/passage/10"]
UNSTATED = IGID["organisation/unstated"]
STATEMENT = IGID["statement/2021-05-17-hao-tang"]
POST = IGID["post/openzone-general-manager"]
MEMBERSHIP = IGID["membership/openzone-iasp"]

Mutation = Callable[[Graph], None]


def _release() -> Graph:
    return Graph().parse(RELEASE_PATH)


@cache
def _shapes() -> Graph:
    return Graph().parse(SHAPES_PATH)


@cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH)


def _validate(release: Graph) -> tuple[bool, set[tuple[URIRef, URIRef]]]:
    """Given a release graph, return (conforms, {(shape, focus node)}) of every violation."""
    shapes = _shapes()
    data = release + _ontology()
    conforms, report, _ = validate(data, shacl_graph=shapes, advanced=True)
    assert isinstance(report, Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        owner = shapes.value(None, SH.property, shape) if isinstance(shape, BNode) else shape
        assert isinstance(owner, URIRef)
        focus = report.value(result, SH.focusNode)
        assert isinstance(focus, URIRef)
        found.add((owner, focus))
    return bool(conforms), found


def _retract(graph: Graph, subject: URIRef, predicate: URIRef, value: URIRef | Literal) -> None:
    """Remove a fact together with the owl:Axiom annotating it."""
    graph.remove((subject, predicate, value))
    for axiom in list(graph.subjects(OWL.annotatedSource, subject)):
        target = graph.value(axiom, OWL.annotatedTarget)
        if graph.value(axiom, OWL.annotatedProperty) == predicate and target == value:
            graph.remove((axiom, None, None))


def _restate(graph: Graph, subject: URIRef, predicate: URIRef, old: URIRef, new: URIRef) -> None:
    """Change a fact's object, in the triple and in the owl:Axiom annotating it."""
    graph.remove((subject, predicate, old))
    graph.add((subject, predicate, new))
    for axiom in list(graph.subjects(OWL.annotatedSource, subject)):
        target = graph.value(axiom, OWL.annotatedTarget)
        if graph.value(axiom, OWL.annotatedProperty) == predicate and target == old:
            graph.set((axiom, OWL.annotatedTarget, new))


def _statement_by_organisation(graph: Graph) -> None:
    _restate(graph, STATEMENT, IG.statedBy, IGID["person/hao-tang"], TUSPARK)


def _agency_as_contact_person(graph: Graph) -> None:
    _restate(
        graph,
        IGID["contact-point/image-building"],
        IG.contactPerson,
        IGID["person/cristina-fossati"],
        IGID["organisation/image-building"],
    )


def _one_party(graph: Graph) -> None:
    _retract(graph, MOU, IG.hasParty, TUSPARK)


def _no_currency(graph: Graph) -> None:
    _retract(graph, ASSETS, IG.currency, IGID["currency/CNY"])


def _no_approximation(graph: Graph) -> None:
    _retract(graph, HOSTED, IG.approximation, IGID["approximation/exact"])


def _unsourced_entity(graph: Graph) -> None:
    graph.add((UNSTATED, RDF.type, OWL.NamedIndividual))
    graph.add((UNSTATED, RDF.type, IG.Organisation))
    graph.add((UNSTATED, RDFS.label, Literal("Unstated", lang="en")))


def _unsourced_literal(graph: Graph) -> None:
    graph.add((OPENZONE, IG.foundingYear, Literal(2015)))


def _target_datatype_differs(graph: Graph) -> None:
    for axiom in graph.subjects(OWL.annotatedTarget, Literal("29", datatype=XSD.decimal)):
        graph.set((axiom, OWL.annotatedTarget, Literal("29", datatype=XSD.integer)))


def _evidence_not_in_passage(graph: Graph) -> None:
    for axiom in graph.subjects(OWL.annotatedTarget, IGID["currency/CNY"]):
        graph.set((axiom, IG.evidenceText, Literal("miliardi di euro", lang="it")))


def _passage_without_text(graph: Graph) -> None:
    graph.remove((PASSAGE_10, IG.text, None))


def _quotation_without_speaker(graph: Graph) -> None:
    _retract(graph, STATEMENT, IG.statedBy, IGID["person/hao-tang"])


def _post_without_role(graph: Graph) -> None:
    _retract(graph, POST, ORG.role, IGID["role/general-manager"])


def _membership_without_organisation(graph: Graph) -> None:
    _retract(graph, MEMBERSHIP, ORG.organization, IGID["organisation/iasp"])


def test_shapes_accept_seed_release() -> None:
    assert _validate(_release()) == (True, set())


@pytest.mark.parametrize(
    "mutation",
    [
        # the institute, not its general manager, makes the statement (issue #15)
        pytest.param(_statement_by_organisation, id="statement-by-organisation"),
        # the agency, not one of its people, answers at the contact point (issue #15)
        pytest.param(_agency_as_contact_person, id="agency-as-contact-person"),
    ],
)
def test_shapes_accept_release_when_an_organisation_speaks_or_answers(mutation: Mutation) -> None:
    """ig:statedBy and ig:contactPerson admit any foaf:Agent, as the ontology's ranges do."""
    release = _release()
    mutation(release)
    assert _validate(release) == (True, set())


@pytest.mark.parametrize(
    ("mutation", "shape", "focus"),
    [
        # an agreement with a single party
        pytest.param(_one_party, IGSH.AgreementShape, MOU, id="one-party"),
        # a monetary figure (assets under management) without its currency
        pytest.param(_no_currency, IGSH.MonetaryFigureShape, ASSETS, id="no-currency"),
        # a figure without its approximation qualifier
        pytest.param(_no_approximation, IGSH.FigureShape, HOSTED, id="no-approximation"),
        # an organisation asserted with no axiom annotation at all
        pytest.param(_unsourced_entity, IGSH.ProvenanceShape, UNSTATED, id="unsourced-entity"),
        # one untraced literal on a traced entity
        pytest.param(_unsourced_literal, IGSH.ProvenanceShape, OPENZONE, id="unsourced-literal"),
        # annotatedTarget "29"^^xsd:integer for the asserted "29"^^xsd:decimal
        pytest.param(
            _target_datatype_differs,
            IGSH.DocumentProvenanceShape,
            URIRef(DOCUMENT),
            id="target-datatype-differs",
        ),
        # evidence words that the cited passage does not contain
        pytest.param(
            _evidence_not_in_passage,
            IGSH.DocumentProvenanceShape,
            URIRef(DOCUMENT),
            id="evidence-not-in-passage",
        ),
        # a passage that lost its text
        pytest.param(_passage_without_text, IGSH.PassageShape, PASSAGE_10, id="passage-no-text"),
        # a quotation without its speaker
        pytest.param(
            _quotation_without_speaker, IGSH.StatementShape, STATEMENT, id="quotation-no-speaker"
        ),
        # a post without its role
        pytest.param(_post_without_role, IGSH.PostShape, POST, id="post-no-role"),
        # a membership without the organisation joined
        pytest.param(
            _membership_without_organisation,
            IGSH.MembershipShape,
            MEMBERSHIP,
            id="membership-no-organisation",
        ),
    ],
)
def test_shapes_refuse_broken_release_naming_focus_node(
    mutation: Mutation, shape: URIRef, focus: URIRef
) -> None:
    """Each broken copy fails validation, and the report names the shape and focus node."""
    broken = _release()
    mutation(broken)
    conforms, violations = _validate(broken)
    assert conforms is False
    assert (shape, focus) in violations
