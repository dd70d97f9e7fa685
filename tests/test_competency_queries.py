"""Every named query in queries/ gives its exact answer on the seed release.

The store holds ontology/*.ttl and data/**/*.ttl, one named graph per file, queried as their
union (innograph.loading / innograph.queries). Each expected answer is the full, ordered list of
rows; a term is written compactly: `igid:…`/`ig:…` IRIs, `text@lang`, `value^^xsd:type`, plain
strings as themselves, `None` when unbound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph
import pytest

from innograph.loading import load
from innograph.queries import NamedQuery, query_catalogue, run_query
from innograph.store import Store, open_store
from tests.seed_release import DOCUMENT, seed_passages

REPOSITORY = Path(__file__).resolve().parents[1]
QUERIES = REPOSITORY / "queries"
HEADER_FIELDS = ("name", "question (en)", "domanda (it)", "parameters")
DOC = "igid:source/2021-05-17-openzone-tuspark"
NAMESPACES = {
    "igid:": "https://w3id.org/innograph/id/",
    "ig:": "https://w3id.org/innograph/ontology#",
    "org:": "http://www.w3.org/ns/org#",
    "rdf:": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "skos:": "http://www.w3.org/2004/02/skos/core#",
    "xsd:": "http://www.w3.org/2001/XMLSchema#",
}
_XSD_STRING = NAMESPACES["xsd:"] + "string"

Row = tuple[str | None, ...]


def passage(index: int) -> str:
    """Given 7, return the compact IRI of the seed release's passage 7."""
    return f"{DOC}/passage/{index}"


def _compact_iri(iri: str) -> str:
    for prefix, namespace in NAMESPACES.items():
        if iri.startswith(namespace):
            return prefix + iri[len(namespace) :]
    return iri


def _expand(compact: str) -> pyoxigraph.NamedNode:
    prefix, _, local = compact.partition(":")
    return pyoxigraph.NamedNode(NAMESPACES[prefix + ":"] + local)


def _term(
    term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None,
) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return f"{term.value}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return term.value
        return f"{term.value}^^{_compact_iri(term.datatype.value)}"
    if isinstance(term, pyoxigraph.NamedNode):
        return _compact_iri(term.value)
    return f"_:{term.value}"


@pytest.fixture(scope="module")
def seed_store() -> Iterator[Store]:
    """The ontology and every data file, loaded once for the module."""
    store = open_store(":memory:")
    load([REPOSITORY / "ontology", REPOSITORY / "data"], store=store)
    yield store
    store.close()


def _answer(store: Store, query: NamedQuery, bindings: Mapping[str, str]) -> list[Row]:
    result = run_query(store, query, bindings={k: _expand(v) for k, v in bindings.items()})
    assert isinstance(result, pyoxigraph.QuerySolutions)
    names = [variable.value for variable in result.variables]
    return [tuple(_term(solution[name]) for name in names) for solution in result]


def _passages_in_order() -> list[Row]:
    """The answer of passages-in-order, derived from the seed text itself."""
    return [
        (DOC, f"{index}^^xsd:integer", passage(index), f"{text}@it")
        for index, text in enumerate(seed_passages(), start=1)
    ]


