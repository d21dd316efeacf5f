"""The interactive Gantt page through the real site (tests/web/harness.py: create_site over a real
SQLite file, one account per role; vendor-org's part of the plan is ep1-grade, client-org's ep2-grade).

Pages are read with a cookie session as a browser would; the SVG inside the answer is parsed as XML.
Tests that move a task do it on a fresh copy of the production.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picturelock.domain.access import Role
from picturelock.domain.plan import ConstraintKind
from picturelock.domain.schedule.result import Schedule
from picturelock.services import productions, scheduling, visibility
from picturelock.web.gantt_chart import ZOOMS, ChartView

from .harness import Site, home_plan, login_of, organisation_of

SVG = "{http://www.w3.org/2000/svg}"
SWITCHED_ON = {"1", "on", "true", "yes"}  # what a checkbox or a script may send for "show it"
EDITORS = (Role.PRODUCER, Role.POST_SUPERVISOR, Role.COORDINATOR)
READERS = (Role.ACCOUNTANT, Role.CREW, Role.EXECUTIVE)


def fresh(site: Site) -> int:
    """A copy of the home production (the same members), for a test that changes it."""
    production_id = productions.import_plan(home_plan(), site.db, by="tests")
    for role in Role:
        site.accounts.grant_membership(production_id, login_of(role), role, organisation_of(role), by="tests")
    return production_id


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg\b.*?</svg>", html, re.DOTALL)
    assert found, "no <svg> in the answer"
    return ET.fromstring(found.group(0))


def bars(svg: ET.Element) -> dict[str, ET.Element]:
    return {e.get("data-task", ""): e for e in svg.iter() if e.get("data-task")}


def classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def baseline_marks(svg: ET.Element) -> int:
    """Baseline bars drawn on task rows (the legend's swatch is not one)."""
    rows = [g for g in svg.iter(f"{SVG}g") if "row-task" in classes(g) or "row-milestone" in classes(g)]
    return sum(1 for g in rows for e in g if "baseline" in classes(e))


def schedule_now(site: Site, production_id: int) -> Schedule:
    return scheduling.schedule(productions.get_production(production_id, site.db).plan)


def visible_ids(site: Site, role: Role, production_id: int) -> frozenset[str]:
    plan = productions.get_production(production_id, site.db).plan
    return visibility.visible_task_ids(plan, site.membership(role))


def critical_set(schedule: Schedule) -> set[str]:
    return {i for i, times in schedule.tasks.items() if times.critical}


# -- reading ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", list(Role))
def test_every_member_sees_their_bars_with_the_schedules_critical_path(site: Site, role: Role) -> None:
    answer = site.browser(role).get(f"/productions/{site.home}/gantt")
    assert answer.status_code == 200, answer.text
    assert 'id="gantt"' in answer.text and 'id="gantt-status"' in answer.text
    drawn = bars(svg_of(answer.text))
    assert set(drawn) == visible_ids(site, role, site.home)
    schedule = schedule_now(site, site.home)
    plan = productions.get_production(site.home, site.db).plan
    for task_id, bar in drawn.items():
        assert ("critical" in classes(bar)) == schedule.tasks[task_id].critical, task_id
        task = plan.task(task_id)
        assert ("milestone" in classes(bar)) == (task.milestone or task.duration_days == 0), task_id
        assert bar.get("data-start") == schedule.start_date(task_id).isoformat()
        assert bar.get("data-finish") == schedule.finish_date(task_id).isoformat()
        assert bar.get("tabindex") == "0"


@pytest.mark.parametrize("role", [Role.VENDOR, Role.CLIENT])
def test_a_vendor_or_client_is_shown_nothing_of_other_organisations(site: Site, role: Role) -> None:
    plan = productions.get_production(site.home, site.db).plan
    seen = visibility.view_of(plan, site.membership(role))
    shown = visible_ids(site, role, site.home)
    assert shown and len(shown) < len(plan.tasks)
    browser = site.browser(role)
    for path in ("gantt", "gantt/chart?zoom=day&baseline=1", "gantt/chart?critical=1"):
        answer = browser.get(f"/productions/{site.home}/{path}")
        assert answer.status_code == 200
        svg = svg_of(answer.text) if "<svg" in answer.text else None
        text = " ".join(svg.itertext()) if svg is not None else ""
        attributes = " ".join(v for e in (svg.iter() if svg is not None else ()) for v in e.attrib.values())
        assert seen.shows(text) and seen.shows(attributes), path  # no other task, resource, person, org
        assert set(bars(svg) if svg is not None else {}) <= shown


def test_the_chart_fragment_follows_zoom_baseline_and_critical_only(site: Site) -> None:
    browser, chart = site.browser(Role.PRODUCER), f"/productions/{site.home}/gantt/chart"
    scales = {}
    for zoom in ("day", "week", "month"):
        svg = svg_of(browser.get(f"{chart}?zoom={zoom}").text)
        scales[zoom] = float(svg.get("data-px-per-day", "0"))
    assert scales["day"] > scales["week"] > scales["month"] > 0
    plan = productions.get_production(site.home, site.db).plan
    assert baseline_marks(svg_of(browser.get(f"{chart}?baseline=1").text)) == len(plan.baselines[0].tasks)
    assert baseline_marks(svg_of(browser.get(f"{chart}?baseline=0").text)) == 0
    critical_only = bars(svg_of(browser.get(f"{chart}?critical=1").text))
    assert set(critical_only) == critical_set(schedule_now(site, site.home))


def test_the_page_keeps_the_dom_contract(site: Site) -> None:
    browser = site.browser(Role.COORDINATOR)
    page = browser.get(f"/productions/{site.home}/gantt?zoom=month&critical=0").text
    for zoom in ("day", "week", "month"):
        assert f'data-zoom="{zoom}"' in page
    assert re.search(r'<button[^>]*data-zoom="month"[^>]*aria-pressed="true"', page)
    assert 'id="show-baseline"' in page and 'id="critical-only"' in page
    assert 'data-nav="gantt" aria-current="page"' in page
    for asset in ("/static/gantt.js", "/static/gantt.css"):
        assert asset in page and browser.get(asset).status_code == 200


# -- moving ----------------------------------------------------------------------------------------
def move(site: Site, role: Role, production_id: int, fields: dict[str, str], *, csrf: bool = True) -> Any:
    browser = site.browser(role)
    headers = {"X-Gantt-Fragment": "1"}
    if csrf:
        headers["X-CSRF-Token"] = site.csrf(browser)
    return browser.post(f"/productions/{production_id}/gantt/move", data=fields, headers=headers)


def version_of(site: Site, production_id: int, task_id: str) -> int:
    return productions.get_production(production_id, site.db).tasks[task_id].version


def test_a_move_sets_the_snet_and_the_chart_shows_the_recomputed_critical_path(site: Site) -> None:
    production_id = fresh(site)
    before = critical_set(schedule_now(site, production_id))
    version = version_of(site, production_id, "ep2-grade")
    fields = {"task": "ep2-grade", "start": "2027-03-25", "expected_version": str(version)}
    answer = move(site, Role.POST_SUPERVISOR, production_id, fields)
    assert answer.status_code == 200, answer.text
    plan = productions.get_production(production_id, site.db).plan
    snet = [c.on for c in plan.task("ep2-grade").constraints if c.kind is ConstraintKind.SNET]
    assert snet == [date(2027, 3, 25)]
    recomputed = critical_set(schedule_now(site, production_id))
    drawn = bars(svg_of(answer.text))
    assert {i for i, bar in drawn.items() if "critical" in classes(bar)} == recomputed
    assert recomputed != before  # the move put Ep 2's grade and delivery on the critical path
    assert 'data-outcome="moved"' in answer.text and "Critical path changed" in answer.text
    assert drawn["ep2-grade"].get("data-version") == str(version_of(site, production_id, "ep2-grade"))


def test_a_move_earlier_than_the_logic_allows_names_what_holds_the_task(site: Site) -> None:
    production_id = fresh(site)
    held = schedule_now(site, production_id)
    fields = {"task": "ep1-grade", "start": "2027-01-05", "expected_version": "1"}
    answer = move(site, Role.PRODUCER, production_id, fields)
    assert answer.status_code == 200
    after = schedule_now(site, production_id)
    assert after.start_date("ep1-grade") == held.start_date("ep1-grade") > date(2027, 1, 5)
    outcome = re.search(r'<p class="gantt-outcome"[^>]*>(.*?)</p>', answer.text, re.DOTALL)
    assert outcome is not None
    assert "Critical path unchanged" in outcome.group(1)
    assert html.unescape(after.tasks["ep1-grade"].start_driver.text) in html.unescape(outcome.group(1))


def test_a_move_as_json_answers_the_same_fragment(site: Site) -> None:
    production_id = fresh(site)
    browser = site.browser(Role.PRODUCER)
    body = {"task": "ep1-mix", "start": "2027-02-01", "expected_version": 1, "zoom": "day"}
    headers = {"X-CSRF-Token": site.csrf(browser), "X-Gantt-Fragment": "1"}
    answer = browser.post(f"/productions/{production_id}/gantt/move", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert schedule_now(site, production_id).start_date("ep1-mix") == date(2027, 2, 1)
    assert svg_of(answer.text).get("data-px-per-day") == "22"  # redrawn in the view it was asked for


def test_a_plain_form_post_with_its_csrf_field_answers_the_whole_page(site: Site) -> None:
    production_id = fresh(site)
    browser = site.browser(Role.PRODUCER)
    fields = {
        "task": "ep1-mix",
        "start": "2027-02-01",
        "expected_version": "1",
        "csrf_token": site.csrf(browser),
    }
    answer = browser.post(f"/productions/{production_id}/gantt/move", data=fields)
    assert answer.status_code == 200, answer.text
    assert 'id="gantt-status"' in answer.text and "Moved Ep 1 final mix" in answer.text
    assert schedule_now(site, production_id).start_date("ep1-mix") == date(2027, 2, 1)


def test_a_stale_version_is_refused_with_409_and_changes_nothing(site: Site) -> None:
    production_id = fresh(site)
    stale = version_of(site, production_id, "ep1-grade")
    first = {"task": "ep1-grade", "start": "2027-02-08", "expected_version": str(stale)}
    assert move(site, Role.PRODUCER, production_id, first).status_code == 200
    held = productions.get_production(production_id, site.db)
    second = {"task": "ep1-grade", "start": "2027-02-15", "expected_version": str(stale)}
    answer = move(site, Role.COORDINATOR, production_id, second)
    assert answer.status_code == 409
    assert 'data-outcome="conflict"' in answer.text and "Not moved" in answer.text
    assert login_of(Role.PRODUCER) in answer.text  # who got there first
    now = productions.get_production(production_id, site.db)
    assert now.version == held.version and now.plan == held.plan
    assert bars(svg_of(answer.text))["ep1-grade"].get("data-start") == "2027-02-08"  # the chart as it is now


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"task": "ep1-grade", "start": "next week", "expected_version": "1"}, "start"),
        ({"task": "ep1-grade", "start": "2027-02-08", "expected_version": "x"}, "expected_version"),
        ({"start": "2027-02-08", "expected_version": "1"}, "task"),
    ],
)
def test_bad_move_values_answer_422_naming_the_field(site: Site, fields: dict[str, str], named: str) -> None:
    version = productions.production_version(site.home, site.db)
    answer = move(site, Role.PRODUCER, site.home, fields)
    assert answer.status_code == 422
    assert 'data-outcome="invalid"' in answer.text and f"{named}:" in answer.text
    assert productions.production_version(site.home, site.db) == version


