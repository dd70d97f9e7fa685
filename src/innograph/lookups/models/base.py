"""What every value shares: the `Model` base, the `Ref` that names a resource, its names, texts
and the `Evidence` that ties a fact to the words of a source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pydantic import ConfigDict


class Model:
    """Base of every value a lookup returns; it only tells pydantic how to document them.

    The values are served as they are (`api/` serialises them, FastAPI writes their schemas
    into the OpenAPI document), so their documentation is made here: a field's docstring is
    its description, and every field is required in the response schema, because the JSON
    always carries every field (`null` or `[]` when there is nothing to say).
    """

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(
        use_attribute_docstrings=True, json_schema_serialization_defaults_required=True
    )


@dataclass(frozen=True)
class Ref(Model):
    """A described resource: its REST id (usable in URLs), its IRI and its display name.

    The id is the full IRI for resources outside the `igid:` namespace. A value that describes
    one resource derives from `Ref`, so it starts with the same three fields.
    """

    id: str
    iri: str
    name: str


@dataclass(frozen=True)
class Names(Model):
    """A resource's names: the Italian and English labels and any alternative names."""

    it: str | None = None
    """The Italian label."""
    en: str | None = None
    """The English label."""
    alternatives: tuple[str, ...] = ()
    """Other names and spellings."""


@dataclass(frozen=True)
class Text(Model):
    """A text with its language tag (`None` for a plain string)."""

    text: str
    language: str | None = None


@dataclass(frozen=True)
class Evidence(Model):
    """Where a fact is stated: the source document, the passage and its words."""

    source: Ref
    passage: Ref
    index: int | None
    text: str
    """The whole passage, as in the source."""
    language: str | None
    excerpt: str | None
    """The exact words of the passage that support the fact, when the release records them."""
