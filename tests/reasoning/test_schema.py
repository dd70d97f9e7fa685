"""The schema's closure (owlrl's, on the axioms alone) is kept beside the store, so that a new
process reads it instead of running owlrl again."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from innograph.reasoning.schema import KEPT_IN, Schema, read_schema
from tests.reasoning.conftest import Builder


def test_the_closure_is_kept_by_the_digest_of_the_axioms_and_read_back(
    seeded: Builder, tmp_path: Path
) -> None:
    axioms = read_schema(seeded(data=False)).axioms
    reference = Schema(axioms).entailed
    assert Schema(axioms, kept_in=tmp_path).entailed == reference
    (kept,) = tmp_path.glob("schema-closure-*.nt")
    read = {quad.triple for quad in pyoxigraph.parse(path=kept, format=_N_TRIPLES)}
    assert read == reference
    # A second schema of the same axioms reads the file: what the file says is its closure.
    one = sorted(reference, key=str)[0]
    pyoxigraph.serialize(sorted(reference - {one}, key=str), kept, _N_TRIPLES)
    assert Schema(axioms, kept_in=tmp_path).entailed == reference - {one}
    # Other axioms are another schema, with a file of their own.
    fewer = axioms - {sorted(axioms, key=str)[0]}
    Schema(fewer, kept_in=tmp_path).entailed  # noqa: B018  # computing it writes its file
    assert len(list(tmp_path.glob("schema-closure-*.nt"))) == 2


def test_a_folder_it_cannot_write_leaves_the_closure_computed(
    seeded: Builder, tmp_path: Path
) -> None:
    axioms = read_schema(seeded(data=False)).axioms
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert Schema(axioms, kept_in=blocked / "closures").entailed == Schema(axioms).entailed
    assert read_schema(seeded(data=False)).kept_in == KEPT_IN


_N_TRIPLES = pyoxigraph.RdfFormat.N_TRIPLES
