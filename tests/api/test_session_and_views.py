"""Signing in and out over HTTP, and what the views answer: the same documents and files the CLI
gives for the same plan (one code path, three doors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from picturelock.api.deps import SESSION_COOKIE
from picturelock.cli import plan_commands  # noqa: F401  (registers `schedule`)
from picturelock.cli.main import cli
from picturelock.domain.access import Role

from .harness import PASSWORD, SMALL_PLAN, Api, login_of, start_api
from .test_errors import assert_error_shape

PRODUCER = login_of(Role.PRODUCER)


def test_sign_in_gives_a_cookie_and_a_token_that_work(api: Api) -> None:
    browser = TestClient(api.client.app, raise_server_exceptions=False)
    response = browser.post("/api/v1/session", json={"login": PRODUCER, "password": PASSWORD})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["login"] == PRODUCER and body["token"] and body["csrf_token"]
    cookie = response.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert browser.get("/api/v1/productions").status_code == 200, "the cookie alone signs in"
    bearer = {"Authorization": f"Bearer {body['token']}"}
    fresh = TestClient(api.client.app, raise_server_exceptions=False)
    assert fresh.get("/api/v1/session", headers=bearer).json()["login"] == PRODUCER


def test_sign_out_ends_the_session(api: Api) -> None:
    token = api.fresh_session(api.tokens[PRODUCER])
    headers = {"Authorization": f"Bearer {token}"}
    assert api.client.delete("/api/v1/session", headers=headers).status_code == 204
    assert_error_shape(api.client.get("/api/v1/productions", headers=headers), 401)


def test_a_wrong_password_is_401_and_says_nothing_about_the_account(api: Api) -> None:
    fresh = TestClient(api.client.app, raise_server_exceptions=False)
    wrong = fresh.post("/api/v1/session", json={"login": PRODUCER, "password": "not the password!"})
    unknown = fresh.post("/api/v1/session", json={"login": "nobody-at-all", "password": "not the password!"})
    assert assert_error_shape(wrong, 401)["message"] == assert_error_shape(unknown, 401)["message"]
    assert "set-cookie" not in wrong.headers


def test_repeated_failures_lock_sign_in_with_retry_after(tmp_path: Path) -> None:
    _, client = start_api(tmp_path)
    with client:
        attempt = {"login": login_of(Role.CREW), "password": "a wrong password!"}
        answers = [client.post("/api/v1/session", json=attempt) for _ in range(6)]
        assert [a.status_code for a in answers[:5]].count(401) >= 4
        locked = answers[-1]
        assert_error_shape(locked, 429, "too_many_attempts")
        assert int(locked.headers["Retry-After"]) > 0
        right = {"login": login_of(Role.CREW), "password": PASSWORD}
        assert client.post("/api/v1/session", json=right).status_code == 429, "locked even for the right one"


def _cli_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_schedule_is_what_the_cli_prints(api: Api) -> None:
    url = f"/api/v1/productions/{api.other}/schedule?as_of=2027-02-01"
    response = api.client.get(url, headers=api.bearer("outsider"))
    assert response.status_code == 200, response.text
    assert response.json() == _cli_json("schedule", str(SMALL_PLAN), "--json", "--as-of", "2027-02-01")


def test_a_levelled_schedule_says_so(api: Api) -> None:
    url = f"/api/v1/productions/{api.other}/schedule?level=true"
    document = api.client.get(url, headers=api.bearer("outsider")).json()
    assert document["levelled"] is True
    assert {t["id"] for t in document["tasks"]} == {
        t["id"] for t in _cli_json("schedule", str(SMALL_PLAN), "--json")["tasks"]
    }


@pytest.mark.parametrize(
    ("suffix", "media", "starts"),
    [
        ("xml", "application/xml", b"<?xml"),
        ("ics", "text/calendar", b"BEGIN:VCALENDAR"),
        ("csv", "text/csv", b""),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("svg", "image/svg+xml", b"<"),
        ("png", "image/png", b"\x89PNG"),
    ],
)
def test_exports_by_format(api: Api, suffix: str, media: str, starts: bytes) -> None:
    response = api.client.get(
        f"/api/v1/productions/{api.other}/export.{suffix}", headers=api.bearer("outsider")
    )
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(media)
    assert response.content.startswith(starts) and len(response.content) > 100
    assert f'production-{api.other}.{suffix}"' in response.headers["content-disposition"]


def test_an_option_a_format_cannot_use_is_refused_by_name(api: Api) -> None:
    url = f"/api/v1/productions/{api.other}/export.png?person=maya"
    error = assert_error_shape(api.client.get(url, headers=api.bearer("outsider")), 400)
    assert "person" in error["message"]


def test_the_plan_file_exports_back(api: Api) -> None:
    response = api.client.get(f"/api/v1/productions/{api.other}/plan.yaml", headers=api.bearer("outsider"))
    assert response.status_code == 200
    assert "Harbour Lights" in response.text and "ep1-offline" in response.text


def test_the_openapi_document_is_published(api: Api) -> None:
    document = api.client.get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Picture Lock API"
    assert "/api/v1/productions/{production_id}/schedule" in document["paths"]


def test_a_new_plan_from_a_template_as_the_cli_writes_it(api: Api, tmp_path: Path) -> None:
    query = "episodes=2&runtime=45&title=Tide%20Line&start=2027-03-01"
    response = api.client.get(
        f"/api/v1/templates/drama-series/plan.yaml?{query}", headers=api.bearer(PRODUCER)
    )
    assert response.status_code == 200, response.text
    from picturelock.cli import setup_commands  # noqa: F401  (registers `new`)

    out = tmp_path / "new.yaml"
    args = ["new", "--template", "drama-series", "--episodes", "2", "--runtime", "45"]
    args += ["--title", "Tide Line", "--start", "2027-03-01", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert response.text == out.read_text(encoding="utf-8")


def test_the_demo_plan_imports_back(api: Api) -> None:
    text = api.client.get("/api/v1/demo/plan.yaml", headers=api.bearer(PRODUCER)).content
    files = {"file": ("demo.yaml", text, "application/yaml")}
    imported = api.client.post("/api/v1/productions", files=files, headers=api.bearer(PRODUCER))
    assert imported.status_code == 201, imported.text
    schedule = api.client.get(
        f"/api/v1/productions/{imported.json()['id']}/schedule", headers=api.bearer(PRODUCER)
    )
    assert schedule.status_code == 200 and schedule.json()["tasks"]
