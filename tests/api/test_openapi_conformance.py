"""Schemathesis over `/openapi.json`: generated requests to every `/api/` operation, in process.

Every check Schemathesis has runs on every response (no server errors, documented status codes,
content types and headers, responses that match their schemas, invalid input refused …); the
one adjustment is that schema-valid input may be refused with 422, see `_CONFIG`.
Examples are bounded and derandomised, so every run sends the same requests and stays well
under two minutes.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.main import create_app
from innograph.loading import load
from innograph.settings import MEMORY
from innograph.store import open_store
from tests.api.conftest import seed_settings
from tests.conftest import REPOSITORY

_store = open_store(MEMORY)
load([REPOSITORY / "ontology", REPOSITORY / "data"], store=_store)
_app = create_app(seed_settings(REPOSITORY / "queries"), _store)
_app.state.store = _store
_app.state.settings = seed_settings(REPOSITORY / "queries")

_CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # A schema-valid value the schema cannot judge (an id that names nothing, a cursor
            # this service did not issue, a batch that is not JSON) is refused with 422 and its
            # name, as the API promises; anything else must still be accepted.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]},
        }
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app, config=_CONFIG).include(
    path_regex="^/api/"
)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_openapi_every_api_operation_passes_every_check(case: schemathesis.Case) -> None:
    case.call_and_validate()
