"""`/api/queries`: the named queries of a folder as operations with bound parameters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from innograph.store import Store
from innograph.store.remote import RemoteStore
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

MEMBERS = """# name: members-of
# question (en): Which organisations are members of an association?
# domanda (it): Quali organizzazioni sono membri di un'associazione?
# parameters: ?association (IRI) ?label (literal)
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?association ?member ?label WHERE {
  ?membership org:organization ?association ; org:member ?member .
  ?member rdfs:label ?label FILTER(LANG(?label) = "en")
} ORDER BY ?member
"""

FOUNDED_IN = """# name: founded-in
# parameters: ?year (xsd:integer)
PREFIX ig: <https://w3id.org/innograph/ontology#>
ASK { ?organisation ig:foundingYear ?year }
"""

FILTERED = """# name: filtered
# parameters: ?year (xsd:integer)
PREFIX ig: <https://w3id.org/innograph/ontology#>
ASK { ?organisation ig:foundingYear ?founded FILTER(?founded > ?year) }
"""

TERMS = """# name: terms
# parameters: none
SELECT ?term WHERE {
  VALUES ?term { <http://example.org/a> "plain" "1"^^<http://www.w3.org/2001/XMLSchema#integer>
                 "x"@en }
}
"""

RDF12_TERMS = """# name: terms
# parameters: none
SELECT ?term WHERE {
  VALUES ?term { "y"@ar--rtl <<( <http://example.org/s> <http://example.org/p> "o" )>> }
}
"""
"""RDF 1.2's terms: a language tag with a direction, a triple term (not in Virtuoso 7.2)."""

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def queries_client(seed_store: Store, tmp_path: Path) -> Iterator[TestClient]:
    (tmp_path / "members-of.rq").write_text(MEMBERS, encoding="utf-8")
    (tmp_path / "founded-in.rq").write_text(FOUNDED_IN, encoding="utf-8")
    (tmp_path / "filtered.rq").write_text(FILTERED, encoding="utf-8")
    with TestClient(create_app(seed_settings(tmp_path), seed_store)) as client:
        yield client


def test_named_queries_list_each_query_with_its_parameters(queries_client: TestClient) -> None:
    listed = queries_client.get("/api/queries").json()["queries"]
    assert [(q["name"], [(p["name"], p["kind"]) for p in q["parameters"]]) for q in listed] == [
        ("filtered", [("year", "xsd:integer")]),
        ("founded-in", [("year", "xsd:integer")]),
        ("members-of", [("association", "IRI"), ("label", "literal")]),
    ]
    assert listed[2]["header"]["domanda (it)"].startswith("Quali organizzazioni")


def test_named_query_binds_an_iri_parameter_from_a_rest_id(queries_client: TestClient) -> None:
    answer = queries_client.get("/api/queries/members-of?association=iasp").json()
    assert answer["variables"] == ["association", "member", "label"]
    assert [row["member"]["value"] for row in answer["rows"]] == [
        "https://w3id.org/innograph/id/organisation/openzone",
        "https://w3id.org/innograph/id/organisation/tuspark-jiangsu",
    ]
    assert answer["rows"][0]["label"] == {
        "type": "literal",
        "value": "OpenZone",
        "datatype": None,
        "language": "en",
    }


def _terms(store: Store, folder: Path, text: str) -> tuple[list[Any], list[Any]]:
    """A query's ?term values in the REST form and in SPARQL JSON, on the seed store."""
    (folder / "terms.rq").write_text(text, encoding="utf-8")
    with TestClient(create_app(seed_settings(folder), store)) as client:
        rest = [row["term"] for row in client.get("/api/queries/terms").json()["rows"]]
        sparql = client.get(
            "/sparql",
            params={"query": text},
            headers={"Accept": "application/sparql-results+json"},
        ).json()["results"]["bindings"]
    return rest, [row["term"] for row in sparql]


def test_named_query_values_are_the_sparql_json_terms_in_the_rest_form(
    seed_store: Store, tmp_path: Path
) -> None:
    """The REST form names xsd:string."""
    rest, sparql = _terms(seed_store, tmp_path, TERMS)
    literal = {"type": "literal", "datatype": None, "language": None}
    assert rest == [
        {"type": "uri", "value": "http://example.org/a", "datatype": None, "language": None},
        {**literal, "value": "plain", "datatype": XSD + "string"},
        {**literal, "value": "1", "datatype": XSD + "integer"},
        {**literal, "value": "x", "language": "en"},
    ]
    assert sparql == [
        {"type": "uri", "value": "http://example.org/a"},
        {"type": "literal", "value": "plain"},
        {"type": "literal", "value": "1", "datatype": XSD + "integer"},
        {"type": "literal", "value": "x", "xml:lang": "en"},
    ]


def test_rdf_1_2_terms_in_the_rest_form_or_virtuoso_s_refusal(
    seed_store: Store, tmp_path: Path
) -> None:
    """The REST form drops a direction and writes a triple term as text. Virtuoso 7.2 knows
    neither (RDF 1.2): it refuses the query, which the service answers 400 with its words."""
    if isinstance(seed_store, RemoteStore) and seed_store.is_virtuoso:
        (tmp_path / "terms.rq").write_text(RDF12_TERMS, encoding="utf-8")
        with TestClient(create_app(seed_settings(tmp_path), seed_store)) as client:
            refused = client.get("/api/queries/terms")
        assert refused.status_code == 400
        assert "Virtuoso 37000 Error SP030: SPARQL compiler" in refused.json()["detail"]
        return
    rest, sparql = _terms(seed_store, tmp_path, RDF12_TERMS)
    assert rest == [
        {"type": "literal", "value": "y", "datatype": None, "language": "ar"},
        {
            "type": "triple",
            "value": '<http://example.org/s> <http://example.org/p> "o"',
            "datatype": None,
            "language": None,
        },
    ]
    assert sparql == [
        {"type": "literal", "value": "y", "xml:lang": "ar", "its:dir": "rtl"},
        {
            "type": "triple",
            "value": {
                "subject": {"type": "uri", "value": "http://example.org/s"},
                "predicate": {"type": "uri", "value": "http://example.org/p"},
                "object": {"type": "literal", "value": "o"},
            },
        },
    ]


def test_named_query_binds_literals_as_values_not_as_text(queries_client: TestClient) -> None:
    injected = 'OpenZone" } UNION { ?s ?p ?o'
    answer = queries_client.get("/api/queries/members-of", params={"label": injected}).json()
    assert answer["rows"] == []
    assert queries_client.get("/api/queries/founded-in?year=2011").json()["boolean"] is True
    assert queries_client.get("/api/queries/founded-in?year=2010").json()["boolean"] is False


def test_named_query_refuses_unknown_parameters_and_bad_values(queries_client: TestClient) -> None:
    unknown = queries_client.get("/api/queries/members-of?colour=blue")
    bad_year = queries_client.get("/api/queries/founded-in?year=soon")
    missing = queries_client.get("/api/queries/no-such-query")
    unbindable = queries_client.get("/api/queries/filtered?year=2000")
    assert (unknown.status_code, bad_year.status_code, missing.status_code) == (422, 422, 404)
    if isinstance(queries_client.app.state.store, RemoteStore):  # type: ignore[attr-defined]
        # A difference: pyoxigraph binds no variable that only a FILTER reads, where a remote
        # store, whose values are written into the text (innograph.store.binding), does.
        assert unbindable.status_code == 200
    else:
        assert unbindable.status_code == 422
        assert "'year'" in unbindable.json()["detail"]
    assert "'colour'" in unknown.json()["detail"]
    assert "'year'" in bad_year.json()["detail"]
    assert "'no-such-query'" in missing.json()["detail"]


def test_named_queries_of_the_project_are_all_listed_and_run(seed_client: TestClient) -> None:
    listed = {q["name"] for q in seed_client.get("/api/queries").json()["queries"]}
    files = sorted((REPOSITORY / "queries").glob("*.rq"))
    assert len(listed) == len(files)
    for name in listed:
        assert seed_client.get(f"/api/queries/{name}").status_code == 200, name


def test_named_query_of_the_project_reads_slugs_of_the_declared_class(
    seed_client: TestClient,
) -> None:
    members = seed_client.get("/api/queries/association-members?association=iasp").json()
    parties = seed_client.get(
        "/api/queries/agreement-parties?agreement=openzone-tuspark-2021-mou"
    ).json()
    assert sorted(row["memberLabel"]["value"] for row in members["rows"]) == [
        "OpenZone",
        "TusPark (Jiangsu) Innovation Research Institute",
    ]
    assert parties["rows"]
    assert {row["agreement"]["value"] for row in parties["rows"]} == {
        "https://w3id.org/innograph/id/agreement/openzone-tuspark-2021-mou"
    }
