"""An incremental update of the inferred graph equals a full recomputation."""

from __future__ import annotations

import random

import pyoxigraph
import pytest

from innograph.namespaces import INFERRED_GRAPH
from innograph.reasoning import incremental
from innograph.reasoning.change import Change, change_of_write
from innograph.reasoning.closure import closure_of, materialise
from innograph.reasoning.incremental import update_for
from innograph.reasoning.rules import rules_for
from innograph.reasoning.schema import is_axiom
from innograph.store import Store
from innograph.store.oxigraph import OxigraphStore
from tests.reasoning.conftest import Builder


def _inferred(store: Store) -> set[pyoxigraph.Triple]:
    return {quad.triple for quad in store.quads(graph=INFERRED_GRAPH)}


def _apply(store: Store, change: Change) -> None:
    """Make a change and its inferred update, as the write will in one transaction.

    Only in graphs the store has already (its list of graphs is kept per version, which
    writing through `raw` does not move); random links break disjointness, but the
    violations are another test's business."""
    update = update_for(store, change, rules_for(store))
    raw = store.raw if isinstance(store, OxigraphStore) else None
    assert raw is not None
    for quad in change.removed + tuple(update.removed):
        raw.remove(quad)
    raw.extend([*change.added, *update.added])


def _recomputed(store: Store) -> set[pyoxigraph.Triple]:
    return {quad.triple for quad in closure_of(store, rules_for(store)).quads()}


def _place(name: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(f"https://example.org/place/{name}")


_PART_OF = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#partOfPlace")


@pytest.mark.parametrize("seed", [1, 2])
def test_random_inserts_and_deletes_match_a_full_recomputation(seeded: Builder, seed: int) -> None:
    """Remove random asserted quads (and put some back in another graph), add triples that
    chain places (prp-trp) and link nodes, and after each change compare with a recomputation."""
    store = seeded(organisations=150)
    materialise(store, rules_for(store))
    rng = random.Random(seed)
    graphs = [pyoxigraph.NamedNode(g) for g in store.named_graphs() if g != INFERRED_GRAPH]
    asserted = [q for q in store.quads() if q.graph_name != pyoxigraph.NamedNode(INFERRED_GRAPH)]
    nodes = sorted(
        {q.subject for q in asserted if isinstance(q.subject, pyoxigraph.NamedNode)}, key=str
    )
    predicates = sorted({q.predicate for q in asserted}, key=str)
    for round in range(6):
        removed = tuple(rng.sample(asserted, 25))
        added = [
            pyoxigraph.Quad(
                rng.choice(nodes), rng.choice(predicates), rng.choice(nodes), rng.choice(graphs)
            )
            for _ in range(15)
        ]
        added += [  # put back, in a graph of their own or another
            pyoxigraph.Quad(q.subject, q.predicate, q.object, rng.choice(graphs))
            for q in removed[:5]
        ]
        chain = [_place(f"{seed}-{round}-{i}") for i in range(4)]
        added += [
            pyoxigraph.Quad(a, _PART_OF, b, graphs[0])
            for a, b in zip(chain, chain[1:], strict=False)
        ]
        added.append(pyoxigraph.Quad(chain[-1], _PART_OF, rng.choice(nodes), graphs[0]))
        _apply(store, Change(added=tuple(added), removed=removed))
        inferred, recomputed = _inferred(store), _recomputed(store)
        assert sorted(map(str, inferred - recomputed)) == [], f"round {round}"
        assert sorted(map(str, recomputed - inferred)) == [], f"round {round}"
        asserted = [q for q in asserted if q not in removed] + added
    for quad in rng.sample(asserted, 15):  # one at a time (an axiom: the whole closure again)
        _apply(store, Change(removed=(quad,)))
    inferred, recomputed = _inferred(store), _recomputed(store)
    assert sorted(map(str, inferred - recomputed)) == []
    assert sorted(map(str, recomputed - inferred)) == []


@pytest.mark.parametrize("seed", [6, 7])
def test_additions_alone_match_a_full_recomputation(seeded: Builder, seed: int) -> None:
    """A change that only adds (a release) takes its shortcuts: nodes keep the classes they
    had, chains grow from what they reached, terms the store lacks are never looked up. New
    nodes and stored ones, linked at random, typed, and places chained onto the stored
    chains both ways round; after each change, compare with a recomputation."""
    store = seeded(organisations=120)
    materialise(store, rules_for(store))
    rng = random.Random(seed)
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if "releases" in g))
    asserted = [
        q
        for q in store.quads()
        if q.graph_name != pyoxigraph.NamedNode(INFERRED_GRAPH) and not is_axiom(q)
    ]
    stored = sorted(
        {q.subject for q in asserted if isinstance(q.subject, pyoxigraph.NamedNode)}, key=str
    )
    predicates = sorted({q.predicate for q in asserted}, key=str)
    classes = sorted({q.object for q in asserted if q.predicate == _TYPE}, key=str)
    places = sorted({q.subject for q in asserted if q.predicate == _PART_OF}, key=str)
    for round in range(5):
        fresh = [_place(f"new-{seed}-{round}-{i}") for i in range(6)]
        nodes = [*rng.sample(stored, 6), *fresh]
        added = [
            pyoxigraph.Quad(rng.choice(nodes), rng.choice(predicates), rng.choice(nodes), graph)
            for _ in range(12)
        ]
        added += [pyoxigraph.Quad(n, _TYPE, rng.choice(classes), graph) for n in fresh[:3]]
        added += [
            pyoxigraph.Quad(fresh[3], _PART_OF, rng.choice(places), graph),
            pyoxigraph.Quad(rng.choice(places), _PART_OF, fresh[4], graph),
            pyoxigraph.Quad(fresh[5], _CONTAINS, rng.choice(places), graph),
            pyoxigraph.Quad(rng.choice(places), _PART_OF, rng.choice(places), graph),
        ]
        change = Change(added=tuple(added))
        assert not update_for(store, change, rules_for(store)).whole
        _apply(store, change)
        inferred, recomputed = _inferred(store), _recomputed(store)
        assert sorted(map(str, inferred - recomputed)) == [], f"round {round}"
        assert sorted(map(str, recomputed - inferred)) == [], f"round {round}"


