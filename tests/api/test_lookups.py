"""`/api/organizations`, `/links`, `/agreements`, `/people`, `/sectors`, `/places`, `/sources`
on the seed release: exact answers."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

IGID = "https://w3id.org/innograph/id/"
SOURCE = "source/2021-05-17-openzone-tuspark"


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_organisations_list_every_seed_organisation_by_name(seed_client: TestClient) -> None:
    page = seed_client.get("/api/organizations").json()
    assert [item["name"] for item in page["items"]] == [
        "IASP",
        "Image Building",
        "OpenZone",
        "TusPark (Jiangsu) Innovation Research Institute",
        "Zambon",
    ]
    assert page["next_cursor"] is None


def test_organisations_filter_by_type_sector_country_membership_and_text(
    seed_client: TestClient,
) -> None:
    def listed(query: str) -> list[str]:
        return ids(seed_client.get(f"/api/organizations?{query}").json()["items"])

    assert listed("type=SciencePark") == ["organisation/openzone"]
    assert listed("type=ig:ResearchInstitute") == ["organisation/tuspark-jiangsu"]
    assert listed("sector=healthcare") == ["organisation/openzone"]
    assert listed("sector=sector/technology-finance") == ["organisation/tuspark-jiangsu"]
    assert listed("country=china") == ["organisation/tuspark-jiangsu"]
    assert listed("member_of=iasp") == ["organisation/openzone", "organisation/tuspark-jiangsu"]
    assert listed("q=TUSPARK") == ["organisation/tuspark-jiangsu"]
    assert listed("member_of=iasp&country=china") == ["organisation/tuspark-jiangsu"]
    # the release names no country for OpenZone ("italo-cinese" is a reading, not a statement)
    assert seed_client.get("/api/organizations?country=italy").status_code == 404  # no such place


def test_organisations_paginate_with_a_next_link_and_a_stable_order(
    seed_client: TestClient,
) -> None:
    seen: list[str] = []
    url: str | None = "/api/organizations?limit=2"
    pages = 0
    while url:
        response = seed_client.get(url)
        seen += ids(response.json()["items"])
        link = response.headers.get("link")
        url = link.split(">", 1)[0].lstrip("<") if link else None
        assert (link is None) == (response.json()["next_cursor"] is None)
        pages += 1
    everything = ids(seed_client.get("/api/organizations?limit=100").json()["items"])
    assert pages == 3
    assert seen == everything
    assert len(set(seen)) == 5


def test_the_unfiltered_directory_pages_exactly_like_the_filtered_query(
    seed_client: TestClient,
) -> None:
    """Without filters pages come from the directory table; `type=Organisation` runs the query.

    Both must give the same order, and a cursor from one must continue the other.
    """

    def walk(query: str) -> list[str]:
        seen: list[str] = []
        cursor: str | None = None
        while True:
            suffix = f"&cursor={cursor}" if cursor else ""
            page = seed_client.get(f"/api/organizations?limit=2{query}{suffix}").json()
            seen += ids(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                return seen

    assert (
        walk("")
        == walk("&type=Organisation")
        == [
            "organisation/iasp",
            "organisation/image-building",
            "organisation/openzone",
            "organisation/tuspark-jiangsu",
            "organisation/zambon",
        ]
    )
    first = seed_client.get("/api/organizations?limit=2").json()["next_cursor"]
    crossed = seed_client.get(f"/api/organizations?limit=2&type=Organisation&cursor={first}")
    assert ids(crossed.json()["items"]) == ["organisation/openzone", "organisation/tuspark-jiangsu"]


def test_filtered_organisations_page_through_the_directory(seed_client: TestClient) -> None:
    """A filtered list keeps the directory's order across pages, one item at a time."""
    first = seed_client.get("/api/organizations?member_of=iasp&limit=1").json()
    second = seed_client.get(
        f"/api/organizations?member_of=iasp&limit=1&cursor={first['next_cursor']}"
    ).json()
    assert ids(first["items"]) == ["organisation/openzone"]
    assert ids(second["items"]) == ["organisation/tuspark-jiangsu"]
    assert second["next_cursor"] is None
    nothing = seed_client.get("/api/organizations?member_of=iasp&type=Association").json()
    assert (nothing["items"], nothing["next_cursor"]) == ([], None)


