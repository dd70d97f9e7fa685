"""OWL 2 RL reasoning: the closure of ontology and data, kept in a named graph of its own.

The inferred graph (`innograph.namespaces.INFERRED_GRAPH`) holds the triples the OWL 2 RL rules
entail from the source graphs and no source graph asserts; nothing else writes it.

For a write (load, Graph Store, SPARQL Update), before its commit:

    rules = rules_for(store)                                  # cached per schema
    change = change_of_write(store, graphs, drop=drop)        # or Change(added=…, removed=…)
    update = update_for(store, change, rules)                 # reads the store, writes nothing
    ensure_consistent(update.violations, lambda t: asserting(store, t))   # InconsistencyError
    # then commit, in the write's transaction: change, + update.added, − update.removed

`inferred_patch(store, graphs, drop=drop)` does all of that and returns the `patches` argument
of that `Store.write`; `materialise(store, rules)` recomputes the whole graph (`innograph
reason`).
"""

from innograph.reasoning.change import Change, change_of_write
from innograph.reasoning.closure import Closure, closure_of, materialise
from innograph.reasoning.consistency import Violation, check_closure, ensure_consistent
from innograph.reasoning.explanation import Explanation, explain, parse_triple
from innograph.reasoning.facts import asserting
from innograph.reasoning.incremental import InferredUpdate, update_for
from innograph.reasoning.rules import RuleSet, rules_for
from innograph.reasoning.stored import StoredQuads
from innograph.reasoning.writes import change_patch, inferred_patch, refuse_inferred

__all__ = [
    "Change",
    "change_of_write",
    "Closure",
    "closure_of",
    "materialise",
    "Violation",
    "check_closure",
    "ensure_consistent",
    "Explanation",
    "explain",
    "parse_triple",
    "asserting",
    "InferredUpdate",
    "update_for",
    "RuleSet",
    "rules_for",
    "StoredQuads",
    "inferred_patch",
    "change_patch",
    "refuse_inferred",
]
