"""innograph/sparql/results.py: answers written row by row, capped, and spilled to a file when
large."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph
import pytest

from innograph.sparql.results import SPILL_BYTES, ResultFormats, remove_spill, write_result

PAD = "x" * 100
NUMBERS = " ".join(str(n) for n in range(150))
ROWS = (
    f"SELECT ?a ?b ?pad WHERE {{ VALUES ?a {{ {NUMBERS} }} VALUES ?b {{ {NUMBERS} }} "
    f'BIND("{PAD}" AS ?pad) }}'
)
"""22,500 rows of ~150 bytes each in JSON: over `SPILL_BYTES`."""
TRIPLES = (
    "CONSTRUCT { ?s <http://example.org/pad> ?pad } WHERE { "
    f'VALUES ?a {{ {NUMBERS} }} VALUES ?b {{ {NUMBERS} }} BIND("{PAD}" AS ?pad) '
    'BIND(IRI(CONCAT("http://example.org/", STR(?a), "-", STR(?b))) AS ?s) }'
)


def rows_in(body: bytes, format_name: str) -> int:
    if format_name == "csv":  # pyoxigraph does not read CSV results back: count its lines
        return body.count(b"\r\n") - 1
    results_format = {
        "json": pyoxigraph.QueryResultsFormat.JSON,
        "xml": pyoxigraph.QueryResultsFormat.XML,
        "tsv": pyoxigraph.QueryResultsFormat.TSV,
    }[format_name]
    parsed = pyoxigraph.parse_query_results(body, format=results_format)
    assert isinstance(parsed, pyoxigraph.QuerySolutions)
    return sum(1 for _ in parsed)


@pytest.mark.parametrize("format_name", ["json", "xml", "csv", "tsv"])
def test_a_large_select_answer_is_written_to_its_file(tmp_path: Path, format_name: str) -> None:
    spill = tmp_path / "answer"
    result = pyoxigraph.Store().query(ROWS)
    answer = write_result(
        result, formats=ResultFormats(format_name, None), limit=20_000, spill=spill
    )
    assert (answer.body, answer.path) == (b"", str(spill))
    assert (answer.count, answer.is_truncated) == (20_000, True)
    assert spill.stat().st_size > SPILL_BYTES
    assert rows_in(spill.read_bytes(), format_name) == 20_000
    assert [path.name for path in tmp_path.iterdir()] == ["answer"]  # no staging file left
    remove_spill(spill)
    assert not spill.exists()


@pytest.mark.parametrize("format_name", ["turtle", "nquads"])
def test_a_large_graph_answer_is_written_to_its_file(tmp_path: Path, format_name: str) -> None:
    spill = tmp_path / "answer"
    result = pyoxigraph.Store().query(TRIPLES)
    answer = write_result(
        result, formats=ResultFormats(None, format_name), limit=20_000, spill=spill
    )
    assert (answer.body, answer.path, answer.count, answer.is_truncated) == (
        b"",
        str(spill),
        20_000,
        True,
    )
    rdf_format = (
        pyoxigraph.RdfFormat.TURTLE if format_name == "turtle" else pyoxigraph.RdfFormat.N_QUADS
    )
    assert sum(1 for _ in pyoxigraph.parse(path=spill, format=rdf_format)) == 20_000


def test_a_small_answer_stays_in_memory(tmp_path: Path) -> None:
    spill = tmp_path / "answer"
    result = pyoxigraph.Store().query(ROWS)
    answer = write_result(result, formats=ResultFormats("json", None), limit=10, spill=spill)
    assert answer.path is None and not spill.exists()
    document = json.loads(answer.body)
    assert len(document["results"]["bindings"]) == 10 and answer.is_truncated
    assert document["results"]["bindings"][0]["pad"] == {"type": "literal", "value": PAD}


def test_an_answer_within_the_limit_is_not_called_truncated() -> None:
    result = pyoxigraph.Store().query(ROWS)
    answer = write_result(result, formats=ResultFormats("csv", None), limit=22_500)
    assert (answer.count, answer.is_truncated, answer.path) == (22_500, False, None)
