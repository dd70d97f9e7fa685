"""OWL 2 RL reasoning: the closure of ontology and data, kept in a named graph of its own.

The inferred graph (`innograph.namespaces.INFERRED_GRAPH`) holds the triples the OWL 2 RL rules
entail from the source graphs and that no source graph asserts; nothing else writes it.
"""
