"""The schema (TBox): the axioms the store holds, and what OWL 2 RL entails from them alone.

The schema is small (about 600 axioms in the seed ontology) and changes rarely, so its closure
is left to owlrl, the reference: run on the axioms only it takes well under a second, and its
scm-* rules (subclass and subproperty closure, domains and ranges inherited along both,
equivalences) are then exactly the reference's. `rules.py` compiles the data rules from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import platformdirs
import pyoxigraph

from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning.bridge import from_rdflib, to_rdflib
from innograph.reasoning.differences import without_differences
from innograph.reasoning.vocabulary import SCHEMA_CLASSES, SCHEMA_PREDICATES, TYPE
from innograph.store import Store

__all__ = ["Schema", "read_schema", "is_axiom", "KEPT_IN"]

_INFERRED = pyoxigraph.NamedNode(INFERRED_GRAPH)
_N_TRIPLES = pyoxigraph.RdfFormat.N_TRIPLES

KEPT_IN = Path(platformdirs.user_cache_dir("innograph")) / "schema-closures"
"""Where the closures of the schemas met are kept, for every process and store of the user:
a closure is named by the digest of its axioms, so stores of one ontology share it (not in a
store's own derived folder: a store in memory would make a temporary one for it)."""


def is_axiom(triple: pyoxigraph.Triple | pyoxigraph.Quad) -> bool:
    """Whether a triple belongs to the schema: a write that adds or removes one changes the
    rules themselves."""
    if triple.predicate == TYPE:
        return triple.object in SCHEMA_CLASSES
    return triple.predicate in SCHEMA_PREDICATES


@dataclass(frozen=True)
class Schema:
    """The asserted axioms, and the triples OWL 2 RL entails from them that none of them is."""

    axioms: frozenset[pyoxigraph.Triple]
    kept_in: Path | None = field(default=None, compare=False)
    """A folder keeping the closure of each schema met, named by the digest of its axioms
    (`entailed`): owlrl takes 1–2.5 s on the ontology, which every new process (each CLI
    command) paid on its first write. `read_schema` gives `KEPT_IN`."""

    @cached_property
    def entailed(self) -> frozenset[pyoxigraph.Triple]:
        """owlrl's closure of the axioms, less the axioms and the named differences (read from
        `kept_in` when it holds this schema's, written there when not)."""
        if self.kept_in is None:
            return self._closure()
        path = self.kept_in / f"schema-closure-{self._digest()}.nt"
        if path.exists():
            return frozenset(quad.triple for quad in pyoxigraph.parse(path=path, format=_N_TRIPLES))
        entailed = self._closure()
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        try:
            self.kept_in.mkdir(parents=True, exist_ok=True)
            pyoxigraph.serialize(sorted(entailed, key=str), partial, _N_TRIPLES)
            os.replace(partial, path)  # whole or absent: another process may be reading it
        except OSError:  # a folder it cannot write (read-only): computed again next time
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        return entailed

    def _closure(self) -> frozenset[pyoxigraph.Triple]:
        import owlrl  # imported here: owlrl is needed only when the schema changes

        graph = to_rdflib(self.axioms)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
        return frozenset(without_differences(from_rdflib(graph))) - self.axioms

    def _digest(self) -> str:
        """The axioms' digest: their N-Triples lines sorted (blank nodes by the store's own
        labels, which the closure's triples name too)."""
        lines = sorted(
            pyoxigraph.serialize([triple], format=_N_TRIPLES) or b"" for triple in self.axioms
        )
        return hashlib.sha256(b"".join(lines)).hexdigest()

    @cached_property
    def triples(self) -> frozenset[pyoxigraph.Triple]:
        """Axioms and entailed triples: what the rules are compiled from."""
        return self.axioms | self.entailed


def read_schema(store: Store) -> Schema:
    """Given a store, return the axioms its source graphs hold (the inferred graph aside),
    their closure kept in `KEPT_IN`."""
    found: set[pyoxigraph.Triple] = set()
    for predicate in SCHEMA_PREDICATES:
        found.update(_asserted(store.quads(None, predicate, None)))
    for kind in SCHEMA_CLASSES:
        found.update(_asserted(store.quads(None, TYPE, kind)))
    return Schema(frozenset(found), kept_in=KEPT_IN)


def _asserted(quads: Iterable[pyoxigraph.Quad]) -> Iterable[pyoxigraph.Triple]:
    return (quad.triple for quad in quads if quad.graph_name != _INFERRED)
