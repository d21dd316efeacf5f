"""Signing in and out in a real browser; a form post without its CSRF token is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .conftest import sign_in
from .harness import SUPERVISOR, Site


def test_signing_in_lands_on_the_productions_the_person_works_on(
    signed_in: Callable[[str], Any], site: Site
) -> None:
    page = signed_in(SUPERVISOR)
    links = page.locator("a.production-link")
    held = {int(links.nth(i).get_attribute("data-production")) for i in range(links.count())}
    assert site.demo in held
    assert site.elsewhere not in held  # not a member there
    demo_link = page.locator(f"a.production-link[data-production='{site.demo}']")
    demo_link.click()
    page.wait_for_url(f"{site.url}/productions/{site.demo}")


def test_a_wrong_password_says_so_and_signs_nobody_in(page: Any, site: Site) -> None:
    sign_in(page, SUPERVISOR, site.passwords[SUPERVISOR] + "x")
    page.locator("#login-error").wait_for()
    assert page.locator("#login-error").inner_text().strip()
    assert site.passwords[SUPERVISOR] not in page.content()  # the password is not echoed back
    page.goto("/")
    page.wait_for_url(f"{site.url}/login**")


def test_pages_ask_a_stranger_to_sign_in(page: Any, site: Site) -> None:
    page.goto(f"/productions/{site.demo}")
    page.wait_for_url(f"{site.url}/login**")
    assert page.locator("form#login-form").is_visible()


def test_signing_out_ends_the_session(signed_in: Callable[[str], Any], site: Site) -> None:
    page = signed_in(SUPERVISOR, fresh=True)
    page.locator("form#sign-out [type=submit]").click()
    page.wait_for_url(f"{site.url}/login**")
    page.goto("/")
    page.wait_for_url(f"{site.url}/login**")


def test_a_form_posted_without_its_csrf_token_is_refused(signed_in: Callable[[str], Any], site: Site) -> None:
    """The sign-out form with its hidden token taken out: refused, and the session still stands."""
    page = signed_in(SUPERVISOR, fresh=True)
    form = page.locator("form#sign-out")
    assert form.locator("input[name=csrf_token]").count() == 1  # the form carries one
    form.evaluate("f => f.querySelector('input[name=csrf_token]').remove()")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        form.locator("[type=submit]").click()
    assert posted.value.status == 403
    page.goto("/")
    page.wait_for_url(f"{site.url}/")  # still signed in
    assert page.locator(f"a.production-link[data-production='{site.demo}']").count() == 1
