"""A vendor signed in sees their own tasks and nothing of another vendor's, on any page or in any answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from picturelock.domain.access import Membership, Role
from picturelock.domain.organisations import visible_task_ids
from picturelock.domain.plan import Plan
from picturelock.services import snapshots

from .harness import OTHER_VENDOR, VENDOR, Site

PAGES = ("", "/gantt", "/tasks")  # dashboard, Gantt, task list


def vendor_view(site: Site, login: str) -> tuple[Plan, frozenset[str]]:
    plan = snapshots.current(site.demo, str(site.db)).plan
    membership = Membership(login, site.demo, Role.VENDOR, site.organisations[login])
    return plan, visible_task_ids(plan, membership)


def mentions(text: str, word: str) -> bool:
    """`word` in `text` as a whole id (so 'ep1-music' is not found inside 'ep1-music-record')."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def leaks(text: str, plan: Plan, hidden: set[str]) -> list[str]:
    names = {t.id: t.name for t in plan.tasks}
    return sorted(f"{i} ({names[i]})" for i in hidden if mentions(text, i) or names[i] in text)


@pytest.fixture(scope="module")
def hidden_from_vendor(site: Site) -> set[str]:
    """The rival vendor's tasks, which the demo vendor must never see (there are some: the harness
    gives the composer to the rival)."""
    _, mine = vendor_view(site, VENDOR)
    _, theirs = vendor_view(site, OTHER_VENDOR)
    assert mine and theirs and not mine & theirs
    return set(theirs)


@pytest.mark.parametrize("suffix", PAGES)
def test_a_vendor_sees_none_of_another_vendors_tasks(
    signed_in: Callable[..., Any], site: Site, hidden_from_vendor: set[str], suffix: str
) -> None:
    plan, _ = vendor_view(site, VENDOR)
    page = signed_in(VENDOR)
    answer = page.goto(f"/productions/{site.demo}{suffix}")
    assert answer.status == 200
    page.wait_for_load_state("networkidle")  # pages that draw after loading (the Gantt) have drawn
    assert leaks(page.content(), plan, hidden_from_vendor) == []
    if suffix == "/gantt":
        svg = page.locator("#gantt svg").first.evaluate("s => s.outerHTML")
        assert leaks(svg, plan, hidden_from_vendor) == []


def test_a_vendors_task_list_is_exactly_their_tasks(signed_in: Callable[..., Any], site: Site) -> None:
    _, mine = vendor_view(site, VENDOR)
    page = signed_in(VENDOR)
    page.goto(f"/productions/{site.demo}/tasks")
    rows = page.locator("#tasks tr[data-task]")
    assert {rows.nth(i).get_attribute("data-task") for i in range(rows.count())} == set(mine)


def test_the_schedule_json_a_vendors_browser_gets_holds_none_of_the_rivals_tasks(
    signed_in: Callable[..., Any], site: Site, hidden_from_vendor: set[str]
) -> None:
    plan, mine = vendor_view(site, VENDOR)
    page = signed_in(VENDOR)
    answer = page.request.get(f"/api/v1/productions/{site.demo}/schedule")
    assert answer.ok, answer.status
    assert leaks(answer.text(), plan, hidden_from_vendor) == []
    assert {t["id"] for t in answer.json()["tasks"]} == set(mine)


def test_a_vendors_home_lists_the_production_they_work_on_and_no_other(
    signed_in: Callable[..., Any], site: Site
) -> None:
    page = signed_in(VENDOR)
    home = page.locator("a.production-link")
    assert [home.nth(i).get_attribute("data-production") for i in range(home.count())] == [str(site.demo)]


@pytest.mark.parametrize("suffix", PAGES)
def test_another_productions_pages_answer_not_found(
    signed_in: Callable[..., Any], site: Site, suffix: str
) -> None:
    page = signed_in(VENDOR)
    elsewhere = page.goto(f"/productions/{site.elsewhere}{suffix}")
    said_elsewhere = page.locator("main").inner_text().replace(str(site.elsewhere), "ID")
    missing = page.goto(f"/productions/{site.elsewhere + 1000}{suffix}")
    said_missing = page.locator("main").inner_text().replace(str(site.elsewhere + 1000), "ID")
    assert elsewhere.status == missing.status == 404
    assert said_elsewhere == said_missing  # nothing tells a production held elsewhere from none
    assert page.locator("form#sign-out").count() == 1  # still signed in: a page, not a sign-in prompt
