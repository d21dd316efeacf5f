"""Every failure answers in the one error shape, with the right status, and never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

from picturelock.domain.access import Role

from .harness import Api, login_of

PRODUCER = login_of(Role.PRODUCER)


def assert_error_shape(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "problems"}
    assert isinstance(error["message"], str) and error["message"]
    assert "Traceback" not in response.text
    for problem in error["problems"]:
        assert set(problem) == {"place", "line", "field", "message", "expected"}
    if code is not None:
        assert error["code"] == code
    return error


def test_unauthenticated_is_401_in_the_shape(api: Api) -> None:
    error = assert_error_shape(api.client.get("/api/v1/productions"), 401, "unauthenticated")
    assert "sign in" in error["message"]


def test_unknown_route_is_404_in_the_shape(api: Api) -> None:
    assert_error_shape(api.client.get("/api/v1/no-such-thing", headers=api.bearer(PRODUCER)), 404)


def test_validation_is_422_naming_the_field(api: Api) -> None:
    response = api.client.get(
        f"/api/v1/productions/{api.home}/schedule?as_of=yesterday", headers=api.bearer(PRODUCER)
    )
    error = assert_error_shape(response, 422, "invalid_input")
    assert [p["field"] for p in error["problems"]] == ["as_of"]
    assert error["problems"][0]["place"] == "query"


def test_missing_production_is_404(api: Api) -> None:
    assert_error_shape(api.client.get("/api/v1/productions/999999", headers=api.bearer(PRODUCER)), 404)


def test_edit_conflict_is_409_and_saves_nothing(api: Api) -> None:
    headers = api.bearer(PRODUCER)
    url = f"/api/v1/productions/{api.home}/tasks/ep1-offline"
    version = _task_version(api, "ep1-offline")
    first = api.client.patch(
        url, json={"expected_version": version, "changes": {"notes": "first"}}, headers=headers
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == version + 1
    stale = api.client.patch(
        url, json={"expected_version": version, "changes": {"notes": "lost?"}}, headers=headers
    )
    error = assert_error_shape(stale, 409, "edit_conflict")
    assert "version" in error["message"]
    plan = api.client.get(f"/api/v1/productions/{api.home}/plan.yaml", headers=headers).text
    assert "first" in plan and "lost?" not in plan


def test_an_edit_breaking_the_plan_is_422_with_its_problems(api: Api) -> None:
    url = f"/api/v1/productions/{api.home}/tasks/ep1-offline"
    body = {
        "expected_version": _task_version(api, "ep1-offline"),
        "changes": {"calendar": "no-such-calendar"},
    }
    error = assert_error_shape(api.client.patch(url, json=body, headers=api.bearer(PRODUCER)), 422)
    assert error["problems"], "the plan's problems are listed"


def test_null_for_a_required_field_is_422(api: Api) -> None:
    url = f"/api/v1/productions/{api.home}/tasks/ep1-offline"
    body = {"expected_version": _task_version(api, "ep1-offline"), "changes": {"name": None}}
    error = assert_error_shape(api.client.patch(url, json=body, headers=api.bearer(PRODUCER)), 422)
    assert error["problems"][0]["field"] == "changes.name"


def test_unexpected_failure_is_500_without_a_traceback(api: Api) -> None:
    app = api.client.app

    @app.get("/api/v1/boom-for-test")  # type: ignore[attr-defined,misc]
    def boom() -> None:
        raise RuntimeError("secret internals")

    response = api.client.get("/api/v1/boom-for-test")
    assert_error_shape(response, 500, "internal")
    assert "secret internals" not in response.text


@pytest.mark.parametrize("route", ["/api/v1/glossary/no-such-process", "/api/v1/templates/no-such/plan.yaml"])
def test_unknown_reference_names_what_exists(api: Api, route: str) -> None:
    error = assert_error_shape(api.client.get(route, headers=api.bearer(PRODUCER)), 422)
    assert "one of" in error["problems"][0]["expected"]


def _task_version(api: Api, task_id: str) -> int:
    detail = api.client.get(f"/api/v1/productions/{api.home}", headers=api.bearer(PRODUCER)).json()
    return next(int(t["version"]) for t in detail["tasks"] if t["id"] == task_id)
