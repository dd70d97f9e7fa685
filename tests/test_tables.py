"""Tables derived from a store version: lookups, paging, keeping them on disk, and search."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from innograph.cli import app
from innograph.loading import load
from innograph.lookups import FEW_LINKS, links_at_hand, organisation_links, prepare, search
from innograph.lookups.descriptions import KINDS
from innograph.lookups.labels import NAMES, naming
from innograph.lookups.links import raw_links
from innograph.lookups.rows import service_query
from innograph.lookups.tables import DerivedTable, Table, derived_file, derived_path
from innograph.namespaces import PREFIXES
from innograph.store import Store, open_store
from tests.conftest import FileFactory, StoreFactory

EX = "http://example.org/"
IG = "https://w3id.org/innograph/ontology#"
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
PREPARED = [
    *("contact-points", "directory", "evidence", "figures", "kinds", "links", "names"),
    *("posts", "profile-statements", "search", "sources-about", "summaries"),
]
"""The derived files `prepare` writes, by name."""


def test_a_table_keeps_every_value_of_a_key_in_order_and_pages_by_key(
    store_factory: StoreFactory,
) -> None:
    entries = [("b", [1]), ("a", {"x": "à"}), ("b", [2]), ("c", None)]
    table = Table(derived_file(store_factory(), "example", lambda db: Table.write(db, entries)))
    assert table.get("b") == [[1], [2]]
    assert table.get("a") == [{"x": "à"}]
    assert table.get("missing") == []
    assert table.following("a", 2) == [("b", [1]), ("b", [2])]
    assert table.following("b", 5) == [("c", None)]


def test_a_store_in_memory_keeps_its_derived_files_in_a_folder_removed_on_close() -> None:
    store = open_store(":memory:")
    prepare(store)
    folder = store.derived_folder
    assert sorted(path.name.rsplit("-", 2)[0] for path in folder.iterdir()) == PREPARED
    store.close()
    assert not folder.exists()


def test_a_derived_table_follows_the_store_version(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    store = store_factory()
    load(
        [file_factory("a.ttl", f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en .')],
        store=store,
    )
    assert naming(store, f"{EX}a").display == "A"
    load(
        [file_factory("a.ttl", f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "B"@en .')],
        store=store,
    )
    assert naming(store, f"{EX}a").display == "B"


def _store_on_disk(folder: Path, data: Path) -> Store:
    store = open_store(str(folder))
    load([data], store=store)
    return store


def test_a_store_on_disk_keeps_its_tables_beside_it_one_file_per_version(
    tmp_path: Path, file_factory: FileFactory
) -> None:
    data = file_factory("a.ttl", f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .')
    store = _store_on_disk(tmp_path / "store", data)
    first = store.version
    prepare(store)
    derived = tmp_path / "store.derived"
    assert derived_path(store, "names", first).is_file()
    assert not list(derived.glob("*.partial"))
    store.close()

    reopened = open_store(str(tmp_path / "store"))
    unread = DerivedTable("names", lambda _: pytest.fail("the kept table was read again"))
    assert unread.get(reopened, f"{EX}a")  # opened from the file, not rebuilt
    load(
        [file_factory("a.ttl", f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "Z" .')],
        store=reopened,
    )
    assert naming(reopened, f"{EX}a").display == "Z"
    second = reopened.version
    load(
        [file_factory("a.ttl", f'<{EX}a> <http://www.w3.org/2000/01/rdf-schema#label> "Y" .')],
        store=reopened,
    )
    assert naming(reopened, f"{EX}a").display == "Y"
    # the newest older file stays for requests that began before the write; older ones go
    assert set(derived.glob("names-*")) == {
        derived_path(reopened, "names", second),
        derived_path(reopened, "names"),
    }
    reopened.close()


def test_cli_load_prepares_the_tables_unless_told_not_to(
    tmp_path: Path, file_factory: FileFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = file_factory("a.ttl", f"<{EX}a> <{IG}hosts> <{EX}b> .")
    runner = CliRunner()
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "bare"))
    assert runner.invoke(app, ["load", "--no-validate", "--no-prepare", str(data)]).exit_code == 0
    assert not (tmp_path / "bare.derived").exists()
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "ready"))
    assert runner.invoke(app, ["load", "--no-validate", str(data)]).exit_code == 0
    kept = sorted(path.name.rsplit("-", 2)[0] for path in (tmp_path / "ready.derived").iterdir())
    assert kept == PREPARED
    store = open_store(str(tmp_path / "ready"))
    assert [(link.relation, link.other) for link in raw_links(store, f"{EX}a")] == [
        ("hosts", f"{EX}b")
    ]
    store.close()


def test_search_ranks_the_shortest_of_many_matching_names_first(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    """Over 500 names match `alp`: only the shortest 500 are ranked, and the exact one wins."""
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    lines = [
        f'<{EX}o{n}> a <{IG}Organisation> ; <{label}> "Alpine Valley Holding Number {n}"@en .'
        for n in range(800)
    ]
    lines.append(f'<{EX}alpha> a <{IG}Organisation> ; <{label}> "Alpha"@en .')
    store = store_factory()
    load([ONTOLOGY, file_factory("many.ttl", "\n".join(lines))], store=store)
    hits = search(store, "alp", limit=3)
    assert [hit.iri for hit in hits][0] == f"{EX}alpha"
    assert len(hits) == 3
    assert NAMES.get(store, f"{EX}o1")  # names of generated resources were read in bulk too


def test_the_kinds_recorded_are_the_kinds_lookups_ask_about() -> None:
    text = service_query("kinds").text
    values = text.split("VALUES ?kind {", 1)[1].split("}", 1)[0].split()
    expanded = [PREFIXES[name.split(":")[0]] + name.split(":")[1] for name in values]
    assert expanded == list(KINDS)


def test_links_are_at_hand_once_their_tables_are_open_and_while_they_are_few(
    store_factory: StoreFactory, file_factory: FileFactory
) -> None:
    """`/links` answers on the event loop only what needs no table built and no long walk."""
    members = FEW_LINKS + 1
    lines = [f"<{EX}hub> a <https://w3id.org/innograph/ontology#Organisation> ."]
    for index in range(members):
        lines.append(f"<{EX}m{index}> a <https://w3id.org/innograph/ontology#Organisation> ;")
        lines.append(f"  <http://www.w3.org/ns/org#memberOf> <{EX}hub> .")
    store = store_factory()
    load([file_factory("hub.ttl", "\n".join(lines))], store=store)
    assert not links_at_hand(store, f"{EX}m0")  # the tables of this version are not built yet
    prepare(store)
    assert links_at_hand(store, f"{EX}m0")
    assert links_at_hand(store, f"{EX}nobody")  # answered at once: a 404
    assert not links_at_hand(store, f"{EX}hub")  # too many: answered in a thread
    assert len(organisation_links(store, f"{EX}hub")) == members


def test_a_table_is_written_again_over_what_a_crash_left_and_dead_writers_files_go(
    store_factory: StoreFactory,
) -> None:
    """A half-written file of a crashed writer neither blocks the table nor stays forever."""
    store = store_factory()
    path = derived_path(store, "example")
    path.parent.mkdir(parents=True, exist_ok=True)
    ours = path.with_name(f"{path.name}.{os.getpid()}.partial")  # a crash, then the pid reused
    gone = path.with_name(f"{path.name}.{2**22 + 1}.partial")  # above Linux's pid_max
    for stale in (ours, gone):
        connection = sqlite3.connect(stale)
        connection.execute("CREATE TABLE entries (key TEXT, value TEXT)")
        connection.commit()
        connection.close()
    table = Table(derived_file(store, "example", lambda db: Table.write(db, [("a", 1)])))
    assert table.get("a") == [1]
    assert not ours.exists()
    assert not gone.exists()


def test_a_failed_write_leaves_no_file_behind(store_factory: StoreFactory) -> None:
    store = store_factory()

    def broken(connection: sqlite3.Connection) -> None:
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError):
        derived_file(store, "example", broken)
    assert not list(store.derived_folder.glob("example-*"))