_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def test_breaking_and_mending_a_chain_of_places(seeded: Builder) -> None:
    """prp-trp: cutting a chain in the middle removes the links across the cut, and only those
    (the ends stay linked through another path); putting it back restores them."""
    store = seeded(
        places="""
        ex:a ig:partOfPlace ex:b . ex:b ig:partOfPlace ex:c . ex:c ig:partOfPlace ex:d .
        ex:a ig:partOfPlace ex:x . ex:x ig:partOfPlace ex:d .
        """
    )
    materialise(store, rules_for(store))
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if g.endswith("places.ttl")))
    cut = pyoxigraph.Quad(_place_ex("b"), _PART_OF, _place_ex("c"), graph)
    _apply(store, Change(removed=(cut,)))
    assert _inferred(store) == _recomputed(store)
    links = {(t.subject, t.object) for t in _inferred(store) if t.predicate == _PART_OF}
    assert (_place_ex("a"), _place_ex("d")) in links
    assert (_place_ex("b"), _place_ex("d")) not in links
    _apply(store, Change(added=(cut,)))
    assert _inferred(store) == _recomputed(store)
    assert (_place_ex("b"), _place_ex("d")) in {
        (t.subject, t.object) for t in _inferred(store) if t.predicate == _PART_OF
    }


def _place_ex(name: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(f"https://example.org/{name}")


def test_rewriting_a_graph_unchanged_changes_nothing(seeded: Builder) -> None:
    """The store keeps `…+00:00` dateTimes as `…Z`: a graph's quads as parsed again compare
    equal to the stored ones, so an identical rewrite is no change at all."""
    store = seeded(
        data=False, dates='ex:mou ig:signingDate "2021-05-17T00:00:00+00:00"^^xsd:dateTime .'
    )
    graph = next(g for g in store.named_graphs() if g.endswith("dates.ttl"))
    parsed = list(pyoxigraph.parse(path=graph.removeprefix("file://"), format=_TURTLE))
    assert "+00:00" in str(parsed[0].object)
    assert change_of_write(store, {graph: parsed}) == Change()
    assert len(change_of_write(store, {graph: []}).removed) == 1


_TURTLE = pyoxigraph.RdfFormat.TURTLE


def test_a_store_never_reasoned_gets_the_whole_closure(seeded: Builder) -> None:
    store = seeded()
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if "releases" in g))
    place = pyoxigraph.Quad(_place_ex("a"), _PART_OF, _place_ex("b"), graph)
    update = update_for(store, Change(added=(place,)), rules_for(store))
    assert update.whole and update.removed == []
    _apply(store, Change(added=(place,)))
    assert _inferred(store) == _recomputed(store)


def test_a_change_past_the_local_limit_is_recomputed_whole(
    seeded: Builder, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seeded()
    materialise(store, rules_for(store))
    monkeypatch.setattr(incremental, "LOCAL_LIMIT", 1)
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if "releases" in g))
    chain = (
        pyoxigraph.Quad(_place_ex("a"), _PART_OF, _place_ex("b"), graph),
        pyoxigraph.Quad(_place_ex("b"), _PART_OF, _place_ex("c"), graph),
    )
    assert update_for(store, Change(added=chain), rules_for(store)).whole
    _apply(store, Change(added=chain))
    assert _inferred(store) == _recomputed(store)


_CONTAINS = pyoxigraph.NamedNode("https://w3id.org/innograph/ontology#containsPlace")


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_a_transitive_property_and_its_transitive_inverse_stay_local(
    seeded: Builder, seed: int
) -> None:
    """ig:partOfPlace and its inverse ig:containsPlace are both transitive (ontology 0.2.0):
    random links of either kind, added and cut, keep matching a recomputation, and the local
    path serves them (the inverse only flips a chain; it used to force a whole recomputation)."""
    store = seeded(data=False)
    materialise(store, rules_for(store))
    graph = pyoxigraph.NamedNode(next(g for g in store.named_graphs() if g != INFERRED_GRAPH))
    rng = random.Random(seed)
    places = [_place(f"{seed}-{n}") for n in range(12)]
    links: list[pyoxigraph.Quad] = []
    for _ in range(30):
        if links and rng.random() < 0.35:
            change = Change(removed=(links.pop(rng.randrange(len(links))),))
        else:
            a, b = rng.sample(places, 2)
            quad = pyoxigraph.Quad(a, rng.choice([_PART_OF, _CONTAINS]), b, graph)
            if quad in links:
                continue
            links.append(quad)
            change = Change(added=(quad,))
        assert not update_for(store, change, rules_for(store)).whole
        _apply(store, change)
        assert _inferred(store) == _recomputed(store)
