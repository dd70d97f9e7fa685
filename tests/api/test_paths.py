"""`/api/paths` on the seed release."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_paths_openzone_to_tuspark_agreement_first_then_iasp(seed_client: TestClient) -> None:
    response = seed_client.get("/api/paths?from=openzone&to=tuspark-jiangsu")
    first, second = response.json()["paths"]
    assert [(h["start"]["id"], h["relation"], h["end"]["id"]) for h in first["hops"]] == [
        ("organisation/openzone", "agreement-partner", "organisation/tuspark-jiangsu")
    ]
    assert first["hops"][0]["via"]["id"] == "agreement/openzone-tuspark-2021-mou"
    assert [(h["start"]["id"], h["relation"], h["end"]["id"]) for h in second["hops"]] == [
        ("organisation/openzone", "member-of", "organisation/iasp"),
        ("organisation/iasp", "has-member", "organisation/tuspark-jiangsu"),
    ]
    assert (first["length"], second["length"]) == (1, 2)
    assert all(hop["evidence"] for path in (first, second) for hop in path["hops"])


def test_paths_respect_max_hops_and_reach_founders(seed_client: TestClient) -> None:
    direct = seed_client.get("/api/paths?from=openzone&to=tuspark-jiangsu&max_hops=1").json()
    founder = seed_client.get("/api/paths?from=zambon&to=iasp").json()
    assert [path["length"] for path in direct["paths"]] == [1]
    assert [h["relation"] for h in founder["paths"][0]["hops"]] == ["founded", "member-of"]


def test_paths_to_an_unknown_end_are_not_found_and_to_the_start_are_none(
    seed_client: TestClient,
) -> None:
    unknown = seed_client.get("/api/paths?from=openzone&to=atlantis")
    same = seed_client.get("/api/paths?from=openzone&to=organisation/openzone")
    assert (unknown.status_code, same.status_code) == (404, 200)
    assert "'to'" in unknown.json()["detail"]
    assert same.json()["paths"] == []