def test_a_move_the_plan_refuses_answers_422_and_one_of_no_task_404(site: Site) -> None:
    production_id = fresh(site)
    far = {"task": "ep1-grade", "start": "2999-12-31", "expected_version": "1"}
    assert move(site, Role.PRODUCER, production_id, far).status_code == 422
    missing = {"task": "no-such-task", "start": "2027-02-08", "expected_version": "1"}
    answer = move(site, Role.PRODUCER, production_id, missing)
    assert answer.status_code == 404 and 'data-outcome="missing"' in answer.text
    assert productions.production_version(production_id, site.db) == 1


@pytest.mark.parametrize("role", [*READERS, Role.VENDOR, Role.CLIENT])
def test_read_only_members_get_no_handles_and_cannot_move(site: Site, role: Role) -> None:
    svg = svg_of(site.browser(role).get(f"/productions/{site.home}/gantt").text)
    assert svg.get("data-editable") == "false"
    assert not [e for e in bars(svg).values() if e.get("data-movable") or e.get("data-version")]
    version = productions.production_version(site.home, site.db)
    task = sorted(visible_ids(site, role, site.home))[0]
    answer = move(site, role, site.home, {"task": task, "start": "2027-02-08", "expected_version": "1"})
    assert answer.status_code in (403, 404)
    assert productions.production_version(site.home, site.db) == version


