"""Values bound into query text for a remote store (`innograph.store.binding`) mean what
pyoxigraph's substitutions mean: the same answers from the same query on the embedded store."""

from __future__ import annotations

import pyoxigraph
import pytest

from innograph.store.binding import bind, is_graph_query, outline

EX = "http://example.org/"
DATA = f"""
<{EX}a> <{EX}p> "1" ; <{EX}q> <{EX}b> .
<{EX}b> <{EX}p> "2" .
"""
_STORE = pyoxigraph.Store()
_STORE.load(DATA.encode(), format=pyoxigraph.RdfFormat.TURTLE)

QUERIES = [
    f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }}",
    f"SELECT DISTINCT ?o ?s WHERE {{ {{ SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} }} }} ORDER BY ?s",
    "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s",
    f'SELECT ?s WHERE {{ ?s <{EX}p> ?o FILTER(?o != "?s") }} # ?s in a comment',
]


@pytest.mark.parametrize("query", QUERIES)
def test_bound_text_answers_as_substitutions_do(query: str) -> None:
    values = {"s": pyoxigraph.NamedNode(EX + "a")}
    substituted = _STORE.query(query, substitutions={pyoxigraph.Variable("s"): values["s"]})
    bound = _STORE.query(bind(query, values))
    assert isinstance(substituted, pyoxigraph.QuerySolutions)
    assert isinstance(bound, pyoxigraph.QuerySolutions)
    assert [str(row) for row in bound] == [str(row) for row in substituted]


def test_a_value_is_written_escaped_never_as_text() -> None:
    hostile = pyoxigraph.Literal('x" } ; DROP ALL ; SELECT * { "')
    text = bind("SELECT * WHERE { ?s ?p ?o }", {"o": hostile})
    assert list(_STORE.query(text)) == []
    assert len(_STORE) == 3


def test_the_query_form_is_read_outside_strings_and_comments() -> None:
    assert is_graph_query("# SELECT\nPREFIX x: <urn:select>\nCONSTRUCT WHERE { ?s ?p 'SELECT' }")
    assert not is_graph_query("PREFIX c: <urn:construct>\nSELECT * WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("PREFIX o: <urn:order>\nSELECT ?s WHERE { ?s ?p ?o }", ("SELECT", 22, False, False)),
        ("SELECT ?s FROM <urn:g> WHERE { ?s ?p ?o } ORDER BY ?s", ("SELECT", 0, True, True)),
        (
            "SELECT * { { SELECT ?s { ?s ?p 'ORDER' } ORDER BY ?s } } # ORDER",
            ("SELECT", 0, False, False),
        ),
        ("ASK { ?s ?p ?o }", ("ASK", 0, False, False)),
    ],
)
def test_the_outline_reads_form_dataset_and_order_at_the_top_level(
    query: str, expected: tuple[str, int, bool, bool]
) -> None:
    """What a store paging through an answer needs: where the prologue ends, whether FROM
    clauses name a dataset, whether the query (not a subquery) has its own order."""
    shape = outline(query)
    assert (shape.form, shape.start, shape.has_dataset, shape.is_ordered) == expected
