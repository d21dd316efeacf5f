"""Browser tests: Playwright driving Debian's Chromium against a real server (see harness.py).

One server and one browser per pytest worker (session fixtures); each test gets its own browser
context (cookies), so tests never see each other's sessions. Skipped with the reason when
$PICTURELOCK_TEST_CHROMIUM is unset (`make test` sets it from scripts/chromium-for-tests.sh; CI must).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import CHROMIUM_ENV, CHROMIUM_FLAGS, LAPTOP, Site, running_site

TIMEOUT_MS = 30_000  # generous: CI machines may be busy; a passing test never waits for it
OPEN_CONTEXTS = pytest.StashKey[list[Any]]()
LOG_LINES = 40  # of the server's log, shown under a failed test


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under a failed browser test: each open page's address and a picture of it, and the end of the
    server's log (what CI keeps of a failure)."""
    outcome = yield
    report = outcome.get_result()
    site = getattr(item, "funcargs", {}).get("site")
    if report.when != "call" or not report.failed or not isinstance(site, Site) or site.log is None:
        return
    folder = site.log.parent / "failures"
    for number, context in enumerate(item.stash.get(OPEN_CONTEXTS, [])):
        for page in context.pages:
            folder.mkdir(exist_ok=True)
            picture = folder / f"{item.name}-{number}.png".replace("/", "_")
            try:
                page.screenshot(path=str(picture), full_page=True)
            except Exception as error:  # the page may be what broke
                picture = Path(f"(no picture: {error})")
            report.sections.append((f"page {number}", f"{page.url}\n{picture}"))
    lines = site.log.read_text(errors="replace").splitlines()[-LOG_LINES:]
    report.sections.append(("server log (last lines)", "\n".join(lines)))


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
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)  # expect() has its own default (5 s)
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
def new_page(browser: Any, site: Site, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """new_page(state=None) -> a page in a fresh browser context, closed after the test."""
    contexts: list[Any] = []
    request.node.stash[OPEN_CONTEXTS] = contexts

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
