"""innograph/sparql/screening.py: SERVICE and LOAD are found in SPARQL text without parsing it.

The ground truth is pyoxigraph itself: a listener on 127.0.0.1 records whether a query really
made a request; the screen must have reported every query that did.
"""

from __future__ import annotations

import http.server
import random
import threading
from collections.abc import Iterator

import pyoxigraph
import pytest

from innograph.errors import QueryRefused
from innograph.sparql.screening import check_query, check_update, has_dataset_clause, remote_calls

XSD = "http://www.w3.org/2001/XMLSchema#"


class _Listener:
    def __init__(self) -> None:
        self.hits = 0
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                listener.hits += 1
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/x"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    found = _Listener()
    yield found
    found.server.shutdown()
    found.server.server_close()
    found.thread.join()


@pytest.fixture(scope="module")
def oxigraph() -> pyoxigraph.Store:
    """A store whose data makes each trick below reach its SERVICE clause."""
    store = pyoxigraph.Store()
    subject, predicate = pyoxigraph.NamedNode("http://a"), pyoxigraph.NamedNode("http://p")
    for term in (
        pyoxigraph.Literal("1", datatype=pyoxigraph.NamedNode(XSD + "integer")),
        pyoxigraph.Literal("true", datatype=pyoxigraph.NamedNode(XSD + "boolean")),
        pyoxigraph.Literal("x"),
        pyoxigraph.NamedNode("http://a:"),
    ):
        store.add(pyoxigraph.Quad(subject, predicate, term))
    return store


def _reaches_network(store: pyoxigraph.Store, listener: _Listener, query: str) -> bool:
    before = listener.hits
    try:
        result = store.query(query)
        if not isinstance(result, pyoxigraph.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError):
        pass
    return listener.hits > before


TRICKS = [
    # no token boundary is needed before SERVICE
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p 1.SERVICE <{url}> {{ ?s ?p ?o }} }}",
    # `ex:SERVICE` is not an IRI under <http://a:>, so the parser backtracks to `ex:`
    "PREFIX ex: <http://a:> SELECT * WHERE {{ ?s ?p ex:SERVICE <{url}> {{ ?s ?p ?o }} }}",
    # `<"x>` and `<'x>` look like IRIs but are less-than and a string
    'SELECT * WHERE {{ ?s ?p ?o FILTER(?o<"x>")SERVICE<{url}>{{ ?s ?p ?o }} }}',
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?o<'x>') SERVICE <{url}> {{ ?s ?p ?o }} FILTER('a'='a') }}",
    # the endpoint written with an escape
    "SELECT * WHERE {{ SERVICE <{escaped}> {{ ?s ?p ?o }} }}",
]


@pytest.mark.parametrize("template", TRICKS)
def test_remote_calls_finds_service_that_oxigraph_would_call(
    oxigraph: pyoxigraph.Store, listener: _Listener, template: str
) -> None:
    query = template.format(url=listener.url, escaped=listener.url.replace("/x", "/\\u0078"))
    assert _reaches_network(oxigraph, listener, query)
    assert [call.iri for call in remote_calls(query)] == [listener.url]


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://h/> { }" }',
        "SELECT * WHERE { ?s ?p '''a' SERVICE <http://h/> { } ''' }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://h/> { }",
        "SELECT ?service WHERE { ?service ?p <http://x/service/y> }",
        "PREFIX ig: <http://x/> SELECT * WHERE { ?s ig:offersService ?service }",
        "SELECT * WHERE { ?s <http://x/SERVICE> ?o FILTER(?o < 3) }",
    ],
)
def test_remote_calls_ignores_service_in_strings_comments_iris_and_names(query: str) -> None:
    assert remote_calls(query) == []


@pytest.mark.parametrize("char", [" ", "\t", "<", '"', "{", "}", "|", "^", "`"])
def test_oxigraph_rejects_an_iri_holding_a_character_the_screen_rules_out(char: str) -> None:
    """The screen's claim: text holding one of these between `<` and `>` is never an IRI."""
    with pytest.raises(SyntaxError):
        pyoxigraph.Store().query(f"SELECT * WHERE {{ <http://a/{char}b> ?p ?o }}")


