"""Pieces of the OpenAPI document that routes declare by hand, where FastAPI cannot derive
them from a signature: the schema of a body by its media type, and a choice of exactly one
of several named values (which separate parameters or optional properties cannot state)."""

from __future__ import annotations

from typing import Any

__all__ = ["body_schema", "exactly_one"]


def body_schema(media: str) -> dict[str, str]:
    """The schema of a body of this media type: any JSON value for the JSON types (a client
    parses them), else text."""
    return {} if media.endswith("json") else {"type": "string"}


def exactly_one(**choices: dict[str, Any]) -> dict[str, Any]:
    """Given named schemas, return the schema of an object holding exactly one of the names:
    `exactly_one(query=…, update=…)` takes `{"query": …}` or `{"update": …}`, never both."""
    return {
        "oneOf": [
            {
                "type": "object",
                "properties": {name: schema},
                "required": [name],
                "not": {"anyOf": [{"required": [other]} for other in choices if other != name]},
            }
            for name, schema in choices.items()
        ]
    }
