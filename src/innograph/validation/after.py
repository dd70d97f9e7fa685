"""The asserted triples of a store as a write will leave them, read pattern by pattern before
the write: the store's own (the inferred graph aside, and the graph of the shapes file, which
is not data), less those the write takes away from every graph, plus those it adds to a graph
where none stood."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.stored import StoredQuads

__all__ = ["After", "Resource", "Term"]

Resource = NamedNode | BlankNode
Term = NamedNode | BlankNode | Literal | Triple

_INFERRED = NamedNode(INFERRED_GRAPH)


class After:
    """A store (read through `StoredQuads`) seen as it will be once a change is made
    (`gained`, `lost`: triples, as `innograph.reasoning.change.asserted_delta` gives them),
    the graphs `unread` left out."""

    def __init__(
        self,
        stored: StoredQuads,
        gained: Iterable[Triple],
        lost: Iterable[Triple],
        *,
        unread: Iterable[NamedNode] = (),
    ) -> None:
        self._stored = stored
        self._unread = {_INFERRED, *unread}
        self._lost = set(lost)
        self._from: dict[Term, list[Triple]] = defaultdict(list)
        self._to: dict[tuple[Term, NamedNode | None], list[Triple]] = defaultdict(list)
        for triple in gained:  # by object and property too: a class has every instance
            self._from[triple.subject].append(triple)
            self._to[triple.object, triple.predicate].append(triple)
            self._to[triple.object, None].append(triple)

    def triples(
        self,
        subject: Resource | None = None,
        predicate: NamedNode | None = None,
        object: Term | None = None,
    ) -> set[Triple]:
        """The triples matching a pattern, a subject or an object given, after the change."""
        found = {
            quad.triple
            for quad in self._stored.quads(subject, predicate, object)
            if quad.graph_name not in self._unread
        } - self._lost
        added = (
            self._from.get(subject, ())
            if subject is not None
            else self._to.get((object, predicate), ())  # type: ignore[arg-type]
        )
        found.update(
            triple
            for triple in added
            if (predicate is None or triple.predicate == predicate)
            and (object is None or triple.object == object)
        )
        return found

    def objects(self, subject: Resource, predicate: NamedNode) -> set[Term]:
        """The values of one property of a node, after the change."""
        return {triple.object for triple in self.triples(subject, predicate)}

    def subjects(self, predicate: NamedNode | None, object: Term) -> set[Resource]:
        """The nodes with one value of one property (None: of any), after the change."""
        return {triple.subject for triple in self.triples(None, predicate, object)}  # type: ignore[misc]