CASES = [
    # the MoU's two parties, announced in the release; no signing date stated
    pytest.param(
        "agreement-parties",
        {},
        [
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                DOC,
                "2021-05-17T00:00:00+02:00^^xsd:dateTime",
                None,
            ),
        ],
        id="agreement-parties",
    ),
    # the four focus sectors of passage 5
    pytest.param(
        "agreement-focus-sectors",
        {},
        [
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:sector/digital-health",
                "digital health@en",
                "sanità digitale@it",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:sector/healthcare",
                "healthcare@en",
                "sanità@it",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:sector/life-science",
                "life science@en",
                "scienze della vita@it",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:sector/medical-technology",
                "medical technology@en",
                "tecnologie mediche@it",
            ),
        ],
        id="agreement-focus-sectors",
    ),
    # ten aims, in the order the release first states them
    pytest.param(
        "agreement-objectives",
        {},
        [
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/italian-chinese-axis",
                "Italian-Chinese axis@en",
                "asse italo-cinese@it",
                "2^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/startup-creation",
                "startup creation@en",
                "creazione di startup@it",
                "2^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/startup-growth",
                "startup growth@en",
                "crescita di startup@it",
                "2^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/startup-scouting",
                "startup scouting@en",
                "scouting di startup@it",
                "2^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/ecosystem-growth",
                (
                    "generating energy for the growth and development of the two innovation "
                    "ecosystems@en"
                ),
                (
                    "generare energie per la crescita e lo sviluppo dei due ecosistemi "
                    "d'innovazione@it"
                ),
                "4^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/solid-synergistic-relationship",
                "creating a solid and synergistic relationship@en",
                "creazione di una solida e sinergica relazione@it",
                "4^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/partnership-expansion",
                "expanding this newborn partnership in future@en",
                "espandere in futuro questa neonata partnership@it",
                "7^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/further-joint-agreements-and-programmes",
                "promoting further agreements and joint development programmes@en",
                "promuovere ulteriori accordi e programmi di sviluppo congiunto@it",
                "8^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/lasting-relations-for-smes",
                (
                    "building solid and lasting relations for the benefit of the small and "
                    "medium-sized enterprises of the respective areas@en"
                ),
                (
                    "costruire rapporti solidi e duraturi a beneficio delle piccole e medie "
                    "imprese delle rispettive aree@it"
                ),
                "8^^xsd:integer",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:objective/openzone-tuspark-2021-mou/science-park-management-know-how",
                (
                    "exchanges of knowledge and advice on their experience in managing science "
                    "parks@en"
                ),
                (
                    "scambi di conoscenze e consigli sulle relative esperienze nella gestione di "
                    "parchi scientifici@it"
                ),
                "8^^xsd:integer",
            ),
        ],
        id="agreement-objectives",
    ),
    # the two general managers quoted about the MoU
    pytest.param(
        "agreement-commentary",
        {},
        [
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:statement/2021-05-17-fabrizio-conicella",
                "Fabrizio Conicella@en",
                "General Manager of OpenZone@en",
                "OpenZone@en",
            ),
            (
                "igid:agreement/openzone-tuspark-2021-mou",
                "igid:statement/2021-05-17-hao-tang",
                "Hao Tang@en",
                "General Manager of TusPark (Jiangsu) Innovation Research Institute@en",
                "TusPark (Jiangsu) Innovation Research Institute@en",
            ),
        ],
        id="agreement-commentary",
    ),
    # both parties are active IASP members (passage 10)
    pytest.param(
        "association-members",
        {},
        [
            (
                "igid:organisation/iasp",
                "IASP@en",
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:membership-status/active",
                "active@en",
            ),
            (
                "igid:organisation/iasp",
                "IASP@en",
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:membership-status/active",
                "active@en",
            ),
        ],
        id="association-members",
    ),
    # TusPark is the starting point for the Yangtze River Delta cluster, in China
    pytest.param(
        "cluster-anchors",
        {},
        [
            (
                "igid:organisation/tuspark-jiangsu",
                "igid:cluster/yangtze-river-delta-strategic-cluster",
                "strategic cluster in the Yangtze River Delta area@en",
                "Yangtze River Delta@en",
                "China@en",
            ),
        ],
        id="cluster-anchors",
    ),
    # the release names no country for OpenZone ("italo-cinese" is a reading, not a statement),
    # so on the seed no agreement links two organisations of stated, different countries
    pytest.param(
        "cross-country-links",
        {},
        [],
        id="cross-country-links",
    ),
    # nearly 5 billion yuan: passage 18
    pytest.param(
        "fact-provenance",
        {
            "subject": "igid:organisation/tuspark-jiangsu",
            "property": "ig:assetsUnderManagement",
            "value": "igid:figure/tuspark-jiangsu-assets-under-management",
        },
        [
            (
                "igid:organisation/tuspark-jiangsu",
                "ig:assetsUnderManagement",
                "igid:figure/tuspark-jiangsu-assets-under-management",
                passage(18),
                "18^^xsd:integer",
                "arrivando a gestire asset per quasi 5 miliardi di Yuan@it",
            ),
        ],
        id="fact-provenance-management",
    ),
    # at the gates of Milan: passages 9 and 12
    pytest.param(
        "fact-provenance",
        {
            "subject": "igid:organisation/openzone",
            "property": "ig:near",
            "value": "igid:place/milan",
        },
        [
            (
                "igid:organisation/openzone",
                "ig:near",
                "igid:place/milan",
                passage(9),
                "9^^xsd:integer",
                "alle porte di Milano@it",
            ),
            (
                "igid:organisation/openzone",
                "ig:near",
                "igid:place/milan",
                passage(12),
                "12^^xsd:integer",
                "alle porte di Milano@it",
            ),
            (
                "igid:organisation/openzone",
                "ig:near",
                "igid:place/milan",
                passage(12),
                "12^^xsd:integer",
                "situato alle porte di Milano@it",
            ),
        ],
        id="fact-provenance-milan",
    ),
    # every passage states at least one fact
    pytest.param(
        "facts-per-passage",
        {},
        [
            (DOC, "1^^xsd:integer", passage(1), "12^^xsd:integer"),
            (DOC, "2^^xsd:integer", passage(2), "20^^xsd:integer"),
            (DOC, "3^^xsd:integer", passage(3), "6^^xsd:integer"),
            (DOC, "4^^xsd:integer", passage(4), "13^^xsd:integer"),
            (DOC, "5^^xsd:integer", passage(5), "18^^xsd:integer"),
            (DOC, "6^^xsd:integer", passage(6), "21^^xsd:integer"),
            (DOC, "7^^xsd:integer", passage(7), "4^^xsd:integer"),
            (DOC, "8^^xsd:integer", passage(8), "12^^xsd:integer"),
            (DOC, "9^^xsd:integer", passage(9), "28^^xsd:integer"),
            (DOC, "10^^xsd:integer", passage(10), "13^^xsd:integer"),
            (DOC, "11^^xsd:integer", passage(11), "2^^xsd:integer"),
            (DOC, "12^^xsd:integer", passage(12), "14^^xsd:integer"),
            (DOC, "13^^xsd:integer", passage(13), "13^^xsd:integer"),
            (DOC, "14^^xsd:integer", passage(14), "2^^xsd:integer"),
            (DOC, "15^^xsd:integer", passage(15), "1^^xsd:integer"),
            (DOC, "16^^xsd:integer", passage(16), "2^^xsd:integer"),
            (DOC, "17^^xsd:integer", passage(17), "16^^xsd:integer"),
            (DOC, "18^^xsd:integer", passage(18), "20^^xsd:integer"),
            (DOC, "19^^xsd:integer", passage(19), "2^^xsd:integer"),
            (DOC, "20^^xsd:integer", passage(20), "6^^xsd:integer"),
            (DOC, "21^^xsd:integer", passage(21), "6^^xsd:integer"),
            (DOC, "22^^xsd:integer", passage(22), "7^^xsd:integer"),
            (DOC, "23^^xsd:integer", passage(23), "1^^xsd:integer"),
            (DOC, "24^^xsd:integer", passage(24), "1^^xsd:integer"),
            (DOC, "25^^xsd:integer", passage(25), "4^^xsd:integer"),
            (DOC, "26^^xsd:integer", passage(26), "6^^xsd:integer"),
            (DOC, "27^^xsd:integer", passage(27), "9^^xsd:integer"),
            (DOC, "28^^xsd:integer", passage(28), "1^^xsd:integer"),
            (DOC, "29^^xsd:integer", passage(29), "2^^xsd:integer"),
        ],
        id="facts-per-passage",
    ),
    # no untraced fact
    pytest.param(
        "facts-without-provenance",
        {},
        [],
        id="facts-without-provenance",
    ),
    # the three figures and the words that state them
    pytest.param(
        "figure-sources",
        {},
        [
            (
                "igid:organisation/openzone",
                "ig:hostedOrganisations",
                "igid:figure/openzone-hosted-organisations",
                "29^^xsd:decimal",
                "igid:approximation/exact",
                None,
                passage(13),
                "13^^xsd:integer",
                "Il campus ospita oggi 29 organizzazioni@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "ig:assetsUnderManagement",
                "igid:figure/tuspark-jiangsu-assets-under-management",
                "5000000000^^xsd:decimal",
                "igid:approximation/nearly",
                "igid:currency/CNY",
                passage(18),
                "18^^xsd:integer",
                "arrivando a gestire asset per quasi 5 miliardi di Yuan@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "ig:directInvestments",
                "igid:figure/tuspark-jiangsu-direct-investments",
                "20^^xsd:decimal",
                "igid:approximation/about",
                None,
                passage(18),
                "18^^xsd:integer",
                "ha investito direttamente in circa 20 imprese@it",
            ),
        ],
        id="figure-sources",
    ),
    # 29 exact, about 20, nearly 5 billion CNY
    pytest.param(
        "figures-with-approximation",
        {},
        [
            (
                "igid:figure/openzone-hosted-organisations",
                "29 organisations@en",
                "29^^xsd:decimal",
                "igid:approximation/exact",
                "exact@en",
                None,
                "ig:Organisation",
            ),
            (
                "igid:figure/tuspark-jiangsu-assets-under-management",
                "nearly 5 billion yuan@en",
                "5000000000^^xsd:decimal",
                "igid:approximation/nearly",
                "nearly@en",
                "CNY",
                None,
            ),
            (
                "igid:figure/tuspark-jiangsu-direct-investments",
                "about 20 companies@en",
                "20^^xsd:decimal",
                "igid:approximation/about",
                "about@en",
                None,
                "ig:Company",
            ),
        ],
        id="figures-with-approximation",
    ),
    # only the 'quasi' figure
    pytest.param(
        "figures-with-approximation",
        {
            "approximation": "igid:approximation/nearly",
        },
        [
            (
                "igid:figure/tuspark-jiangsu-assets-under-management",
                "nearly 5 billion yuan@en",
                "5000000000^^xsd:decimal",
                "igid:approximation/nearly",
                "nearly@en",
                "CNY",
                None,
            ),
        ],
        id="figures-with-approximation-nearly",
    ),
    # 29 organisations today, including three kinds of company
    pytest.param(
        "hosted-organisations",
        {},
        [
            (
                "igid:organisation/openzone",
                "igid:figure/openzone-hosted-organisations",
                "29^^xsd:decimal",
                "igid:approximation/exact",
                "ig:Organisation",
                "ig:BiotechCompany",
                "2021-05-17T00:00:00+02:00^^xsd:dateTime",
            ),
            (
                "igid:organisation/openzone",
                "igid:figure/openzone-hosted-organisations",
                "29^^xsd:decimal",
                "igid:approximation/exact",
                "ig:Organisation",
                "ig:GeneTherapyCompany",
                "2021-05-17T00:00:00+02:00^^xsd:dateTime",
            ),
            (
                "igid:organisation/openzone",
                "igid:figure/openzone-hosted-organisations",
                "29^^xsd:decimal",
                "igid:approximation/exact",
                "ig:Organisation",
                "ig:PharmaceuticalCompany",
                "2021-05-17T00:00:00+02:00^^xsd:dateTime",
            ),
        ],
        id="hosted-organisations",
    ),
    # OpenZone in healthcare; TusPark's five fields of activity
    pytest.param(
        "organisation-activity-sectors",
        {},
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:sector/healthcare",
                "healthcare@en",
                "sanità@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:sector/educational-scientific-research",
                "educational scientific research@en",
                "ricerca scientifica educativa@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:sector/technology-city-investment-and-development",
                "investment in and development of technology cities@en",
                "investimento e sviluppo di città tecnologiche@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:sector/science-park-and-incubator-management",
                "science-park and incubator management@en",
                "gestione di parchi scientifici e di incubatori@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:sector/technology-finance",
                "technology finance@en",
                "finanza tecnologica@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:sector/technology-services",
                "technology services@en",
                "servizi tecnologici@it",
            ),
        ],
        id="organisation-activity-sectors",
    ),
    # Image Building staffs one contact point; OpenZone has its own (the release ties Marco
    # Allegrini's to no organisation)
    pytest.param(
        "organisation-contact-points",
        {},
        [
            (
                "igid:organisation/image-building",
                "Image Building@en",
                "ig:contactOrganisation",
                "igid:contact-point/image-building",
                None,
                "Angela Fumis@en",
                "zambon@imagebuilding.it",
                "02 89011300",
            ),
            (
                "igid:organisation/image-building",
                "Image Building@en",
                "ig:contactOrganisation",
                "igid:contact-point/image-building",
                None,
                "Cristina Fossati@en",
                "zambon@imagebuilding.it",
                "02 89011300",
            ),
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "ig:contactPoint",
                "igid:contact-point/openzone-ufficiostampa",
                None,
                None,
                "ufficiostampa@openzone.it",
                None,
            ),
        ],
        id="organisation-contact-points",
    ),
    # the release's own descriptions, in Italian
    pytest.param(
        "organisation-descriptions",
        {},
        [
            (
                "igid:organisation/openzone",
                "pensato per costruire ponti tra mondi diversi e incoraggiare sinergie@it",
                "9^^xsd:integer",
            ),
            (
                "igid:organisation/openzone",
                "campus scientifico dedicato alla Salute situato alle porte di Milano@it",
                "12^^xsd:integer",
            ),
            (
                "igid:organisation/openzone",
                (
                    "luogo di scambio di conoscenze fondato sull'innovazione aperta, concepito "
                    "con l'obiettivo di creare ponti tra mondi, linguaggi e competenze diverse@it"
                ),
                "14^^xsd:integer",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "il primo istituto regionale di ricerca sull'innovazione@it",
                "17^^xsd:integer",
            ),
        ],
        id="organisation-descriptions",
    ),
    # OpenZone founded by Zambon; TusPark founded in 2011
    pytest.param(
        "organisation-founding",
        {},
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:organisation/zambon",
                "Zambon@en",
                None,
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                None,
                None,
                "2011^^xsd:integer",
            ),
        ],
        id="organisation-founding",
    ),
    # one kind per organisation
    pytest.param(
        "organisation-kinds",
        {},
        [
            (
                "igid:organisation/iasp",
                "IASP@en",
                "ig:Association",
                "association@en",
                "associazione@it",
            ),
            (
                "igid:organisation/image-building",
                "Image Building@en",
                "ig:Organisation",
                "organisation@en",
                "organizzazione@it",
            ),
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "ig:SciencePark",
                "science park@en",
                "parco scientifico@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "ig:ResearchInstitute",
                "research institute@en",
                "istituto di ricerca@it",
            ),
            (
                "igid:organisation/zambon",
                "Zambon@en",
                "ig:Organisation",
                "organisation@en",
                "organizzazione@it",
            ),
        ],
        id="organisation-kinds",
    ),
    # two missions each, as worded in passages 6, 9, 12 and 19
    pytest.param(
        "organisation-missions",
        {},
        [
            (
                "igid:organisation/openzone",
                (
                    "creare valore in modo unico nel mondo healthcare, promuovendo comunità, "
                    "competenze e capitale@it"
                ),
                "9^^xsd:integer",
            ),
            (
                "igid:organisation/openzone",
                (
                    "creare valore in modo unico nel settore dell'Health, promuovendo una "
                    "community dinamica e favorendo l'accesso a competenze e capitale@it"
                ),
                "12^^xsd:integer",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                (
                    "diventare un punto di riferimento nella ricerca e sviluppo e svolgere una "
                    "funzione di raccordo nel campo Science & Technology tra realtà nazionali ed "
                    "estere@it"
                ),
                "6^^xsd:integer",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                (
                    "promuovere lo sviluppo dell'innovazione regionale e la cooperazione "
                    "internazionale nei settori della scienza e della tecnologia@it"
                ),
                "19^^xsd:integer",
            ),
        ],
        id="organisation-missions",
    ),
    # the agreement shortcut, both ways
    pytest.param(
        "organisation-partners",
        {},
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:organisation/openzone",
                "OpenZone@en",
            ),
        ],
        id="organisation-partners",
    ),
    # near Milan, not in Bresso; TusPark's country (no region: "regionale" names none)
    pytest.param(
        "organisation-places",
        {},
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "ig:near",
                "igid:place/milan",
                "Milan@en",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "ig:country",
                "igid:place/china",
                "China@en",
            ),
        ],
        id="organisation-places",
    ),
    # one general manager per party
    pytest.param(
        "organisation-representatives",
        {},
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:person/fabrizio-conicella",
                "Fabrizio Conicella@en",
                "igid:post/openzone-general-manager",
                "General Manager of OpenZone@en",
                "igid:role/general-manager",
                "general manager@en",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:person/hao-tang",
                "Hao Tang@en",
                "igid:post/tuspark-jiangsu-general-manager",
                "General Manager of TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:role/general-manager",
                "general manager@en",
            ),
        ],
        id="organisation-representatives",
    ),
    # bound to OpenZone
    pytest.param(
        "organisation-representatives",
        {
            "organisation": "igid:organisation/openzone",
        },
        [
            (
                "igid:organisation/openzone",
                "OpenZone@en",
                "igid:person/fabrizio-conicella",
                "Fabrizio Conicella@en",
                "igid:post/openzone-general-manager",
                "General Manager of OpenZone@en",
                "igid:role/general-manager",
                "general manager@en",
            ),
        ],
        id="organisation-representatives-openzone",
    ),
    # TusPark's five services (passage 20)
    pytest.param(
        "organisation-services",
        {},
        [
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:service/acceleration",
                "acceleration@en",
                "accelerazione@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:service/financial-advisory",
                "financial advisory@en",
                "consulenza finanziaria@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:service/incubation",
                "incubation@en",
                "incubazione@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:service/industrial-planning-and-consulting",
                "industrial planning and consulting@en",
                "pianificazione industriale e consulenza@it",
            ),
            (
                "igid:organisation/tuspark-jiangsu",
                "TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:service/international-science-technology-cooperation",
                "international exchange and cooperation in science and technology@en",
                "scambi e cooperazione internazionale in scienza e tecnologia@it",
            ),
        ],
        id="organisation-services",
    ),
    # the IASP sentence
    pytest.param(
        "passage-facts",
        {
            "passage": passage(10),
        },
        [
            (passage(10), "igid:membership/openzone-iasp", "rdf:type", "org:Membership"),
            (
                passage(10),
                "igid:membership/openzone-iasp",
                "org:member",
                "igid:organisation/openzone",
            ),
            (
                passage(10),
                "igid:membership/openzone-iasp",
                "org:organization",
                "igid:organisation/iasp",
            ),
            (
                passage(10),
                "igid:membership/openzone-iasp",
                "ig:membershipStatus",
                "igid:membership-status/active",
            ),
            (passage(10), "igid:membership/tuspark-jiangsu-iasp", "rdf:type", "org:Membership"),
            (
                passage(10),
                "igid:membership/tuspark-jiangsu-iasp",
                "org:member",
                "igid:organisation/tuspark-jiangsu",
            ),
            (
                passage(10),
                "igid:membership/tuspark-jiangsu-iasp",
                "org:organization",
                "igid:organisation/iasp",
            ),
            (
                passage(10),
                "igid:membership/tuspark-jiangsu-iasp",
                "ig:membershipStatus",
                "igid:membership-status/active",
            ),
            (passage(10), "igid:organisation/iasp", "rdf:type", "ig:Association"),
            (passage(10), "igid:organisation/iasp", "rdfs:label", "IASP@en"),
            (passage(10), "igid:organisation/iasp", "rdfs:label", "IASP@it"),
            (
                passage(10),
                "igid:organisation/iasp",
                "skos:altLabel",
                "associazione internazionale dei parchi scientifici e delle aree di innovazione@it",
            ),
            (passage(10), "igid:organisation/tuspark-jiangsu", "skos:altLabel", "TusPark@it"),
        ],
        id="passage-facts-10",
    ),
    # four places; only the Delta is stated to be part of China
    pytest.param(
        "place-hierarchy",
        {},
        [
            ("igid:place/bresso", "Bresso@en", "Bresso@it", "ig:Place", None),
            ("igid:place/china", "China@en", "Cina@it", "ig:Country", None),
            ("igid:place/milan", "Milan@en", "Milano@it", "ig:Place", None),
            (
                "igid:place/yangtze-river-delta",
                "Yangtze River Delta@en",
                "Delta del Fiume Azzurro@it",
                "ig:GeographicArea",
                "igid:place/china",
            ),
        ],
        id="place-hierarchy",
    ),
    # the two quotations, verbatim
    pytest.param(
        "quotations-by-person",
        {},
        [
            (
                "igid:person/fabrizio-conicella",
                "Fabrizio Conicella@en",
                "General Manager of OpenZone@en",
                "igid:statement/2021-05-17-fabrizio-conicella",
                (
                    "Siamo molto orgogliosi di questo accordo. TusPark è una delle più importanti "
                    "realtà cinesi nel campo dell'innovazione. Come OpenZone siamo fortemente "
                    "intenzionati a rendere disponibili ai nostri 'zoner' tutte le opportunità "
                    "che emergeranno da questa collaborazione, in modo da instaurare una "
                    "relazione proficua e duratura tra i nostri due ecosistemi@it"
                ),
                "igid:agreement/openzone-tuspark-2021-mou",
                "9^^xsd:integer",
            ),
            (
                "igid:person/hao-tang",
                "Hao Tang@en",
                "General Manager of TusPark (Jiangsu) Innovation Research Institute@en",
                "igid:statement/2021-05-17-hao-tang",
                (
                    "Siamo felici di unire le nostre forze a quelle di OpenZone e cogliamo questa "
                    "opportunità per creare un'alleanza italo-cinese nel campo della scienza e "
                    "della tecnologia. Non vediamo l'ora di lavorare a stretto contatto con "
                    "OpenZone per supportare lo scambio di risorse e idee volte a raggiungere "
                    "importanti traguardi per entrambe le realtà ed espandere la nostra comunità "
                    "dell'open innovation@it"
                ),
                "igid:agreement/openzone-tuspark-2021-mou",
                "6^^xsd:integer",
            ),
        ],
        id="quotations-by-person",
    ),
    # the release announces the MoU; Bresso dateline; no publisher named
    pytest.param(
        "release-agreements",
        {},
        [
            (
                DOC,
                (
                    "OpenZone sigla un protocollo d'intesa con TusPark (Jiangsu) Innovation "
                    "Research Institute@it"
                ),
                "2021-05-17T00:00:00+02:00^^xsd:dateTime",
                "Bresso@en",
                None,
                "igid:agreement/openzone-tuspark-2021-mou",
                (
                    "memorandum of understanding between OpenZone and TusPark (Jiangsu) "
                    "Innovation Research Institute@en"
                ),
            ),
        ],
        id="release-agreements",
    ),
    # three contact points, four rows (two people at Image Building)
    pytest.param(
        "release-press-contacts",
        {},
        [
            (
                DOC,
                "igid:contact-point/image-building",
                "Image Building@en",
                "Angela Fumis@en",
                "zambon@imagebuilding.it",
                "02 89011300",
            ),
            (
                DOC,
                "igid:contact-point/image-building",
                "Image Building@en",
                "Cristina Fossati@en",
                "zambon@imagebuilding.it",
                "02 89011300",
            ),
            (
                DOC,
                "igid:contact-point/marco-allegrini",
                None,
                "Marco Allegrini@en",
                "marco.allegrini@zambongroup.com",
                "+39 347 339 5615",
            ),
            (
                DOC,
                "igid:contact-point/openzone-ufficiostampa",
                "OpenZone@en",
                None,
                "ufficiostampa@openzone.it",
                None,
            ),
        ],
        id="release-press-contacts",
    ),
    # the release read passage by passage: the expected rows come from the seed text
    pytest.param("passages-in-order", {}, _passages_in_order(), id="passages-in-order"),
]


