"""IRIs of the vocabularies innograph speaks: constants only, no logic."""

from __future__ import annotations

__all__ = [
    "ONTOLOGY",
    "IG",
    "IGID",
    "SYNTHETIC",
    "CATALOG",
    "CATALOG_GRAPH",
    "INFERRED_GRAPH",
    "PREFIXES",
]

ONTOLOGY = "https://w3id.org/innograph/ontology"
IG = "https://w3id.org/innograph/ontology#"
IGID = "https://w3id.org/innograph/id/"
SYNTHETIC = "https://w3id.org/innograph/synthetic/"

CATALOG = "https://w3id.org/innograph/catalog#"
"""Terms that describe what the store holds: one record per loaded source file."""

CATALOG_GRAPH = "https://w3id.org/innograph/graph/catalog"
"""The named graph of catalog records; kept out of the default (union) graph."""

INFERRED_GRAPH = "https://w3id.org/innograph/graph/inferred"
"""The named graph of the OWL 2 RL closure's triples that no source graph asserts; written only
by `innograph.reasoning`, never mixed into a source graph."""

PREFIXES: dict[str, str] = {
    "ig": IG,
    "igid": IGID,
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""Prefixes offered to every query, so analysts need not repeat them."""
