"""Curation: a release added from a sheet, checked against the graph, and reversible.

A curator writes a release sheet (`sheet`, YAML read by `reading` with the line of every
field), whose facts cite passages of the release's text (`passages`); `encoding` turns it into
the seed's style of RDF (an `owl:Axiom` per fact); `changes` compares it with the graph (new
entities, new facts, conflicts, likely duplicates); `ingesting` writes and loads it atomically;
`retraction` removes a release; `history` lists what each release says of an entity.
"""
