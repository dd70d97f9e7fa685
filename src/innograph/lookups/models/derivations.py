"""Why the graph holds a triple: the derivation `innograph.reasoning` finds, with names and the
evidence of the sources, as REST clients and pages read it."""

from __future__ import annotations

from dataclasses import dataclass

from innograph.lookups.models.base import Evidence, Model
from innograph.lookups.models.resources import Fact


@dataclass(frozen=True)
class Derivation(Model):
    """A triple and why it holds: stated by sources (`graphs`, `evidence`), or entailed by an
    OWL 2 RL rule from schema axioms and premises, each derived in turn, down to stated ones."""

    triple: Fact
    rule: str | None
    """The OWL 2 RL rule, as the W3C profile names it (cax-sco, prp-inv1, prp-trp …); `null`
    for a triple a source states."""
    family: str | None
    """The rule's family: classes, properties, equality, schema."""
    axioms: tuple[Fact, ...]
    """The ontology's axioms the rule applies (`ig:founded owl:inverseOf ig:foundedBy`)."""
    graphs: tuple[str, ...]
    """For a stated triple: the named graphs (one per loaded file) that hold it."""
    evidence: tuple[Evidence, ...]
    """For a stated triple: the passages that state it, with their words."""
    premises: tuple[Derivation, ...]
    """For an entailed triple: the triples the rule concludes it from."""
