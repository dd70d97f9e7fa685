"""The ids a request's parameters give, resolved to the graph's terms, or refused.

An id that names nothing in the graph is a NotFound (404) naming the parameter, as a path's
id that names nothing is: only the graph can say whether a well-formed value names
something. Kept apart from the lookups themselves, which take terms that exist.
"""

from __future__ import annotations

import pyoxigraph

from innograph.errors import NotFound
from innograph.lookups.descriptions import ORGANISATION, PERSON, instance_of
from innograph.lookups.identifiers import resolve
from innograph.lookups.rows import ask
from innograph.namespaces import IG
from innograph.store import Store

__all__ = ["ACTORS", "a_class", "actor", "existing", "organisation_class"]

ACTORS = (ORGANISATION, PERSON)
"""The classes whose instances have links: organisations and people."""


def actor(store: Store, identifier: str, *, parameter: str | None = None) -> pyoxigraph.NamedNode:
    """Resolve the id of an organisation or a person (`openzone`, `person/…`, an IRI)."""
    try:
        iri = resolve(identifier, kind="organisation", what="organisation or person")
    except NotFound:
        if parameter is None:
            raise
        raise NotFound(_names_nothing(parameter, f"{identifier!r} is not an id or IRI")) from None
    if any(instance_of(store, iri, cls) for cls in ACTORS):
        return iri
    if parameter:
        raise NotFound(_names_nothing(parameter, f"no organisation or person {identifier!r}"))
    raise NotFound(f"no organisation or person {identifier!r} (looked for <{iri.value}>)")


def a_class(store: Store, parameter: str, name: str) -> pyoxigraph.NamedNode:
    """`Organisation`, `ig:Organisation` or an IRI → the class, if the graph declares it."""
    value = name if ":" in name else IG + name
    try:
        cls = resolve(value, kind="", what="class")
    except NotFound:
        raise NotFound(_names_nothing(parameter, f"{name!r} is not a class name or IRI")) from None
    if not ask(store, "described", resource=cls):
        raise NotFound(_names_nothing(parameter, f"no class {name!r}"))
    return cls


def organisation_class(store: Store, name: str) -> pyoxigraph.NamedNode:
    """`SciencePark`, `ig:SciencePark` or an IRI → the class, if it is a kind of organisation
    or a class every organisation belongs to (`org:Organization`, `foaf:Agent`): the filter
    then keeps the organisations of it or of any subclass."""
    value = name if ":" in name else IG + name
    try:
        cls = resolve(value, kind="", what="type")
    except NotFound:
        raise NotFound(_names_nothing("type", f"{name!r} is not a class name or IRI")) from None
    organisation = pyoxigraph.NamedNode(ORGANISATION)
    if not (
        ask(store, "subclass-of", superclass=organisation, **{"class": cls})
        or ask(store, "subclass-of", superclass=cls, **{"class": organisation})
    ):
        raise NotFound(
            _names_nothing("type", f"{name!r} is neither a kind of organisation nor above one")
        )
    return cls


def existing(store: Store, parameter: str, identifier: str, *, kind: str) -> pyoxigraph.NamedNode:
    """Resolve a filter's id, refusing ids that name nothing in the graph."""
    try:
        iri = resolve(identifier, kind=kind, what=kind)
    except NotFound:
        raise NotFound(_names_nothing(parameter, f"{identifier!r} is not an id or IRI")) from None
    if not ask(store, "described", resource=iri):
        raise NotFound(_names_nothing(parameter, f"no {kind} {identifier!r}"))
    return iri


def _names_nothing(parameter: str, reason: str) -> str:
    """The message of a parameter whose id or name names nothing in the graph.

    A NotFound (404), as a path's id that names nothing is: the value is well formed, and only
    the graph can say whether it names something, so a client's document cannot tell it apart
    from one that does; a value the document itself refuses is an InvalidParameter (422)."""
    return f"parameter {parameter!r}: {reason}"
