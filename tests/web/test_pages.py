"""What the pages show: the dashboard's panels from the schedule document, dates as people read
them, the nav each role gets, the vendor's part only, HTML error pages beside the API's JSON, and
assets served from the package."""

from __future__ import annotations

import re
from datetime import date

from picturelock.domain.access import Role
from picturelock.services import snapshots
from picturelock.web.pages import local_path, show_date

from .harness import CLIENT_TASK, VENDOR_TASK, Site


def test_dates_read_like_a_diary() -> None:
    assert show_date(date(2026, 11, 3)) == "Tue 3 Nov 2026"
    assert show_date("2027-01-04") == "Mon 4 Jan 2027"
    assert show_date(None) == ""


def test_only_local_paths_are_followed() -> None:
    assert local_path("/productions/3?x=1") == "/productions/3?x=1"
    for outside in ("//evil.example", "http://evil.example/", "/\\evil", "evil", "", None, "/\x00x"):
        assert local_path(outside) == "/"


def test_the_dashboard_shows_the_schedule_document(site: Site) -> None:
    document = snapshots.current(site.home, site.db).document()
    page = site.browser(Role.PRODUCER).get(f"/productions/{site.home}").text
    finish = re.search(r'id="project-finish"[^>]*>([^<]+)<', page)
    assert finish is not None and finish.group(1) == show_date(document["finish"])
    path = re.findall(r'<li data-task="([^"]+)"><a', page.split('id="critical-path"')[1].split("</ol>")[0])
    assert path == document["critical_path"]
    assert 'id="escalations"' in page and 'id="milestones"' in page
    milestones = re.findall(r'data-task="([^"]+)"', page.split('id="milestones"')[1].split("</ul>")[0])
    assert milestones and all(
        t["milestone"] for t in document["forecast"]["tasks"] if t["task"] in milestones
    )
    for panel in ("Cost", "Deliverables", "Clearances", "Security"):
        assert f"<h2>{panel}</h2>" in page
    assert "working days late" in page, "the small plan's baseline finish is earlier than its forecast"


def test_the_critical_path_chart_is_an_svg_of_those_tasks(site: Site) -> None:
    document = snapshots.current(site.home, site.db).document()
    names = {t["id"]: t["name"] for t in document["tasks"]}
    response = site.browser(Role.EXECUTIVE).get(f"/productions/{site.home}/critical-path.svg")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert all(names[task] in response.text for task in document["critical_path"])
    off_path = [t["name"] for t in document["tasks"] if t["id"] not in document["critical_path"]]
    assert not any(f">{name}<" in response.text for name in off_path)


def test_each_role_gets_the_nav_it_may_use(site: Site) -> None:
    def nav(role: Role) -> list[str]:
        page = site.browser(role).get(f"/productions/{site.home}").text
        return re.findall(r'data-nav="(\w+)"', page.split('id="production-nav"')[1].split("</nav>")[0])

    assert nav(Role.PRODUCER)[:6] == ["dashboard", "gantt", "tasks", "links", "resources", "jobs"]
    assert "members" in nav(Role.PRODUCER) and "audit" in nav(Role.ACCOUNTANT)
    assert "members" not in nav(Role.CREW) and "audit" not in nav(Role.CREW)
    assert "plan" not in nav(Role.VENDOR) and "tasks" in nav(Role.VENDOR)


def test_a_vendor_never_sees_another_organisations_task(site: Site) -> None:
    vendor = site.browser(Role.VENDOR)
    hidden = snapshots.current(site.home, site.db).plan.task(CLIENT_TASK)
    for suffix in ("", "/tasks", "/links", "/resources", f"/tasks/{VENDOR_TASK}", "/critical-path.svg"):
        response = vendor.get(f"/productions/{site.home}{suffix}")
        assert response.status_code in (200, 204), suffix
        assert CLIENT_TASK not in response.text and hidden.name not in response.text, suffix
    tasks = vendor.get(f"/productions/{site.home}/tasks").text
    assert re.findall(r'<tr data-task="([^"]+)"', tasks) == [VENDOR_TASK]


def test_page_errors_are_html_and_api_errors_stay_json(site: Site) -> None:
    client = site.browser(Role.PRODUCER)
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert 'data-status="404"' in page.text and "Traceback" not in page.text
    api = client.get("/api/v1/no/such/route")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    bad = client.get(f"/productions/{site.home}/tasks/x?saved=1", headers={"accept": "text/html"})
    assert bad.status_code == 404
    invalid = client.get("/productions/0")
    assert invalid.status_code == 422 and invalid.headers["content-type"].startswith("text/html")


def test_pages_are_keyboard_friendly(site: Site) -> None:
    page = site.browser(Role.COORDINATOR).get(f"/productions/{site.home}/tasks").text
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    assert 'accesskey="d"' in page and 'data-filter="tasks"' in page
    assert '<th scope="col">' in page and 'id="shortcuts"' in page


def test_pages_are_not_cached_or_framed(site: Site) -> None:
    for path in ("/", f"/productions/{site.home}", "/no/such/page"):
        headers = site.browser(Role.PRODUCER).get(path).headers
        assert headers["cache-control"] == "no-store" and headers["x-frame-options"] == "DENY", path


def test_assets_are_served_from_the_package(site: Site) -> None:
    client = site.anonymous()
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and htmx.text.startswith("/*! htmx 2.") and "Zero-Clause BSD" in htmx.text
    assert client.get("/static/site.css").status_code == 200
    assert client.get("/static/site.js").status_code == 200
    login = client.get("/login").text
    assert "//" not in re.sub(
        r"https?://|<!--.*?-->", "", " ".join(re.findall(r'(?:src|href)="([^"]+)"', login))
    )


def test_members_are_added_changed_and_removed_and_the_log_records_it(site: Site) -> None:
    from .harness import PASSWORD, csrf_of

    site.accounts.create_account("new-editor", PASSWORD)
    producer = site.browser(Role.PRODUCER)
    path = f"/productions/{site.home}/members"
    csrf = csrf_of(producer.get(path).text)
    added = producer.post(path, data={"csrf_token": csrf, "login": "new-editor", "role": "coordinator"})
    assert added.status_code == 303
    page = producer.get(path).text
    assert (
        '<tr data-member="new-editor">' in page and "coordinator" in page.split('data-member="new-editor"')[1]
    )
    vendor = producer.post(path, data={"csrf_token": csrf, "login": "new-editor", "role": "vendor"})
    assert vendor.status_code == 422 and "organisation" in vendor.text
    nobody = producer.post(path, data={"csrf_token": csrf, "login": "no-such-account", "role": "crew"})
    assert nobody.status_code == 422
    gone = producer.post(f"{path}/remove", data={"csrf_token": csrf, "login": "new-editor"})
    assert gone.status_code == 303 and 'data-member="new-editor"' not in producer.get(path).text
    log = site.browser(Role.ACCOUNTANT).get(f"/productions/{site.home}/audit").text
    assert 'data-intact="true"' in log and "member new-editor" in log
    assert site.browser(Role.CREW).get(path).status_code == 403


def test_an_unexpected_failure_is_a_plain_500_page_and_stays_json_in_the_api(site: Site) -> None:
    def boom() -> None:
        raise RuntimeError("a bug the tests planted")

    site.app.add_api_route("/planted-failure", boom)
    site.app.add_api_route("/api/v1/planted-failure", boom)
    client = site.browser(Role.PRODUCER)
    page = client.get("/planted-failure")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in page.text and "planted" not in page.text and "Traceback" not in page.text
    api = client.get("/api/v1/planted-failure")
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal"
