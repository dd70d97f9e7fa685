"""Bind values to a query's variables for a store reached over HTTP, as pyoxigraph's
substitutions do in process.

The SPARQL 1.1 Protocol carries no bindings, so a remote store receives the query with each
bound variable written as its value: the value's own N-Triples form (pyoxigraph escapes it),
put where the grammar expects a term, never text spliced from input. A variable is found by
one pass over the text that skips strings, IRIs and comments, so `"?org"` or `<urn:?x>` stay
as they are. Where a bare term is not allowed the variable keeps its name and its value:

- in the query's SELECT clause, `?org` becomes `(<value> AS ?org)`, so the answer still has
  the column; in a subquery's it is left out (the value needs no projecting, and projecting
  it there would clash with the outer `AS`);
- after GROUP BY or ORDER BY, `?org` becomes `(<value>)`, a bracketed expression.

A variable assigned by `(… AS ?v)` or `BIND(… AS ?v)` is left alone, and so are the ones
VALUES declares: binding those is an error in pyoxigraph too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from innograph._types import Bindings

__all__ = ["Outline", "bind", "is_graph_query", "outline", "prologue"]

_TOKEN = re.compile(
    r"""
    (?P<string>'''(?:(?:''|')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"\"|\")?(?:[^"\\]|\\.))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<comment>\#[^\n\r]*)
    |(?P<variable>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    |(?P<word>[A-Za-z]+)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
_PROJECTION_ENDS = frozenset({"WHERE", "FROM"})
_AFTER_BY_ENDS = frozenset({"LIMIT", "OFFSET", "HAVING", "VALUES", "ORDER", "GROUP"})


def bind(sparql: str, bindings: Bindings) -> str:
    """Given query text and values by variable name, return the text with each bound
    variable written as its value (see the module's docstring for where and how)."""
    if not bindings:
        return sparql
    values = {name: str(term) for name, term in bindings.items()}
    parts: list[str] = []
    clause = ""  # "select" between SELECT and its WHERE, "by" after GROUP BY / ORDER BY
    depth = 0  # parentheses opened within the SELECT clause
    braces = 0  # groups open: a SELECT within one is a subquery's
    is_subquery = False
    previous = ""
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        upper = text.upper() if kind == "word" else ""
        if kind == "word":
            if upper == "SELECT":
                clause, depth, is_subquery = "select", 0, braces > 0
            elif upper == "BY":
                clause = "by"
            elif upper in _PROJECTION_ENDS or (clause == "by" and upper in _AFTER_BY_ENDS):
                clause = ""
        elif kind == "other":
            braces += {"{": 1, "}": -1}.get(text, 0)
            if text == "{" or (text == "}" and clause == "by"):
                clause = ""
            elif clause == "select":
                depth += {"(": 1, ")": -1}.get(text, 0)
        elif kind == "variable" and text[1:] in values and previous not in ("AS", "VALUES"):
            text = _written(values[text[1:]], text, clause, depth, is_subquery)
        if kind not in ("comment",) and not text.isspace():
            previous = upper or text
        parts.append(text)
    return "".join(parts)


def _written(value: str, variable: str, clause: str, depth: int, is_subquery: bool) -> str:
    """How a bound variable is written where it stands."""
    if clause == "select" and depth == 0:
        return "" if is_subquery else "(" + value + " AS " + variable + ")"
    if clause == "by":
        return "(" + value + ")"
    return value


def prologue(sparql: str, prefixes: Mapping[str, str]) -> str:
    """The PREFIX declarations of the prefixes a query may use (its text holds `name:`), for
    a remote store, which lends none: every one sent with each query was a third of a
    lookup's bytes, URL-encoded and parsed with each."""
    return "".join(
        f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items() if f"{name}:" in sparql
    )


def is_graph_query(sparql: str) -> bool:
    """Whether a query's form (its first SELECT, ASK, CONSTRUCT or DESCRIBE outside strings,
    IRIs and comments) answers with a graph: the Accept header a remote store is sent depends
    on it, since Virtuoso answers a CONSTRUCT with a table when the header also offers one."""
    return outline(sparql).form in ("CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Outline:
    """What a pass over a query's text tells of its shape (outside strings, IRIs, comments)."""

    form: str
    """SELECT, ASK, CONSTRUCT or DESCRIBE; empty for text without one."""
    start: int
    """Where the form's keyword begins: the prologue (PREFIX, BASE) is the text before."""
    has_dataset: bool
    """Whether FROM clauses name the query's dataset (a sub-SELECT cannot have them)."""
    is_ordered: bool
    """Whether the query's own ORDER BY (not a subquery's) orders its answer."""


def outline(sparql: str) -> Outline:
    """Given query text, return its form, where it starts, and its dataset and order clauses,
    which a store that pages through answers needs (`innograph.store.virtuoso`)."""
    form, start, has_dataset, is_ordered = "", len(sparql), False, False
    braces, opened = 0, False
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "word":
            upper = text.upper()
            if not form and upper in _FORMS:
                form, start = upper, match.start()
            elif form and not opened and upper == "FROM":
                has_dataset = True
            elif opened and braces == 0 and upper == "ORDER":
                is_ordered = True
        elif kind == "other" and text in "{}":
            braces += 1 if text == "{" else -1
            opened = opened or bool(form)
    return Outline(form, start, has_dataset, is_ordered)
