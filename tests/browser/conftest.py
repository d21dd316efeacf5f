"""Browser tests: Playwright driving Debian's Chromium against a real server (see harness.py).

One server and one browser per pytest worker (session fixtures); each test gets its own browser
context (cookies), so tests never see each other's sessions. Skipped with the reason when
$PICTURELOCK_TEST_CHROMIUM is unset (`make test` sets it from scripts/chromium-for-tests.sh; CI must).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .harness import CHROMIUM_ENV, CHROMIUM_FLAGS, LAPTOP, Site, running_site

TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get(CHROMIUM_ENV, "").strip()
    if not path:
        pytest.skip(f"${CHROMIUM_ENV} is not set (scripts/chromium-for-tests.sh installs and names one)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"${CHROMIUM_ENV}={path} is not an executable")
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_FLAGS))
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def site(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with running_site(tmp_path_factory.mktemp("browser-site")) as running:
        yield running


@pytest.fixture(scope="session")
def signed_cookies() -> dict[str, Any]:
    """Each login's browser state after its first sign-in in this session (argon2 costs ~0.3 s each)."""
    return {}


@pytest.fixture
def new_page(browser: Any, site: Site) -> Iterator[Callable[..., Any]]:
    """new_page(state=None) -> a page in a fresh browser context, closed after the test."""
    contexts: list[Any] = []

    def make(state: Any = None) -> Any:
        context = browser.new_context(base_url=site.url, viewport=LAPTOP, storage_state=state)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A page of a browser nobody has signed in on."""
    return new_page()


@pytest.fixture
def signed_in(new_page: Callable[..., Any], site: Site, signed_cookies: dict[str, Any]) -> Callable[..., Any]:
    """signed_in(login, fresh=False) -> a page signed in as `login`, on the home page. The first time
    (or with fresh=True: a session of its own, for tests that end it) through the login form."""

    def sign_in_as(login: str, *, fresh: bool = False) -> Any:
        if not fresh and login in signed_cookies:
            page = new_page(signed_cookies[login])
            page.goto("/")
        else:
            page = new_page()
            sign_in(page, login, site.passwords[login])
        page.wait_for_url(f"{site.url}/")
        if not fresh:
            signed_cookies[login] = page.context.storage_state()
        return page

    return sign_in_as


def sign_in(page: Any, login: str, password: str) -> None:
    page.goto("/login")
    form = page.locator("form#login-form")
    form.locator("input[name=login]").fill(login)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
