"""The analysts' named queries (`queries/*.rq`) as operations with typed parameters.

A query's header line `# parameters: ?organisation (IRI) ?year (xsd:integer) ?name (literal)`
declares what a caller may bind. Values arrive as text and become terms by kind: an IRI from a
full IRI, a prefixed name (`igid:…`) or a REST id (`organisation/openzone`); a typed literal
checked against its datatype; otherwise a plain literal. They are bound through substitutions,
never spliced into the query text; pyoxigraph binds only variables that a SELECT projects (or
that a pattern of an ASK or CONSTRUCT uses), and a parameter it cannot bind is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import Path

import pyoxigraph

from innograph._types import Term
from innograph.errors import InvalidParameter, NotFound
from innograph.lookups.identifiers import resolve
from innograph.lookups.models import QueryAnswer, QueryDescription, QueryParameter, Value
from innograph.namespaces import PREFIXES
from innograph.queries import NamedQuery, ResultTerm, query_catalogue, run_query, term_json
from innograph.store import Store

__all__ = ["describe_queries", "answer", "parameters_of"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


def parameters_of(query: NamedQuery) -> tuple[QueryParameter, ...]:
    """Given a query whose header says `?org (IRI) ?n (xsd:integer)`, return its parameters."""
    return tuple(QueryParameter(name=name, kind=kind) for name, kind in query.parameters.items())


def describe_queries(folder: Path) -> tuple[QueryDescription, ...]:
    """Every named query of a folder, with its header and parameters."""
    return tuple(_description(query) for query in _catalogue(folder).values())


def answer(
    store: Store, folder: Path, name: str, arguments: Mapping[str, str], *, limit: int
) -> QueryAnswer:
    """Run a named query with arguments given as text; return at most `limit` rows."""
    query = _named(folder, name)
    declared = query.parameters
    bindings: dict[str, Term] = {}
    for key, value in arguments.items():
        if key not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise InvalidParameter(key, f"query {name!r} has no such parameter (it has: {known})")
        bindings[key] = _term(key, value, declared[key])
    try:
        result = run_query(store, query, bindings=bindings)
    except RuntimeError as error:
        parameter = next(iter(bindings), "")
        raise InvalidParameter(parameter, f"query {name!r} cannot bind it ({error})") from None
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryAnswer(name=name, variables=(), boolean=bool(result))
    rows: Iterator[dict[str, ResultTerm]]
    if isinstance(result, pyoxigraph.QueryTriples):
        variables: tuple[str, ...] = ("subject", "predicate", "object")
        rows = (
            {"subject": triple.subject, "predicate": triple.predicate, "object": triple.object}
            for triple in result
        )
    else:
        variables = tuple(variable.value for variable in result.variables)
        rows = (
            {variable: term for variable in variables if (term := solution[variable]) is not None}
            for solution in result
        )
    table = tuple({key: _value(term) for key, term in row.items()} for row in islice(rows, limit))
    return QueryAnswer(name=name, variables=variables, rows=table)


def _catalogue(folder: Path) -> dict[str, NamedQuery]:
    return query_catalogue(folder) if folder.is_dir() else {}


def _named(folder: Path, name: str) -> NamedQuery:
    query = _catalogue(folder).get(name)
    if query is None:
        raise NotFound(f"no named query {name!r}")
    return query


def _description(query: NamedQuery) -> QueryDescription:
    return QueryDescription(
        name=query.name, header=dict(query.header), parameters=parameters_of(query)
    )


_KIND_OF_CLASS = {
    "Agreement": "agreement",
    "MemorandumOfUnderstanding": "agreement",
    "SourceDocument": "source",
    "PressRelease": "source",
    "Person": "person",
    "Place": "place",
    "Figure": "figure",
}
"""The REST kind a bare slug stands for, by the class a parameter's header names."""
_CLASS = re.compile(r"\b(?:ig|foaf|org):(\w+)")


def _term(name: str, value: str, kind: str) -> Term:
    """Given a parameter's text and declared kind, return the term to bind.

    `(IRI of an ig:Agreement)` reads a bare slug as `agreement/<slug>` (organisation by
    default); `(IRI or literal)` takes an IRI, prefixed name or `kind/slug`, else a literal.
    """
    lowered = kind.lower()
    if "iri" in lowered:
        named = _CLASS.search(kind)
        slug_kind = _KIND_OF_CLASS.get(named.group(1), "organisation") if named else "organisation"
        if "literal" in lowered and not _looks_like_iri(value):
            return pyoxigraph.Literal(value)
        try:
            return resolve(value, kind=slug_kind, what="resource")
        except NotFound:
            raise InvalidParameter(name, f"{value!r} is not an IRI or id") from None
    datatype = kind.split()[0] if kind.startswith("xsd:") else None
    if datatype is None:
        return pyoxigraph.Literal(value)
    if not _valid(value, datatype):
        raise InvalidParameter(name, f"{value!r} is not a valid {datatype}")
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + datatype[4:]))


_PARSERS: dict[str, Callable[[str], object]] = {
    "xsd:integer": int,
    "xsd:decimal": Decimal,
    "xsd:dateTime": datetime.fromisoformat,
}


def _looks_like_iri(value: str) -> bool:
    prefix, colon, rest = value.partition(":")
    return bool(colon) and (rest.startswith("//") or prefix in PREFIXES) or "/" in value


def _valid(value: str, datatype: str) -> bool:
    """Is the text a lexical form of the datatype (for the datatypes checked here)?"""
    if datatype == "xsd:boolean":
        return value in ("true", "false", "1", "0")
    parse = _PARSERS.get(datatype)
    if parse is None:
        return True
    try:
        parse(value)
    except (ValueError, InvalidOperation):
        return False
    return True


def _value(term: ResultTerm) -> Value:
    """A term's SPARQL JSON form as the REST `Value` answers have always shown it: `xml:lang`
    as `language`, the datatype of every literal without a language (xsd:string too, which
    SPARQL JSON leaves unsaid), no direction, and a triple term as its N-Triples text (a
    `Value` holds text, not the nested terms of SPARQL JSON)."""
    if isinstance(term, pyoxigraph.Triple):
        return Value(type="triple", value=str(term))
    encoded = term_json(term)
    language = encoded.get("xml:lang")
    is_typed = encoded["type"] == "literal" and language is None
    datatype = encoded.get("datatype", _XSD + "string") if is_typed else None
    return Value(type=encoded["type"], value=encoded["value"], datatype=datatype, language=language)
