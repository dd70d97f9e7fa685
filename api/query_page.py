"""The HTML query page of `/sparql`: a form, and the example queries of `queries/*.rq`.

Rendered by Jinja2 with autoescaping on, so every value (query text, file names, questions)
is escaped; the page loads nothing from elsewhere (no CDN), its script and style are inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from innograph.queries import query_catalogue

__all__ = ["render_query_page", "DEFAULT_QUERY"]

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)

DEFAULT_QUERY = """SELECT ?organisation ?name WHERE {
  ?organisation a ig:Organisation ;
                rdfs:label ?name .
}
ORDER BY ?name
LIMIT 50
"""
"""Shown in the editor when no example is chosen (common prefixes are predeclared)."""

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
    *, endpoint: str, folder: Path, example: str | None, timeout: float, result_limit: int
) -> str:
    """Given the endpoint path and the examples folder, return the query page's HTML.

    `example` names a query of the folder to show in the editor (`?example=who-signed`).
    """
    examples = _examples(folder)
    chosen = next((e.text for e in examples if e.name == example), DEFAULT_QUERY)
    return _TEMPLATES.get_template("sparql.html").render(
        endpoint=endpoint,
        query=chosen,
        examples=examples,
        formats=_FORMATS,
        timeout=f"{timeout:g}",
        result_limit=result_limit,
    )
