"""The rewrite of `rdfs:subClassOf*` into VALUES (`innograph.store.virtuoso_paths`) answers
as the path does: each query is run as written and as rewritten on the same embedded store,
and what cannot be rewritten whole is left as it is."""

from __future__ import annotations

import pyoxigraph
import pytest

from innograph.store.virtuoso_paths import Hierarchy, rewrite

PREFIXES = (
    "PREFIX ex: <http://example.org/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
)
DATA = """
ex:Town rdfs:subClassOf ex:Place .
ex:Capital rdfs:subClassOf ex:Town , [ a owl:Restriction ; owl:onProperty ex:p ] .
ex:Place rdfs:subClassOf ex:Thing .
ex:Park rdfs:subClassOf ex:Organisation .
ex:rome a ex:Capital ; rdfs:label "Rome"@en , "Roma"@it .
ex:bresso a ex:Town ; rdfs:label "Bresso"@en .
ex:italy a ex:Place ; rdfs:label "Italy"@en .
ex:tuspark a ex:Park ; rdfs:label "TusPark"@en .
ex:anna a ex:Person ; rdfs:label "Anna"@en .
"""


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load((PREFIXES + DATA).encode(), format=pyoxigraph.RdfFormat.TURTLE)
    return store


def _hierarchy(store: pyoxigraph.Store) -> Hierarchy:
    """The hierarchy as the remote store reads it (`virtuoso-classes.rq`)."""
    rows = store.query(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT DISTINCT ?class ?parent "
        "WHERE { { ?class rdfs:subClassOf ?parent } UNION { [] a ?class } }"
    )
    assert isinstance(rows, pyoxigraph.QuerySolutions)
    return Hierarchy.of((row["class"], row["parent"]) for row in rows)


def _rows(store: pyoxigraph.Store, query: str) -> list[tuple[str, ...]]:
    result = store.query(query)
    assert isinstance(result, pyoxigraph.QuerySolutions)
    names = [variable.value for variable in result.variables]
    return sorted(tuple(str(row[name]) for name in names) for row in result)


REWRITTEN = {
    "a triple of its own, constant class": """SELECT ?place ?l WHERE {
        ?place a ?kind ; rdfs:label ?l . ?kind rdfs:subClassOf* ex:Place .
        FILTER(LANG(?l) = "en") }""",
    "more predicates after `;`": """SELECT ?place ?kind ?label WHERE {
        ?place a ?kind . ?kind rdfs:subClassOf* ex:Place ; rdfs:subClassOf ?up .
        ?place rdfs:label ?label }""",
    "a sequence path, then `;`": """SELECT ?place ?l WHERE {
        ?place a/rdfs:subClassOf* ex:Place ; rdfs:label ?l FILTER(LANG(?l) = "it") }""",
    "a sequence path to a variable bound by VALUES": """SELECT ?r ?top WHERE {
        VALUES ?top { ex:Place ex:Organisation ex:Person }
        ?r a/rdfs:subClassOf* ?top }""",
    "a variable class to a variable top": """SELECT ?class ?top WHERE {
        VALUES ?top { ex:Place ex:Person } ?class rdfs:subClassOf* ?top }""",
    "superclasses of a constant class": """SELECT ?up WHERE {
        ex:Capital rdfs:subClassOf* ?up FILTER(isIRI(?up)) }""",
    "in a sub-SELECT and an OPTIONAL": """SELECT ?r ?kind ?l WHERE {
        { SELECT ?kind WHERE { ?kind rdfs:subClassOf* ex:Thing } }
        ?r a ?kind OPTIONAL { ?r rdfs:label ?l . ?r a/rdfs:subClassOf* ex:Town } }""",
}


@pytest.mark.parametrize("query", REWRITTEN.values(), ids=REWRITTEN.keys())
def test_a_rewritten_path_answers_as_the_path(store: pyoxigraph.Store, query: str) -> None:
    text = PREFIXES + query
    rewritten = rewrite(text, lambda: _hierarchy(store))
    assert "rdfs:subClassOf*" not in rewritten and "VALUES" in rewritten
    assert _rows(store, rewritten) == _rows(store, text) != []


KEPT = {
    "one-or-more": "SELECT ?k WHERE { ?k rdfs:subClassOf+ ex:Place }",
    "in alternatives": "SELECT ?k WHERE { ?k (rdfs:subClassOf|owl:equivalentClass)* ex:Place }",
    "a second object": "SELECT ?r WHERE { ?r a/rdfs:subClassOf* ex:Place , ex:Thing }",
    "after `;`": "SELECT ?k WHERE { ?k rdfs:label ?l ; rdfs:subClassOf* ex:Place }",
    "both ends constant": "ASK { ex:Town rdfs:subClassOf* ex:Place }",
    "SELECT * (a new variable would show)": "SELECT * WHERE { ?r a/rdfs:subClassOf* ex:Place }",
    "in a string": 'SELECT ?k WHERE { ?k rdfs:label "?k rdfs:subClassOf* ex:Place" }',
    "within FILTER EXISTS": "SELECT ?r { ?r a ?k FILTER EXISTS { ?k rdfs:subClassOf* ex:P } }",
    "cut short (the store says what is wrong)": "SELECT ?r WHERE { ?r a/rdfs:subClassOf* ex:P",
}


@pytest.mark.parametrize("query", KEPT.values(), ids=KEPT.keys())
def test_a_path_not_read_whole_is_sent_as_written(query: str) -> None:
    def unused() -> Hierarchy:
        raise AssertionError("no hierarchy is needed")

    text = PREFIXES + query
    assert rewrite(text, Hierarchy) == text
    if "subClassOf*" not in query:
        assert rewrite(text, unused) == text


def test_another_prefix_for_rdfs_is_followed(store: pyoxigraph.Store) -> None:
    query = (
        "PREFIX s: <http://www.w3.org/2000/01/rdf-schema#> PREFIX ex: <http://example.org/>\n"
        "SELECT ?r WHERE { ?r a/s:subClassOf* ex:Place }"
    )
    rewritten = rewrite(query, lambda: _hierarchy(store))
    assert "VALUES" in rewritten
    assert _rows(store, rewritten) == _rows(store, query)
