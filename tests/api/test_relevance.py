"""Relevance of search and reconciliation on the labelled sets of `tests/relevance/` (issue #19):
the goals hold on the seed release and on the generated ecosystem of 2,000 organisations."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from benchmarks.generate import write
from benchmarks.relevance import match_cases, match_scores, search_cases, search_scores
from innograph.loading import load
from innograph.settings import MEMORY
from innograph.store import Store, open_store
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

GENERATED = 2_000
SYNTHETIC_ORGANISATION = "https://w3id.org/innograph/synthetic/organisation/"


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The generated ecosystem the labelled sets were read from: 2,000 organisations, seed 7."""
    output = io.StringIO()
    write(GENERATED, output, seed=7)
    path = tmp_path_factory.mktemp("generated") / "eco.nt"
    path.write_text(output.getvalue(), encoding="utf-8")
    store = open_store(MEMORY)
    load([REPOSITORY / "ontology", path], store=store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def generated_client(generated_store: Store) -> Iterator[TestClient]:
    app = create_app(seed_settings(REPOSITORY / "queries"), generated_store)
    with TestClient(app) as client:
        yield client


def test_the_labelled_sets_are_large_enough_and_cover_every_case() -> None:
    searches = search_cases("seed") + search_cases("generated")
    names = match_cases("seed") + match_cases("generated")
    assert len(searches) >= 30
    assert {"exact", "variant", "misspelt", "partial", "italian", "accents"} <= {
        case.case for case in searches
    }
    assert {"exact", "variant", "misspelt", "ambiguous"} <= {case.case for case in names}


def test_every_seed_query_puts_the_resource_it_names_first(seed_store: Store) -> None:
    scores = search_scores(seed_store, search_cases("seed"))
    assert scores.misses == ()


def test_generated_queries_reach_the_search_goals(generated_store: Store) -> None:
    scores = search_scores(generated_store, search_cases("generated"))
    assert scores.hits_at_1 >= 0.9, scores.misses
    assert scores.mrr >= 0.95, scores.misses


@pytest.mark.parametrize("data", ["seed", "generated"])
def test_match_never_auto_matches_wrongly_and_matches_exact_names(
    data: str, seed_store: Store, generated_store: Store
) -> None:
    store = seed_store if data == "seed" else generated_store
    scores = match_scores(store, match_cases(data))
    assert scores.precision == 1.0, scores.wrong
    assert scores.recall >= 0.95, scores.wrong


def test_an_exact_name_beats_a_longer_name_that_starts_like_it(
    generated_client: TestClient,
) -> None:
    # The "Fimi Biotech" and "Fimino Biotech": a fuzzy score of 100 against 92.
    searched = generated_client.get("/api/search?q=aldel%20biotech&limit=3").json()["hits"]
    reconciled = generated_client.get("/api/match?name=Aldel%20Biotech").json()
    assert [hit["name"] for hit in searched[:2]] == ["Aldel Biotech", "Aldelno Biotech"]
    assert [hit["matched"] for hit in searched[:2]] == ["name", "text"]
    assert reconciled["match"]["name"] == "Aldel Biotech"


def test_a_name_several_organisations_bear_is_no_match_and_says_so(
    generated_client: TestClient,
) -> None:
    found = generated_client.get("/api/match?name=Sagio%20Biotech&type=ig:Organisation").json()
    shared = generated_client.get("/api/match?name=Nélu%20Biotech&type=ig:Organisation").json()
    assert found["match"]["name"] == "Sagio Biotech"
    assert found["match"]["features"] == [{"id": "namesakes", "value": 1}]
    assert shared["match"] is None
    assert len(shared["namesakes"]) >= 2
    assert {candidate["name"] for candidate in shared["namesakes"]} == {"Nélu Biotech"}
    for candidate in shared["namesakes"]:
        assert candidate["id"].startswith(SYNTHETIC_ORGANISATION)
        assert candidate["match"] is False
        assert candidate["features"] == [{"id": "namesakes", "value": len(shared["namesakes"])}]
