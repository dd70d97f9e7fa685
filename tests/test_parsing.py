from __future__ import annotations

from pathlib import Path

import pytest

from innograph.errors import ParseError
from innograph.ingest.parsing import parse_file
from innograph.ingest.sources import source_file
from tests.conftest import FileFactory

TURTLE_WITH_MISSING_DOT = """@prefix ex: <http://example.org/> .
ex:a ex:p ex:b .
ex:a ex:p "x"
ex:c ex:p ex:d .
"""


def test_parse_file_puts_triples_in_the_file_graph(file_factory: FileFactory) -> None:
    path = file_factory("a.ttl", "<http://example.org/a> <http://example.org/p> 1 .\n")
    quads = parse_file(source_file(path))
    assert [quad.graph_name.value for quad in quads] == [path.resolve().as_uri()]  # type: ignore[union-attr]


def test_parse_file_names_file_line_and_column_when_turtle_is_malformed(
    file_factory: FileFactory,
) -> None:
    path = file_factory("bad.ttl", TURTLE_WITH_MISSING_DOT)
    with pytest.raises(ParseError) as raised:
        parse_file(source_file(path))
    assert str(raised.value) == f"{path}:4:1: A dot is expected at the end of statements"
    assert (raised.value.line, raised.value.column) == (4, 1)


def test_parse_file_keeps_graph_names_of_a_trig_file(file_factory: FileFactory) -> None:
    path = file_factory(
        "d.trig",
        "<http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 . }\n"
        "<http://example.org/a> <http://example.org/p> 2 .\n",
    )
    graphs = sorted(quad.graph_name.value for quad in parse_file(source_file(path)))  # type: ignore[union-attr]
    assert graphs == sorted(["http://example.org/g", Path(path).resolve().as_uri()])