def test_organisations_carry_type_and_country_counts_of_what_the_filters_pass(
    seed_client: TestClient,
) -> None:
    def counts(query: str, facet: str) -> list[tuple[str, int]]:
        found = seed_client.get(f"/api/organizations{query}").json()["facets"][facet]
        return [(count["value"]["id"], count["count"]) for count in found]

    assert counts("", "types") == [
        ("ig:Organisation", 5),
        ("ig:Association", 1),
        ("ig:ResearchInstitute", 1),
        ("ig:SciencePark", 1),
    ]
    assert counts("", "countries") == [("place/china", 1)]
    assert counts("?country=china", "types") == [
        ("ig:Organisation", 1),
        ("ig:ResearchInstitute", 1),
    ]
    assert counts("?country=china", "countries") == [("place/china", 1)]
    assert counts("?member_of=iasp", "types") == [
        ("ig:Organisation", 2),
        ("ig:ResearchInstitute", 1),
        ("ig:SciencePark", 1),
    ]
    assert counts("?q=nothing-has-this-name", "types") == []


def test_organisations_refuse_a_foreign_cursor_and_an_unknown_type(seed_client: TestClient) -> None:
    """A cursor or a name that names nothing is not found; a cursor outside the documented
    alphabet is refused as the document says."""
    cursor = seed_client.get("/api/organizations?cursor=not-ours")
    kind = seed_client.get("/api/organizations?type=Spaceship")
    sector = seed_client.get("/api/organizations?sector=underwater-basket-weaving")
    malformed = seed_client.get("/api/organizations?cursor=not%20ours")
    statuses = (cursor.status_code, kind.status_code, sector.status_code, malformed.status_code)
    assert statuses == (404, 404, 404, 422)
    assert cursor.headers["content-type"] == "application/problem+json"
    assert "'cursor'" in cursor.json()["detail"]
    assert "'type'" in kind.json()["detail"]
    assert "'sector'" in sector.json()["detail"]


def test_organisation_profile_of_openzone(seed_client: TestClient) -> None:
    profile = seed_client.get("/api/organizations/openzone").json()
    assert profile["id"] == "organisation/openzone"
    assert profile["iri"] == IGID + "organisation/openzone"
    assert profile["names"] == {"it": "OpenZone", "en": "OpenZone", "alternatives": []}
    assert ids(profile["types"]) == ["ig:SciencePark"]
    assert ids(profile["founders"]) == ["organisation/zambon"]
    assert ids(profile["near"]) == ["place/milan"]
    assert profile["country"] is None  # the release states none
    assert ids(profile["sectors"]) == ["sector/healthcare"]
    assert profile["websites"] == ["www.openzone.it"]
    assert [(p["person"]["name"], p["role"]["id"]) for p in profile["people"]] == [
        ("Fabrizio Conicella", "role/general-manager")
    ]
    [hosted] = profile["figures"]
    assert (hosted["property"]["id"], hosted["value"], hosted["approximation"]) == (
        "ig:hostedOrganisations",
        29,
        "exact",
    )
    assert [e["passage"]["id"] for e in hosted["evidence"]] == [f"{SOURCE}/passage/13"]
    assert ids(profile["sources"]) == [SOURCE]
    assert {text["language"] for text in profile["missions"]} == {"it", "en"}


