"""Media types ↔ result formats: one table per kind of result, so a new format is one line."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from innograph.sparql.results import ResultFormats

__all__ = [
    "etag_matches",
    "weak_etag",
    "RESULT_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "DESCRIPTION_MEDIA_TYPES",
    "FORMAT_ALIASES",
    "choose",
    "accepted_formats",
    "media_type_of",
]

RESULT_MEDIA_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
"""SELECT and ASK results; the first entry is the default."""

GRAPH_MEDIA_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
"""CONSTRUCT and DESCRIBE results (and graphs of the Graph Store); the first is the default."""

DESCRIPTION_MEDIA_TYPES: dict[str, str] = {**GRAPH_MEDIA_TYPES, "text/html": "html"}
"""`GET /sparql` without a query: the service description in RDF, or the query page."""

FORMAT_ALIASES: dict[str, str] = {
    "json": "application/sparql-results+json, application/ld+json",
    "xml": "application/sparql-results+xml, application/rdf+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "n3": "text/turtle",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "nq": "application/n-quads",
}
"""The `format` parameter, for browsers that cannot set Accept: a name or a media type.

(Turtle is N3 too, so `n3` asks for Turtle; SPARQLWrapper sends `format=n3`.)"""


def _ranges(accept: str) -> list[tuple[float, str]]:
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, f"{position:04d}{media.lower()}"))
    return sorted(ranges)


def choose(accept: str | None, offered: dict[str, str]) -> str | None:
    """Given an Accept header and the offered media types, return the best one or None.

    `text/csv;q=0.5, application/sparql-results+json` → `application/sparql-results+json`;
    a missing header or `*/*` gets the first offered type.
    """
    default = next(iter(offered))
    if not accept:
        return default
    for _, keyed in _ranges(accept):
        media = keyed[4:]
        if media in offered:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
    return None


def accepted_formats(accept: str | None, format_values: Sequence[str] = ()) -> ResultFormats:
    """Given Accept and the `format` values, return the format names for each kind of result.

    `format=csv` → `ResultFormats('csv', None)`: a CONSTRUCT would then get 406. `format`
    wins over Accept when it names a format on offer; clients such as SPARQLWrapper send it
    several times (`format=tsv&format=text/tab-separated-values`), so every value counts.
    """
    if format_values:
        wanted = ", ".join(FORMAT_ALIASES.get(value.lower(), value) for value in format_values)
        chosen = _formats(wanted)
        if chosen.results is not None or chosen.graph is not None:
            return chosen
    return _formats(accept)


def _formats(accept: str | None) -> ResultFormats:
    results = choose(accept, RESULT_MEDIA_TYPES)
    graph = choose(accept, GRAPH_MEDIA_TYPES)
    return ResultFormats(
        results=RESULT_MEDIA_TYPES[results] if results else None,
        graph=GRAPH_MEDIA_TYPES[graph] if graph else None,
    )


def media_type_of(format_name: str, *, is_graph: bool) -> str:
    """Given a format name, return its main media type: `tsv` → `text/tab-separated-values`."""
    table = GRAPH_MEDIA_TYPES if is_graph else RESULT_MEDIA_TYPES
    return next(media for media, name in table.items() if name == format_name)


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """Does If-None-Match (`*`, or a list of tags, weak or strong) match the tag (weakly)?"""
    if not if_none_match:
        return False
    candidates = {part.strip().removeprefix("W/") for part in if_none_match.split(",")}
    return "*" in candidates or tag.removeprefix("W/") in candidates


def weak_etag(*parts: str) -> str:
    """Given what an answer depends on (store version, URL, media type), return a weak ETag.

    Weak, because the GZip middleware may compress the body and a strong tag would have to change.
    """
    key = "\n".join(parts).encode("utf-8", "surrogatepass")
    return 'W/"' + hashlib.sha256(key).hexdigest()[:32] + '"'
