"""The HTML query page of `/sparql`: a form, and the example queries of `queries/*.rq`.

Rendered by `api.pages` (Jinja2, autoescaping on), so every value (query text, file names,
questions) is escaped. The editor is YASQE (the SPARQL editor of YASGUI: syntax highlighting, syntax
checks, completion), installed from the npm registry by `./run.sh` into `web/node_modules` and
served by this service (`api.assets`): the page loads nothing from elsewhere (no CDN).
YASQE's completers that ask outside services (prefix.cc, LOV) are replaced by ones that offer
this service's own prefixes, and the classes and properties the store declares
(`innograph.lookups.vocabulary`). Without the editor installed, the page keeps a plain text area.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from api.assets import asset_url, is_installed
from api.pages import render
from innograph.lookups.vocabulary import Vocabulary
from innograph.namespaces import PREFIXES
from innograph.queries import query_catalogue

__all__ = [
    "render_query_page",
    "DEFAULT_QUERY",
]

DEFAULT_QUERY = """PREFIX ig: <https://w3id.org/innograph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?organisation ?kind ?name WHERE {
  ?organisation a ?kind ;
                rdfs:label ?name .
  FILTER (LANG(?name) = "en")
  FILTER EXISTS { ?kind rdfs:subClassOf* ig:Organisation }
}
ORDER BY ?name
LIMIT 50
"""
"""Shown in the editor when no example is chosen. It declares its prefixes, though the
endpoint predeclares the common ones: the editor checks the text as SPARQL, and the query
works as it is in any other tool. The class hierarchy is read in FILTER EXISTS: joined beside
the LANG test, Virtuoso 7.2 answers no rows (README, "Running in production")."""

_FORMATS = (
    ("json", "Table (SPARQL JSON)"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("xml", "XML"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
    ("jsonld", "JSON-LD (CONSTRUCT, DESCRIBE)"),
)


@dataclass(frozen=True)
class _Example:
    name: str
    question: str
    text: str


def _examples(folder: Path) -> list[_Example]:
    if not folder.is_dir():
        return []
    return [
        _Example(name, query.header.get("question (en)", ""), query.text)
        for name, query in query_catalogue(folder).items()
    ]


def render_query_page(
    *,
    endpoint: str,
    folder: Path,
    example: str | None,
    timeout: float,
    result_limit: int,
    vocabulary: Vocabulary,
    nonce: str,
) -> str:
    """Given the endpoint path and the examples folder, return the query page's HTML.

    `example` names a query of the folder to show in the editor (`?example=who-signed`);
    the editor completes the classes and properties of `vocabulary`; the page's inline script
    carries `nonce`, which the answer's content security policy names (`api.security`).
    """
    examples = _examples(folder)
    chosen = next((e.text for e in examples if e.name == example), DEFAULT_QUERY)
    is_editor_installed = is_installed("yasqe")
    return render(
        "sparql.html",
        endpoint=endpoint,
        query=chosen,
        examples=examples,
        formats=_FORMATS,
        timeout=f"{timeout:g}",
        result_limit=result_limit,
        nonce=nonce,
        editor_js=asset_url("yasqe", "yasqe.min.js") if is_editor_installed else None,
        editor_css=asset_url("yasqe", "yasqe.min.css") if is_editor_installed else None,
        prefixes=[f"{prefix}: <{namespace}>" for prefix, namespace in sorted(PREFIXES.items())],
        classes=list(vocabulary.classes),
        properties=list(vocabulary.properties),
    )
