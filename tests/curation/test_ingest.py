"""A second release added to the seed: reuse, proposals, conflicts, an atomic write, retract and
history, on a real store with SHACL and reasoning, as `innograph ingest` runs them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from typer.testing import CliRunner

from innograph.cli import app
from innograph.curation.encoding import encode
from innograph.curation.history import history
from innograph.curation.ingesting import Ingest, ingest
from innograph.curation.reading import read_sheet
from innograph.curation.retraction import retract
from innograph.errors import InconsistencyError, ParseError
from innograph.namespaces import IG, IGID, INFERRED_GRAPH, PREFIXES
from innograph.store import Store
from tests.curation.conftest import FICTIONAL, edit, line_of, validator
from tests.seed_release import REPOSITORY

OPEN_ZONE_SRL = pyoxigraph.Literal("Open Zone S.r.l.", language="it")


def _ingest(sheet: Path, store: Store, *, dry_run: bool = False) -> Ingest:
    releases = sheet.parent.parent / "releases"
    return ingest(
        sheet,
        store=store,
        releases=releases,
        validator=validator(),
        reasoning=True,
        dry_run=dry_run,
    )


def _has(
    store: Store, subject: str, predicate: str, value: pyoxigraph.Term, graph: str | None = None
) -> bool:
    node, prop = pyoxigraph.NamedNode(IGID + subject), pyoxigraph.NamedNode(predicate)
    return any(store.quads(node, prop, value, graph=graph))


def test_dry_run_shows_reuse_new_facts_and_the_second_founder_and_writes_nothing(
    seeded: Store, sheet: Path
) -> None:
    version = seeded.version
    done = _ingest(sheet, seeded, dry_run=True)
    changes = done.changes
    assert not done.written and not done.release.exists()
    assert seeded.version == version
    assert changes.new_entities == (
        "agreement/esempio-network-2022",
        "membership/esempio-science-park-iasp",
        "organisation/esempio-science-park",
        "organisation/fondazione-esempio",
    )
    assert changes.reused_entities == (
        "organisation/iasp",
        "organisation/openzone",
        "organisation/tuspark-jiangsu",
    )
    about_existing = {" ".join(str(t) for t in fact) for fact in changes.facts_about_existing}
    assert (
        f"{IGID}organisation/openzone {PREFIXES['skos']}altLabel Open Zone S.r.l." in about_existing
    )
    [conflict] = changes.conflicts
    assert (conflict.subject, conflict.property, conflict.value) == (
        "organisation/openzone",
        "ig:foundedBy",
        "organisation/fondazione-esempio",
    )
    assert [value for value, _ in conflict.existing] == ["organisation/zambon"]
    assert changes.proposals == ()  # every known name was given by its id


def test_ingest_writes_the_release_and_loads_it_with_its_inferences(
    seeded: Store, sheet: Path
) -> None:
    done = _ingest(sheet, seeded)
    assert done.written and done.release.read_text().startswith("# Encoded by `innograph ingest`")
    assert _has(seeded, "organisation/openzone", PREFIXES["skos"] + "altLabel", OPEN_ZONE_SRL)
    party_to = (IG + "partyTo", pyoxigraph.NamedNode(IGID + "agreement/esempio-network-2022"))
    assert _has(seeded, "organisation/esempio-science-park", *party_to, graph=INFERRED_GRAPH)


def test_a_second_value_of_a_functional_property_is_refused_and_changes_nothing(
    seeded: Store, sheet: Path
) -> None:
    edit(
        sheet,
        "  tuspark-jiangsu:\n",
        "  tuspark-jiangsu:\n    founding_year:\n"
        '      - {value: 2012, cite: [{passage: 7, words: "fondata nel 2012"}]}\n',
    )
    [conflict] = [
        c for c in _ingest(sheet, seeded, dry_run=True).changes.conflicts if "Year" in c.property
    ]
    assert (conflict.subject, conflict.value) == (
        "organisation/tuspark-jiangsu",
        '"2012"^^xsd:integer',
    )
    version = seeded.version
    with pytest.raises(InconsistencyError):
        _ingest(sheet, seeded)
    assert seeded.version == version
    assert not (sheet.parent.parent / "releases" / f"{FICTIONAL}.ttl").exists()


def test_a_new_entry_named_like_a_known_one_is_proposed_and_not_merged_silently(
    seeded: Store, sheet: Path
) -> None:
    edit(
        sheet,
        "  fondazione-esempio:\n",
        "  open-zone:\n    kind: Company\n"
        '    cite: [{passage: 4, words: "Open Zone S.r.l."}]\n'
        '    names: [{it: "Open Zone S.r.l.", cite: [{passage: 4, words: "Open Zone S.r.l."}]}]\n'
        "  fondazione-esempio:\n",
    )
    [proposal] = _ingest(sheet, seeded, dry_run=True).changes.proposals
    assert (proposal.entry, proposal.candidate, proposal.match) == (
        "organisation/open-zone",
        "organisation/openzone",
        True,
    )
    assert proposal.score >= 90
    with pytest.raises(ParseError) as refused:
        _ingest(sheet, seeded)
    assert str(refused.value).startswith(
        f"{sheet}:{line_of(sheet, '  open-zone:')}: organisations.open-zone: 'Open Zone S.r.l.' "
        "matches organisation/openzone ('OpenZone', score 100)"
    )
    edit(
        sheet,
        "    kind: Company\n",
        "    kind: Company\n    distinct_from: [organisation/openzone]\n",
    )
    assert _ingest(sheet, seeded).written


def test_a_resource_neither_in_the_release_nor_the_graph_is_refused_at_its_line(
    seeded: Store, sheet: Path
) -> None:
    edit(sheet, "      - to: organisation/tuspark-jiangsu\n", "      - to: organisation/tus-park\n")
    with pytest.raises(ParseError) as refused:
        _ingest(sheet, seeded, dry_run=True)
    assert str(refused.value) == (
        f"{sheet}:{line_of(sheet, 'organisation/tus-park')}: agreements.esempio-network-2022."
        "parties[1].to: organisation/tus-park is neither in this release nor in the graph"
    )


def test_retract_removes_what_only_the_release_states_and_keeps_what_another_states(
    seeded: Store, sheet: Path
) -> None:
    done = _ingest(sheet, seeded)
    tuspark = pyoxigraph.Literal("TusPark", language="it")
    retraction = retract(FICTIONAL, store=seeded, reasoning=True)
    assert retraction.deleted_file and not done.release.exists()
    assert retraction.kept > 0
    assert not _has(seeded, "organisation/openzone", PREFIXES["skos"] + "altLabel", OPEN_ZONE_SRL)
    assert _has(seeded, "organisation/tuspark-jiangsu", PREFIXES["skos"] + "altLabel", tuspark)
    party_to = (IG + "partyTo", pyoxigraph.NamedNode(IGID + "agreement/esempio-network-2022"))
    assert not _has(seeded, "organisation/esempio-science-park", *party_to)
    assert done.graph not in seeded.named_graphs()


def test_history_lists_both_releases_oldest_first_with_what_each_says(
    seeded: Store, sheet: Path
) -> None:
    _ingest(sheet, seeded)
    releases = history(seeded, "organisation/openzone")
    assert [(r.source.rsplit("/", 1)[1], (r.date or "")[:10]) for r in releases] == [
        ("2021-05-17-openzone-tuspark", "2021-05-17"),
        (FICTIONAL, "2022-03-01"),
    ]
    said = {(s.property.rsplit("#", 1)[1], s.value, s.evidence) for s in releases[1].statements}
    assert ("altLabel", '"Open Zone S.r.l."@it', "Open Zone S.r.l.") in said
    assert (
        "foundedBy",
        "organisation/fondazione-esempio",
        "fondata da Zambon e da Fondazione Esempio",
    ) in said


def test_the_commands_ingest_retract_and_history_on_a_store_on_disk(
    tmp_path: Path, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INNOGRAPH_STORE", str(tmp_path / "store"))
    runner, releases = CliRunner(), str(tmp_path / "releases")
    seed = runner.invoke(
        app, ["load", str(REPOSITORY / "ontology"), str(REPOSITORY / "data"), "--no-prepare"]
    )
    assert seed.exit_code == 0, seed.output
    dry = runner.invoke(app, ["ingest", str(sheet), "--dry-run", "--releases", releases])
    assert dry.exit_code == 0, dry.output
    assert "4 new entities, 3 reused" in dry.output and "dry run: nothing written" in dry.output
    assert (
        "conflicts:\n  organisation/openzone ig:foundedBy organisation/fondazione-esempio"
        in dry.output
    )
    added = runner.invoke(app, ["ingest", str(sheet), "--releases", releases])
    assert added.exit_code == 0, added.output
    said = runner.invoke(app, ["history", "organisation/esempio-science-park"])
    assert said.exit_code == 0 and said.output.startswith(f"2022-03-01  source/{FICTIONAL}"), (
        said.output
    )
    removed = runner.invoke(app, ["retract", FICTIONAL])
    assert removed.exit_code == 0 and "deleted" in removed.output, removed.output
    gone = runner.invoke(app, ["history", "organisation/esempio-science-park"])
    assert gone.exit_code == 1 and "no release says anything" in gone.output


def test_a_shacl_refusal_names_the_sheet_line_and_changes_nothing(
    seeded: Store, sheet: Path
) -> None:
    """A membership in a person, not an organisation: SHACL (which checks the release in the
    store as it would leave it) refuses it at the fact's line."""
    content = sheet.read_text(encoding="utf-8")
    member = "- to: organisation/iasp"
    assert content.count(member) == 1
    sheet.write_text(content.replace(member, "- to: person/fabrizio-conicella"), encoding="utf-8")
    version = seeded.version
    with pytest.raises(ParseError) as refused:
        _ingest(sheet, seeded)
    line = line_of(sheet, "- to: person/fabrizio-conicella")
    assert str(refused.value).startswith(
        f"{sheet}:{line}: memberships.esempio-science-park-iasp.organisation[0]: focus node "
        f"{IGID}membership/esempio-science-park-iasp"
    )
    assert "A membership is in exactly one organisation" in str(refused.value)
    assert seeded.version == version
    assert not (sheet.parent.parent / "releases" / f"{FICTIONAL}.ttl").exists()


def test_an_encoded_turtle_release_is_compared_like_its_sheet(seeded: Store, sheet: Path) -> None:
    from_sheet = _ingest(sheet, seeded, dry_run=True).changes
    turtle = sheet.with_suffix(".ttl")
    turtle.write_bytes(encode(read_sheet(sheet)).graph.serialize(format="turtle").encode())
    from_turtle = _ingest(turtle, seeded, dry_run=True).changes
    assert from_turtle == from_sheet
    done = _ingest(turtle, seeded)
    assert done.written and done.release == sheet.parent.parent / "releases" / turtle.name
    assert _has(seeded, "organisation/openzone", PREFIXES["skos"] + "altLabel", OPEN_ZONE_SRL)
