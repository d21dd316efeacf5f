"""MS Project XML: a plan survives the round trip, files saved by MS Project read correctly,
and bad files are refused with every problem and its line."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exchange.sample import ORIGIN, sample_plan, sample_schedule
from picturelock.adapters.exports import writer_for
from picturelock.adapters.exports._atomic import write_atomic
from picturelock.adapters.holiday_calendars import day_rules
from picturelock.adapters.msproject import load_mspdi, mspdi_bytes, read_mspdi, write_mspdi
from picturelock.adapters.msproject.xmltree import parse
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import ConstraintKind, Link, LinkType, Plan, ResourceKind

FIXTURES = Path(__file__).parent / "fixtures"


def carried(plan: Plan) -> dict[str, Any]:
    """Everything MSPDI carries, with calendars named rather than by id (MSPDI has no ids for them)."""
    names = {c.id: c.name for c in plan.calendars}
    project = plan.project_calendar

    def calendar(cal: str | None) -> str:
        return names[cal or project]

    def progress(task: Any) -> tuple[Any, ...]:
        p = task.progress
        remaining = p.remaining_days
        if p.actual_start and not p.actual_finish and remaining is None:
            remaining = task.duration_days
        return (
            p.actual_start,
            p.actual_finish,
            remaining if p.actual_start and not p.actual_finish else None,
        )

    return {
        "production": (plan.production.title, plan.production.start, plan.production.currency),
        "project_calendar": calendar(project),
        "status_date": plan.status_date,
        "tasks": {
            t.id: (t.name, t.duration_days, t.milestone, t.group, t.calendar and calendar(t.calendar),
                   sorted((a.resource, a.units) for a in t.assignments), sorted(t.constraints, key=str),
                   t.pinned_start, t.priority, progress(t), t.notes)
            for t in plan.tasks
        },
        "links": sorted(
            (lk.predecessor, lk.successor, lk.type, lk.lag_days, lk.lag_elapsed) for lk in plan.links
        ),
        "groups": sorted((g.id, g.name, g.parent or "") for g in plan.groups),
        "resources": {
            r.id: (r.name, r.kind, r.capacity, calendar(r.calendar),
                   sorted(d for span in r.leave for d in span.days()))
            for r in plan.resources
        },
        "baselines": [b.tasks for b in plan.baselines],
        "calendars": {c.name: sorted(c.working_weekdays) for c in plan.calendars},
    }  # fmt: skip


def working_days(plan: Plan, first: date, days: int) -> dict[str, list[date]]:
    """Each calendar's working days over a span, by calendar name."""
    rules = day_rules(plan.calendars, plan.production)
    span = [first + timedelta(days=i) for i in range(days)]
    return {c.name: [d for d in span if rules[c.id](d)] for c in plan.calendars}


def round_trip(plan: Plan, tmp_path: Path) -> Plan:
    path = tmp_path / "plan.xml"
    write_mspdi(plan, sample_schedule(), path)
    return read_mspdi(path)


def test_round_trip_keeps_every_field_mspdi_carries(tmp_path: Path) -> None:
    plan = sample_plan()
    back = round_trip(plan, tmp_path)
    assert carried(back) == carried(plan)


def test_round_trip_keeps_working_days_holidays_included(tmp_path: Path) -> None:
    """National holidays (GB/ENG) are written as exceptions, so the working days are the same."""
    plan = sample_plan()
    back = round_trip(plan, tmp_path)
    assert working_days(back, ORIGIN, 500) == working_days(plan, ORIGIN, 500)
    assert date(2027, 3, 26) not in working_days(back, ORIGIN, 500)["Standard week"]  # Good Friday
    assert date(2027, 1, 16) in working_days(back, ORIGIN, 30)["Standard week"]  # the Saturday session


def test_export_registry_writes_mspdi_for_xml(tmp_path: Path) -> None:
    path = tmp_path / "for-ms-project.xml"
    writer_for(path)(sample_plan(), sample_schedule(), path)
    assert parse(path).tag == "Project"


