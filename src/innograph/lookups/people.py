"""People: their posts, what they founded, what they said, how to reach them."""

from __future__ import annotations

import pyoxigraph

from innograph.lookups.agreements import quotes
from innograph.lookups.descriptions import PERSON, describe
from innograph.lookups.identifiers import rest_id
from innograph.lookups.labels import naming, ref
from innograph.lookups.models import Person
from innograph.lookups.profiles import contact_points, posts, sources_about
from innograph.lookups.rows import iri, select
from innograph.namespaces import IG
from innograph.store import Store

__all__ = ["person"]


def person(store: Store, iri_: pyoxigraph.NamedNode, name: str) -> Person:
    """Everything stated about one person; raises NotFound if it is not one."""
    found = describe(store, iri_, cls=PERSON, what="person", name=name)
    named = naming(store, iri_.value)
    founded = [
        subject
        for row in select(store, "incoming", resource=iri_)
        if iri(row, "property") == IG + "foundedBy" and (subject := iri(row, "subject"))
    ]
    founded += found.iris(IG + "founded")
    return Person(
        id=rest_id(iri_.value),
        iri=iri_.value,
        name=named.display,
        names=named.names,
        posts=posts(store, person=iri_),
        founded=tuple(ref(store, organisation) for organisation in dict.fromkeys(founded)),
        quotes=quotes(store, iri_),
        contact_points=contact_points(store, iri_),
        sources=sources_about(store, iri_),
    )