def test_organisation_profile_of_tuspark_has_its_figures(seed_client: TestClient) -> None:
    profile = seed_client.get("/api/organizations/tuspark-jiangsu").json()
    figures = {f["property"]["id"]: f for f in profile["figures"]}
    assets, investments = figures["ig:assetsUnderManagement"], figures["ig:directInvestments"]
    assert (assets["value"], assets["approximation"], assets["currency"]) == (
        5_000_000_000,
        "nearly",
        "CNY",
    )
    assert (investments["value"], investments["approximation"]) == (20, "about")
    assert investments["counted_kind"]["id"] == "ig:Company"
    assert profile["founding_year"] == 2011
    assert "TusPark (Jiangsu)" in profile["names"]["alternatives"]
    assert [p["person"]["name"] for p in profile["people"]] == ["Hao Tang"]


def test_organisation_ids_may_be_slug_kind_slug_prefixed_or_iri(seed_client: TestClient) -> None:
    forms = [
        "openzone",
        "organisation/openzone",
        "igid:organisation/openzone",
        IGID + "organisation/openzone",
    ]
    assert {seed_client.get(f"/api/organizations/{form}").json()["iri"] for form in forms} == {
        IGID + "organisation/openzone"
    }


def test_organisation_unknown_or_of_another_kind_is_404_naming_it(seed_client: TestClient) -> None:
    unknown = seed_client.get("/api/organizations/atlantis")
    person = seed_client.get("/api/organizations/person/fabrizio-conicella")
    assert (unknown.status_code, person.status_code) == (404, 404)
    assert unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["status"] == 404
    assert "'atlantis'" in unknown.json()["detail"]
    assert "'person/fabrizio-conicella'" in person.json()["detail"]


def test_links_of_openzone_are_agreement_membership_founder_and_manager(
    seed_client: TestClient,
) -> None:
    links = seed_client.get("/api/organizations/openzone/links").json()["links"]
    assert [(link["relation"], link["other"]["id"]) for link in links] == [
        ("agreement-partner", "organisation/tuspark-jiangsu"),
        ("member-of", "organisation/iasp"),
        ("founded-by", "organisation/zambon"),
        ("post-held-by", "person/fabrizio-conicella"),
    ]
    agreement, membership, founding, post = links
    assert agreement["via"]["id"] == "agreement/openzone-tuspark-2021-mou"
    assert agreement["announced"] == "2021-05-17"
    assert agreement["date"] is None
    assert ids(agreement["sectors"]) == [
        "sector/digital-health",
        "sector/healthcare",
        "sector/life-science",
        "sector/medical-technology",
    ]
    assert membership["status"]["id"] == "membership-status/active"
    assert (founding["kind"], founding["direction"]) == ("founding", "outgoing")
    assert (post["role"]["id"], post["direction"]) == ("role/general-manager", "incoming")


def test_links_carry_their_evidence_passages(seed_client: TestClient) -> None:
    links = seed_client.get("/api/organizations/openzone/links").json()["links"]
    evidence = {link["relation"]: link["evidence"] for link in links}
    agreement = evidence["agreement-partner"]
    assert [e["passage"]["id"] for e in agreement] == [f"{SOURCE}/passage/1", f"{SOURCE}/passage/4"]
    assert agreement[1]["text"].startswith("TusPark (Jiangsu) Innovation Research Institute e")
    assert agreement[1]["excerpt"] in agreement[1]["text"]
    assert agreement[1]["source"]["id"] == SOURCE
    assert [e["passage"]["id"] for e in evidence["member-of"]] == [f"{SOURCE}/passage/10"]
    assert {e["passage"]["id"] for e in evidence["founded-by"]} == {
        f"{SOURCE}/passage/9",
        f"{SOURCE}/passage/12",
    }
    assert "General Manager di OpenZone" in evidence["post-held-by"][0]["text"]


