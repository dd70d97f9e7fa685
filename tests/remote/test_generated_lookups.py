"""On a generated ecosystem of 1,000 organisations (`benchmarks/generate.py`, traced to
sources and passages: about 124,000 triples), every lookup query that follows the class
hierarchy answers on Virtuoso exactly as on the embedded store: Virtuoso loses rows on
`rdfs:subClassOf*` depending on the data (`innograph.store.virtuoso_paths`), so the seed
alone would not show that the answers hold at scale."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from benchmarks.generate import write
from innograph.loading import load
from innograph.lookups.rows import select
from innograph.settings import MEMORY
from innograph.store import Store, open_store
from innograph.store.remote import RemoteStore
from tests.conftest import REPOSITORY, RemoteServers, emptied

ORGANISATIONS = 1000
NOWHERE = pyoxigraph.NamedNode("urn:x-innograph:nowhere")
READ = {"agreements": ("agreement", "key")}
"""The columns a lookup reads, where the query projects more (its parameters, which
Virtuoso writes back as numbers where they are booleans)."""
LOOKUPS: dict[str, dict[str, pyoxigraph.NamedNode | pyoxigraph.Literal]] = {
    "organisations": {},
    "kinds": {},
    "organisation-summary": {},
    "search-documents": {},
    "reconciliation-names": {},
    "source-documents": {},
    "agreements": {
        "party": NOWHERE,
        "sector": NOWHERE,
        "byParty": pyoxigraph.Literal(False),
        "bySector": pyoxigraph.Literal(False),
        "afterKey": pyoxigraph.Literal(""),
        "afterIri": pyoxigraph.Literal(""),
    },
}
"""The lookups whose queries read `rdfs:subClassOf*`, with the bindings of a first page."""


@pytest.fixture(scope="module")
def stores(
    remote_servers: RemoteServers, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, RemoteStore]]:
    """The embedded store and Virtuoso, each holding the ontology and the same ecosystem."""
    data = tmp_path_factory.mktemp("generated") / "ecosystem.nt"
    with data.open("w", encoding="utf-8") as output:
        write(ORGANISATIONS, output, seed=3, trace=True)
    sources: list[Path] = [REPOSITORY / "ontology", data]
    embedded = open_store(MEMORY)
    load(sources, store=embedded)
    virtuoso = emptied(remote_servers.get("virtuoso")[0], timeout=120)
    assert isinstance(virtuoso, RemoteStore) and virtuoso.is_virtuoso
    load(sources, store=virtuoso)
    yield embedded, virtuoso
    virtuoso.close()
    embedded.close()


def _rows(store: Store, name: str) -> Counter[tuple[str, ...]]:
    rows = select(store, name, **LOOKUPS[name])
    if name in READ:
        return Counter(tuple(str(row[column]) for column in READ[name]) for row in rows)
    return Counter(tuple(str(value) for value in row) for row in rows)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", LOOKUPS)
def test_a_lookup_answers_on_virtuoso_as_on_the_embedded_store(
    stores: tuple[Store, RemoteStore], name: str
) -> None:
    embedded, virtuoso = stores
    expected = _rows(embedded, name)
    assert len(expected) > 1
    assert _rows(virtuoso, name) == expected
