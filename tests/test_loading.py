from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from innograph.errors import ParseError, StoreError, ValidationError
from innograph.ingest.validation import Validator, read_graph
from innograph.loading import load
from innograph.store import Store, open_store
from tests.conftest import FileFactory, StoreFactory

EX = "http://example.org/"

SAME_TWO_TRIPLES = [
    # Turtle
    ("a.ttl", f'<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}q> "x"@it .\n'),
    # N-Triples
    ("a.nt", f'<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}q> "x"@it .\n'),
    # TriG, triples in the default graph go to the file's graph
    ("a.trig", f'{{ <{EX}a> <{EX}p> <{EX}b> . <{EX}a> <{EX}q> "x"@it . }}\n'),
    # N-Quads without graph names
    ("a.nq", f'<{EX}a> <{EX}p> <{EX}b> .\n<{EX}a> <{EX}q> "x"@it .\n'),
    # RDF/XML
    (
        "a.rdf",
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        f'<rdf:Description rdf:about="{EX}a"><ex:p rdf:resource="{EX}b"/>'
        '<ex:q xml:lang="it">x</ex:q></rdf:Description></rdf:RDF>',
    ),
    # JSON-LD
    (
        "a.jsonld",
        f'{{"@id": "{EX}a", "{EX}p": {{"@id": "{EX}b"}}, '
        f'"{EX}q": {{"@value": "x", "@language": "it"}}}}',
    ),
]


def snapshot(store: Store) -> tuple[int, list[str], list[str]]:
    """Everything observable: triple count, graphs, and every quad (catalog included)."""
    assert hasattr(store, "raw")
    quads = sorted(str(quad) for quad in store.raw)
    return store.triple_count(), store.named_graphs(), quads


@pytest.mark.parametrize(("name", "content"), SAME_TWO_TRIPLES)
def test_load_reads_each_format_into_the_file_graph(
    store_factory: StoreFactory, file_factory: FileFactory, name: str, content: str
) -> None:
    store = store_factory()
    path = file_factory(name, content)
    load([path], store=store)
    assert store.named_graphs() == [path.resolve().as_uri()]
    assert store.triple_count(path.resolve().as_uri()) == 2


@pytest.mark.parametrize("validated", [False, True], ids=["bulk-path", "validated-path"])
def test_load_refuses_malformed_turtle_and_leaves_the_store_unchanged(
    store_factory: StoreFactory, file_factory: FileFactory, validated: bool
) -> None:
    store = store_factory()
    load([file_factory("good.ttl", f"<{EX}a> <{EX}p> 1 .\n")], store=store)
    before = snapshot(store)
    fresh = file_factory("fresh.ttl", f"<{EX}n> <{EX}p> 2 .\n")
    bad = file_factory("bad.ttl", f"<{EX}a> <{EX}p> 1 .\n<{EX}a> <{EX}p> 2\n<{EX}c> <{EX}p> 3 .\n")
    shapes = file_factory("shapes.ttl", "")
    validator = Validator(read_graph([shapes])) if validated else None
    with pytest.raises(ParseError) as raised:
        load([fresh, bad], store=store, validator=validator)
    assert str(raised.value) == f"{bad}:3:1: A dot is expected at the end of statements"
    assert snapshot(store) == before


def test_load_skips_an_unchanged_file(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    store = store_factory()
    path = file_factory("a.ttl", f"<{EX}a> <{EX}p> 1 .\n")
    load([path], store=store)
    version = store.version
    report = load([path], store=store)
    assert (report.loaded, report.unchanged) == ((), (path,))
    assert store.version == version


def test_load_replaces_only_the_graph_of_a_changed_file(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    store = store_factory()
    first = file_factory("first.ttl", f"<{EX}a> <{EX}p> 1 .\n<{EX}a> <{EX}p> 2 .\n")
    second = file_factory("second.ttl", f"<{EX}b> <{EX}p> 1 .\n")
    load([first, second], store=store)
    first.write_text(f"<{EX}a> <{EX}p> 3 .\n", encoding="utf-8")
    report = load([first, second], store=store)
    assert report.loaded == (first,)
    values = store.query(f"SELECT ?v WHERE {{ GRAPH ?g {{ ?s <{EX}p> ?v }} }} ORDER BY ?v")
    assert isinstance(values, pyoxigraph.QuerySolutions)
    assert [row["v"].value for row in values] == ["1", "3"]  # type: ignore[union-attr]
    assert store.triple_count(second.resolve().as_uri()) == 1


def test_load_refuses_a_file_that_breaks_the_shapes(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    store = store_factory()
    shapes = file_factory(
        "shapes.ttl",
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        f"<{EX}LabelShape> a sh:NodeShape ; sh:targetClass <{EX}Thing> ;\n"
        "  sh:property [ sh:path <http://www.w3.org/2000/01/rdf-schema#label> ;\n"
        "                sh:minCount 1 ] .\n",
    )
    data = file_factory("data.ttl", f"<{EX}x> a <{EX}Thing> .\n")
    with pytest.raises(ValidationError) as raised:
        load([data], store=store, validator=Validator.from_paths(shapes))
    assert f"focus node {EX}x (shape <{EX}LabelShape> path " in str(raised.value)
    assert str(raised.value).startswith(f"{data}: 1 SHACL violation(s):")
    assert store.named_graphs() == []


def test_store_keeps_its_graphs_across_a_restart(tmp_path: Path, file_factory: FileFactory) -> None:
    path = file_factory("a.ttl", f"<{EX}a> <{EX}p> 1 .\n")
    store = open_store(str(tmp_path / "store"))
    load([path], store=store)
    version = store.version
    store.close()
    reopened = open_store(str(tmp_path / "store"))
    try:
        assert reopened.triple_count() == 1
        assert reopened.version == version
        assert load([path], store=reopened).unchanged == (path,)
    finally:
        reopened.close()


def test_a_store_on_disk_is_read_by_many_or_written_by_one(tmp_path: Path) -> None:
    """Readers share the store; a writer excludes them, and they it (RocksDB alone would let
    a writer in under running readers, which is undefined behaviour)."""
    folder = str(tmp_path / "store")
    writer = open_store(folder)
    with pytest.raises(StoreError, match="read-only: a process writes it"):
        open_store(folder, read_only=True)
    writer.close()
    readers = [open_store(folder, read_only=True) for _ in range(2)]
    with pytest.raises(StoreError, match="another innograph process has it open"):
        open_store(folder)
    for reader in readers:
        reader.close()
    open_store(folder).close()


def test_a_missing_store_cannot_be_opened_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="there is no store"):
        open_store(str(tmp_path / "nowhere"), read_only=True)
    assert not (tmp_path / "nowhere").exists()
