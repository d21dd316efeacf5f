"""schemathesis against the API, from its own OpenAPI document: no input it can make brings a
server error. Bounded to a few examples per operation (valid and invalid input) so it runs in the
normal suite; the production id is the real one, so generated input reaches the services and not
only the gate."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from picturelock.domain.access import Role

from . import examples
from .harness import Api, login_of
from .test_access import DOCUMENT, OPERATIONS

EXAMPLES = 8
MAX_TIME_LIMIT = 0.5  # the optimiser's seconds: what is fuzzed is the input, not the solver's time


@pytest.fixture(scope="module")
def api_schema(api: Api) -> Any:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.client.app)


def _call(case: Any, api: Api, mode: Any) -> None:
    token = api.tokens[login_of(Role.PRODUCER)]
    if case.operation.definition.raw.get("operationId") == "sign_out":
        token = api.fresh_session(token)
    if case.path_parameters and "production_id" in case.path_parameters:
        case.path_parameters["production_id"] = api.home
    if mode is GenerationMode.POSITIVE:
        examples.aim(case, api)
    if isinstance(case.query, dict) and isinstance(case.query.get("time_limit"), int | float):
        case.query["time_limit"] = min(float(case.query["time_limit"]), MAX_TIME_LIMIT)
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error])
    assert b"Traceback" not in response.content


def _takes_input(path: str, method: str) -> bool:
    spec = DOCUMENT["paths"][path][method]
    return bool(spec.get("parameters") or spec.get("requestBody"))


CASES = [(op.operation_id, GenerationMode.POSITIVE) for op in OPERATIONS] + [
    (op.operation_id, GenerationMode.NEGATIVE) for op in OPERATIONS if _takes_input(op.path, op.method)
]  # negative input needs some input to break


@pytest.mark.parametrize(("operation_id", "mode"), CASES, ids=[f"{o}-{m.value}" for o, m in CASES])
def test_no_input_brings_a_server_error(api: Api, api_schema: Any, operation_id: str, mode: Any) -> None:
    operation = api_schema.find_operation_by_id(operation_id)

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case: Any) -> None:
        _call(case, api, mode)

    run()
