"""Media types ↔ result formats: one table per kind of result, so a new format is one line."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from innograph.sparql.results import ResultFormats

__all__ = [
    "etag_matches",
    "weak_etag",
    "RESULT_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "DESCRIPTION_MEDIA_TYPES",
    "FORMAT_ALIASES",
    "choose",
    "AcceptedTypes",
    "accepted_types",
    "with_format",
    "preferred_languages",
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


@lru_cache(maxsize=256)
def _ranges(accept: str) -> Mapping[str, tuple[float, int]]:
    """Given an Accept (or Accept-Language) header, return each range's quality and position.

    Ranges are lowercased and keep no parameter but `q`; a range whose `q` is not a number
    from 0 to 1 is left out, and a range listed twice counts where it first appears. Cached:
    a client sends the same header with every request.
    """
    ranges: dict[str, tuple[float, int]] = {}
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = -1.0
        if media and 0.0 <= quality <= 1.0:
            ranges.setdefault(media.lower(), (quality, position))
    return ranges


def _quality(ranges: Mapping[str, tuple[float, int]], media: str) -> tuple[float, int]:
    """The quality of a media type, and where it was given: the most specific range that
    matches decides (RFC 9110 §12.5.1), so `text/csv;q=0, */*` refuses CSV and takes the rest.
    A type no range matches has quality 0."""
    for key in (media, media.partition("/")[0] + "/*", "*/*"):
        if key in ranges:
            return ranges[key]
    return 0.0, 0


def choose(accept: str | None, offered: dict[str, str]) -> str | None:
    """Given an Accept header and the offered media types, return the best one or None.

    `text/csv;q=0.5, application/sparql-results+json` → `application/sparql-results+json`;
    a missing header or `*/*` gets the first offered type. Between equal qualities, the range
    given first in the header wins, then the type offered first; `q=0` is "not acceptable".
    """
    if not accept:
        return next(iter(offered))
    ranges = _ranges(accept)
    candidates = []
    for order, media in enumerate(offered):
        quality, position = _quality(ranges, media)
        if quality > 0:
            candidates.append((-quality, position, order, media))
    return min(candidates)[3] if candidates else None


def preferred_languages(accept_language: str | None) -> tuple[str, ...]:
    """Given Accept-Language, return its language ranges, best first: by quality, then as
    given; a range refused with `q=0` is left out. `it-IT,en;q=0.3` → `('it-it', 'en')`."""
    ranges = _ranges(accept_language) if accept_language else {}
    ordered = sorted(ranges.items(), key=lambda item: (-item[1][0], item[1][1]))
    return tuple(language for language, (quality, _) in ordered if quality > 0)


@dataclass(frozen=True)
class AcceptedTypes:
    """The media types chosen for a query's answer: one for SELECT/ASK, one for
    CONSTRUCT/DESCRIBE; None when the client accepts none of that kind.

    The answer is sent as the type chosen, so `Accept: application/json` gets
    `application/json` and a type refused with `q=0` is never what comes back.
    """

    results: str | None
    graph: str | None

    @property
    def formats(self) -> ResultFormats:
        """The format names the query worker writes: `text/xml` → `xml`."""
        return ResultFormats(
            results=RESULT_MEDIA_TYPES[self.results] if self.results else None,
            graph=GRAPH_MEDIA_TYPES[self.graph] if self.graph else None,
        )

    def media_type(self, *, is_graph: bool) -> str | None:
        """The type an answer of this kind is sent as."""
        return self.graph if is_graph else self.results


def accepted_types(accept: str | None, format_values: Sequence[str] = ()) -> AcceptedTypes:
    """Given Accept and the `format` values, return the media types chosen for each kind.

    `format` wins over Accept for each kind of result it names a format of, and Accept decides
    the other: `format=csv` → CSV for a SELECT, and Accept's choice (Turtle without one) for a
    CONSTRUCT. Clients such as SPARQLWrapper send it several times
    (`format=tsv&format=text/tab-separated-values`), so every value counts.
    """
    by_accept = _types(accept)
    if not format_values:
        return by_accept
    by_format = _types(with_format(format_values))
    return AcceptedTypes(by_format.results or by_accept.results, by_format.graph or by_accept.graph)


def with_format(format_values: Sequence[str]) -> str:
    """Given `format` values (names or media types), return them as an Accept header."""
    return ", ".join(FORMAT_ALIASES.get(value.lower(), value) for value in format_values)


def _types(accept: str | None) -> AcceptedTypes:
    return AcceptedTypes(choose(accept, RESULT_MEDIA_TYPES), choose(accept, GRAPH_MEDIA_TYPES))


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
