"""The empty release sheet `innograph new-release` writes: every section, commented, with the
numbered passages of the release's text when one is given, so citing is reading the list."""

from __future__ import annotations

import os
from pathlib import Path
from string import Template

from innograph.curation.passages import passages_of

__all__ = ["empty_sheet", "passage_comments"]

_BODY = Template("""\
# Schema: data/sheets/release-sheet.schema.json; guide: README.md, "Adding a release".
# Every fact cites the passages stating it and the exact words there:
#   cite: [{passage: 4, words: "hanno siglato un protocollo d'intesa"}]
# An id already in the graph (organisation/openzone) is reused as it is: give it in `to:`, or
# as an entry without kind and cite to add facts about it. A new entry needs kind (where its
# section has kinds) and cite. `innograph ingest SHEET --dry-run` shows what would change.

source:
  id: $identifier                 # source/<id>; written to data/releases/<id>.ttl
  text: $text        # the release's text, relative to this sheet
  language: it
  title: ""                        # the headline, exactly as written (passage 1)
  subtitle: null                   # the subheadline, if any
  utc_offset: "+01:00"             # the dateline's UTC offset that day (+02:00 in summer)
  encoding_label: {it: "", en: ""}
  date: {value: 2021-01-31, cite: [{passage: 3, words: ""}]}
  dateline: null                   # {to: place/…, cite: […]}
  publisher: null                  # only if the text names one: {to: organisation/…, cite: […]}
  press_contacts: []               # [{to: contact-point/…, cite: […]}]

organisations: {}
#  example-park:
#    kind: SciencePark             # an ig: class: Organisation, Company, ResearchInstitute …
#    cite: [{passage: 5, words: "è un parco scientifico"}]
#    names: [{it: "Example Park", en: "Example Park", cite: [{passage: 5, words: "Park"}]}]
#    founded_by: [{to: organisation/…, cite: […]}]
#    founding_year: [{value: 2011, cite: […]}]
#    sectors: [{to: sector/healthcare, cite: […]}]
#    distinct_from: []             # ids with a similar name that are another organisation
people: {}                         # ada-rossi: {cite: […], names: [{it: "Ada Rossi", cite: …}]}
posts: {}                          # held_by, post_in, role (role/general-manager)
agreements: {}                     # kind: MemorandumOfUnderstanding; parties, aims, signing_date
aims: {}                           # objective/<agreement>/<aim>: names, descriptions
memberships: {}                    # member, organisation, status (membership-status/active)
figures: {}                        # value, approximation (approximation/about), currency, counts
places: {}                         # kind: Place, Municipality, Region, Country; part_of
clusters: {}                       # located_in
contact_points: {}                 # contact_types, people, organisations, telephones, emails
quotations: {}                     # words, by, about
""")


def passage_comments(text: str) -> str:
    """Given a release's text, return its numbered passages as YAML comment lines."""
    lines = ["# Passages of the text, numbered as `cite` refers to them:"]
    for number, passage in enumerate(passages_of(text), start=1):
        shown = passage if len(passage) <= 90 else passage[:87] + "..."
        lines.append(f"#   {number:>2}  {shown}")
    return "\n".join(lines) + "\n"


def empty_sheet(text: Path | None, sheet: Path) -> str:
    """Given the release's text file (or None) and where the sheet goes, return the sheet."""
    identifier = "yyyy-mm-dd-short-name"
    relative = "../sources/yyyy-mm-dd-short-name.it.txt"
    numbered = ""
    if text is not None:
        identifier = text.name.split(".")[0]
        relative = Path(os.path.relpath(text.resolve(), sheet.resolve().parent)).as_posix()
        numbered = passage_comments(text.read_text(encoding="utf-8"))
    head = "# innograph release sheet\n" + numbered
    return head + _BODY.substitute(identifier=identifier, text=relative)