@pytest.mark.parametrize("role", EDITORS)
def test_editors_get_movable_bars_except_for_started_work(site: Site, role: Role) -> None:
    svg = svg_of(site.browser(role).get(f"/productions/{site.home}/gantt").text)
    assert svg.get("data-editable") == "true"
    plan = productions.get_production(site.home, site.db).plan
    for task_id, bar in bars(svg).items():
        started = plan.task(task_id).progress.actual_start is not None
        assert (bar.get("data-movable") == "true") == (not started)
        assert bar.get("data-version") == str(version_of(site, site.home, task_id))


def test_a_move_without_the_csrf_token_is_refused(site: Site) -> None:
    version = productions.production_version(site.home, site.db)
    fields = {"task": "ep1-grade", "start": "2027-02-08", "expected_version": "1"}
    assert move(site, Role.PRODUCER, site.home, fields, csrf=False).status_code == 403
    assert productions.production_version(site.home, site.db) == version


# -- the view in the address ------------------------------------------------------------------------
@given(
    st.dictionaries(
        st.sampled_from(["zoom", "baseline", "critical", "other"]),
        st.lists(
            st.text(max_size=8) | st.sampled_from(["day", "week", "month", "0", "1", "on", "True", "no"]),
            max_size=3,
        ),
    )
)
def test_any_query_gives_a_view_the_chart_can_draw(values: dict[str, list[str]]) -> None:
    view = ChartView.from_values(values)
    assert view.zoom in ZOOMS
    asked = (values.get("zoom") or [None])[-1]
    assert view.zoom == (asked if asked in ZOOMS else "week")
    assert view.critical_only == ((values.get("critical") or ["0"])[-1].lower() in SWITCHED_ON)
    assert view.baseline == ((values.get("baseline") or ["1"])[-1].lower() in SWITCHED_ON)
