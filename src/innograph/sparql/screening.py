"""Screen SPARQL text before it runs: no SERVICE to a host off the allow-list, no LOAD, and
nothing past the shape limits (`QueryLimits`: length, nesting depth, UNIONs).
`screen_job` does so for a query job, and gives the job its default graph.

pyoxigraph fetches `SERVICE <iri>` and `LOAD <iri>` over HTTP by itself and offers Python no
hook to stop it, so a query must be refused *before* it reaches the store. Parsing it with
rdflib would cost 10-100 ms a query; this module scans the text in one linear pass instead.

Why the scan cannot be fooled by a keyword in a string, comment or IRI
-----------------------------------------------------------------------
The danger is a region the scan takes for a string, comment or IRI while Oxigraph's parser
(spargebra, a PEG grammar without a separate lexer) reads it as code. So the scan never picks
one reading where the grammar has two; it computes every position at which *some* reading is
in code (`_code_positions`, a reachability pass over the text):

- a quote (`'`, `"`, `'''`, `\"\"\"`) in code always starts a string in SPARQL; the scan jumps to
  the string's end exactly as the grammar's STRING_LITERAL rules do (escapes included, the long
  form first). An unterminated string is a syntax error: nothing after it can run.
- `#` in code always starts a comment, which ends at CR or LF (spargebra's `comment` rule).
- `<` is ambiguous: an IRI (`<http://x>`) or the less-than operator (`?a <'x>'`). The scan
  follows *both*: code continues right after `<`, and also after the next `>` when the text
  between could be an IRI (no space, `<`, `"`, `{`, `}`, `|`, `^` or backtick: Oxigraph's IRI
  parser rejects those, checked in tests).
- `\\` outside strings only escapes a character of a prefixed name; both readings are followed.

A keyword is then checked at every reachable position, compared ASCII-case-insensitively as
the grammar does (`i("SERVICE")` in spargebra). The grammar does not require a token boundary
(`1SERVICE<x>{}` and `trueSERVICE<x>{}` are accepted), so an occurrence is passed over only
when the character before it can never end a token that precedes a graph pattern: `?` and `$`
(a variable such as `?service`), `/` and `-` (an IRI path such as `.../service/x`), `_`, and
letters other than `e` (a name such as `ig:offersService`; `e` ends `true` and `false`).
`SERVICE` must also be followed, after spaces and comments and an optional SILENT, by a
variable, IRI or prefixed name and then `{`; LOAD by an IRI or prefixed name. Everything else
is refused: false alarms are possible for odd texts, missed calls are not.

Why the shape is limited
------------------------
A text nested deep enough (3,000 groups, 3,000 OPTIONALs, a 10,000-way UNION) overflows
pyoxigraph's stack: the process dies with a segfault, and an update would die in the service
process itself. `check_shape` counts, at the positions some reading has in code, the nesting of
`{`, `(` and `[` together and the UNION keywords, each against its limit (measurements in
`innograph.settings.QueryLimits`). Brackets inside an IRI are counted too, as `<` may also be
less-than: counting one the engine does not read could only refuse an odd text, never let a
deep one through. Most texts have fewer brackets in
all than the depth limit and fewer UNIONs: for them nothing beyond two counts is computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from innograph.errors import QueryRefused, QueryTooLarge
from innograph.settings import QUERY_LIMITS, QueryLimits, Settings
from innograph.sparql.messages import QueryJob
from innograph.store import DEFAULT_GRAPH

__all__ = [
    "RemoteCall",
    "remote_calls",
    "check_shape",
    "check_query",
    "check_update",
    "has_dataset_clause",
    "screen_job",
    "screen_as_configured",
]

_QUERY_CALLS = re.compile(r"SERVICE", re.IGNORECASE | re.ASCII)
_UPDATE_CALLS = re.compile(r"SERVICE|LOAD", re.IGNORECASE | re.ASCII)
_FROM = re.compile(r"FROM", re.IGNORECASE | re.ASCII)
_UNION = re.compile(r"UNION", re.IGNORECASE | re.ASCII)
_BRACKETS = re.compile(r"[{}()\[\]]")
_OPENING = "{(["
_SPACE = " \t\r\n"
_NOT_IN_IRI = frozenset(' \t\r\n<"{}|^`') | frozenset(chr(code) for code in range(0x21))
_QUIET_BEFORE = frozenset("?$/-_") | frozenset("abcdfghijklmnopqrstuvwxyzABCDFGHIJKLMNOPQRSTUVWXYZ")
_NAME_START = re.compile(r"[A-Za-z:\u00C0-\uFFFF]")
_NAME_RUN = re.compile(r"(?:[A-Za-z0-9_\-.:%\u00B7\u00C0-\uFFFF]|\\[_~.\-!$&'()*+,;=/?#@%])*")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*")
_IRI_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_STRINGS = {
    "'''": re.compile(r"'''(?:(?:''|')?(?:[^'\\]|\\.))*'''", re.DOTALL),
    '"""': re.compile(r'"""(?:(?:""|")?(?:[^"\\]|\\.))*"""', re.DOTALL),
    "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
    '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
}


