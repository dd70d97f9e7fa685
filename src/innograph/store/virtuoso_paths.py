"""`rdfs:subClassOf*` for Virtuoso 7.2, which loses rows on it: the path is answered from the
class hierarchy innograph reads once, written into the query as VALUES.

Virtuoso's plan for a transitive path joined to other patterns depends on its statistics,
and some plans lose every row: on the seed release `?place a ?kind . ?kind rdfs:subClassOf*
ig:Place . ?place rdfs:label ?l FILTER(LANG(?l) = "en")` answers nothing, and on a few
triples the same query answers or not from one load to the next (README, "Running in
production"; openlink/virtuoso-opensource issues 127, 704, 1078 report the like). `p?` and
sub-SELECTs around the path go the same way; plain triple patterns and VALUES do not. So
the remote store rewrites each `rdfs:subClassOf*` it can read whole (`rewrite`) into VALUES
of the pairs the path would match (`Hierarchy`, read by `virtuoso-classes.rq` with one step,
followed here):

- `?kind rdfs:subClassOf* ig:Place` (a triple's subject and first predicate) becomes
  `VALUES ?kind { ig:Place and its subclasses }`; a variable object gives a table of (class,
  superclass) pairs;
- `?x a/rdfs:subClassOf* ig:Organisation` becomes `?x a ?class_` and `VALUES ?class_ { … }`:
  the new variable is seen only there (a `SELECT *` query, which would show it, is left as
  it is).

The VALUES go at the start of the triples block the path stood in: the same join, and the
order in which Virtuoso plans it fast (after the triples that bind its variable it took 40
times as long for `kinds.rq` on 1,000 generated organisations: 13 s against 0.3 s).

The values are the store's terms written by pyoxigraph (N-Triples), never user text. A path
written otherwise (`rdfs:subClassOf+`, in alternatives, inverted, both ends constant), or
within FILTER EXISTS (where Virtuoso compiles no VALUES, and a FILTER IN there does not see
the outer variables: it answered every row), is sent as it is. The zero-length part of the
path matches a class to itself: every class the hierarchy names or something is an instance
of, and the constant end of the path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from innograph.store.class_hierarchy import Hierarchy

__all__ = ["CLASSES", "Hierarchies", "rewrite"]

CLASSES = (Path(__file__).parent / "virtuoso-classes.rq").read_text(encoding="utf-8")
"""The query that reads a dataset's class hierarchy with one step (`Hierarchies.get`)."""
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    |(?P<comment>\#[^\n\r]*)
    |(?P<string>'''(?:(?:''|')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:\"\"|\")?(?:[^"\\]|\\.))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<variable>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
    |(?P<name>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\.(?=[\w:%-]))*)
    |(?P<word>[A-Za-z_][\w-]*)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_TRIPLE_STARTS = frozenset({".", "{", "}", ")"})
"""What may stand before a triple's subject."""
_TRIPLE_ENDS = frozenset(
    {".", ";", "}", "{", "OPTIONAL", "FILTER", "GRAPH", "MINUS", "BIND", "VALUES"}
)
"""What may stand after a triple's object (`,` would give the path a second object)."""
_FRESH = "?innograph_class_"


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int


class Hierarchies:
    """The class hierarchy of each dataset, read once per store version."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, tuple[str, ...]], Hierarchy] = {}

    def get(
        self, version: str, graphs: Sequence[str], read: Callable[[], pyoxigraph.QuerySolutions]
    ) -> Hierarchy:
        """The hierarchy of the dataset of these default graphs at this version; `read` runs
        `CLASSES` on it when it is not known yet."""
        key = (version, tuple(graphs))
        if key not in self._known:
            hierarchy = Hierarchy.of((row["class"], row["parent"]) for row in read())
            self._known = {
                known: value for known, value in self._known.items() if known[0] == version
            }
            self._known[key] = hierarchy
        return self._known[key]


def rewrite(sparql: str, hierarchy: Callable[[], Hierarchy]) -> str:
    """Given query text (its prefixes declared in it), return it with each `rdfs:subClassOf*`
    it can rewrite answered from `hierarchy` (called only if there is one)."""
    if "subClassOf" not in sparql:  # most queries: no pass over the text
        return sparql
    tokens = [t for t in _tokens(sparql) if t.kind not in ("space", "comment")]
    # past the end of a query cut short, the lookahead meets tokens that match nothing
    tokens += [_Token("end", "", len(sparql), len(sparql))] * 4
    prefixes = _prefixes(tokens)
    paths = [
        i
        for i in range(3, len(tokens) - 4)
        if tokens[i + 1].text == "*" and _iri(tokens[i], prefixes) == _SUBCLASS_OF
    ]
    if not paths:
        return sparql
    shows_every_variable = any(
        a.text.upper() == "SELECT" and (b.text == "*" or c.text == "*")
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
    )
    classes = hierarchy()
    edits: list[tuple[int, int, str]] = []
    for i in paths:
        before, subject, obj, after = tokens[i - 1], tokens[i - 1], tokens[i + 2], tokens[i + 3]
        if not _is_term(obj) or after.text.upper() not in _TRIPLE_ENDS:
            continue
        if before.text == "/" and not shows_every_variable:
            verb, ahead = tokens[i - 2], tokens[i - 3]
            block = _block_start(tokens, i)
            if (_is_term(verb) or verb.text == "a") and (_is_term(ahead) or ahead.text == ";"):
                fresh = _fresh(sparql, len(edits))
                tops = _declared(tokens, i, obj.text, prefixes)
                values = _values(fresh, obj, prefixes, classes, tops, _in_exists(tokens, i))
                if block is not None and values is not None:
                    edits.append((before.start, obj.end, " " + fresh))
                    edits.append((block, block, " " + values))
        elif (
            _is_term(subject)
            and tokens[i - 2].text in _TRIPLE_STARTS
            and (subject.kind == "variable" or obj.kind == "variable")
            and subject.text != obj.text
        ):
            block = _block_start(tokens, i - 1)
            tops = _declared(tokens, i, obj.text, prefixes)
            values = _values(subject, obj, prefixes, classes, tops, _in_exists(tokens, i))
            if block is None or values is None:
                continue
            if after.text == ";" and i + 4 < len(tokens) and _is_verb(tokens[i + 4]):
                edits.append((subject.start, after.end, subject.text))  # the subject goes on
            elif after.text == ".":
                edits.append((subject.start, after.end, ""))
            elif after.text != ";":
                edits.append((subject.start, obj.end, ""))
            else:
                continue
            edits.append((block, block, " " + values))
    for start, end, text in sorted(edits, reverse=True):
        sparql = sparql[:start] + text + sparql[end:]
    return sparql


def _block_start(tokens: list[_Token], index: int) -> int | None:
    """Where the triples block holding the token at `index` begins (after a `{`, a `}` or a
    FILTER's or BIND's `)`): the VALUES go there, before the patterns that join them, which is
    the same answer anywhere in the block and the order Virtuoso plans fast. None inside a
    collection or a blank node's brackets."""
    j = index - 1
    while j >= 0:
        text = tokens[j].text
        if text in ("{", "}"):
            return tokens[j].end
        if text in ("(", "["):
            return None
        if text in (")", "]"):
            opener = _opening(tokens, j)
            if opener is None:
                return None
            call = (
                opener > 0 and tokens[opener - 1].kind == "word" and tokens[opener - 1].text != "a"
            )
            if text == ")" and call:
                return tokens[j].end
            j = opener
        j -= 1
    return None


def _declared(
    tokens: list[_Token], index: int, variable: str, prefixes: Mapping[str, str]
) -> set[str] | None:
    """The IRIs a VALUES clause of the group holding the token at `index` gives `variable`
    (the group's solutions all take one of them), or None: no such clause, or one with
    UNDEF. Virtuoso joins a short table of pairs several times as fast as the whole."""
    if not variable.startswith(("?", "$")):
        return None
    depth, start = 0, None
    for j in range(index, -1, -1):
        if tokens[j].text == "}":
            depth += 1
        elif tokens[j].text == "{":
            if depth == 0:
                start = j
                break
            depth -= 1
    if start is None:
        return None
    depth = 0
    for j in range(start + 1, len(tokens)):
        text = tokens[j].text
        if text == "{":
            depth += 1
        elif text == "}":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and text.upper() == "VALUES":
            found = _column(tokens, j + 1, variable, prefixes)
            if found is not None:
                return found
    return None


def _column(
    tokens: list[_Token], index: int, variable: str, prefixes: Mapping[str, str]
) -> set[str] | None:
    """The IRIs of `variable`'s column in the VALUES clause whose variables begin at `index`:
    a superset is harmless (a pair too many joins nothing), so a row not read token by token
    gives None, as does UNDEF or a clause without the variable."""
    if tokens[index].text != "(":
        if tokens[index].text != variable or tokens[index + 1].text != "{":
            return None
        rows: list[list[_Token]] = [[token] for token in _until_brace(tokens, index + 2)]
        column = 0
    else:
        names: list[str] = []
        j = index + 1
        while tokens[j].kind == "variable":
            names.append(tokens[j].text)
            j += 1
        if variable not in names or tokens[j].text != ")" or tokens[j + 1].text != "{":
            return None
        column, rows = names.index(variable), []
        row: list[_Token] = []
        for token in _until_brace(tokens, j + 2):
            if token.text == ")":
                if len(row) != len(names):
                    return None
                rows.append(row)
            elif token.text == "(":
                row = []
            else:
                row.append(token)
    found: set[str] = set()
    for row in rows:
        if row[column].text.upper() == "UNDEF":
            return None
        iri = _iri(row[column], prefixes)
        if iri is not None:
            found.add(iri)
    return found


def _until_brace(tokens: list[_Token], index: int) -> Iterator[_Token]:
    for token in tokens[index:]:
        if token.text == "}":
            return
        yield token


def _opening(tokens: list[_Token], index: int) -> int | None:
    """The index of the bracket that the one at `index` closes."""
    depth = 0
    for j in range(index, -1, -1):
        if tokens[j].text in (")", "]", "}"):
            depth += 1
        elif tokens[j].text in ("(", "[", "{"):
            depth -= 1
            if depth == 0:
                return j
    return None


def _tokens(sparql: str) -> Iterable[_Token]:
    for match in _TOKEN.finditer(sparql):
        yield _Token(match.lastgroup or "other", match.group(), match.start(), match.end())


def _prefixes(tokens: list[_Token]) -> dict[str, str]:
    """The query's PREFIX declarations (a later one of the same prefix wins)."""
    found: dict[str, str] = {}
    for keyword, name, iri in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if keyword.text.upper() == "PREFIX" and name.kind == "name" and iri.kind == "iri":
            found[name.text[:-1]] = iri.text[1:-1]
    return found


def _iri(token: _Token, prefixes: Mapping[str, str]) -> str | None:
    """The IRI a token names, if it names one."""
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "name":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def _is_term(token: _Token) -> bool:
    return token.kind in ("variable", "iri", "name")


def _is_verb(token: _Token) -> bool:
    """Whether a token begins a predicate (or a path)."""
    return _is_term(token) or token.text in ("a", "^", "(", "!")


def _fresh(sparql: str, number: int) -> str:
    name = f"{_FRESH}{number}"
    while name in sparql:
        name += "_"
    return name


def _values(
    subject: _Token | str,
    obj: _Token,
    prefixes: Mapping[str, str],
    classes: Hierarchy,
    tops: set[str] | None,
    in_exists: bool,
) -> str | None:
    """VALUES for `subject rdfs:subClassOf* obj`, one end at least a variable; `tops`: the
    values the object variable can take (None: any), which keep the table of pairs short.
    None within FILTER EXISTS, where Virtuoso compiles no VALUES ("side effect var passed")
    and a FILTER alone does not see the outer pattern's variables: the path stays there."""
    if in_exists:
        return None
    left = subject if isinstance(subject, str) else subject.text
    left_iri = None if isinstance(subject, str) else _iri(subject, prefixes)
    right_iri = _iri(obj, prefixes)
    if left_iri is None and right_iri is not None:
        return f"VALUES {left} {{ {_written(classes.down(right_iri))} }}"
    if right_iri is None and left_iri is not None:
        return f"VALUES {obj.text} {{ {_written(classes.up(left_iri))} }}"
    pairs = classes.pairs()
    if tops is not None:  # each of them reaches itself, named by the hierarchy or not
        pairs = {(sub, sup) for sub, sup in pairs if sup in tops} | {(top, top) for top in tops}
    rows = " ".join(
        f"({pyoxigraph.NamedNode(sub)} {pyoxigraph.NamedNode(sup)})" for sub, sup in sorted(pairs)
    )
    return f"VALUES ({left} {obj.text}) {{ {rows} }}"


def _written(iris: Iterable[str]) -> str:
    return " ".join(str(pyoxigraph.NamedNode(iri)) for iri in sorted(iris))


def _in_exists(tokens: list[_Token], index: int) -> bool:
    """Whether the group holding the token at `index` is a FILTER's EXISTS or NOT EXISTS."""
    depth = 0
    for j in range(index, 0, -1):
        if tokens[j].text == "}":
            depth += 1
        elif tokens[j].text == "{":
            if depth == 0:
                return tokens[j - 1].text.upper() == "EXISTS"
            depth -= 1
    return False
