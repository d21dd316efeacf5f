"""Uploads from the pages: a new production from a plan file or MS Project XML, a newer file
replacing the plan against the version shown, every problem of a bad file listed, nothing stored
on any refusal, too large refused with the HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from picturelock.domain.access import Role
from picturelock.services import productions
from picturelock.services.exports import write_plan_file

from .harness import SMALL_PLAN, Site, csrf_of, login_of, start_site

BAD_PLAN = b"""picturelock: 1
production: {title: Broken, format: feature, episodes: 0, runtime_minutes: 90, currency: GBP, country: GB,
  start: 2027-01-04}
tasks:
  - {id: a, name: A, duration: -3}
  - {id: b, name: B, duration: 2, after: [nowhere]}
"""


def count(site: Site) -> int:
    return len(productions.list_productions(site.db))


def upload(site: Site, path: str, name: str, content: bytes, **fields: str) -> tuple[Any, Any]:
    client = site.browser(Role.PRODUCER)
    csrf = csrf_of(client.get("/").text)
    return client, client.post(path, data={"csrf_token": csrf, **fields}, files={"file": (name, content)})


def test_the_upload_form_has_what_the_browser_tests_use(site: Site) -> None:
    page = site.browser(Role.CREW).get("/productions/new").text
    assert '<form id="upload-form"' in page and 'type="file"' in page and 'name="file"' in page
    assert 'id="new-production"' in site.browser(Role.CREW).get("/").text


def test_a_plan_file_becomes_a_production_the_uploader_produces(site: Site) -> None:
    before = count(site)
    client, response = upload(site, "/productions/new", "harbour.yaml", SMALL_PLAN.read_bytes())
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert count(site) == before + 1
    dashboard = client.get(response.headers["location"])
    assert dashboard.status_code == 200 and 'id="project-finish"' in dashboard.text
    roles = {m.production: m.role for m in site.accounts.memberships(login_of(Role.PRODUCER))}
    assert roles[new_id] == Role.PRODUCER


def test_an_ms_project_file_becomes_a_production(site: Site, tmp_path: Path) -> None:
    from picturelock.services import scheduling
    from picturelock.services.exports import export
    from picturelock.services.plans import load_plan

    plan = load_plan(SMALL_PLAN)
    target = tmp_path / "plan.xml"
    export(plan, scheduling.schedule(plan), target)
    _, response = upload(site, "/productions/new", "plan.xml", target.read_bytes())
    assert response.status_code == 303, response.text[:500]


def test_a_bad_file_lists_each_problem_and_stores_nothing(site: Site) -> None:
    before = count(site)
    _, response = upload(site, "/productions/new", "broken.yaml", BAD_PLAN)
    assert response.status_code == 422
    listing = response.text.split('id="upload-problems"')[1].split("</div>")[0]
    assert listing.count("<li>") >= 2 and "broken.yaml" in listing and "nowhere" in listing
    assert count(site) == before


@pytest.mark.parametrize(
    ("name", "content", "status"), [("notes.txt", b"hello", 415), ("empty.yaml", b"", 422)]
)
def test_files_that_are_not_plans_are_refused(site: Site, name: str, content: bytes, status: int) -> None:
    before = count(site)
    _, response = upload(site, "/productions/new", name, content)
    assert response.status_code == status and 'id="upload-problems"' in response.text
    assert count(site) == before


def test_a_newer_plan_replaces_the_old_against_the_version_shown(site: Site, tmp_path: Path) -> None:
    held = productions.get_production(site.home, site.db)
    newer = tmp_path / "newer.yaml"
    from dataclasses import replace

    write_plan_file(
        replace(held.plan, production=replace(held.plan.production, title="Harbour Lights II")), newer
    )
    path = f"/productions/{site.home}/plan"
    page = site.browser(Role.PRODUCER).get(path).text
    assert f'data-version="{held.version}"' in page and 'id="replace-plan-form"' in page
    client, response = upload(
        site, path, "newer.yaml", newer.read_bytes(), expected_version=str(held.version)
    )
    assert response.status_code == 303
    assert productions.get_production(site.home, site.db).plan.production.title == "Harbour Lights II"
    assert 'id="saved"' in client.get(response.headers["location"]).text

    _, stale = upload(site, path, "newer.yaml", SMALL_PLAN.read_bytes(), expected_version=str(held.version))
    assert stale.status_code == 409 and 'id="conflict"' in stale.text
    assert f"version {held.version + 1}" in stale.text and "producer-w" in stale.text
    assert productions.get_production(site.home, site.db).plan.production.title == "Harbour Lights II"


def test_a_bad_replacement_changes_nothing(site: Site) -> None:
    held = productions.get_production(site.home, site.db)
    path = f"/productions/{site.home}/plan"
    _, response = upload(site, path, "broken.yaml", BAD_PLAN, expected_version=str(held.version))
    assert response.status_code == 422 and 'id="upload-problems"' in response.text
    assert productions.get_production(site.home, site.db).version == held.version


def test_only_editors_may_replace_the_plan(site: Site) -> None:
    page = site.browser(Role.EXECUTIVE).get(f"/productions/{site.home}/plan").text
    assert 'id="replace-plan-form"' not in page and "plan.yaml" in page
    assert site.browser(Role.VENDOR).get(f"/productions/{site.home}/plan").status_code == 404


def test_too_large_uploads_are_refused_with_the_page(tmp_path: Path) -> None:
    site = start_site(tmp_path, max_upload_bytes=2000)
    try:
        before = count(site)
        _, streamed = upload(site, "/productions/new", "big.yaml", SMALL_PLAN.read_bytes() + b"#" * 3000)
        assert streamed.status_code == 413 and 'id="upload-problems"' in streamed.text
        _, declared = upload(site, "/productions/new", "huge.yaml", b"#" * 200_000)
        assert declared.status_code == 413 and declared.headers["content-type"].startswith("text/html")
        assert "2,000 bytes" in declared.text
        assert count(site) == before
    finally:
        site.app.state.gate.close()