def _task_element(text: str, task_id: str) -> str:
    start = text.index(f"<Value>{task_id}</Value>")
    return text[text.rindex("<Task>", 0, start) : start]


def test_writer_puts_lags_slack_and_outline_where_mspdi_wants_them() -> None:
    text = mspdi_bytes(sample_plan(), sample_schedule()).decode()
    grade = _task_element(text, "ep1-grade")
    assert "<LinkLag>9600</LinkLag>" in grade and "<LagFormat>7</LagFormat>" in grade  # 2 working days
    assert "<TotalSlack>7200</TotalSlack>" in grade  # 1.5 days = 720 minutes = 7200 tenths
    assert "<OutlineLevel>3</OutlineLevel>" in grade and "<OutlineNumber>2.3.1</OutlineNumber>" in grade
    assert "<Start>2027-01-27T08:00:00</Start>" in grade and "<Finish>2027-01-29T12:00:00</Finish>" in grade
    mix = _task_element(text, "ep1-mix")
    assert "<LinkLag>43200</LinkLag>" in mix and "<LagFormat>8</LagFormat>" in mix  # 3 elapsed days
    delivery = _task_element(text, "ep2-delivery")
    assert "<ConstraintType>4</ConstraintType>" in delivery  # SNET kept, FNLT as the deadline
    assert "<Deadline>2027-03-26T17:00:00</Deadline>" in delivery
    assert "<TotalSlack>-4800</TotalSlack>" in delivery


def test_reads_a_file_in_the_shape_ms_project_saves() -> None:
    reading = load_mspdi(FIXTURES / "ms_project_post.xml")
    plan = reading.plan
    assert [g.name for g in plan.groups] == ["Episode 1", "Episode 2"]
    assert [t.id for t in plan.tasks] == ["t2", "t3", "t4", "t5", "t6", "t8", "t9", "t10", "t11"]
    offline = plan.task("t2")
    assert (offline.duration_days, offline.group, offline.priority) == (Decimal(15), "g1", 700)
    assert offline.progress.actual_start == date(2027, 1, 4) and offline.progress.remaining_days == 10
    assert plan.task("t4").duration_days == Decimal("2.5")
    assert plan.task("t3").milestone
    assert plan.task("t9").pinned_start == date(2027, 2, 8)
    links = {(lk.predecessor, lk.successor): lk for lk in plan.links}
    assert links["t3", "t5"] == Link("t3", "t5", LinkType.SS, Decimal(3), lag_elapsed=True)
    assert links["t5", "t6"] == Link("t5", "t6", LinkType.FF, Decimal("-0.5"))
    assert links["t9", "t10"].type is LinkType.SF
    assert links["t2", "t8"].lag_days == Decimal("7.5")  # 50% of a 15-day offline
    assert ("g7" not in {lk.predecessor for lk in plan.links}) and len(plan.links) == 9
    constraints = {t.id: t.constraints for t in plan.tasks if t.constraints}
    assert constraints["t6"][0].kind is ConstraintKind.FNLT and constraints["t6"][0].on == date(2027, 3, 5)
    assert [(c.kind, c.on) for c in constraints["t11"]] == [(ConstraintKind.FNLT, date(2027, 3, 26))]


def test_reads_calendars_resources_and_baselines_from_ms_project() -> None:
    plan = read_mspdi(FIXTURES / "ms_project_post.xml")
    standard = next(c for c in plan.calendars if c.id == plan.project_calendar)
    assert standard.shutdowns[0].first == date(2027, 4, 1) and standard.shutdowns[0].last == date(2027, 4, 2)
    assert standard.extra_working_days == frozenset({date(2027, 1, 16)})
    editor, dub, assistants, drives = plan.resources
    assert editor.calendar is None and editor.leave[0].first == date(2027, 2, 15)
    assert dub.kind is ResourceKind.ROOM and dub.calendar == "dub-stage"
    assert 5 in next(c for c in plan.calendars if c.id == "dub-stage").working_weekdays  # Saturdays
    assert assistants.capacity == 2 and drives.kind is ResourceKind.KIT
    assert plan.task("t2").assignments[1].units == Decimal("0.5")
    assert [b.name for b in plan.baselines] == ["Baseline", "Baseline1"]
    assert plan.baselines[1].tasks["t4"].finish == date(2027, 1, 29)