def test_query_catalogue_has_expected_answer_for_every_query() -> None:
    """A query added to queries/ without an expected answer here fails the suite."""
    tested = {case.values[0] for case in CASES}
    assert sorted(query_catalogue(QUERIES)) == sorted(tested)


def test_query_catalogue_holds_at_least_25_queries() -> None:
    assert len(query_catalogue(QUERIES)) >= 25


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda path: path.stem)
def test_query_header_names_question_in_two_languages_and_parameters(path: Path) -> None:
    """Each .rq file opens with name, English and Italian question, and parameters."""
    query = query_catalogue(QUERIES)[path.stem]
    assert [field for field in HEADER_FIELDS if not query.header.get(field)] == []
    assert query.name == path.stem
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    if query.header["parameters"] != "none":
        assert query.parameters, "parameters: lists ?variables or says none"
    assert [p for p in query.parameters if not re.search(rf"\?{p}\b", body)] == []
    assert "ORDER BY" in body


@pytest.mark.parametrize(("name", "bindings", "expected"), CASES)
def test_query_returns_exact_answer_on_seed_release(
    seed_store: Store, name: str, bindings: Mapping[str, str], expected: list[Row]
) -> None:
    assert _answer(seed_store, query_catalogue(QUERIES)[name], bindings) == expected


def test_passages_in_order_document_is_the_seed_release() -> None:
    """The compact DOC used in the expected answers is the release's IRI."""
    assert _expand(DOC).value == DOCUMENT
