"""Signing in and out through the forms: the API's session cookie, its rate limit, safe redirects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from picturelock.api.deps import SESSION_COOKIE
from picturelock.domain.access import Role

from .harness import PASSWORD, Site, csrf_of, login_of, start_site


def sign_in(site: Site, login: str, password: str, next_path: str = "/", **headers: str) -> tuple[Any, Any]:
    client = site.anonymous()
    data = {"login": login, "password": password, "next": next_path}
    return client, client.post("/login", data=data, headers=headers)


def test_the_form_has_what_the_browser_tests_use(site: Site) -> None:
    page = site.anonymous().get("/login").text
    for needle in ('<form id="login-form"', 'name="login"', 'name="password"', 'type="submit"'):
        assert needle in page
    assert 'id="login-error"' not in page


def test_signing_in_sets_the_api_session_cookie_and_goes_on(site: Site) -> None:
    client, response = sign_in(site, login_of(Role.COORDINATOR), PASSWORD, f"/productions/{site.home}/tasks")
    assert response.status_code == 303
    assert response.headers["location"] == f"/productions/{site.home}/tasks"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert client.get("/api/v1/session").json()["login"] == login_of(Role.COORDINATOR)
    home = client.get("/")
    assert home.status_code == 200 and f'data-production="{site.home}"' in home.text


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_takes_only_paths_of_this_site(site: Site, target: str) -> None:
    _, response = sign_in(site, login_of(Role.CREW), PASSWORD, target)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_a_wrong_password_says_so_without_naming_which(site: Site) -> None:
    _, wrong = sign_in(site, login_of(Role.CREW), "not the password at all")
    _, unknown = sign_in(site, "nobody-here", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    assert 'id="login-error"' in wrong.text
    assert SESSION_COOKIE not in wrong.headers.get("set-cookie", "")
    message = wrong.text.split('id="login-error"')[1].split("</p>")[0]
    assert message == unknown.text.split('id="login-error"')[1].split("</p>")[0]


def test_a_form_posted_from_another_site_is_refused(site: Site) -> None:
    _, response = sign_in(site, login_of(Role.CREW), PASSWORD, origin="https://evil.example")
    assert response.status_code == 403 and 'id="login-error"' in response.text


def test_signing_out_ends_the_session(site: Site) -> None:
    client, _ = sign_in(site, login_of(Role.EXECUTIVE), PASSWORD)
    page = client.get("/").text
    assert '<form id="sign-out"' in page
    token = client.cookies[SESSION_COOKIE]
    response = client.post("/logout", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert (
        "Max-Age=0" in response.headers["set-cookie"] or "expires=" in response.headers["set-cookie"].lower()
    )
    replay = site.anonymous()
    replay.cookies.set(SESSION_COOKIE, token)
    assert replay.get("/").status_code == 303, "the old cookie no longer opens a page"


def test_a_page_asked_for_signed_out_comes_back_after_signing_in(site: Site) -> None:
    client = site.anonymous()
    wanted = f"/productions/{site.home}/tasks?x=1"
    response = client.get(wanted)
    assert response.status_code == 303
    form = client.get(response.headers["location"]).text
    assert f'name="next" value="{wanted}"' in form
    htmx = client.get(wanted, headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/login?next=")


def test_too_many_failures_lock_the_login_with_a_message(tmp_path: Path) -> None:
    site = start_site(tmp_path)
    try:
        statuses = []
        for _ in range(8):
            _, response = sign_in(site, login_of(Role.ACCOUNTANT), "wrong password, again")
            statuses.append(response.status_code)
        assert statuses[0] == 401 and statuses[-1] == 429
        assert 'id="login-error"' in response.text and "Retry-After" in response.headers
        _, right = sign_in(site, login_of(Role.ACCOUNTANT), PASSWORD)
        assert right.status_code == 429, "a locked login stays locked even with the right password"
    finally:
        site.app.state.gate.close()
