"""Uploading a plan file in the browser: a good one becomes a production, a broken one lists its problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.services import productions, snapshots
from picturelock.services.plans import load_plan

from .harness import SMALL_PLAN, SUPERVISOR, Site

BREAKAGES = {  # three mistakes in three places of the small plan
    "    duration: 2.5\n": "    duration: -2.5\n",
    "assign: [dub-a]": "assign: [dub-z]",
    "after: [ep2-offline]": "after: [ep2-ofline]",
}


def upload(page: Any, site: Site, path: Path) -> None:
    page.goto("/")
    page.locator("a#new-production").click()
    page.wait_for_url(f"{site.url}/productions/new")
    form = page.locator("form#upload-form")
    form.locator("input[type=file][name=file]").set_input_files(str(path))
    form.locator("[type=submit]").click()


def held_ids(site: Site) -> set[int]:
    return {summary.id for summary in productions.list_productions(str(site.db))}


def test_an_uploaded_plan_becomes_a_production_and_opens_on_its_dashboard(
    signed_in: Callable[..., Any], site: Site
) -> None:
    before = held_ids(site)
    page = signed_in(SUPERVISOR)
    upload(page, site, SMALL_PLAN)
    page.wait_for_url(re.compile(rf"^{re.escape(site.url)}/productions/\d+$"))
    made = int(page.url.rsplit("/", 1)[1])
    assert made not in before and held_ids(site) == before | {made}
    snapshot = snapshots.current(made, str(site.db))
    assert snapshot.plan == load_plan(SMALL_PLAN)  # what was uploaded is what is held
    items = page.locator("#critical-path li[data-task]")
    assert [items.nth(i).get_attribute("data-task") for i in range(items.count())] == list(
        snapshot.schedule.critical_path
    )
    page.goto("/")
    assert page.locator(f"a.production-link[data-production='{made}']").count() == 1


@pytest.fixture
def broken_plan(tmp_path: Path) -> tuple[Path, list[Problem]]:
    text = SMALL_PLAN.read_text(encoding="utf-8")
    for good, bad in BREAKAGES.items():
        assert good in text
        text = text.replace(good, bad, 1)
    path = tmp_path / "harbour-lights-broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_plan(path)
    return path, list(refused.value.problems)


def test_a_broken_plan_file_lists_every_problem_and_makes_nothing(
    signed_in: Callable[..., Any], site: Site, broken_plan: tuple[Path, list[Problem]]
) -> None:
    path, problems = broken_plan
    assert len(problems) == len(BREAKAGES)
    before = held_ids(site)
    page = signed_in(SUPERVISOR)
    upload(page, site, path)
    shown = page.locator("#upload-problems")
    shown.wait_for()
    items = shown.locator("li")
    texts = [items.nth(i).inner_text() for i in range(items.count())]
    assert len(texts) == len(problems), texts
    for problem in problems:
        assert any(problem.message in text and problem.field in text for text in texts), (problem, texts)
    assert held_ids(site) == before
