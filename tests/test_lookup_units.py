"""Units behind the lookups: ids, cursors, name normalisation, search expressions, caches."""

from __future__ import annotations

import threading

import pytest

from innograph.caching import PerVersion, VersionedCache
from innograph.errors import InvalidParameter, NotFound
from innograph.lookups.identifiers import resolve, rest_id
from innograph.lookups.name_search import marked, name_keys
from innograph.lookups.paging import decode_cursor, encode_cursor, take_page
from innograph.lookups.reconciliation import name_key, normalise, parse_batch
from innograph.lookups.search import fts_query
from innograph.store import Store
from tests.conftest import StoreFactory

IGID = "https://w3id.org/innograph/id/"


@pytest.mark.parametrize(
    "identifier",
    [
        "openzone",
        "organisation/openzone",
        "igid:organisation/openzone",
        IGID + "organisation/openzone",
    ],
)
def test_resolve_accepts_slug_kind_slug_prefixed_name_and_iri(identifier: str) -> None:
    assert resolve(identifier, kind="organisation", what="organisation").value == (
        IGID + "organisation/openzone"
    )


def test_resolve_refuses_text_that_is_no_iri() -> None:
    with pytest.raises(NotFound, match="'open zone'"):
        resolve("open zone", kind="organisation", what="organisation")


def test_rest_id_shortens_igid_and_vocabulary_iris_only() -> None:
    assert rest_id(IGID + "person/hao-tang") == "person/hao-tang"
    assert rest_id("https://w3id.org/innograph/ontology#SciencePark") == "ig:SciencePark"
    assert rest_id("https://w3id.org/innograph/synthetic/organisation/7") == (
        "https://w3id.org/innograph/synthetic/organisation/7"
    )


def test_cursor_round_trips_and_refuses_foreign_values() -> None:
    cursor = encode_cursor(("città", IGID + "x"))
    assert decode_cursor(cursor, size=2) == ("città", IGID + "x")
    assert decode_cursor(None, size=2) == ("", "")
    for foreign in ("0", "é", encode_cursor(("only one",)), "W10"):
        with pytest.raises(NotFound, match="'cursor'"):
            decode_cursor(foreign, size=2)


def test_take_page_gives_a_cursor_only_when_rows_remain() -> None:
    page, cursor = take_page(iter(["a", "b", "c"]), limit=2, keys=lambda row: (row,))
    last, none = take_page(iter(["a", "b"]), limit=2, keys=lambda row: (row,))
    assert (page, decode_cursor(cursor, size=1)) == (["a", "b"], ("b",))
    assert (last, none) == (["a", "b"], None)


def test_normalise_drops_accents_case_punctuation_and_legal_forms() -> None:
    assert normalise("Open Zone S.r.l.") == "open zone"
    assert normalise("Tus-Park (Jiangsu)") == "tus park jiangsu"
    assert normalise("Università di Pavia SpA") == "universita di pavia"
    assert normalise("S.p.A.") == "spa"


def test_name_keys_are_each_leading_run_of_words_without_spaces() -> None:
    assert name_keys("TusPark (Jiangsu) S.r.l.") == ["tuspark", "tusparkjiangsu"]
    assert name_keys("Còmi Research Institute")[-1] == "comiresearchinstitute"
    assert name_key("Tus-Park Jiangsu") == name_key("TusPark (Jiangsu)") == "tusparkjiangsu"
    assert name_key("Fimi Biotech") != name_key("Fimino Biotech")


def test_marked_marks_the_words_the_query_spells() -> None:
    label = "TusPark (Jiangsu) Innovation Research Institute"
    assert marked(label, "tus park jiangsu") == "<mark>TusPark</mark> <mark>(Jiangsu)</mark> " + (
        "Innovation Research Institute"
    )
    assert marked("OpenZone", "Open Zone S.r.l.") == "<mark>OpenZone</mark>"


def test_parse_batch_reads_openrefine_queries() -> None:
    batch = parse_batch(
        '{"q0": {"query": "Open Zone srl", "type": [{"id": "ig:Organisation"}], "limit": 3},'
        ' "q1": {"query": "Zambon"}}'
    )
    assert (batch["q0"].query, batch["q0"].types, batch["q0"].limit) == (
        "Open Zone srl",
        ("ig:Organisation",),
        3,
    )
    assert (batch["q1"].types, batch["q1"].limit) == ((), 5)
    for bad in ("[]", '{"q": {"query": 1}}', '{"q": {"query": "x", "limit": 0}}', "{"):
        with pytest.raises(InvalidParameter, match="'queries'"):
            parse_batch(bad)


def test_fts_query_quotes_every_word_as_a_prefix() -> None:
    assert fts_query('Conic "parc" OR') == '"conic"* AND "parc"* AND "or"*'
    assert fts_query("città*", operator=" OR ") == '"città"*'
    assert fts_query("!!! ()") == ""


def test_versioned_cache_forgets_when_the_store_version_changes(
    store_factory: StoreFactory,
) -> None:
    store: Store = store_factory()
    cache: VersionedCache[str, int] = VersionedCache(max_size=2)
    computed: list[str] = []

    def value(key: str) -> int:
        def compute() -> int:
            computed.append(key)
            return len(computed)

        return cache.get(store, key, compute)

    assert (value("a"), value("a"), value("b")) == (1, 1, 2)
    store.record([])
    assert value("a") == 3
    assert computed == ["a", "b", "a"]


def test_per_version_builds_once_a_version_while_other_threads_wait(
    store_factory: StoreFactory,
) -> None:
    store: Store = store_factory()
    started, release = threading.Event(), threading.Event()
    built: list[str] = []

    def build(built_from: Store) -> str:
        started.set()
        release.wait(5)
        built.append(built_from.version)
        return f"value {len(built)}"

    value = PerVersion(build)
    answers: list[str] = []
    first = threading.Thread(target=lambda: answers.append(value.get(store)))
    first.start()
    started.wait(5)
    waiting = threading.Thread(target=lambda: answers.append(value.get(store)))
    waiting.start()
    assert value.peek(store) is None  # being built: peek does not wait for it
    release.set()
    first.join(5)
    waiting.join(5)
    assert (answers, value.peek(store)) == (["value 1", "value 1"], "value 1")
    store.record([])
    assert (value.peek(store), value.get(store), len(built)) == (None, "value 2", 2)
