"""The nodes a write touches, the nodes whose shapes those reach, and the triples the shapes
read about them: what one SHACL check of a write is given instead of the whole store.

The project's shapes (`ontology/shapes.ttl`) read, about a focus node: its own triples and
the classes of their values (sh:path, sh:class), the triples pointing at it through a
`sh:targetObjectsOf` property, its axiom annotations (every fact traced), and for a source
document its passages, the axioms citing them, the facts those annotate and the passages they
cite (the SPARQL constraints of the document shape). A write touches the subjects and objects
of the triples it adds or removes; it can also change the verdict on

- the source of an axiom it touches, and the documents of the passages that axiom cites;
- the document of a passage it touches, and of the passages cited by the axioms annotating a
  fact it adds or removes (an annotated fact must be asserted);
- a node pointing at a touched node whose classes change (sh:class on that value): a type the
  store gains or loses, not one a release states again (a release naming a country as a
  country would otherwise check every organisation located there).

Blank nodes met on the way (axioms, lists) are described whole, with their own annotations,
so their verdicts are exact; an IRI that is only a value gets its classes and no more, so the
check keeps only the focus IRIs' violations (`Validator.check_ntriples`).
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, NamedNode, Triple

from innograph.namespaces import IG
from innograph.validation.after import After, Resource, Term

__all__ = ["focus_of", "surroundings"]

_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ANNOTATED_SOURCE = NamedNode("http://www.w3.org/2002/07/owl#annotatedSource")
_ANNOTATED_PROPERTY = NamedNode("http://www.w3.org/2002/07/owl#annotatedProperty")
_ANNOTATED_TARGET = NamedNode("http://www.w3.org/2002/07/owl#annotatedTarget")
_STATED_IN = NamedNode(f"{IG}statedIn")
_PART_OF_DOCUMENT = NamedNode(f"{IG}partOfDocument")


def _resources(terms: Iterable[Term]) -> set[Resource]:
    return {term for term in terms if isinstance(term, NamedNode | BlankNode)}


def focus_of(after: After, changed: Iterable[Triple], moved: Iterable[Triple]) -> set[Resource]:
    """The nodes whose verdict the changed triples (added or removed) can change; `moved`:
    the triples the store gains or loses (`asserted_delta`), whose types count."""
    changed = list(changed)
    touched = _resources(t.subject for t in changed) | _resources(t.object for t in changed)
    retyped = {t.subject for t in moved if t.predicate == _RDF_TYPE}
    focus = set(touched)
    for triple in changed:  # the documents citing this very fact
        focus |= _documents(after, _annotating(after, triple))
    for node in touched:
        focus |= _resources(after.objects(node, _ANNOTATED_SOURCE))
        focus |= _documents(after, {node})
        if node in retyped:
            focus |= after.subjects(None, node)
    return focus


def _annotating(after: After, triple: Triple) -> set[Resource]:
    """The axioms annotating a fact, after the change."""
    axioms = after.subjects(_ANNOTATED_SOURCE, triple.subject)
    if not axioms:
        return axioms
    axioms &= after.subjects(_ANNOTATED_TARGET, triple.object)
    return {a for a in axioms if triple.predicate in after.objects(a, _ANNOTATED_PROPERTY)}


def _documents(after: After, nodes: Iterable[Resource]) -> set[Resource]:
    """The documents of passages among `nodes` and of the passages axioms among them cite."""
    passages = set(nodes)
    for node in nodes:
        passages |= _resources(after.objects(node, _STATED_IN))
    return {d for p in passages for d in _resources(after.objects(p, _PART_OF_DOCUMENT))}


def surroundings(
    after: After, focus: Iterable[Resource], pointing: Iterable[NamedNode]
) -> set[Triple]:
    """The triples the shapes read about the focus nodes, after the change; `pointing`: the
    properties whose objects a shape targets."""
    focus = set(focus)
    described: set[Resource] = set()
    waiting = list(focus)
    found: set[Triple] = set()
    typed: set[Resource] = set()
    for node in focus:
        for prop in pointing:
            found |= after.triples(None, prop, node)
    while waiting:
        node = waiting.pop()
        if node in described:
            continue
        described.add(node)
        own = after.triples(node)
        found |= own
        axioms = after.subjects(_ANNOTATED_SOURCE, node)
        waiting += axioms
        if node in focus:
            waiting += _cited(after, node)
        for value in _resources(t.object for t in own) - typed:
            typed.add(value)
            if isinstance(value, BlankNode):
                waiting.append(value)
            else:
                found |= after.triples(value, _RDF_TYPE)
    for axiom in [n for n in described if after.triples(n, _ANNOTATED_PROPERTY)]:
        found |= _annotated(after, axiom)
    return found


def _cited(after: After, document: Resource) -> list[Resource]:
    """A document's passages, the axioms citing them and every passage those cite."""
    passages = after.subjects(_PART_OF_DOCUMENT, document)
    axioms = {a for p in passages for a in after.subjects(_STATED_IN, p)}
    cited = {p for a in axioms for p in _resources(after.objects(a, _STATED_IN))}
    return [*passages, *axioms, *cited]


def _annotated(after: After, axiom: Resource) -> set[Triple]:
    """The fact an axiom annotates, if the store asserts it (the document shape asks)."""
    found: set[Triple] = set()
    for source in _resources(after.objects(axiom, _ANNOTATED_SOURCE)):
        for prop in after.objects(axiom, _ANNOTATED_PROPERTY):
            if isinstance(prop, NamedNode):
                for target in after.objects(axiom, _ANNOTATED_TARGET):
                    found |= after.triples(source, prop, target)
    return found
