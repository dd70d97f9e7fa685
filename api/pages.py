"""HTML pages rendered from templates in `api/templates/`, every value escaped, in English or
Italian, with every link to a resource of the graph pointing at this service.

One Jinja2 environment for every page, autoescaping on whatever the template's name, so a name,
a passage or a query shown on a page is always text, never markup.

The graph names its resources under `https://w3id.org/innograph/` (`PUBLIC_BASE`), which
w3id.org redirects to wherever the project is served. A page links a resource at this service
instead: `/id/organisation/openzone` for `https://w3id.org/innograph/id/organisation/openzone`,
or `INNOGRAPH_PUBLIC_URL` + `id/organisation/openzone` when the service is published under a
base of its own. Other web IRIs are linked as they are; anything else (`javascript:`, `urn:`)
is shown, never linked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.negotiation import preferred_languages
from innograph.languages import choose_language
from innograph.lookups.labels import naming
from innograph.lookups.models import Ref
from innograph.store import Store

__all__ = ["PUBLIC_BASE", "LANGUAGES", "render", "render_page", "page_language", "resource_url"]

PUBLIC_BASE = "https://w3id.org/innograph/"
"""Where the graph's own IRIs live (`innograph.namespaces`): the base this service answers."""

LANGUAGES = ("en", "it")
"""The languages the pages are written in."""

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Home",
        "query": "SPARQL query",
        "ontology": "Ontology",
        "api": "API documentation",
        "network": "Network",
        "dumps": "Dumps",
        "search": "Search the graph",
        "search_hint": "Names and passages; results appear as you type.",
        "holds": "What the graph holds",
        "sources": "Sources",
        "triples": "triples",
        "kinds": "Kinds",
        "names": "Names",
        "statements": "What the sources say",
        "incoming": "What points here",
        "figures": "Figures",
        "stated_in": "stated in",
        "no_evidence": "no passage recorded",
        "passages": "Passages",
        "facts": "Facts drawn from this passage",
        "published": "published",
        "language_switch": "Italiano",
        "of_total": "of",
        "network_of": "Network of",
        "whole_network": "The whole ecosystem",
        "link_kinds": "Link kinds",
        "sectors": "Sectors",
        "list_view": "Nodes and links, as a list",
        "open_network": "Network view",
        "approximation": "approximation",
        "explain": "why?",
    },
    "it": {
        "home": "Inizio",
        "query": "Interrogazione SPARQL",
        "ontology": "Ontologia",
        "api": "Documentazione dell'API",
        "network": "Rete",
        "dumps": "Esportazioni",
        "search": "Cerca nel grafo",
        "search_hint": "Nomi e passaggi; i risultati compaiono mentre scrivi.",
        "holds": "Che cosa contiene il grafo",
        "sources": "Fonti",
        "triples": "triple",
        "kinds": "Tipi",
        "names": "Nomi",
        "statements": "Che cosa dicono le fonti",
        "incoming": "Che cosa rimanda qui",
        "figures": "Cifre",
        "stated_in": "affermato in",
        "no_evidence": "nessun passaggio registrato",
        "passages": "Passaggi",
        "facts": "Fatti tratti da questo passaggio",
        "published": "pubblicato il",
        "language_switch": "English",
        "of_total": "di",
        "network_of": "Rete di",
        "whole_network": "L'intero ecosistema",
        "link_kinds": "Tipi di legame",
        "sectors": "Settori",
        "list_view": "Nodi e legami, in elenco",
        "open_network": "Vista a rete",
        "approximation": "approssimazione",
        "explain": "perché?",
    },
}
"""The words of the pages' own text (headings, navigation), by language."""


def render(template: str, **context: Any) -> str:
    """Given a template's file name and its values, return the page's HTML."""
    return _TEMPLATES.get_template(template).render(**context)


def page_language(request: Request) -> str:
    """The page's language: `?lang=` if it names one of `LANGUAGES`, else the first of the
    reader's `Accept-Language` the pages are written in, else English."""
    asked = request.query_params.get("lang", "").lower()
    if asked in LANGUAGES:
        return asked
    wanted = preferred_languages(request.headers.get("accept-language"))
    return choose_language(LANGUAGES, wanted) or "en"


def resource_url(iri: str, base: str) -> str | None:
    """Given an IRI and the service's base (`/` or `INNOGRAPH_PUBLIC_URL`), return where a page
    links it: the service for the graph's own IRIs, the IRI for other web IRIs, else None."""
    if iri.startswith(PUBLIC_BASE):
        return base + iri[len(PUBLIC_BASE) :]
    if iri.startswith(("https://", "http://")):
        return iri
    return None


def _name_in(store: Store, ref: Ref, language: str) -> str:
    """A resource's name in the page's language when it has one (`sede` for ig:Site on an
    Italian page), else its display name."""
    if language != "it":
        return ref.name  # the display name is the English one wherever there is one
    return naming(store, ref.iri).names.it or ref.name


def render_page(request: Request, template: str, **values: Any) -> HTMLResponse:
    """Given a request, a template and its values, return the page in the reader's language,
    its links resolved against the service's base; `Vary` names what chose the page."""
    language = page_language(request)
    base = request.app.state.settings.public_url or "/"
    other = "it" if language == "en" else "en"
    switch = urlencode({**request.query_params, "lang": other})
    html = render(
        template,
        lang=language,
        other_lang=other,
        switch_url=f"{request.url.path}?{switch}",
        words=_WORDS[language],
        base=base,
        href=lambda iri: resource_url(iri, base),
        named=lambda ref: _name_in(request.app.state.store, ref, language),
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, headers={"Vary": "Accept, Accept-Language"})