def test_links_filter_by_kind_and_direction(seed_client: TestClient) -> None:
    def relations(query: str, actor: str = "openzone") -> list[str]:
        response = seed_client.get(f"/api/organizations/{actor}/links?{query}")
        return [link["relation"] for link in response.json()["links"]]

    assert relations("kind=membership") == ["member-of"]
    assert relations("direction=incoming") == ["agreement-partner", "post-held-by"]
    assert relations("direction=outgoing") == ["agreement-partner", "member-of", "founded-by"]
    assert relations("", actor="iasp") == ["has-member", "has-member"]
    assert relations("", actor="zambon") == ["founded"]
    assert relations("", actor="person/fabrizio-conicella") == ["holds-post-in"]
    assert seed_client.get("/api/organizations/openzone/links?kind=friendship").status_code == 422


def test_agreements_list_and_detail(seed_client: TestClient) -> None:
    [summary] = seed_client.get("/api/agreements").json()["items"]
    assert summary["id"] == "agreement/openzone-tuspark-2021-mou"
    assert seed_client.get("/api/agreements?party=zambon").json()["items"] == []
    detail = seed_client.get("/api/agreements/openzone-tuspark-2021-mou").json()
    assert ids(detail["parties"]) == ["organisation/openzone", "organisation/tuspark-jiangsu"]
    assert ids(detail["types"]) == ["ig:MemorandumOfUnderstanding"]
    assert len(detail["sectors"]) == 4
    assert len(detail["aims"]) == 10
    assert ids(detail["sources"]) == [SOURCE]
    assert sorted(quote["speaker"]["name"] for quote in detail["quotes"]) == [
        "Fabrizio Conicella",
        "Hao Tang",
    ]
    assert all(quote["evidence"] for quote in detail["quotes"])


def test_person_fabrizio_conicella(seed_client: TestClient) -> None:
    person = seed_client.get("/api/people/fabrizio-conicella").json()
    assert person["name"] == "Fabrizio Conicella"
    assert [(p["organisation"]["id"], p["role"]["id"]) for p in person["posts"]] == [
        ("organisation/openzone", "role/general-manager")
    ]
    [quote] = person["quotes"]
    assert quote["text"].startswith("Siamo molto orgogliosi di questo accordo.")
    assert ids(quote["about"]) == ["agreement/openzone-tuspark-2021-mou"]
    assert seed_client.get("/api/people/openzone").status_code == 404


def test_sectors_count_organisations_and_agreements(seed_client: TestClient) -> None:
    counts = {
        entry["sector"]["id"]: (entry["scheme"], entry["organisations"], entry["agreements"])
        for entry in seed_client.get("/api/sectors").json()["sectors"]
    }
    assert counts["sector/healthcare"] == ("sectors", 1, 1)
    assert counts["sector/digital-health"] == ("sectors", 0, 1)
    assert counts["sector/technology-finance"] == ("sectors", 1, 0)
    assert counts["service/incubation"] == ("services", 1, 0)


def test_place_china_holds_tuspark(seed_client: TestClient) -> None:
    place = seed_client.get("/api/places/china").json()
    assert (place["names"]["it"], place["names"]["en"]) == ("Cina", "China")
    assert ids(place["organisations"]) == ["organisation/tuspark-jiangsu"]
    assert seed_client.get("/api/places/atlantis").status_code == 404


def test_source_lists_passages_in_order_with_their_facts(seed_client: TestClient) -> None:
    source = seed_client.get(f"/api/sources/{SOURCE}").json()
    assert source["publication_date"] == "2021-05-17"
    assert source["dateline_place"]["id"] == "place/bresso"
    assert source["language"] == "it"
    indexes = [passage["index"] for passage in source["passages"]]
    assert indexes == sorted(indexes) and indexes[0] == 1
    passage = next(p for p in source["passages"] if p["index"] == 10)
    facts = {
        (f["subject"]["id"], f["property"]["id"], (f["object"] or {}).get("id"))
        for f in passage["facts"]
    }
    assert ("membership/openzone-iasp", "org:organization", "organisation/iasp") in facts
    assert (
        "membership/tuspark-jiangsu-iasp",
        "org:member",
        "organisation/tuspark-jiangsu",
    ) in facts
