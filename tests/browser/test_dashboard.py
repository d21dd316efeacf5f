"""The production dashboard shows what the schedule service computes: critical path, finish, milestones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from picturelock.services import snapshots

from .harness import SUPERVISOR, Site


def shown_critical_path(page: Any) -> list[str]:
    items = page.locator("#critical-path li[data-task]")
    return [items.nth(i).get_attribute("data-task") for i in range(items.count())]


def date_texts(day: date) -> set[str]:
    """The ways a page may write a date for people: ISO, '18 Feb 2027', '18 February 2027'."""
    return {day.isoformat(), f"{day.day} {day:%b %Y}", f"{day.day} {day:%B %Y}", f"{day:%d %b %Y}"}


def test_the_dashboard_shows_the_critical_path_in_order_and_the_finish(
    signed_in: Callable[[str], Any], site: Site
) -> None:
    document = snapshots.current(site.demo, str(site.db)).document()
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{site.demo}")
    assert shown_critical_path(page) == document["critical_path"]
    finish = page.locator("#project-finish").inner_text()
    assert any(text in finish for text in date_texts(date.fromisoformat(document["finish"]))), finish
    assert page.locator("#escalations").is_visible()


def test_the_dashboard_lists_the_next_milestones_in_date_order(
    signed_in: Callable[..., Any], site: Site
) -> None:
    snapshot = snapshots.current(site.demo, str(site.db))
    milestones = {t.id for t in snapshot.plan.tasks if t.milestone}
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{site.demo}")
    items = page.locator("#milestones li[data-task]")
    shown = [items.nth(i).get_attribute("data-task") for i in range(items.count())]
    assert shown and set(shown) <= milestones
    finishes = [snapshot.schedule.finish_date(task) for task in shown]
    assert finishes == sorted(finishes)
    assert snapshot.plan.status_date is not None and finishes[0] >= snapshot.plan.status_date  # still ahead


def test_the_production_nav_leads_to_every_page(signed_in: Callable[[str], Any], site: Site) -> None:
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{site.demo}")
    nav = page.locator("nav#production-nav")
    names = [text.strip() for text in nav.locator("a").all_inner_texts()]
    for wanted in ("Dashboard", "Gantt", "Tasks", "Links", "Resources", "Jobs"):
        assert wanted in names, names
    nav.get_by_role("link", name="Tasks", exact=True).click()
    page.wait_for_url(f"{site.url}/productions/{site.demo}/tasks")
    rows = page.locator("#tasks tr[data-task]")
    plan = snapshots.current(site.demo, str(site.db)).plan
    assert {rows.nth(i).get_attribute("data-task") for i in range(rows.count())} == {t.id for t in plan.tasks}
    edits = page.locator("#tasks tr[data-task] a[href*='/tasks/']")
    hrefs = {edits.nth(i).get_attribute("href") for i in range(edits.count())}
    assert hrefs == {f"/productions/{site.demo}/tasks/{t.id}" for t in plan.tasks}  # an edit link per task


PAGES = ("", "/gantt", "/tasks", "/links", "/resources", "/jobs")
SPILLS = """() => [...document.querySelectorAll('.panel')]
    .filter(panel => panel.scrollWidth > panel.clientWidth + 1)
    .map(p => `${p.id || p.querySelector('h2')?.textContent}: ${p.scrollWidth} > ${p.clientWidth}`)"""


@pytest.mark.parametrize("suffix", PAGES)
def test_at_a_laptops_width_nothing_spills_out_of_its_panel_or_the_page(
    signed_in: Callable[..., Any], site: Site, suffix: str
) -> None:
    """Text overlapping the next panel is only seen in a browser: each panel holds its content and the
    page itself never scrolls sideways (wide tables and the Gantt scroll inside their own boxes)."""
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{site.demo}{suffix}")
    assert page.evaluate(SPILLS) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= page.viewport_size["width"]
