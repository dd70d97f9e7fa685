"""Which translation a reader gets (innograph/languages.py), and SHACL messages in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from innograph.errors import ValidationError, Violation
from innograph.languages import choose_language


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