def test_losses_are_warned_about_with_their_lines() -> None:
    warnings = load_mspdi(FIXTURES / "ms_project_post.xml").warnings
    text = "\n".join(str(w) for w in warnings)
    for expected in ("recurring exception 'Christmas Day'", "ALAP constraint", "MSO constraint",
                     "cost resource 'Travel budget'", "50% lag", "summary task 'Episode 2'"):  # fmt: skip
        assert expected in text
    assert all(w.line for w in warnings)


BAD = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Calendars><Calendar><UID>1</UID><Name>Standard</Name></Calendar></Calendars>
  <Tasks>
    <Task><UID>1</UID><Name>Offline</Name><Duration>sixteen hours</Duration></Task>
    <Task><UID>2</UID><Name>Grade</Name><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>
"""


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(BAD)
    with pytest.raises(InvalidInput) as caught:
        read_mspdi(path)
    found = {(p.field, p.line) for p in caught.value.problems}
    assert ("Project/StartDate", 2) in found
    assert ("Tasks/Task[UID=1]/Duration", 5) in found
    assert ("Tasks/Task[UID=2]/PredecessorLink/PredecessorUID", 7) in found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<Project xmlns='http://schemas.microsoft.com/project'><Tasks>", "not well-formed XML"),
        ("<project><name>x</name></project>", "not an MS Project XML (MSPDI) file"),
        ("<Project><Name>no namespace</Name></Project>", "not an MS Project XML (MSPDI) file"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]><Project>&a;</Project>', "refused unsafe XML"),
    ],
)
def test_files_that_are_not_mspdi_are_refused(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "wrong.xml"
    path.write_text(text)
    with pytest.raises(InvalidInput) as caught:
        read_mspdi(path)
    assert message in str(caught.value)
    assert caught.value.problems[0].place == "wrong.xml"


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"

    def half_then_fail(temp: Path) -> None:
        temp.write_text("<Project>")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, half_then_fail)
    assert list(tmp_path.iterdir()) == []


half_days = st.integers(min_value=-10, max_value=40).map(lambda n: Decimal(n) / 2)


@settings(max_examples=40, deadline=None)
@given(
    duration=st.integers(min_value=0, max_value=60).map(lambda n: Decimal(n) / 2),
    lag=half_days,
    elapsed=st.booleans(),
    link_type=st.sampled_from(list(LinkType)),
)
def test_durations_and_lags_survive_any_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    duration: Decimal,
    lag: Decimal,
    elapsed: bool,
    link_type: LinkType,
) -> None:
    from dataclasses import replace

    plan = sample_plan()
    tasks = tuple(replace(t, duration_days=duration) if t.id == "ep1-grade" else t for t in plan.tasks)
    links = (*plan.links, Link("ep1-grade", "ep2-grade", link_type, lag, elapsed))
    plan = replace(plan, tasks=tasks, links=links)
    back = round_trip(plan, tmp_path_factory.mktemp("rt"))
    assert back.task("ep1-grade").duration_days == duration
    (link,) = [lk for lk in back.links if (lk.predecessor, lk.successor) == ("ep1-grade", "ep2-grade")]
    if lag:
        assert link == links[-1]
    else:
        assert (link.type, link.lag_days) == (link_type, 0)


def test_the_engine_schedules_the_read_back_plan_to_the_same_dates(tmp_path: Path) -> None:
    """Plan -> MSPDI -> plan, scheduled by the real engine both times: every date is the same."""
    from picturelock.services.scheduling import schedule

    plan = sample_plan()
    before = schedule(plan)
    path = tmp_path / "plan.xml"
    write_mspdi(plan, before, path)
    after = schedule(read_mspdi(path))
    dates = {
        t: (before.start_date(t), before.finish_date(t), before.tasks[t].total_float) for t in before.tasks
    }
    assert {
        t: (after.start_date(t), after.finish_date(t), after.tasks[t].total_float) for t in after.tasks
    } == dates


# Element order of <Task> in Microsoft's MSPDI schema (mspdi_pj12.xsd, with Manual from pj14):
# the schema is a sequence, so MS Project expects this order. Only the elements we write are listed.
TASK_ORDER = [
    "UID", "ID", "Name", "Manual", "Type", "IsNull", "OutlineNumber", "OutlineLevel", "Priority",
    "Start", "Finish", "Duration", "DurationFormat", "Milestone", "Summary", "Critical",
    "EarlyStart", "EarlyFinish", "LateStart", "LateFinish", "FreeSlack", "TotalSlack",
    "ActualStart", "ActualFinish", "ActualDuration", "RemainingDuration", "ConstraintType",
    "CalendarUID", "ConstraintDate", "Deadline", "LevelingDelay", "LevelingDelayFormat", "Notes",
    "PredecessorLink", "ExtendedAttribute", "Baseline",
]  # fmt: skip


def test_task_elements_follow_the_schema_sequence() -> None:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(mspdi_bytes(sample_plan(), sample_schedule()))
    ns = {"p": "http://schemas.microsoft.com/project"}
    for task in root.findall("p:Tasks/p:Task", ns):
        tags = [child.tag.split("}")[1] for child in task]
        assert all(tag in TASK_ORDER for tag in tags), tags
        positions = [TASK_ORDER.index(tag) for tag in tags]
        assert positions == sorted(positions), tags


LOOP = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2027-01-04T08:00:00</StartDate>
  <Tasks>
    <Task><UID>1</UID><Name>Offline</Name><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
    <Task><UID>2</UID><Name>Conform</Name><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>
"""


