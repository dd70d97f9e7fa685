"""After a second release, the REST profile and links show each fact's sources from both."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from innograph.curation.ingesting import ingest
from innograph.store import Store
from tests.api.conftest import seed_settings
from tests.curation.conftest import FICTIONAL, validator
from tests.seed_release import REPOSITORY

SEED = "source/2021-05-17-openzone-tuspark"


def test_profile_and_links_name_the_sources_of_both_releases(seeded: Store, sheet: Path) -> None:
    ingest(sheet, store=seeded, releases=sheet.parent, validator=validator(), reasoning=True)
    with TestClient(create_app(seed_settings(REPOSITORY / "queries"), seeded)) as client:
        profile = client.get("/api/organizations/openzone").json()
        links = client.get("/api/organizations/openzone/links").json()["links"]
    assert [source["id"] for source in profile["sources"]] == [SEED, f"source/{FICTIONAL}"]
    founders = {
        link["other"]["id"]: [(e["source"]["id"], e["excerpt"]) for e in link["evidence"]]
        for link in links
        if link["relation"] == "founded-by"
    }
    assert founders == {
        "organisation/zambon": [
            (SEED, "fondato da **Zambon**"),
            (SEED, "nato per volontà di Zambon"),
        ],
        "organisation/fondazione-esempio": [
            (f"source/{FICTIONAL}", "fondata da Zambon e da Fondazione Esempio")
        ],
    }
