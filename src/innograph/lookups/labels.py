"""Names of resources: the Italian and English labels, alternatives, a display name.

The display name prefers English, then Italian, then an untagged label, then any other label,
a headline, an alternative name and, last, the REST id. Every resource's names are read by one
unbound run of `labels.rq` per store version (see `innograph.lookups.tables`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph

from innograph.lookups.identifiers import rest_id
from innograph.lookups.models import Fact, Names, Ref
from innograph.lookups.rows import language, select, text
from innograph.lookups.tables import DerivedTable
from innograph.namespaces import IG
from innograph.store import Store

__all__ = ["NAMES", "Naming", "naming", "ref", "node_ref", "named_fact", "PRIMARY"]

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
PRIMARY = (_RDFS_LABEL, _SKOS + "prefLabel", "http://xmlns.com/foaf/0.1/name")
"""Properties that give a resource's own name (the others give headlines and alternatives)."""
_HEADLINE = IG + "headline"


@dataclass(frozen=True)
class Naming:
    """How one resource is named: its names by language and the one to display."""

    names: Names
    display: str


def naming(store: Store, iri: str) -> Naming:
    """Given a resource IRI, return its names and display name."""
    found = NAMES.get(store, iri)
    if not found:
        return Naming(names=Names(it=None, en=None, alternatives=()), display=rest_id(iri))
    italian, english, alternatives, display = found[0]
    return Naming(
        names=Names(it=italian, en=english, alternatives=tuple(alternatives)), display=display
    )


def ref(store: Store, iri: str) -> Ref:
    """Given a resource IRI, return `Ref(id, iri, display name)`."""
    return Ref(id=rest_id(iri), iri=iri, name=naming(store, iri).display)


def node_ref(store: Store, term: object) -> Ref:
    """Given a term that names a resource, return its Ref; a blank node (an OWL restriction,
    an axiom) or a quoted triple has no IRI, so its text is its id and name."""
    if isinstance(term, pyoxigraph.NamedNode):
        return ref(store, term.value)
    return Ref(id=str(term), iri=str(term), name=str(term))


def named_fact(store: Store, triple: pyoxigraph.Triple) -> Fact:
    """Given a triple, return it with names: `object` for a resource, `value` for a literal."""
    target = triple.object
    literal = target if isinstance(target, pyoxigraph.Literal) else None
    return Fact(
        subject=node_ref(store, triple.subject),
        property=ref(store, triple.predicate.value),
        object=None if literal else node_ref(store, target),
        value=literal.value if literal else None,
        language=literal.language if literal else None,
        excerpt=None,
    )


def _every_naming(store: Store) -> Iterator[tuple[str, Any]]:
    """Each named resource's (Italian, English, alternatives, display name), from one query."""
    labels: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for row in select(store, "labels"):
        resource, label, prop = row["resource"], text(row, "label"), row["property"]
        if (
            isinstance(resource, pyoxigraph.NamedNode)
            and isinstance(prop, pyoxigraph.NamedNode)
            and label is not None
        ):
            labels[resource.value].append((prop.value, language(row, "label"), label))
    for resource, found in labels.items():
        named = _naming(resource, found)
        yield resource, (named.names.it, named.names.en, named.names.alternatives, named.display)


def _naming(iri: str, labels: list[tuple[str, str | None, str]]) -> Naming:
    primary: list[tuple[str | None, str]] = []
    headlines: list[str] = []
    alternatives: list[str] = []
    for prop, tag, label in labels:
        if prop in PRIMARY:
            primary.append((tag, label))
        elif prop == _HEADLINE:
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


NAMES = DerivedTable("names", _every_naming)


def _first(labels: list[tuple[str | None, str]], tag: str | None) -> str | None:
    for label_tag, label in labels:
        if (label_tag or None) == tag or (tag and label_tag and label_tag.startswith(tag + "-")):
            return label
    return None
