"""Release sheets: the seed as a sheet gives the seed's Turtle; bad sheets are refused at the
line and field to fix; the published schema is the models'."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from innograph.cli import app
from innograph.curation.encoding import encode
from innograph.curation.reading import read_sheet
from innograph.curation.sheet import schema_json
from innograph.curation.turtle import turtle_of
from innograph.errors import ParseError
from tests.curation.conftest import edit, line_of
from tests.seed_release import RELEASE_PATH, REPOSITORY, SEED_PATH

SEED_SHEET = REPOSITORY / "data/sheets/2021-05-17-openzone-tuspark.yaml"
SCHEMA = REPOSITORY / "data/sheets/release-sheet.schema.json"


def test_seed_sheet_encodes_to_a_graph_isomorphic_to_the_seed_turtle() -> None:
    encoded = encode(read_sheet(SEED_SHEET)).graph
    assert isomorphic(encoded, Graph().parse(RELEASE_PATH))


def test_published_schema_is_the_models_schema() -> None:
    """Regenerate with `innograph sheet-schema -o data/sheets/release-sheet.schema.json`."""
    assert SCHEMA.read_text(encoding="utf-8") == schema_json()


def _refusal(sheet: Path) -> str:
    with pytest.raises(ParseError) as refused:
        encode(read_sheet(sheet))
    return str(refused.value)


def test_words_missing_from_the_cited_passage_are_refused_at_their_line(sheet: Path) -> None:
    edit(
        sheet, '{passage: 5, words: "fondato nel 2019"}', '{passage: 5, words: "fondato nel 2018"}'
    )
    line = line_of(sheet, "fondato nel 2018")
    assert _refusal(sheet) == (
        f"{sheet}:{line}: organisations.esempio-science-park.founding_year[0].cite[0].words: "
        "'fondato nel 2018' is not in passage 5"
    )


def test_a_passage_past_the_text_is_refused_at_its_line(sheet: Path) -> None:
    edit(sheet, '{passage: 8, words: "membro attivo"}', '{passage: 9, words: "membro attivo"}')
    line = line_of(sheet, "passage: 9")
    assert _refusal(sheet) == (
        f"{sheet}:{line}: memberships.esempio-science-park-iasp.status[0].cite[0].passage: "
        "the text has 8 passages"
    )


def test_a_misspelt_field_is_refused_at_its_line(sheet: Path) -> None:
    edit(sheet, "    founding_year:\n", "    founding_yaer:\n")
    line = line_of(sheet, "founding_yaer")
    message = _refusal(sheet)
    assert message.startswith(
        f"{sheet}:{line}: organisations.esempio-science-park.founding_yaer: Extra inputs"
    )


def test_a_key_given_twice_and_a_date_that_is_no_day_are_refused(sheet: Path) -> None:
    original = sheet.read_text(encoding="utf-8")
    edit(sheet, "  language: it\n", "  language: it\n  language: en\n")
    assert (
        _refusal(sheet) == f"{sheet}:{line_of(sheet, 'language: en')}: source.language: given twice"
    )
    sheet.write_text(original, encoding="utf-8")
    edit(sheet, "    value: 2022-03-01\n", "    value: 1 marzo\n")
    line = line_of(sheet, "value: 1 marzo")
    expected = f"{sheet}:{line}: source.date.value: '1 marzo' is not a day (2021-05-17)"
    assert _refusal(sheet) == expected


def test_a_missing_text_file_is_refused_naming_it(sheet: Path) -> None:
    sheet.with_name("2022-03-01-esempio-fittizio.it.txt").unlink()
    assert "source.text: cannot read the source text" in _refusal(sheet)


def test_new_release_writes_a_sheet_listing_the_passages(tmp_path: Path) -> None:
    output = tmp_path / "sheets" / "new.yaml"
    written = CliRunner().invoke(app, ["new-release", str(output), "--text", str(SEED_PATH)])
    assert written.exit_code == 0, written.output
    content = output.read_text(encoding="utf-8")
    assert "#    3  Bresso, 17 maggio 2021\n" in content
    assert "  id: 2021-05-17-openzone-tuspark " in content
    again = CliRunner().invoke(app, ["new-release", str(output)])
    assert again.exit_code == 1 and "already exists" in again.output


def test_the_readme_example_sheet_is_a_valid_sheet_of_the_fictional_text(sheet: Path) -> None:
    """The complete example of README's "Adding a release" reads and encodes as it stands."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Adding a release") :]
    example = section[section.index("```yaml\n") + len("```yaml\n") :]
    example = example[: example.index("```")]
    written = sheet.with_name("readme-example.yaml")
    written.write_text(example, encoding="utf-8")
    graph = encode(read_sheet(written)).graph
    assert len(graph) > 100


def test_the_written_turtle_is_the_seed_graph_and_the_same_bytes_every_time() -> None:
    """An unchanged sheet writes an unchanged file, which `load` then skips by its SHA-256."""
    written = turtle_of(encode(read_sheet(SEED_SHEET)), "the seed")
    assert turtle_of(encode(read_sheet(SEED_SHEET)), "the seed") == written
    assert isomorphic(Graph().parse(data=written, format="turtle"), Graph().parse(RELEASE_PATH))
