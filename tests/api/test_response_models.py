"""The library's values are the REST API's response models: each reaches the OpenAPI document
whole, every field in the order the JSON writes it, and every field required (it always is)."""

from __future__ import annotations

import dataclasses

from fastapi.testclient import TestClient

from innograph.lookups import models

NOT_SERVED_AS_THEY_ARE = {
    "Model": "the base of the others, with no fields",
    "Candidate": "answered in the W3C Reconciliation API's shape (api.schemas.Candidate)",
    "Entity": "a resource's page (/id/…), HTML; its data is the RDF the same IRI answers",
    "Statement": "a line of an entity's page",
    "Overview": "the home page (/), HTML",
    "SourceSummary": "a line of the home page",
}


def test_every_field_of_every_library_model_is_in_the_openapi_document(
    seed_client: TestClient,
) -> None:
    components = seed_client.get("/openapi.json").json()["components"]["schemas"]
    served = [name for name in models.__all__ if name not in NOT_SERVED_AS_THEY_ARE]
    fields = {
        name: [field.name for field in dataclasses.fields(getattr(models, name))] for name in served
    }
    documented = {name: list(components.get(name, {}).get("properties", {})) for name in served}
    required = {name: components.get(name, {}).get("required", []) for name in served}
    assert documented == fields
    assert required == fields
