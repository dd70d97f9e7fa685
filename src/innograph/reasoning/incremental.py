"""Keeping the inferred graph in step with a write: recompute only what the write can affect.

Every data rule is one step from one triple, but for prp-trp (`rules.py`), so the closure is
local: the property triples between two nodes follow from the asserted triples between them
(and, for a transitive property, from chains through them), and a node's types from its asserted
types and the properties it is subject or object of. A write therefore changes

1. the property triples between the two nodes of each triple it adds or removes, and between
   the ends of each transitive chain that runs through such a triple (found from the current
   closure: its ancestors and descendants, then reachability in the graph as it will be);
2. the types of the nodes of those triples, and of the nodes whose property triples changed
   (`neighbourhood.py` finds and recomputes both).

Both are recomputed whole for exactly those pairs and nodes (before: read from the store; after:
the store with the change applied on the fly), which also deletes correctly: a triple loses its
place only if no derivation of it is left, as in a full recomputation (the test compares the
two after random inserts and deletes). A change to the schema changes the rules: then the
closure is recomputed whole and compared with the inferred graph (as it is, too, for a schema
with a transitive property below another, which the chains above do not follow).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Quad, Triple

from innograph.reasoning.change import Change, asserted_delta
from innograph.reasoning.closure import INFERRED, close
from innograph.reasoning.consistency import Violation, check_closure
from innograph.reasoning.facts import read_facts, source_graphs
from innograph.reasoning.neighbourhood import Neighbourhood
from innograph.reasoning.rules import RuleSet, compile_rules
from innograph.reasoning.schema import Schema, is_axiom
from innograph.reasoning.stored import StoredQuads
from innograph.store import Store

__all__ = ["InferredUpdate", "update_for", "LOCAL_LIMIT"]

LOCAL_LIMIT = 100_000
"""Changed triples beyond which the whole closure is recomputed: the local path costs about
0.1 ms a changed triple (583 in 0.05 s at 100 k organisations), the whole one about 20 s
there, plus reading the inferred graph to compare."""


@dataclass(frozen=True)
class InferredUpdate:
    """What a write must also do to the inferred graph, and what it would make inconsistent."""

    added: list[Quad]
    removed: list[Quad]
    violations: tuple[Violation, ...] = ()
    whole: bool = False
    """Whether the schema changed, so the closure was recomputed whole."""


def update_for(
    store: Store, change: Change, rules: RuleSet, *, stored: StoredQuads | None = None
) -> InferredUpdate:
    """Given a store, a change not yet made to it, and the store's rules, return the quads to
    add to and remove from the inferred graph in the same transaction as the change.

    The local path reads the inferred graph as the closure before the change, so a store
    that has none yet (never reasoned) gets the whole closure; so does a change too large for
    the local path to be the faster (`LOCAL_LIMIT`). `stored`: the store's `StoredQuads`,
    if the write has one already."""
    stored = stored or StoredQuads(store, probing=bool(change.added))
    gained, lost = asserted_delta(stored, change)
    whole = rules.has_chained_transitives or INFERRED.value not in store.named_graphs()
    whole = whole or len(gained) + len(lost) > LOCAL_LIMIT
    if whole or any(is_axiom(triple) for triple in gained | lost):
        return _whole(store, gained, lost, rules)
    local = Neighbourhood(stored, gained, lost, rules).recompute()
    return InferredUpdate(local.added, local.removed, local.violations)


def _whole(store: Store, gained: set[Triple], lost: set[Triple], rules: RuleSet) -> InferredUpdate:
    """Recompute the closure of the store as the change leaves it, with the rules of its new
    schema; compare with the inferred graph."""
    axioms = (rules.schema.axioms - lost) | {t for t in gained if is_axiom(t)}
    rules = compile_rules(Schema(frozenset(axioms)))
    asserted = read_facts(store, rules.properties, rules.classes, source_graphs(store))
    for triple in lost:
        asserted.discard(triple)
    for triple in gained:
        asserted.add(triple)
    closure = close(asserted, rules)
    wanted = set(closure.quads())
    present = set(store.quads(graph=INFERRED.value))
    return InferredUpdate(
        added=sorted(wanted - present, key=str),
        removed=sorted(present - wanted, key=str),
        violations=tuple(check_closure(closure)),
        whole=True,
    )
