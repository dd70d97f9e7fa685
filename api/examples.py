"""Examples for the OpenAPI document, taken from the seed release (`data/`).

The lookups' values are the response models, and their docstrings are their descriptions; the
examples are kept here instead, beside the routes' parameter examples, because they show what
this HTTP service answers about its seed data (OpenZone's IRI, TusPark's agreement), not what
the values mean. `with_examples` writes them into the document's component schemas; an entry
naming a model or field the document lacks fails the document's generation, so none goes stale.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FIELD_EXAMPLES", "MODEL_EXAMPLES", "with_examples"]

_ID = "https://w3id.org/innograph/id/"
_SOURCE = "source/2021-05-17-openzone-tuspark"


def _ref(path: str, name: str) -> dict[str, str]:
    return {"id": path, "iri": _ID + path, "name": name}


FIELD_EXAMPLES: dict[str, dict[str, list[Any]]] = {
    "Ref": {
        "id": ["organisation/openzone"],
        "iri": [_ID + "organisation/openzone"],
        "name": ["OpenZone"],
    },
    "Figure": {"value": [5_000_000_000], "approximation": ["nearly"], "currency": ["CNY"]},
    "SectorCount": {"scheme": ["sectors"]},
    "Source": {"iri": [_ID + _SOURCE]},
    "SearchHit": {"kind": ["person"], "snippet": ["Fabrizio <mark>Conicella</mark>"]},
    "QueryParameter": {"kind": ["IRI"]},
}
"""Examples of single fields, by component schema and field."""

_PASSAGE_EVIDENCE = {
    "source": _ref(_SOURCE, "OpenZone sigla un protocollo d'intesa …"),
    "passage": _ref(f"{_SOURCE}/passage/3", "passage 3"),
    "index": 3,
    "text": "Bresso, 17 maggio 2021 - TusPark (Jiangsu) Innovation Research Institute e OpenZone "
    "hanno siglato un protocollo d'intesa …",
    "language": "it",
    "excerpt": None,
}

MODEL_EXAMPLES: dict[str, list[dict[str, Any]]] = {
    "OrganisationProfile": [
        {
            **_ref("organisation/openzone", "OpenZone"),
            "names": {"it": "OpenZone", "en": "OpenZone", "alternatives": []},
            "types": [
                {
                    "id": "ig:SciencePark",
                    "iri": "https://w3id.org/innograph/ontology#SciencePark",
                    "name": "science park",
                }
            ],
            "locations": [],
            "near": [_ref("place/milan", "Milan")],
            "country": None,
            "founders": [_ref("organisation/zambon", "Zambon")],
            "founding_year": None,
            "missions": [],
            "descriptions": [],
            "websites": ["www.openzone.it"],
            "sectors": [_ref("sector/healthcare", "healthcare")],
            "services": [],
            "figures": [],
            "people": [],
            "contact_points": [],
            "sources": [_ref(_SOURCE, "OpenZone sigla …")],
        }
    ],
    "Link": [
        {
            "kind": "agreement",
            "relation": "agreement-partner",
            "direction": "mutual",
            "other": _ref(
                "organisation/tuspark-jiangsu-innovation-research-institute",
                "TusPark (Jiangsu) Innovation Research Institute",
            ),
            "via": _ref("agreement/openzone-tuspark-2021-mou", "OpenZone – TusPark MoU"),
            "date": None,
            "announced": "2021-05-17",
            "sectors": [_ref("sector/healthcare", "healthcare")],
            "role": None,
            "status": None,
            "evidence": [_PASSAGE_EVIDENCE],
        }
    ],
}
"""Whole examples of a component schema, by its name."""


def with_examples(document: dict[str, Any]) -> dict[str, Any]:
    """Given FastAPI's OpenAPI document, write the examples into its component schemas."""
    schemas = document["components"]["schemas"]
    for model, fields in FIELD_EXAMPLES.items():
        for field, examples in fields.items():
            schemas[model]["properties"][field]["examples"] = examples
    for model, examples in MODEL_EXAMPLES.items():
        schemas[model]["examples"] = examples
    return document
