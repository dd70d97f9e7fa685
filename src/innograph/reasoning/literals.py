"""dt-not-type, where it is cheap: a literal whose lexical form its datatype cannot read
(`"abc"^^xsd:integer`: pyoxigraph stores it as given), or whose datatype lies outside the
datatype a property's range names (`ig:foundingYear "1999"`, a string where the range is
xsd:integer: OWL 2 RL types the literal with both, and their value spaces are disjoint).

Only the datatypes the ontology's ranges use are read; others pass unchecked.
"""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode

from innograph.namespaces import PREFIXES

__all__ = ["is_ill_typed", "fits_range"]

_XSD, _RDF, _RDFS = PREFIXES["xsd"], PREFIXES["rdf"], PREFIXES["rdfs"]

_LEXICAL = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    _XSD + "dateTime": re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"),
    _XSD + "boolean": re.compile(r"true|false|1|0"),
}
"""XML Schema's lexical spaces, for the datatypes checked (whitespace aside)."""

_WITHIN = {
    _XSD + "decimal": {_XSD + "decimal", _XSD + "integer"},
    _XSD + "integer": {_XSD + "integer"},
    _XSD + "dateTime": {_XSD + "dateTime", _XSD + "dateTimeStamp"},
    _XSD + "string": {_XSD + "string"},
    _RDF + "langString": {_RDF + "langString"},
}
"""For each range datatype checked, the literal datatypes whose values it holds."""


def is_ill_typed(literal: Literal) -> bool:
    """Whether a literal's lexical form is outside its datatype's lexical space."""
    pattern = _LEXICAL.get(literal.datatype.value)
    return pattern is not None and pattern.fullmatch(literal.value.strip()) is None


def fits_range(literal: Literal, datatype: NamedNode) -> bool:
    """Whether a literal's value can be of the datatype a range names (unchecked: yes)."""
    within = _WITHIN.get(datatype.value)
    return within is None or literal.datatype.value in within or datatype.value == _RDFS + "Literal"
