"""The ontology's HTML reference page, generated with pyLODE so it never drifts from the Turtle.

pyLODE's OntPub profile documents one owl:Ontology in one language. innograph's file holds two
languages and SKOS concept schemes, so the graph is narrowed before pyLODE sees it: literals
in other languages are dropped (OntPub would run every label together in one heading), and
skos:ConceptScheme typing is removed (OntPub reads each scheme as a second ontology header and
merges their titles into the page title).
"""

from __future__ import annotations

import asyncio
import logging
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rdflib
from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from innograph.ingest.validation import read_graph
from innograph.namespaces import IG

__all__ = ["build_documentation", "documentation_page"]


def build_documentation(
    ontology_paths: Sequence[Path], output: Path, *, language: str = "en"
) -> Path:
    """Given ontology files, write their pyLODE page in `language` to `output`; return `output`.

    `build_documentation([Path("ontology/innograph.ttl")], Path("site/ontology.html"))` writes
    the English reference page; `language="it"` writes the Italian one.
    """
    html = documentation_page(read_graph(ontology_paths), language=language)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    return output


def documentation_page(ontology: rdflib.Graph, *, language: str = "en") -> str:
    """Given an ontology's graph, return its pyLODE page in `language`, each term's entry
    anchored by its IRI's fragment."""
    graph = _single_language(ontology, language)
    # pyLODE's HTML library (dominate) calls asyncio.get_event_loop(), which would create a
    # loop nobody closes; give it one that is closed afterwards.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        with warnings.catch_warnings():
            # pyLODE 3.x opens its stylesheet without closing it.
            warnings.simplefilter("ignore", ResourceWarning)
            html = str(_ontpub()(ontology=graph).make_html())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    return _exact_anchors(html, graph)


_ENTITY_ANCHOR = re.compile(r'(<div class="[^"]*\bentity\b[^"]*" id="([^"]+)">)')


def _exact_anchors(html: str, graph: rdflib.Graph) -> str:
    """Give each term of the ontology an anchor named as its IRI's fragment, so that
    `…/ontology#SciencePark` lands on its entry: pyLODE names them in lower case
    (`sciencepark`), and HTML ids are case-sensitive."""
    fragments: dict[str, str] = {}
    for term in set(graph.subjects()):
        if isinstance(term, rdflib.URIRef) and str(term).startswith(IG):
            fragment = str(term)[len(IG) :]
            fragments.setdefault(fragment.lower(), fragment)

    def anchored(match: re.Match[str]) -> str:
        exact = fragments.get(match.group(2))
        if exact is None or exact == match.group(2):
            return match.group(1)
        return f'{match.group(1)}<span id="{exact}"></span>'

    return _ENTITY_ANCHOR.sub(anchored, html)


def _ontpub() -> Any:
    """Import pyLODE's OntPub, undoing the logging.basicConfig(level=DEBUG) pyLODE runs on import.

    Imported here, not at module level, so that other commands never pay for or see it.
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub

    root.setLevel(level)
    root.handlers[:] = handlers
    return OntPub


def _single_language(graph: rdflib.Graph, language: str) -> rdflib.Graph:
    """Given a bilingual ontology graph, return the copy pyLODE can render (see module doc)."""
    narrowed = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        narrowed.bind(prefix, namespace, override=True)
    for subject, predicate, obj in graph:
        if isinstance(obj, Literal) and obj.language not in (None, language):
            continue
        if predicate == RDF.type and obj == SKOS.ConceptScheme:
            continue
        narrowed.add((subject, predicate, obj))
    return narrowed
