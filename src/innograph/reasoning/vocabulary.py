"""The RDF, RDFS and OWL terms the rules read, as pyoxigraph terms: constants only, no logic."""

from __future__ import annotations

from pyoxigraph import NamedNode

from innograph.namespaces import PREFIXES

__all__ = [
    "TYPE",
    "FIRST",
    "REST",
    "NIL",
    "SUB_CLASS_OF",
    "SUB_PROPERTY_OF",
    "DOMAIN",
    "RANGE",
    "NOTHING",
    "SAME_AS",
    "INVERSE_OF",
    "EQUIVALENT_CLASS",
    "EQUIVALENT_PROPERTY",
    "DISJOINT_WITH",
    "PROPERTY_DISJOINT_WITH",
    "MEMBERS",
    "ALL_DISJOINT_CLASSES",
    "ALL_DISJOINT_PROPERTIES",
    "SYMMETRIC",
    "TRANSITIVE",
    "FUNCTIONAL",
    "IRREFLEXIVE",
    "ASYMMETRIC",
    "SCHEMA_PREDICATES",
    "SCHEMA_CLASSES",
    "UNCOMPILED_PREDICATES",
    "UNCOMPILED_CLASSES",
    "BUILT_IN",
]

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]

TYPE = NamedNode(_RDF + "type")
FIRST, REST, NIL = NamedNode(_RDF + "first"), NamedNode(_RDF + "rest"), NamedNode(_RDF + "nil")
SUB_CLASS_OF = NamedNode(_RDFS + "subClassOf")
SUB_PROPERTY_OF = NamedNode(_RDFS + "subPropertyOf")
DOMAIN, RANGE = NamedNode(_RDFS + "domain"), NamedNode(_RDFS + "range")
NOTHING = NamedNode(_OWL + "Nothing")
SAME_AS = NamedNode(_OWL + "sameAs")
INVERSE_OF = NamedNode(_OWL + "inverseOf")
EQUIVALENT_CLASS = NamedNode(_OWL + "equivalentClass")
EQUIVALENT_PROPERTY = NamedNode(_OWL + "equivalentProperty")
DISJOINT_WITH = NamedNode(_OWL + "disjointWith")
PROPERTY_DISJOINT_WITH = NamedNode(_OWL + "propertyDisjointWith")
MEMBERS = NamedNode(_OWL + "members")
ALL_DISJOINT_CLASSES = NamedNode(_OWL + "AllDisjointClasses")
ALL_DISJOINT_PROPERTIES = NamedNode(_OWL + "AllDisjointProperties")
SYMMETRIC = NamedNode(_OWL + "SymmetricProperty")
TRANSITIVE = NamedNode(_OWL + "TransitiveProperty")
FUNCTIONAL = NamedNode(_OWL + "FunctionalProperty")
IRREFLEXIVE = NamedNode(_OWL + "IrreflexiveProperty")
ASYMMETRIC = NamedNode(_OWL + "AsymmetricProperty")

UNCOMPILED_PREDICATES = frozenset(
    NamedNode(_OWL + name)
    for name in (
        "sameAs",
        "someValuesFrom",
        "allValuesFrom",
        "hasValue",
        "intersectionOf",
        "unionOf",
        "oneOf",
        "complementOf",
        "propertyChainAxiom",
        "hasKey",
        "maxCardinality",
        "maxQualifiedCardinality",
        "onClass",
        "onProperty",
    )
)
"""Predicates of OWL 2 RL rules the fast path does not compile (eq-* for an asserted
owl:sameAs, cls-*, prp-spo2, prp-key, cls-maxc…): the seed uses none; `RuleSet.uncompiled`
names any it meets, and a write that adds or removes one recomputes the closure whole."""

UNCOMPILED_CLASSES = frozenset({NamedNode(_OWL + "InverseFunctionalProperty")})
"""Property characteristics whose rule (prp-ifp, which infers owl:sameAs) is not compiled."""

SCHEMA_PREDICATES = frozenset(
    {
        SUB_CLASS_OF,
        SUB_PROPERTY_OF,
        DOMAIN,
        RANGE,
        INVERSE_OF,
        EQUIVALENT_CLASS,
        EQUIVALENT_PROPERTY,
        DISJOINT_WITH,
        PROPERTY_DISJOINT_WITH,
        MEMBERS,
        FIRST,
        REST,
        *UNCOMPILED_PREDICATES,
    }
)
"""Predicates whose triples are axioms (TBox): a write that adds or removes one changes the
rules, so the closure is recomputed whole rather than incrementally."""

SCHEMA_CLASSES = frozenset(
    {
        SYMMETRIC,
        TRANSITIVE,
        FUNCTIONAL,
        IRREFLEXIVE,
        ASYMMETRIC,
        ALL_DISJOINT_CLASSES,
        ALL_DISJOINT_PROPERTIES,
        NamedNode(_OWL + "Class"),
        NamedNode(_OWL + "ObjectProperty"),
        NamedNode(_OWL + "DatatypeProperty"),
        NamedNode(_OWL + "AnnotationProperty"),
        NamedNode(_OWL + "Restriction"),
        NamedNode(_RDFS + "Class"),
        NamedNode(_RDFS + "Datatype"),
        NamedNode(_RDF + "Property"),
        *UNCOMPILED_CLASSES,
    }
)
"""Classes whose `rdf:type` triples are axioms (a property's characteristics, declarations)."""

BUILT_IN = (_RDF, _RDFS, _OWL, PREFIXES["xsd"])
"""Namespaces of the built-in vocabularies: owlrl states axiomatic triples about their terms
(`rdfs:label a owl:AnnotationProperty`, `xsd:long a rdfs:Datatype`, `owl:Nothing
rdfs:subClassOf C`); the fast path states none (a named difference, `differences.py`)."""