def _fragment(rng: random.Random, url: str) -> str:
    junk = ">", "<", "#", " SERVICE ", f"<{url}>", "{", "}", "x", " ", "\\'", '\\"'
    body = "".join(rng.choice(junk) for _ in range(rng.randint(0, 5)))
    return rng.choice(
        [
            f'?s ?p "{body}"',
            f"?s ?p '{body}'",
            f'?s ?p """{body}"""',
            "?s ?p <http://x/" + rng.choice(["a", "service", "a#b", "it's"]) + ">",
            rng.choice(["?s ?p ex:a\\#b", "?s ?p ex:a\\'b", "?s ?p ex:SERVICE", "?s ?p 1"]),
            rng.choice(['FILTER(?o<"x>")', "FILTER(?o<'x>')", "FILTER(?o<'x>'||?o>'y')"]),
            "#" + body + rng.choice(["\n", "\r"]),
            f"SERVICE {rng.choice(['', 'SILENT '])}<{url}> {{ ?s ?p ?o }}",
            f"SERVICE<{url}>{{?s ?p ?o}}",
            rng.choice([".", ";", "", "?s ?p true"]),
        ]
    )


def test_remote_calls_misses_no_call_in_random_queries(
    oxigraph: pyoxigraph.Store, listener: _Listener
) -> None:
    """1500 generated queries mixing strings, comments, IRIs and less-than signs."""
    rng = random.Random(20240517)
    reached = 0
    for _ in range(1500):
        parts = [_fragment(rng, listener.url) for _ in range(rng.randint(1, 6))]
        query = "PREFIX ex: <http://a:> SELECT * WHERE { ?s ?p ?o " + " ".join(parts) + " }"
        if _reaches_network(oxigraph, listener, query):
            reached += 1
            assert remote_calls(query), query
    assert reached > 100


def test_check_query_allows_only_hosts_on_the_list() -> None:
    query = "SELECT * WHERE { SERVICE <https://Query.Wikidata.org/sparql> { ?s ?p ?o } }"
    check_query(query, service_allow=("query.wikidata.org",))
    with pytest.raises(QueryRefused) as refused:
        check_query(query, service_allow=())
    assert str(refused.value) == (
        "SERVICE at character 17 calls host 'query.wikidata.org', which is not on the "
        "allow-list (INNOGRAPH_SERVICE_ALLOW; allowed: none)"
    )


def test_check_query_refuses_a_service_named_by_a_variable_even_if_hosts_are_allowed() -> None:
    with pytest.raises(QueryRefused) as refused:
        check_query("SELECT * WHERE { SERVICE ?e { ?s ?p ?o } }", service_allow=("h",))
    assert str(refused.value) == (
        "SERVICE at character 17 must name its endpoint with a full <IRI> (this service does "
        "not follow variables, prefixed names or BASE)"
    )


def test_check_query_refuses_userinfo_that_hides_the_real_host() -> None:
    query = "SELECT * WHERE { SERVICE <http://allowed.org@evil.org/> { ?s ?p ?o } }"
    with pytest.raises(QueryRefused):
        check_query(query, service_allow=("allowed.org",))


def test_check_update_refuses_load_and_ignores_load_in_a_string() -> None:
    with pytest.raises(QueryRefused) as refused:
        check_update("LOAD <http://example.org/data.ttl>", service_allow=())
    assert str(refused.value).startswith("LOAD at character 0 is refused")
    check_update('INSERT DATA { <http://a> <http://b> "LOAD <http://c>" }', service_allow=())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://g> WHERE { ?s ?p ?o }", True),
        ("SELECT * FROM NAMED <http://g> { GRAPH ?g { ?s ?p ?o } }", True),
        ("CONSTRUCT { ?s ?p ?o } FROM <http://g> WHERE { ?s ?p ?o }", True),
        # a prefix named `from`
        ("PREFIX from: <http://x/> SELECT * { ?s from:p ?o }", False),
        # FROM in a string
        ('SELECT * { ?s ?p "from <x>" }', False),
        ("SELECT ?from WHERE { ?from ?p ?o }", False),
    ],
)
def test_has_dataset_clause(query: str, expected: bool) -> None:
    assert has_dataset_clause(query) is expected
