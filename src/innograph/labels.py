"""[query] Names of resources: the Italian and English labels, alternatives, a display name.

The display name prefers English, then Italian, then an untagged label, then any other label,
a headline, an alternative name and, last, the REST id. Names are cached per store version.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph

from innograph.caching import VersionedCache
from innograph.identifiers import rest_id
from innograph.models import Names, Ref
from innograph.namespaces import IG
from innograph.rows import language, select, text
from innograph.store import Store

__all__ = ["Naming", "naming", "ref", "PRIMARY"]

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
PRIMARY = (_RDFS_LABEL, _SKOS + "prefLabel", "http://xmlns.com/foaf/0.1/name")
"""Properties that give a resource's own name (the others give headlines and alternatives)."""
_ALTERNATIVE = _SKOS + "altLabel"
_HEADLINE = IG + "headline"


@dataclass(frozen=True)
class Naming:
    """How one resource is named: its names by language and the one to display."""

    names: Names
    display: str


_CACHE: VersionedCache[str, Naming] = VersionedCache()


def naming(store: Store, iri: str) -> Naming:
    """Given a resource IRI, return its names and display name (cached per store version)."""
    return _CACHE.get(store, iri, lambda: _read(store, iri))


def ref(store: Store, iri: str) -> Ref:
    """Given a resource IRI, return `Ref(id, iri, display name)`."""
    return Ref(id=rest_id(iri), iri=iri, name=naming(store, iri).display)


def _read(store: Store, iri: str) -> Naming:
    primary: list[tuple[str | None, str]] = []
    headlines: list[str] = []
    alternatives: list[str] = []
    for row in select(store, "labels", resource=pyoxigraph.NamedNode(iri)):
        label, tag, prop = text(row, "label"), language(row, "label"), row["property"]
        if label is None or not isinstance(prop, pyoxigraph.NamedNode):
            continue
        if prop.value in PRIMARY:
            primary.append((tag, label))
        elif prop.value == _HEADLINE:
            headlines.append(label)
        else:
            alternatives.append(label)
    primary.sort(key=lambda entry: (entry[0] or "", entry[1]))
    italian = _first(primary, "it")
    english = _first(primary, "en")
    plain = _first(primary, None)
    display = (
        english
        or italian
        or plain
        or next((label for _, label in primary), None)
        or min(headlines, default=None)
        or min(alternatives, default=None)
        or rest_id(iri)
    )
    own = {label for _, label in primary}
    extra = tuple(sorted({label for label in alternatives if label not in own}))
    return Naming(names=Names(it=italian, en=english, alternatives=extra), display=display)


def _first(labels: list[tuple[str | None, str]], tag: str | None) -> str | None:
    for label_tag, label in labels:
        if (label_tag or None) == tag or (tag and label_tag and label_tag.startswith(tag + "-")):
            return label
    return None
