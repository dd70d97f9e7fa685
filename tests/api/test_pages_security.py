"""What a browser may do with the answers (api/security.py), and the API documentation served
from files here, not a CDN (api/routes/docs.py, api/assets.py), in a real Chromium too."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from api.main import create_app
from innograph.store import Store
from tests.api.conftest import SparqlClientFactory, live_server, seed_settings
from tests.conftest import REPOSITORY

_NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]{22})'")


def test_every_answer_is_never_sniffed_and_sends_no_referrer(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory()
    for answer in (
        client.get("/health"),  # JSON
        client.get("/sparql", params={"query": "ASK {}"}),  # SPARQL results
        client.get("/api/organizations/nobody"),  # a problem
        client.get("/assets/yasqe/yasqe.min.js"),  # a file
    ):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/sparql", "/docs"])
def test_pages_run_only_their_own_inline_script_and_cannot_be_framed(
    sparql_client_factory: SparqlClientFactory, path: str
) -> None:
    client = sparql_client_factory()
    first, second = (client.get(path, headers={"Accept": "text/html"}) for _ in range(2))
    policy = first.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert first.headers["X-Frame-Options"] == "DENY"
    found = _NONCE.search(policy)
    assert found is not None, policy
    inline = re.findall(r"<script( [^>]*)?>", first.text)
    assert f' nonce="{found.group(1)}"' in inline
    assert all("nonce=" in attributes or "src=" in attributes for attributes in inline)
    assert _NONCE.search(second.headers["Content-Security-Policy"]) != found  # fresh per page


def test_the_api_documentation_loads_its_files_from_here(
    sparql_client_factory: SparqlClientFactory,
) -> None:
    client = sparql_client_factory()
    page = client.get("/docs").text
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"):
        assert f"/assets/swagger-ui/{name}" in page
        assert client.get(f"/assets/swagger-ui/{name}").status_code == 200
    assert re.findall(r"(?:src|href)=\"(https?:[^\"]*)", page) == []
    assert (
        client.get("/assets/swagger-ui/swagger-ui-bundle.js")
        .headers["content-type"]
        .startswith("text/javascript")
    )
    for unserved in ("index.html", "swagger-ui-bundle.js.map", "../swagger-ui-dist/index.js"):
        assert client.get(f"/assets/swagger-ui/{unserved}").status_code == 404
    assert client.get("/redoc").status_code == 404  # ReDoc would come from a CDN


@pytest.fixture(scope="module")
def docs_url(seed_store: Store) -> Iterator[str]:
    with live_server(create_app(seed_settings(REPOSITORY / "queries"), seed_store)) as base:
        yield f"{base}/docs"


def test_the_api_documentation_works_in_a_browser_with_nothing_from_elsewhere(
    browser: WebDriver, docs_url: str
) -> None:
    """Swagger UI draws every operation (its inline script ran under the policy), and every
    file the page loaded came from this service."""
    browser.get(docs_url)
    WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )
    operations = browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
    assert "/api/organizations/{id}" in [operation.text for operation in operations]
    origin = docs_url.removesuffix("/docs")
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name);"
    )
    assert f"{origin}/assets/swagger-ui/swagger-ui-bundle.js" in loaded
    assert f"{origin}/openapi.json" in loaded
    assert [name for name in loaded if not name.startswith(origin)] == []
