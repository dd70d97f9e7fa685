"""`/api/search`, `/api/reconcile` and `/api/match` on the seed release."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient


def hits(client: TestClient, query: str) -> list[tuple[str, str]]:
    return [(hit["id"], hit["kind"]) for hit in client.get(f"/api/search?{query}").json()["hits"]]


def test_search_prefix_conic_finds_fabrizio_conicella_first(seed_client: TestClient) -> None:
    found = seed_client.get("/api/search?q=conic").json()["hits"]
    assert (found[0]["id"], found[0]["kind"]) == ("person/fabrizio-conicella", "person")
    assert "<mark>Conicella</mark>" in found[0]["snippet"]


def test_search_parchi_finds_the_passages_about_science_parks(seed_client: TestClient) -> None:
    passages = [hit for hit, kind in hits(seed_client, "q=parchi&kind=passage")]
    assert set(passages) == {
        "source/2021-05-17-openzone-tuspark/passage/8",
        "source/2021-05-17-openzone-tuspark/passage/10",
        "source/2021-05-17-openzone-tuspark/passage/18",
    }


def test_search_ignores_accents_and_case(seed_client: TestClient) -> None:
    assert hits(seed_client, "q=CITTA%20tecnologiche&kind=passage") == hits(
        seed_client, "q=citt%C3%A0%20tecnologiche&kind=passage"
    )
    assert hits(seed_client, "q=citta%20tecnologiche&kind=passage") != []


def test_search_language_filter_keeps_untagged_and_chosen_language(seed_client: TestClient) -> None:
    english = seed_client.get("/api/search?q=health&lang=en").json()["hits"]
    italian = seed_client.get("/api/search?q=sanit&lang=it").json()["hits"]
    assert english and all(hit["language"] in (None, "en") for hit in english)
    assert italian and all(hit["language"] in (None, "it") for hit in italian)


def test_search_without_words_finds_nothing_and_bad_lang_is_422(seed_client: TestClient) -> None:
    assert seed_client.get("/api/search?q=%22%2A%29(").json()["hits"] == []
    assert seed_client.get("/api/search?q=x&lang=fr").status_code == 422


def test_reconcile_manifest_names_the_default_types(seed_client: TestClient) -> None:
    manifest = seed_client.get("/api/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/innograph/id/"
    assert [kind["id"] for kind in manifest["defaultTypes"]] == [
        "ig:Organisation",
        "foaf:Person",
        "ig:Place",
    ]


def test_reconcile_batch_matches_open_zone_srl_and_tus_park_jiangsu(
    seed_client: TestClient,
) -> None:
    queries = {
        "q0": {"query": "Open Zone srl", "type": "ig:Organisation", "limit": 3},
        "q1": {"query": "Tus-Park Jiangsu"},
    }
    answer = seed_client.get("/api/reconcile", params={"queries": json.dumps(queries)}).json()
    best = {key: value["result"][0] for key, value in answer.items()}
    assert (best["q0"]["id"], best["q0"]["match"]) == ("organisation/openzone", True)
    assert (best["q1"]["id"], best["q1"]["match"]) == ("organisation/tuspark-jiangsu", True)
    assert best["q0"]["type"] == [{"id": "ig:SciencePark", "name": "science park"}]
    assert len(answer["q0"]["result"]) == 3
    assert not any(candidate["match"] for candidate in answer["q0"]["result"][1:])


def test_reconcile_form_post_as_openrefine_sends_it(seed_client: TestClient) -> None:
    queries = json.dumps(
        {
            "exact": {"query": "FABRIZIO CONICELLA", "type": "foaf:Person"},
            "typo": {"query": "Fabrizio Conicela", "type": "foaf:Person"},
        }
    )
    answer = seed_client.post("/api/reconcile", data={"queries": queries}).json()
    exact, typo = answer["exact"]["result"][0], answer["typo"]["result"][0]
    assert (exact["id"], exact["match"]) == ("person/fabrizio-conicella", True)
    assert exact["features"] == [{"id": "namesakes", "value": 1}]
    # A misspelling is the best candidate, for review: never accepted on its own.
    assert (typo["id"], typo["match"]) == ("person/fabrizio-conicella", False)
    assert typo["features"] == [{"id": "namesakes", "value": 0}]


def test_reconcile_refuses_malformed_queries(seed_client: TestClient) -> None:
    not_json = seed_client.get("/api/reconcile?queries=%7Bnope")
    no_query = seed_client.get("/api/reconcile", params={"queries": '{"q": {"limit": 2}}'})
    no_form = seed_client.post("/api/reconcile", data={})
    for response in (not_json, no_query, no_form):
        assert response.status_code == 422
        assert "'queries'" in response.json()["detail"]


def test_match_gives_one_confident_match_or_none(seed_client: TestClient) -> None:
    found = seed_client.get("/api/match?name=Tus-Park%20Jiangsu").json()["match"]
    vague = seed_client.get("/api/match?name=institute").json()["match"]
    unknown_type = seed_client.get("/api/match?name=x&type=Spaceship")
    assert found["id"] == "organisation/tuspark-jiangsu"
    assert vague is None
    assert unknown_type.status_code == 404


def test_search_puts_the_entity_a_query_names_before_texts_that_mention_it(
    seed_client: TestClient,
) -> None:
    openzone = seed_client.get("/api/search?q=OpenZone").json()["hits"]
    tuspark = hits(seed_client, "q=TusPark")
    spaced = hits(seed_client, "q=tus%20park&lang=en")
    assert (openzone[0]["id"], openzone[0]["matched"]) == ("organisation/openzone", "name")
    assert openzone[0]["snippet"] == "<mark>OpenZone</mark>"
    assert tuspark[0] == ("organisation/tuspark-jiangsu", "organisation")
    assert spaced[0] == ("organisation/tuspark-jiangsu", "organisation")
    scores = [hit["score"] for hit in openzone]
    assert scores == sorted(scores, reverse=True)


def test_search_kind_filter_includes_passages_and_sources(seed_client: TestClient) -> None:
    for kind in ("organisation", "agreement", "source", "passage"):
        found = hits(seed_client, f"q=OpenZone&kind={kind}")
        assert found and {found_kind for _, found_kind in found} == {kind}
    assert seed_client.get("/api/search?q=x&kind=planet").status_code == 422


def test_a_passage_hit_names_the_resources_it_is_evidence_for(seed_client: TestClient) -> None:
    passages = seed_client.get("/api/search?q=parchi&kind=passage").json()["hits"]
    about = {ref["id"] for hit in passages for ref in hit["about"]}
    assert "organisation/tuspark-jiangsu" in about
    organisations = seed_client.get("/api/search?q=OpenZone&kind=organisation").json()["hits"]
    assert all(hit["about"] == [] for hit in organisations)


def test_search_finds_a_misspelt_name(seed_client: TestClient) -> None:
    found = seed_client.get("/api/search?q=Fabrizio%20Conicela").json()["hits"]
    assert (found[0]["id"], found[0]["matched"]) == ("person/fabrizio-conicella", "similar")


def test_match_drops_the_legal_form_and_has_no_namesakes_for_a_unique_name(
    seed_client: TestClient,
) -> None:
    found = seed_client.get("/api/match?name=OpenZone%20S.r.l.").json()
    assert found["match"]["id"] == "organisation/openzone"
    assert found["namesakes"] == []