def test_plan_checks_are_reported_at_the_mspdi_element_and_line(tmp_path: Path) -> None:
    path = tmp_path / "loop.xml"
    path.write_text(LOOP)
    with pytest.raises(InvalidInput) as caught:
        read_mspdi(path)
    (problem,) = [p for p in caught.value.problems if "loop" in p.message]
    assert problem.field.startswith("Tasks/Task[UID=") and "PredecessorLink" in problem.field
    assert problem.line in (6, 9)


@pytest.mark.parametrize("level", [False, True])
@pytest.mark.parametrize(
    "plan_file",
    [
        Path(__file__).parents[1] / "fixtures" / "small_plan.yaml",
        Path(__file__).parents[2] / "src" / "picturelock" / "data" / "demo" / "plan.yaml",
    ],
    ids=["small-plan", "demo"],
)
def test_plan_files_survive_ms_project_with_the_same_dates(
    tmp_path: Path, plan_file: Path, level: bool
) -> None:
    """The plan files we ship: loaded, scheduled, written to MSPDI, read back and rescheduled."""
    from picturelock.services.plans import load_plan
    from picturelock.services.scheduling import schedule

    plan = load_plan(plan_file)
    before = schedule(plan, level=level)
    path = tmp_path / "plan.xml"
    write_mspdi(plan, before, path)
    after = schedule(read_mspdi(path), level=level)
    assert {t: (after.start_date(t), after.finish_date(t)) for t in after.tasks} == {
        t: (before.start_date(t), before.finish_date(t)) for t in before.tasks
    }