@dataclass(frozen=True)
class RemoteCall:
    """A place where the text may reach the network: `SERVICE` or `LOAD` and its target.

    `iri` is the absolute IRI written between `<` and `>`, or None when the target is a
    variable, a prefixed name or a relative IRI (which BASE could point anywhere).
    """

    keyword: str
    iri: str | None
    position: int


def _code_positions(text: str) -> bytearray:
    """Given SPARQL text, return a mask of every position some reading of it has in code."""
    size = len(text)
    reach = bytearray(size + 1)
    reach[0] = 1
    for index in range(size):
        if not reach[index]:
            continue
        char = text[index]
        if char in "'\"":
            end = _string_end(text, index)
            if end is not None:
                reach[end] = 1
        elif char == "#":
            reach[_line_end(text, index)] = 1
        elif char == "<":
            reach[index + 1] = 1
            close = text.find(">", index + 1)
            if close != -1 and not _NOT_IN_IRI.intersection(text[index + 1 : close]):
                reach[close + 1] = 1
        elif char == "\\":
            reach[index + 1] = 1
            reach[min(index + 2, size)] = 1
        else:
            reach[index + 1] = 1
    return reach


def _string_end(text: str, start: int) -> int | None:
    """End of the string starting at `start`: long if `'''` opens one that closes, else short.

    This is spargebra's ordered choice (STRING_LITERAL_LONG1 / … / STRING_LITERAL1): where the
    long form matches, the grammar never reads the short one. None: unterminated, a syntax error.
    """
    for opener, pattern in _STRINGS.items():
        if text.startswith(opener, start):
            match = pattern.match(text, start)
            if match:
                return match.end()
    return None


def _line_end(text: str, start: int) -> int:
    ends = [end for end in (text.find("\n", start), text.find("\r", start)) if end != -1]
    return min(ends, default=len(text))


def _skip_space(text: str, index: int) -> int:
    """Skip what spargebra's `_` rule skips: spaces and comments."""
    while index < len(text):
        if text[index] in _SPACE:
            index += 1
        elif text[index] == "#":
            index = _line_end(text, index)
        else:
            return index
    return index


def _targets(text: str, index: int) -> list[tuple[int, int]]:
    """Start and end of each possible target after a keyword, with and without SILENT."""
    index = _skip_space(text, index)
    starts = [index]
    if text[index : index + 6].upper() == "SILENT":
        starts.append(_skip_space(text, index + 6))
    spans = []
    for start in starts:
        if text.startswith("<", start):
            close = text.find(">", start)
            if close != -1:
                spans.append((start, close + 1))
        elif text[start : start + 1] in ("?", "$"):
            match = _VAR.match(text, start)
            assert match is not None
            spans.append((start, match.end()))
        elif _NAME_START.match(text, start):
            run = _NAME_RUN.match(text, start)
            assert run is not None
            colon = text.find(":", start, run.end())
            if colon != -1:
                spans.append((start, colon + 1))
            spans.append((start, run.end()))
    return spans


def _iri(target: str) -> str | None:
    """Given `<http://x/\\u0041>`, return `http://x/A`; None for anything not an absolute IRI."""
    if not (target.startswith("<") and target.endswith(">")):
        return None
    iri = _IRI_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), target[1:-1])
    return iri if _SCHEME.match(iri) else None


def _occurrences(
    text: str, keywords: re.Pattern[str], reach: bytearray | None = None
) -> list[tuple[str, int]]:
    """Each keyword at a position some reading has in code, unless a name or path holds it.

    The reachability pass is a Python loop over every character (~0.1 ms for a 150-character
    query, the largest cost of the endpoint's own code), so it runs only when the keyword occurs
    (most queries contain neither SERVICE nor FROM) and `reach` was not computed already.
    """
    matches = list(keywords.finditer(text))
    if not matches:
        return []
    reach = _code_positions(text) if reach is None else reach
    found = []
    for match in matches:
        start = match.start()
        if reach[start] and (start == 0 or text[start - 1] not in _QUIET_BEFORE):
            found.append((match.group().upper(), start))
    return found


def remote_calls(text: str, *, is_update: bool = False) -> list[RemoteCall]:
    """Given a query (or update), return every SERVICE (or LOAD) that could run, in order.

    `SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }` →
    `[RemoteCall('SERVICE', 'http://x/sparql', 12)]`; a keyword in a string, comment or IRI
    (`"SERVICE <x> {}"`) is not one.
    """
    calls = []
    for keyword, start in _occurrences(text, _UPDATE_CALLS if is_update else _QUERY_CALLS):
        for target_start, target_end in _targets(text, start + len(keyword)):
            after = _skip_space(text, target_end)
            if keyword == "SERVICE" and not text.startswith("{", after):
                continue
            calls.append(RemoteCall(keyword, _iri(text[target_start:target_end]), start))
    return calls


