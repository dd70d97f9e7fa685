"""No SPARQL text is assembled from values in the service's code: queries are constants or
`.rq` files, and values reach them through pyoxigraph's substitutions, never by formatting."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

_SPARQL = re.compile(
    r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK|INSERT|DELETE)\b[^\"']*(\bWHERE\b|\bDATA\b|\{)",
    re.IGNORECASE,
)
SOURCES = sorted(
    path for folder in ("src/innograph", "api") for path in (REPOSITORY / folder).rglob("*.py")
)


def _assembled_strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Text of each f-string, `+` of strings, `%` or `.format(…)` on a string, with its line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                str(part.value) if isinstance(part, ast.Constant) else "\x00"
                for part in node.values
            )
            found.append((node.lineno, text))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str):
                    found.append((node.lineno, side.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "replace")
            and isinstance(node.func.value, ast.Constant)
            and isinstance(node.func.value.value, str)
        ):
            found.append((node.lineno, node.func.value.value))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPOSITORY)))
def test_source_assembles_no_sparql_from_values(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assembled = [
        f"{path.name}:{line}: {text!r}"
        for line, text in _assembled_strings(tree)
        if _SPARQL.search(text)
    ]
    assert assembled == []
