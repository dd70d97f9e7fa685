"""The pyLODE reference page built from the real ontology file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from innograph.ontology.documentation import build_documentation

REPOSITORY = Path(__file__).resolve().parents[1]
ONTOLOGY_FILE = REPOSITORY / "ontology" / "innograph.ttl"


@pytest.mark.parametrize(
    ("language", "title", "present", "absent"),
    [
        # English page: English title and class label, no Italian label
        (
            "en",
            "innograph: an ontology of innovation ecosystems",
            "science park",
            "parco scientifico",
        ),
        # Italian page: the same terms under their Italian names
        (
            "it",
            "innograph: un'ontologia degli ecosistemi dell'innovazione",
            "parco scientifico",
            "science park",
        ),
    ],
)
def test_build_documentation_writes_page_in_one_language(
    tmp_path: Path, language: str, title: str, present: str, absent: str
) -> None:
    output = tmp_path / "site" / "ontology.html"
    assert build_documentation([ONTOLOGY_FILE], output, language=language) == output
    html = output.read_text(encoding="utf-8")
    headings = re.findall(r"<h1>(.*?)</h1>", html)
    assert headings[0].replace("&#x27;", "'").replace("&#39;", "'") == title
    assert present in html
    assert absent not in html
