"""The pages in a real browser: Chromium driven by chromedriver (Debian's, installed by
`./run.sh test`). A newcomer's walk (home, search, an organisation, its agreement, the partner,
the network view, the other language, a passage), and an accessibility check with axe-core
(from the npm registry) on every kind of page. Screenshots of each page are kept under
`build/test-artifacts/screenshots/`.

These tests fail, never skip, when Chromium, chromedriver or axe-core is missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from api.main import create_app
from innograph.store import Store
from tests.api.conftest import live_server, seed_settings
from tests.conftest import REPOSITORY

AXE = REPOSITORY / "web/node_modules/axe-core/axe.min.js"
SCREENSHOTS = REPOSITORY / "build/test-artifacts/screenshots"


@pytest.fixture(scope="module")
def site(seed_store: Store) -> Iterator[str]:
    """A live service over the seed release."""
    with live_server(create_app(seed_settings(REPOSITORY / "queries"), seed_store)) as base:
        yield base


def _wait_for(browser: WebDriver, css: str, seconds: float = 20) -> Any:
    return WebDriverWait(browser, seconds).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    )


def _screenshot(browser: WebDriver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 1000)
    assert browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def test_a_newcomer_finds_openzone_and_follows_its_agreement_to_tuspark(
    browser: WebDriver, site: str
) -> None:
    browser.get(f"{site}/?lang=en")
    _screenshot(browser, "home")
    browser.find_element(By.ID, "q").send_keys("OpenZone")
    hit = _wait_for(browser, "#search-results li a")
    assert "OpenZone" in hit.text
    browser.find_element(By.LINK_TEXT, "OpenZone").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.TAG_NAME, "h1").text == "OpenZone")
    assert browser.current_url.endswith("/id/organisation/openzone")
    _screenshot(browser, "entity-openzone")
    agreement = browser.find_element(By.PARTIAL_LINK_TEXT, "memorandum of understanding")
    agreement.click()
    WebDriverWait(browser, 20).until(lambda b: "/id/agreement/" in b.current_url)
    _screenshot(browser, "entity-agreement")
    browser.find_element(By.LINK_TEXT, "TusPark (Jiangsu) Innovation Research Institute").click()
    WebDriverWait(browser, 20).until(
        lambda b: b.current_url.endswith("/id/organisation/tuspark-jiangsu")
    )
    assert "TusPark" in browser.find_element(By.TAG_NAME, "h1").text


def test_the_network_view_draws_the_neighbourhood_the_api_gives(
    browser: WebDriver, site: str
) -> None:
    browser.get(f"{site}/network?around=openzone&hops=2&lang=en")
    drawn = WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.ID, "network").get_attribute("data-ready")
    )
    nodes = browser.execute_script(
        "return window.innographNetwork.nodes().map(n => n.id()).sort();"
    )
    edges = browser.execute_script(
        "return window.innographNetwork.edges().map(e => e.data('label') + ' ' + e.target().id());"
    )
    assert drawn == f"{len(nodes)} {len(edges)}"
    assert "organisation/tuspark-jiangsu" in nodes and "person/hao-tang" in nodes
    assert "member-of organisation/iasp" in edges
    _screenshot(browser, "network-openzone")
    box = browser.find_element(By.CSS_SELECTOR, "#kind-filter input[value=membership]")
    box.click()
    hidden = browser.execute_script(
        "return window.innographNetwork.edges().filter(e => e.style('display') === 'none')"
        ".map(e => e.data('kind'));"
    )
    assert hidden and set(hidden) == {"membership"}


def test_the_language_switch_and_a_passage_with_its_facts(browser: WebDriver, site: str) -> None:
    browser.get(f"{site}/?lang=en")
    browser.find_element(By.CSS_SELECTOR, "a.switch").click()
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
    )
    assert "Che cosa contiene il grafo" in browser.page_source
    browser.get(f"{site}/id/source/2021-05-17-openzone-tuspark#passage-10")
    passage = _wait_for(browser, "section#passage-10")
    passage.find_element(By.TAG_NAME, "summary").click()
    facts = passage.find_elements(By.CSS_SELECTOR, "details li")
    assert any("IASP" in fact.text for fact in facts)
    _screenshot(browser, "source")


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("home", "/"),
        ("entity", "/id/organisation/openzone"),
        ("source", "/id/source/2021-05-17-openzone-tuspark"),
        ("network", "/network?around=openzone"),
        ("query", "/sparql"),
        ("explanation", "/api/explanation?subject=openzone&property=ig:foundedBy&object=zambon"),
    ],
)
def test_no_serious_accessibility_violation(
    browser: WebDriver, site: str, name: str, path: str
) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: ./run.sh test installs axe-core with npm", pytrace=False)
    browser.get(site + path)
    _wait_for(browser, "main, body")
    if name == "network":
        WebDriverWait(browser, 20).until(
            lambda b: b.find_element(By.ID, "network").get_attribute("data-ready")
        )
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
    )
    serious = [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in result
        if violation["impact"] in ("serious", "critical")
    ]
    _screenshot(browser, f"axe-{name}")
    assert serious == []