def has_dataset_clause(text: str) -> bool:
    """Given a query, return whether it names its own dataset with FROM or FROM NAMED.

    Unlike SERVICE, a miss here is not a risk but a wrong answer, so the test is strict:
    FROM after a space, `*`, `)`, `>` or `}`, followed by a space or `<`.
    """
    for _, start in _occurrences(text, _FROM):
        before = text[start - 1] if start else " "
        after = text[start + 4 : start + 5]
        if before in _SPACE + "*)>}" and after and after in _SPACE + "<#":
            return True
    return False


def _host(iri: str) -> str | None:
    try:
        return urlsplit(iri).hostname
    except ValueError:
        return None


def _depth(text: str, reach: bytearray) -> int:
    """The deepest nesting of `{`, `(` and `[` (together) at positions some reading has in code."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if not reach[match.start()]:
            continue
        if match.group() in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def check_shape(text: str, limits: QueryLimits) -> None:
    """Raise QueryTooLarge if a query or update is longer, deeper or has more UNIONs than allowed.

    `check_shape("SELECT * {" * 200 ...)` names the measure, its value and the variable to set.
    """
    if len(text) > limits.max_length:
        raise QueryTooLarge("length", len(text), limits.max_length, "INNOGRAPH_QUERY_MAX_LENGTH")
    brackets = sum(text.count(opening) for opening in _OPENING)
    unions = len(_UNION.findall(text))
    if brackets <= limits.max_depth and unions <= limits.max_unions:
        return
    reach = _code_positions(text)
    depth = _depth(text, reach)
    if depth > limits.max_depth:
        raise QueryTooLarge(
            "nesting depth of {, ( and [", depth, limits.max_depth, "INNOGRAPH_QUERY_MAX_DEPTH"
        )
    unions = len(_occurrences(text, _UNION, reach))
    if unions > limits.max_unions:
        raise QueryTooLarge(
            "number of UNIONs", unions, limits.max_unions, "INNOGRAPH_QUERY_MAX_UNIONS"
        )


def check_query(
    text: str, *, service_allow: tuple[str, ...], limits: QueryLimits = QUERY_LIMITS
) -> None:
    """Raise QueryTooLarge past a shape limit, and QueryRefused unless every SERVICE names, by
    full IRI, a host on the allow-list."""
    check_shape(text, limits)
    _check(remote_calls(text), service_allow)


def check_update(
    text: str, *, service_allow: tuple[str, ...], limits: QueryLimits = QUERY_LIMITS
) -> None:
    """Raise QueryTooLarge past a shape limit, and QueryRefused if an update would LOAD, or
    SERVICE a host off the allow-list."""
    check_shape(text, limits)
    _check(remote_calls(text, is_update=True), service_allow)


def _check(calls: list[RemoteCall], service_allow: tuple[str, ...]) -> None:
    allowed = {host.lower() for host in service_allow}
    for call in calls:
        if call.iri is None:
            raise QueryRefused(
                f"{call.keyword} at character {call.position} must name its endpoint with a "
                "full <IRI> (this service does not follow variables, prefixed names or BASE)"
            )
        host = _host(call.iri)
        if call.keyword == "LOAD" or host is None or host.lower() not in allowed:
            raise QueryRefused(_refusal(call, host, allowed))


def _refusal(call: RemoteCall, host: str | None, allowed: set[str]) -> str:
    if call.keyword == "LOAD":
        return (
            f"LOAD at character {call.position} is refused: this service never fetches "
            "remote data (load files with `innograph load` or PUT them to /rdf-graphs)"
        )
    listed = ", ".join(sorted(allowed)) or "none"
    return (
        f"SERVICE at character {call.position} calls host {host or call.iri!r}, which is not "
        f"on the allow-list (INNOGRAPH_SERVICE_ALLOW; allowed: {listed})"
    )


def screen_job(
    job: QueryJob,
    *,
    service_allow: tuple[str, ...],
    limits: QueryLimits,
    union_default_graph: bool,
) -> tuple[QueryJob, bool]:
    """Refuse a query that would reach the network or is past the shape limits; return the
    job to run, with the store's own default graph as its default graph when the service does
    not read the union and neither the request nor the query (FROM) chose one, and whether the
    query's FROM clauses choose its dataset."""
    check_query(job.text, service_allow=service_allow, limits=limits)
    use_query_dataset = (
        job.default_graphs is None and job.named_graphs is None and has_dataset_clause(job.text)
    )
    if job.default_graphs is None and not use_query_dataset and not union_default_graph:
        job = replace(job, default_graphs=(DEFAULT_GRAPH,))
    return job, use_query_dataset


def screen_as_configured(job: QueryJob, settings: Settings) -> tuple[QueryJob, bool]:
    """`screen_job` with the service's allow-list, shape limits and default graph."""
    return screen_job(
        job,
        service_allow=settings.service_allow,
        limits=settings.query_limits,
        union_default_graph=settings.union_default_graph,
    )