def test_a_file_written_by_mpxj_reads_and_reschedules_to_its_own_dates() -> None:
    """mpxj_written.xml was written by MPXJ (make_mpxj_fixture.py) after its Microsoft-style
    scheduler computed the dates: the file is its own golden answer. Our engine, on the plan read
    from it, must give every task the same start, finish and total slack."""
    from picturelock.adapters.msproject import codes
    from picturelock.services.scheduling import schedule

    path = FIXTURES / "mpxj_written.xml"
    reading = load_mspdi(path)
    plan = reading.plan
    assert not reading.warnings
    standard = plan.calendars[0]
    assert [(s.first, s.last, s.reason) for s in standard.shutdowns] == [
        (date(2027, 4, 1), date(2027, 4, 2), "Easter closure")  # written twice by MPXJ, read once
    ]
    assert plan.resources[0].leave[0].reason == "Half-term"
    ours = schedule(plan)
    tasks = parse(path).child("Tasks")
    assert tasks is not None
    checked = 0
    for node in tasks.all("Task"):
        task_id = f"t{node.text_of('UID')}"
        if task_id not in ours.tasks:
            continue  # the project summary and the episode summaries
        start = codes.parse_datetime(node.text_of("Start"))
        finish = codes.parse_datetime(node.text_of("Finish"))
        assert start is not None and finish is not None
        assert (ours.start_date(task_id), ours.finish_date(task_id)) == (
            start.date(),
            codes.finish_day(finish),
        )
        slack = int(node.text_of("TotalSlack") or 0)
        assert codes.slack_tenths(ours.tasks[task_id].total_float) == slack, task_id
        checked += 1
    assert checked == 9


@st.composite
def calendars(draw: st.DrawFn) -> tuple[frozenset[int], tuple[tuple[int, int], ...], frozenset[int]]:
    """A working week (at least one day), shutdowns as (first day offset, length), extra days."""
    week = frozenset(draw(st.sets(st.integers(0, 6), min_size=1)))
    shutdowns = tuple(draw(st.lists(st.tuples(st.integers(0, 120), st.integers(1, 10)), max_size=4)))
    extra = frozenset(draw(st.sets(st.integers(0, 120), max_size=4)))
    return week, shutdowns, extra


@settings(max_examples=30, deadline=None)
@given(calendar=calendars(), country=st.sampled_from(["", "GB", "FR"]))
def test_any_calendar_keeps_its_working_days(
    tmp_path_factory: pytest.TempPathFactory,
    calendar: tuple[frozenset[int], tuple[tuple[int, int], ...], frozenset[int]],
    country: str,
) -> None:
    from dataclasses import replace

    from picturelock.domain.calendar import DateSpan

    week, shutdowns, extra = calendar
    spans = tuple(
        DateSpan(ORIGIN + timedelta(days=a), ORIGIN + timedelta(days=a + n - 1), f"closed {i}")
        for i, (a, n) in enumerate(shutdowns)
    )
    plan = sample_plan()
    standard = replace(plan.calendars[0], working_weekdays=week, shutdowns=spans,
                       extra_working_days=frozenset(ORIGIN + timedelta(days=d) for d in extra))  # fmt: skip
    production = replace(plan.production, country=country, region="ENG" if country == "GB" else None)
    plan = replace(plan, production=production, calendars=(standard, *plan.calendars[1:]))
    back = round_trip(plan, tmp_path_factory.mktemp("cal"))
    assert working_days(back, ORIGIN, 400) == working_days(plan, ORIGIN, 400)


def test_a_namespace_prefix_reads_like_the_default_namespace(tmp_path: Path) -> None:
    """<ns0:Project xmlns:ns0="..."> (as ElementTree and some tools write it) is the same document."""
    import xml.etree.ElementTree as ET

    path = tmp_path / "prefixed.xml"
    ET.parse(FIXTURES / "ms_project_post.xml").write(path, encoding="utf-8", xml_declaration=True)
    assert "<ns0:Project" in path.read_text(encoding="utf-8")
    assert read_mspdi(path) == read_mspdi(FIXTURES / "ms_project_post.xml")
