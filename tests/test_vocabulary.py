"""innograph/lookups/vocabulary.py: the classes and properties a store declares, per store
version."""

from __future__ import annotations

from innograph.loading import load
from innograph.lookups.vocabulary import vocabulary
from innograph.namespaces import IG, PREFIXES
from tests.conftest import REPOSITORY, StoreFactory

ORG = PREFIXES["org"]


def test_vocabulary_lists_the_declared_classes_and_properties(store_factory: StoreFactory) -> None:
    store = store_factory()
    load([REPOSITORY / "ontology"], store=store)
    terms = vocabulary(store)
    assert {f"{IG}SciencePark", f"{IG}MemorandumOfUnderstanding"} <= set(terms.classes)
    assert {f"{IG}hasParty", f"{IG}signingDate", f"{ORG}memberOf"} <= set(terms.properties)
    assert not set(terms.classes) & set(terms.properties)
    assert list(terms.classes) == sorted(terms.classes)


def test_vocabulary_follows_the_store_version(store_factory: StoreFactory) -> None:
    store = store_factory()
    assert vocabulary(store).classes == ()
    store.update(
        "INSERT DATA { <http://example.org/Park> a <http://www.w3.org/2002/07/owl#Class> }"
    )
    assert vocabulary(store).classes == ("http://example.org/Park",)
