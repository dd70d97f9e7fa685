"""The query page of `/sparql` in a real browser: Chromium driven by chromedriver (both from
Debian, installed by `./run.sh test`). YASQE highlights the query, completes this service's own
prefixes and the store's classes and properties, loads nothing from elsewhere, and a query runs
from the page into a table.

These tests fail, never skip, when Chromium or chromedriver is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from api.main import create_app
from innograph.namespaces import PREFIXES
from innograph.store import Store
from tests.api.conftest import live_server, seed_settings
from tests.conftest import REPOSITORY

_EDITOR_TEXT = "return document.querySelector('.CodeMirror').CodeMirror.getValue();"


@pytest.fixture(scope="module")
def page_url(seed_store: Store) -> Iterator[str]:
    """The query page of a live service over the seed release."""
    with live_server(create_app(seed_settings(REPOSITORY / "queries"), seed_store)) as base:
        yield f"{base}/sparql"


def open_editor(browser: WebDriver, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 20).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror"))
    )


def test_query_page_highlights_the_query_in_the_editor(browser: WebDriver, page_url: str) -> None:
    open_editor(browser, page_url)
    keywords = {span.text for span in browser.find_elements(By.CSS_SELECTOR, ".cm-keyword")}
    assert {"SELECT", "WHERE"} <= keywords
    variables = {span.text for span in browser.find_elements(By.CSS_SELECTOR, ".cm-atom")}
    assert "?organisation" in variables
    assert not browser.find_element(By.ID, "query").is_displayed()  # the editor replaced it


def test_query_page_completes_the_services_own_prefixes(browser: WebDriver, page_url: str) -> None:
    """Typing a prefixed name whose prefix is not declared declares it, from this service's
    prefixes (YASQE's own completer would ask prefix.cc)."""
    open_editor(browser, page_url)
    browser.execute_script("document.querySelector('.CodeMirror').CodeMirror.setValue('');")
    typing = browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    typing.send_keys("SELECT * WHERE { ?s a ig:")
    declaration = f"PREFIX ig: <{PREFIXES['ig']}>"
    WebDriverWait(browser, 10).until(lambda _: declaration in browser.execute_script(_EDITOR_TEXT))
    assert "SELECT * WHERE { ?s a ig:" in browser.execute_script(_EDITOR_TEXT)


def test_query_page_completes_the_stores_classes_and_properties(
    browser: WebDriver, page_url: str
) -> None:
    """Classes and properties are offered while typing, from those the store declares (YASQE's
    own completers would ask LOV)."""
    open_editor(browser, page_url)
    browser.execute_script(
        "const editor = document.querySelector('.CodeMirror').CodeMirror;"
        "editor.setValue(arguments[0]); editor.setCursor(1, 0);",
        f"PREFIX ig: <{PREFIXES['ig']}>\n",
    )
    typing = browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    typing.send_keys("SELECT * WHERE { ?s a ig:Scien")
    assert offered(browser) == ["ig:SciencePark"]
    typing.send_keys(Keys.ESCAPE, " ; ig:hasPa")
    assert offered(browser) == ["ig:hasParty", "ig:hasPassage"]


def offered(browser: WebDriver) -> list[str]:
    """The editor's completion hints, once they show."""
    hints = (By.CSS_SELECTOR, ".CodeMirror-hints li")
    WebDriverWait(browser, 10).until(expected_conditions.presence_of_element_located(hints))
    return [hint.text for hint in browser.find_elements(*hints)]


def test_query_page_runs_the_query_on_ctrl_enter_here(browser: WebDriver, page_url: str) -> None:
    """Ctrl-Enter in the editor runs the query on this service (YASQE's own binding would send
    it to its default endpoint elsewhere)."""
    open_editor(browser, page_url)
    typing = browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    typing.send_keys(Keys.CONTROL, Keys.ENTER)
    WebDriverWait(browser, 20).until(
        lambda _: "row(s)" in browser.find_element(By.ID, "status").text
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
    assert_nothing_loaded_from_elsewhere(browser, page_url)


def assert_nothing_loaded_from_elsewhere(browser: WebDriver, page_url: str) -> None:
    origin = page_url.removesuffix("/sparql")
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(entry => entry.name);"
    )
    assert f"{origin}/assets/yasqe/yasqe.min.js" in loaded
    assert [name for name in loaded if not name.startswith(origin)] == []


def test_query_page_loads_nothing_from_elsewhere(browser: WebDriver, page_url: str) -> None:
    open_editor(browser, page_url)
    assert_nothing_loaded_from_elsewhere(browser, page_url)


def test_query_page_runs_an_example_into_a_table(browser: WebDriver, page_url: str) -> None:
    open_editor(browser, page_url)
    example = browser.find_element(By.CSS_SELECTOR, "a.example")
    example.click()
    assert browser.execute_script(_EDITOR_TEXT) == example.get_attribute("data-query")
    browser.find_element(By.CSS_SELECTOR, "#query-form button[type=submit]").click()
    WebDriverWait(browser, 20).until(
        lambda _: "row(s)" in browser.find_element(By.ID, "status").text
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "#results table tbody tr")
    assert rows
    assert browser.find_element(By.ID, "status").text.startswith(f"{len(rows)} row(s)")
