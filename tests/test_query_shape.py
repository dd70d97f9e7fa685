"""innograph/sparql/screening.py `check_shape`: a query too long, too deep or with too many
UNIONs is refused before it reaches pyoxigraph, which a deep enough one kills (issue #14)."""

from __future__ import annotations

import time

import pytest

from innograph.errors import QueryTooLarge, SettingsError
from innograph.settings import QUERY_LIMITS, QueryLimits, Settings
from innograph.sparql.screening import check_query, check_shape, check_update
from tests.conftest import REPOSITORY

_TRIPLE = "?s ?p ?o"

DEEP = {
    "3,000 nested groups": "SELECT * WHERE " + "{" * 3000 + _TRIPLE + "}" * 3000,
    "5,000 nested OPTIONALs": (
        "SELECT * WHERE { " + f"{_TRIPLE} OPTIONAL {{ " * 5000 + _TRIPLE + " }" * 5001
    ),
    "5,000 nested parentheses": "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
}


@pytest.mark.parametrize("query", DEEP.values(), ids=DEEP.keys())
def test_a_deep_query_is_refused_naming_its_depth_and_the_limit(query: str) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTooLarge, match="INNOGRAPH_QUERY_MAX_DEPTH") as refused:
        check_query(query, service_allow=())
    assert refused.value.limit == QUERY_LIMITS.max_depth
    assert refused.value.value >= 3000
    assert time.monotonic() - started < 1


def test_a_10000_way_union_is_refused_naming_the_count() -> None:
    query = "SELECT * WHERE { " + " UNION ".join([f"{{ {_TRIPLE} }}"] * 10_000) + " }"
    with pytest.raises(QueryTooLarge) as refused:
        check_query(query, service_allow=())
    assert str(refused.value) == (
        "the query's number of UNIONs is 9999, over this service's limit of 500 "
        "(INNOGRAPH_QUERY_MAX_UNIONS)"
    )


def test_an_over_long_update_is_refused_naming_its_length() -> None:
    update = 'INSERT DATA { <urn:a> <urn:b> "' + "x" * QUERY_LIMITS.max_length + '" }'
    with pytest.raises(QueryTooLarge, match=f"length is {len(update)}.*MAX_LENGTH"):
        check_update(update, service_allow=())


def test_brackets_and_unions_in_strings_comments_and_names_are_not_counted() -> None:
    limits = QueryLimits(max_depth=3, max_unions=1)
    text = (
        'SELECT ?union WHERE { ?s ig:isUnion "{{{{ UNION UNION" . # (((( UNION UNION\n'
        "{ ?s ?p ?o } UNION { ?s ?p ?o } FILTER(BOUND(?s)) }"
    )
    check_shape(text, limits)
    with pytest.raises(QueryTooLarge, match="nesting depth of {, \\( and \\[ is 4"):
        check_shape(text.replace("BOUND(?s)", "BOUND((?s))"), limits)
    with pytest.raises(QueryTooLarge, match="number of UNIONs is 2"):
        check_shape(text.replace("FILTER", "UNION {} FILTER"), limits)


def test_every_query_this_project_ships_is_within_the_limits() -> None:
    shipped = [*REPOSITORY.glob("queries/*.rq"), *REPOSITORY.glob("src/innograph/**/*.rq")]
    assert len(shipped) > 50
    for path in shipped:
        check_shape(path.read_text(encoding="utf-8"), QUERY_LIMITS)


def test_the_limits_are_read_from_the_environment_and_must_be_positive() -> None:
    environment = {
        "INNOGRAPH_QUERY_MAX_LENGTH": "1000",
        "INNOGRAPH_QUERY_MAX_DEPTH": "20",
        "INNOGRAPH_QUERY_MAX_UNIONS": "7",
    }
    limits = Settings.from_environment(environment).query_limits
    assert limits == QueryLimits(max_length=1000, max_depth=20, max_unions=7)
    assert Settings.from_environment({}).query_limits == QUERY_LIMITS
    with pytest.raises(SettingsError, match="INNOGRAPH_QUERY_MAX_DEPTH must be 1 or more"):
        Settings.from_environment({"INNOGRAPH_QUERY_MAX_DEPTH": "0"})
    with pytest.raises(SettingsError, match="INNOGRAPH_QUERY_MAX_UNIONS must be a whole number"):
        Settings.from_environment({"INNOGRAPH_QUERY_MAX_UNIONS": "many"})
