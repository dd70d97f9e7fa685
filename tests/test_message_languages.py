"""Which translation a reader gets (innograph/languages.py), and SHACL messages in it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from innograph.errors import ValidationError, Violation
from innograph.ingest.sources import SourceFile
from innograph.ingest.validation import Validator
from innograph.languages import choose_language

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("offered", "languages", "chosen"),
    [
        (["en", "it"], ("it",), "it"),
        (["en", "it"], ("it-IT", "en"), "it"),  # a less specific tag answers a range
        (["en-GB", "it"], ("en",), "en-GB"),  # and a more specific one
        (["en", "EN-gb"], ("en-gb",), "EN-gb"),  # the exact tag first, whatever its case
        (["en", "it"], ("fr", "de"), "en"),  # none of the reader's: English
        (["en", "it"], (), "en"),
        (["", "it"], ("fr",), ""),  # no English: the untagged text
        (["de", "it"], ("fr",), "de"),  # nothing else: the first there is
        (["en", "it"], ("*",), "en"),
        ([], ("it",), None),
    ],
)
def test_choose_language(offered: list[str], languages: tuple[str, ...], chosen: str) -> None:
    assert choose_language(offered, languages) == chosen


def test_a_validation_error_is_english_and_described_in_other_languages() -> None:
    given = Violation("x:a", "<x:Shape>", None, {"en": "Two parties.", "it": "Due parti."})
    own = Violation("x:b", "<x:Shape>", "<x:p>", {"": "Less than 1 values on x:b->x:p"})
    error = ValidationError(Path("a.ttl"), [own, given])
    assert str(error) == (
        "a.ttl: 2 SHACL violation(s):\n"
        "  - focus node x:a (shape <x:Shape>): Two parties.\n"
        "  - focus node x:b (shape <x:Shape> path <x:p>): Less than 1 values on x:b->x:p"
    )
    assert "focus node x:a (shape <x:Shape>): Due parti." in error.describe(("it-IT",))
    assert (error.languages(), error.languages(("it",))) == (["en"], ["it"])


def test_a_sparql_constraints_filled_in_messages_keep_their_languages() -> None:
    """pySHACL writes a message whose `{$this}` it fills in without its language tag; the
    validator gives it back the tag of its template."""
    shapes = f"""
    @prefix sh: <http://www.w3.org/ns/shacl#> .
    <{EX}CompanyShape> a sh:NodeShape ; sh:targetClass <{EX}Company> ;
        sh:sparql [ a sh:SPARQLConstraint ;
            sh:message "{{$this}} has no label."@en , "{{$this}} non ha un'etichetta."@it ;
            sh:select \"\"\"SELECT $this WHERE {{
                FILTER NOT EXISTS {{ $this <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
            }}\"\"\" ] .
    """
    validator = Validator(rdflib.Graph().parse(data=shapes, format="turtle"))
    nameless = pyoxigraph.NamedNode(f"{EX}nameless")
    quad = pyoxigraph.Quad(
        nameless, pyoxigraph.NamedNode(str(rdflib.RDF.type)), pyoxigraph.NamedNode(f"{EX}Company")
    )
    source = SourceFile(path=Path("a.ttl"), format=pyoxigraph.RdfFormat.TURTLE, graph=f"{EX}g")
    with pytest.raises(ValidationError) as raised:
        validator.check(source, [quad])
    assert str(raised.value).endswith(f"): {EX}nameless has no label.")
    assert raised.value.describe(("it",)).endswith(f"): {EX}nameless non ha un'etichetta.")
