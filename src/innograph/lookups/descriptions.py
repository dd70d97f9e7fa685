"""A resource's own statements, read once and looked up by property.

`describe(store, iri, kind=…)` checks that the resource is an instance of the expected class
(or raises NotFound) and returns its outgoing property values; lookups then read the fields
they need from it. `graph_description` gives the same resource as RDF (Turtle, JSON-LD …).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph

from innograph._types import Term
from innograph.caching import PerVersion
from innograph.errors import NotFound
from innograph.lookups.labels import ref
from innograph.lookups.models import Ref, Text
from innograph.lookups.rows import Row, iri, select, service_query
from innograph.lookups.tables import DerivedTable
from innograph.namespaces import IG, PREFIXES
from innograph.queries import run_query
from innograph.store import Store
from innograph.store.class_hierarchy import Hierarchy

__all__ = [
    "ORGANISATION",
    "PERSON",
    "PLACE",
    "AGREEMENT",
    "SOURCE_DOCUMENT",
    "KINDS",
    "KINDS_OF",
    "every_superclass",
    "Description",
    "describe",
    "properties",
    "description_of",
    "instance_of",
    "graph_description",
    "RDF_TYPE",
    "OWL",
]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
_HIDDEN_TYPES = {OWL + "NamedIndividual", OWL + "Thing"}
_DESCRIPTION_PREFIXES = {prefix: iri for prefix, iri in PREFIXES.items() if prefix != "igid"}


@dataclass(frozen=True)
class Description:
    """The outgoing statements of one resource, by property IRI."""

    iri: str
    values: dict[str, tuple[Term, ...]]

    def iris(self, property: str) -> tuple[str, ...]:
        """IRIs that are values of the property, in order."""
        return tuple(
            term.value
            for term in self.values.get(property, ())
            if isinstance(term, pyoxigraph.NamedNode)
        )

    def texts(self, property: str) -> tuple[Text, ...]:
        """Literal values of the property, with their language tags."""
        return tuple(
            Text(text=term.value, language=term.language)
            for term in self.values.get(property, ())
            if isinstance(term, pyoxigraph.Literal)
        )

    def strings(self, property: str) -> tuple[str, ...]:
        return tuple(text.text for text in self.texts(property))

    def first(self, property: str) -> str | None:
        values = self.strings(property)
        return values[0] if values else None

    def refs(self, store: Store, property: str) -> tuple[Ref, ...]:
        return tuple(ref(store, value) for value in self.iris(property))

    def first_ref(self, store: Store, property: str) -> Ref | None:
        """The first IRI value of the property as a `Ref`, for a field that holds one."""
        values = self.iris(property)
        return ref(store, values[0]) if values else None

    def types(self, store: Store) -> tuple[Ref, ...]:
        """The resource's classes, without the OWL bookkeeping ones."""
        return tuple(
            ref(store, value) for value in self.iris(RDF_TYPE) if value not in _HIDDEN_TYPES
        )


ORGANISATION = IG + "Organisation"
PERSON = PREFIXES["foaf"] + "Person"
PLACE = IG + "Place"
AGREEMENT = IG + "Agreement"
SOURCE_DOCUMENT = IG + "SourceDocument"
KINDS = (ORGANISATION, PERSON, PLACE, AGREEMENT, SOURCE_DOCUMENT)
"""The classes lookups describe: the `?kind` values of `kinds.rq`."""


def instance_of(store: Store, iri: pyoxigraph.NamedNode, cls: str) -> bool:
    """Is the resource an instance of the class (one of `KINDS`), directly or by a subclass?"""
    if cls not in KINDS:
        raise ValueError(f"kinds.rq does not record instances of <{cls}>")
    return cls in KINDS_OF.get(store, iri.value)


def _every_kind(store: Store) -> Iterator[tuple[str, Any]]:
    for row in select(store, "kinds"):
        resource, kind = iri(row, "resource"), iri(row, "kind")
        if resource and kind:
            yield resource, kind


def describe(
    store: Store, iri: pyoxigraph.NamedNode, *, cls: str, what: str, name: str
) -> Description:
    """Given an IRI and the class it must belong to, return its statements or raise NotFound."""
    if not instance_of(store, iri, cls):
        raise NotFound(f"no {what} {name!r} (looked for <{iri.value}>)")
    return properties(store, iri)


def properties(store: Store, iri: pyoxigraph.NamedNode) -> Description:
    """Given an IRI, return its outgoing statements, whatever it is (none if it is unknown)."""
    return description_of(iri.value, select(store, "properties", resource=iri))


def description_of(iri: str, rows: Iterable[Row]) -> Description:
    """Given a resource IRI and rows of its `?property` and `?value`, in order, return its
    description."""
    values: dict[str, list[Term]] = defaultdict(list)
    for row in rows:
        prop, value = row["property"], row["value"]
        if isinstance(prop, pyoxigraph.NamedNode) and isinstance(
            value, pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal
        ):
            values[prop.value].append(value)
    return Description(iri=iri, values={key: tuple(terms) for key, terms in values.items()})


KINDS_OF = DerivedTable("kinds", _every_kind)


def _read_superclasses(store: Store) -> dict[str, frozenset[str]]:
    """Each class's superclasses, followed from its direct parents (`class-parents.rq`)
    rather than by a property path, which Virtuoso 7.2 evaluates wrongly over alternatives."""
    rows = select(store, "class-parents")
    hierarchy = Hierarchy.of((row["class"], row["parent"]) for row in rows)
    return {cls: ups - {cls} for cls, ups in hierarchy.superclasses.items() if ups - {cls}}


_SUPERCLASSES = PerVersion(_read_superclasses)


def every_superclass(store: Store) -> dict[str, frozenset[str]]:
    """Each class's named superclasses, direct or inherited, read once per store version."""
    return _SUPERCLASSES.get(store)


def graph_description(store: Store, iri: str, rdf_format: pyoxigraph.RdfFormat) -> bytes:
    """Given a resource IRI and an RDF format, return its description in that format.

    The resource's own statements come first, then the others grouped by subject; `igid:` IRIs
    are written whole (their slashes would need escaping in prefixed names).
    """
    node = pyoxigraph.NamedNode(iri)
    result = run_query(store, service_query("describe"), bindings={"resource": node})
    assert isinstance(result, pyoxigraph.QueryTriples), "describe.rq is not a CONSTRUCT query"
    triples = sorted(result, key=lambda t: (t.subject != node, str(t.subject), str(t.predicate)))
    return pyoxigraph.serialize(triples, format=rdf_format, prefixes=_DESCRIPTION_PREFIXES) or b""
