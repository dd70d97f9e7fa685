from __future__ import annotations

from pathlib import Path

import pytest

from innograph.errors import SourceError
from innograph.ingest.sources import discover, source_file
from tests.conftest import FileFactory


def test_discover_finds_rdf_files_recursively_and_passes_over_others(
    file_factory: FileFactory, tmp_path: Path
) -> None:
    file_factory("a.ttl", "")
    file_factory("deep/b.nt", "")
    file_factory("deep/README.md", "")
    file_factory("deep/catalog-v001.xml", "<catalog/>")  # Protégé's XML catalog, not RDF/XML
    file_factory("deep/c.xml", "")
    found = [source.path.relative_to(tmp_path).as_posix() for source in discover([tmp_path])]
    assert found == ["a.ttl", "deep/b.nt", "deep/c.xml"]


def test_source_file_refuses_an_unknown_suffix(file_factory: FileFactory) -> None:
    path = file_factory("notes.txt", "")
    with pytest.raises(SourceError, match=r"notes\.txt: unknown RDF format '\.txt'"):
        source_file(path)


def test_discover_refuses_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file or folder"):
        discover([tmp_path / "missing.ttl"])


def test_source_file_graph_is_the_file_iri_unless_named(file_factory: FileFactory) -> None:
    path = file_factory("a.ttl", "")
    assert source_file(path).graph == path.resolve().as_uri()
    assert source_file(path, graph="http://example.org/g").graph == "http://example.org/g"
