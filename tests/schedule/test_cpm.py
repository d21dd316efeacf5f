"""The critical path on small, readable plans: dates as a post supervisor would read them.

The plans start on Monday 2027-01-04: 4-8 Jan is week one, 11-15 Jan week two.
"""

from __future__ import annotations

from datetime import date

import pytest

from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import Progress
from picturelock.domain.schedule.cpm import critical_path, topological_order

from .cpm_builders import SIX_DAYS, calendar, dates, link, network, person, plan, schedule, task


def textbook() -> list:
    return [
        [task("a", 3), task("b", 2), task("c", 4), task("d", 1)],
        [link("a", "b"), link("a", "c"), link("b", "d"), link("c", "d")],
    ]


def test_textbook_network_critical_path_and_float() -> None:
    tasks, links = textbook()
    result = schedule(plan(tasks, links))
    assert result.critical_path == ("a", "c", "d")
    assert dates(result, "a") == ("2027-01-04", "2027-01-06")
    assert dates(result, "c") == ("2027-01-07", "2027-01-12")
    assert dates(result, "b") == ("2027-01-07", "2027-01-08")
    assert dates(result, "d") == ("2027-01-13", "2027-01-13")
    b = result.tasks["b"]
    assert (b.total_float_days, b.free_float_days, b.critical) == (2.0, 2.0, False)
    assert result.tasks["a"].total_float == 0
    assert result.working_days == 8.0


def test_late_dates_of_a_task_with_float() -> None:
    tasks, links = textbook()
    result = schedule(plan(tasks, links))
    b = result.tasks["b"]
    # B may start as late as Mon 11 and finish Tue 12, just before D on Wed 13
    assert (b.late_start, b.late_finish) == (result.tasks["c"].late_finish - 4, result.tasks["d"].late_start)
    assert b.late_driver.task == "d"


def test_free_float_is_slack_before_the_earliest_successor_not_total_float() -> None:
    # b (1d) feeds c, which itself has 2 days' float before the finish: b's free float is 0
    tasks = [task("a", 5), task("b", 1), task("c", 2), task("end", 0, milestone=True)]
    links = [link("a", "end"), link("b", "c"), link("c", "end")]
    result = schedule(plan(tasks, links))
    b, c = result.tasks["b"], result.tasks["c"]
    assert (b.total_float_days, b.free_float_days) == (2.0, 0.0)
    assert (c.total_float_days, c.free_float_days) == (2.0, 2.0)


@pytest.mark.parametrize(
    ("kind", "lag", "elapsed", "expected"),
    [
        ("FS", 0, False, ("2027-01-07", "2027-01-08")),
        ("FS", 2, False, ("2027-01-11", "2027-01-12")),  # Thu and Fri are the lag
        ("FS", -1, False, ("2027-01-06", "2027-01-07")),  # a one-day lead overlaps Wed
        ("FS", 0.5, False, ("2027-01-07", "2027-01-11")),  # Thu afternoon to Mon morning
        ("FS", 3, True, ("2027-01-11", "2027-01-12")),  # Thu, Fri, Sat elapsed: start Mon
        ("FS", 1, True, ("2027-01-08", "2027-01-11")),  # one calendar day: start Fri
        ("SS", 1, False, ("2027-01-05", "2027-01-06")),
        ("SS", 2, True, ("2027-01-06", "2027-01-07")),
        ("FF", 1, False, ("2027-01-06", "2027-01-07")),  # finish a day after a finishes
        ("FF", -1, False, ("2027-01-04", "2027-01-05")),
        ("FF", 1, True, ("2027-01-06", "2027-01-07")),
        ("SF", 3, False, ("2027-01-05", "2027-01-06")),  # finish 3 days after a starts
    ],
)
def test_each_link_type_and_lag(kind: str, lag: float, elapsed: bool, expected: tuple[str, str]) -> None:
    tasks = [task("a", 3), task("b", 2)]
    result = schedule(plan(tasks, [link("a", "b", kind, lag, elapsed)]))
    assert dates(result, "a") == ("2027-01-04", "2027-01-06")
    assert dates(result, "b") == expected


def test_half_day_lag_starts_in_the_afternoon() -> None:
    result = schedule(plan([task("a", 3), task("b", 2)], [link("a", "b", "FS", 0.5)]))
    a, b = result.tasks["a"], result.tasks["b"]
    assert b.start == a.finish + 1  # Thursday afternoon
    assert b.finish == b.start + 3 + 4 + 1  # Thu pm, Fri, the weekend, Mon am


def test_start_to_finish_is_just_in_time() -> None:
    # the delivery drive must be ready by the time the mix starts on Monday 11: it finishes Friday
    tasks = [task("mix", 2, snet=date(2027, 1, 11)), task("drive", 2)]
    result = schedule(plan(tasks, [link("mix", "drive", "SF")]))
    assert dates(result, "drive") == ("2027-01-07", "2027-01-08")
    drive = result.tasks["drive"]
    assert drive.total_float_days == 2.0  # SF only holds it back: it may finish as late as the mix
    assert drive.late_driver.kind == "project finish"
    assert result.tasks["mix"].critical


def test_lead_before_project_start_is_held_at_the_start() -> None:
    result = schedule(plan([task("a", 2), task("b", 1)], [link("a", "b", "SS", -2)]))
    assert dates(result, "b") == ("2027-01-04", "2027-01-04")
    assert result.tasks["b"].start_driver.kind == "project start"


def test_half_days() -> None:
    tasks = [task("a", 2.5), task("b", 0.5), task("c", 1)]
    result = schedule(plan(tasks, [link("a", "b"), link("b", "c")]))
    assert dates(result, "a") == ("2027-01-04", "2027-01-06")
    assert dates(result, "b") == ("2027-01-06", "2027-01-06")  # Wednesday afternoon
    assert dates(result, "c") == ("2027-01-07", "2027-01-07")
    assert result.tasks["a"].total_float_days == 0


def test_weekends_and_holidays_are_skipped() -> None:
    standard = calendar("standard", closed=[date(2027, 1, 11)])  # a Monday holiday
    tasks = [task("a", 4, snet=date(2027, 1, 7)), task("b", 1)]
    result = schedule(plan(tasks, [link("a", "b")], calendars=[standard]))
    assert dates(result, "a") == ("2027-01-07", "2027-01-13")  # Thu, Fri, Tue, Wed
    assert dates(result, "b") == ("2027-01-14", "2027-01-14")


def test_lag_counts_on_the_predecessors_calendar() -> None:
    # the dub stage works Saturdays: a 1-day lag after its Friday finish ends on Saturday,
    # so the office task (Mon-Fri) starts Monday rather than Tuesday
    specs = [calendar("standard"), calendar("dub", SIX_DAYS)]
    tasks = [task("mix", 5, calendar="dub"), task("qc", 1)]
    result = schedule(plan(tasks, [link("mix", "qc", "FS", 1)], calendars=specs))
    assert dates(result, "mix") == ("2027-01-04", "2027-01-08")
    assert dates(result, "qc") == ("2027-01-11", "2027-01-11")
    reverse = schedule(
        plan([task("qc", 5), task("mix", 1, calendar="dub")], [link("qc", "mix", "FS", 1)], calendars=specs)
    )
    assert dates(reverse, "mix") == ("2027-01-12", "2027-01-12")  # Mon is the lag on Mon-Fri


def test_total_float_is_counted_on_the_tasks_own_calendar() -> None:
    specs = [calendar("standard"), calendar("dub", SIX_DAYS)]
    tasks = [task("long", 10), task("dub", 5, calendar="dub")]
    result = schedule(plan(tasks, calendars=specs))
    # the project ends Fri 15 Jan; the dub task could slip by the Saturday and all of week two
    assert result.tasks["dub"].total_float_days == 6.0


def test_resource_leave_moves_the_work() -> None:
    editor = person("editor", leave=[(date(2027, 1, 11), date(2027, 1, 15))])
    tasks = [task("offline", 7, assign=["editor"]), task("lock", 0, milestone=True)]
    result = schedule(plan(tasks, [link("offline", "lock")], resources=[editor]))
    assert dates(result, "offline") == ("2027-01-04", "2027-01-19")
    assert dates(result, "lock") == ("2027-01-19", "2027-01-19")
    offline = result.tasks["offline"]
    assert offline.resources == ("editor",)
    assert "leave" in offline.calendar


def test_milestone_after_a_friday_finish_is_dated_friday() -> None:
    result = schedule(plan([task("offline", 5), task("lock", 0, milestone=True)], [link("offline", "lock")]))
    assert dates(result, "lock") == ("2027-01-08", "2027-01-08")
    assert result.tasks["lock"].start == result.tasks["offline"].finish


def test_start_no_earlier_than() -> None:
    result = schedule(plan([task("a", 2, snet=date(2027, 1, 9))]))  # a Saturday: work starts Monday
    assert dates(result, "a") == ("2027-01-11", "2027-01-12")
    assert result.tasks["a"].start_driver.text == "start no earlier than 2027-01-09"
    assert result.tasks["a"].start_driver.kind == "constraint"


def test_finish_no_later_than_that_cannot_be_met_shows_negative_float() -> None:
    tasks = [task("offline", 10), task("delivery", 0, milestone=True, fnlt=date(2027, 1, 13))]
    result = schedule(plan(tasks, [link("offline", "delivery")]))
    delivery = result.tasks["delivery"]
    assert dates(result, "delivery") == ("2027-01-15", "2027-01-15")
    assert delivery.total_float_days == -2.0
    assert result.tasks["offline"].total_float_days == -2.0
    assert delivery.late_driver.text == "finish no later than 2027-01-13"
    assert set(result.critical_path) == {"offline", "delivery"}


def test_must_finish_on_holds_a_milestone_to_its_date_and_reports_a_miss() -> None:
    later = schedule(
        plan(
            [task("mix", 3), task("delivery", 0, milestone=True, mfo=date(2027, 1, 13))],
            [link("mix", "delivery")],
        )
    )
    assert dates(later, "delivery") == ("2027-01-13", "2027-01-13")
    assert later.tasks["delivery"].start_driver.text == "must finish on 2027-01-13"
    assert later.tasks["mix"].total_float_days == 5.0
    missed = schedule(
        plan(
            [task("mix", 9), task("delivery", 0, milestone=True, mfo=date(2027, 1, 13))],
            [link("mix", "delivery")],
        )
    )
    assert missed.tasks["delivery"].total_float_days == -1.0
    assert missed.tasks["mix"].late_driver.task == "delivery"


def test_pinned_task_keeps_its_date_and_a_broken_link_shows_as_negative_float() -> None:
    tasks = [task("offline", 5), task("grade", 2, pinned=date(2027, 1, 6))]
    result = schedule(plan(tasks, [link("offline", "grade")]))
    assert dates(result, "grade") == ("2027-01-06", "2027-01-07")
    grade = result.tasks["grade"]
    assert grade.total_float_days == -3.0  # its link wants it on Monday 11
    assert result.tasks["offline"].total_float_days == -3.0  # and the offline is 3 days late for it
    assert grade.start_driver.kind == "pinned"
    assert grade.start_driver.text == "pinned to start 2027-01-06; its links want it 3d later"


def test_pinned_task_that_honours_its_links_has_ordinary_float() -> None:
    tasks = [task("offline", 2), task("grade", 2, pinned=date(2027, 1, 7)), task("end", 10)]
    result = schedule(plan(tasks, [link("offline", "grade")]))
    assert result.tasks["grade"].total_float_days == 5.0
    assert result.tasks["grade"].start_driver.text == "pinned to start 2027-01-07"


def test_progress_with_a_status_date() -> None:
    tasks = [
        task("offline", 10, progress=Progress(date(2027, 1, 4), date(2027, 1, 12))),
        task("conform", 4, progress=Progress(date(2027, 1, 13), None, remaining_days=3)),
        task("grade", 2),
        task("titles", 1),
    ]
    links = [link("offline", "conform"), link("conform", "grade")]
    result = schedule(plan(tasks, links), as_of=date(2027, 1, 15))
    assert dates(result, "offline") == ("2027-01-04", "2027-01-12")
    assert dates(result, "conform") == ("2027-01-13", "2027-01-19")  # resumes Fri 15 with 3 days left
    assert dates(result, "grade") == ("2027-01-20", "2027-01-21")
    assert dates(result, "titles") == ("2027-01-15", "2027-01-15")  # not started: not before the 15th
    assert result.as_of == date(2027, 1, 15)
    offline, conform = result.tasks["offline"], result.tasks["conform"]
    assert not offline.critical and offline.total_float == 0
    assert offline.start_driver.text == "finished: actual 2027-01-04 to 2027-01-12"
    assert conform.start_driver.text == "started 2027-01-13; 3d remaining"
    assert conform.critical and conform.total_float == 0
    assert result.tasks["titles"].start_driver.kind == "status date"
    assert result.critical_path == ("conform", "grade")


def test_drivers_name_the_link_with_its_lag() -> None:
    tasks = [task("ep1-lock", 0, milestone=True), task("ep1-grade", 2.5), task("ep1-mix", 2)]
    links = [link("ep1-lock", "ep1-grade", "FS", 2), link("ep1-lock", "ep1-mix", "FS", 3, elapsed=True)]
    result = schedule(plan(tasks, links))
    grade = result.tasks["ep1-grade"].start_driver
    assert (grade.kind, grade.text, grade.task) == ("link", "FS + 2d after ep1-lock (Ep1 lock)", "ep1-lock")
    assert result.tasks["ep1-mix"].start_driver.text == "FS + 3ed after ep1-lock (Ep1 lock)"
    assert result.tasks["ep1-lock"].late_driver.text == "FS + 3ed before ep1-mix (Ep1 mix)"
    assert result.tasks["ep1-lock"].start_driver.text == "project start 2027-01-04"
    assert result.tasks["ep1-grade"].late_driver.text == "project finish 2027-01-08"
    lead = schedule(plan([task("a", 3), task("b", 1)], [link("a", "b", "SS", 1), link("a", "b", "FS", -0.5)]))
    assert lead.tasks["b"].start_driver.text == "FS - 0.5d after a (A)"


@pytest.mark.parametrize(
    ("links", "loop"),
    [
        ([("a", "b"), ("b", "c"), ("c", "a")], ("a", "b", "c", "a")),
        ([("c", "b"), ("b", "a"), ("a", "c")], ("a", "c", "b", "a")),
        ([("x", "a"), ("a", "b"), ("b", "a"), ("b", "y")], ("a", "b", "a")),
        ([("b", "b")], ("b", "b")),
    ],
)
def test_dependency_loops_are_named_in_order(links: list[tuple[str, str]], loop: tuple[str, ...]) -> None:
    ids = sorted({t for pair in links for t in pair})
    net = network(plan([task(t) for t in ids], [link(p, s) for p, s in links]))
    with pytest.raises(DependencyLoop) as caught:
        critical_path(net)
    assert caught.value.tasks == loop
    assert str(caught.value) == "dependency loop: " + " -> ".join(loop)


def test_topological_order_puts_predecessors_first() -> None:
    tasks, links = textbook()
    net = network(plan(list(reversed(tasks)), links))
    order = [net.ids[i] for i in topological_order(net)]
    assert order.index("a") < order.index("b") < order.index("d")
    assert order.index("c") < order.index("d")


def test_passes_read_the_network_afresh_each_call() -> None:
    # levelling adds a resource link and a start point to a copy of the network and asks again
    tasks, links = textbook()
    net = network(plan(tasks, links))
    before = critical_path(net)
    b, d = net.index()["b"], net.index()["d"]
    net.snet[b] = before.tasks["b"].start + 8  # the next Thursday
    net.succs[b].append((d, net.succs[b][0][1], 2, False))
    net.preds[d].append((b, net.succs[b][0][1], 2, False))
    after = critical_path(net)
    assert after.tasks["b"].start == before.tasks["b"].start + 8
    assert after.tasks["d"].start == before.tasks["d"].start + 2
    assert after.critical_path == ("b", "d")


def test_empty_plan() -> None:
    result = schedule(plan([]))
    assert (result.start, result.finish, result.working_days, result.critical_path) == (0, 0, 0.0, ())


@pytest.mark.parametrize(
    ("kind", "lag", "a_from", "expected", "driver"),
    [
        ("SS", -1, date(2027, 1, 6), ("2027-01-05", "2027-01-06"), "SS - 1d after a (A)"),
        ("SF", -1, date(2027, 1, 7), ("2027-01-04", "2027-01-05"), "SF - 1d after a (A)"),
        ("SF", 0, date(2027, 1, 11), ("2027-01-07", "2027-01-08"), "SF after a (A)"),
    ],
)
def test_leads_on_start_links(kind: str, lag: float, a_from: date, expected: tuple, driver: str) -> None:
    result = schedule(plan([task("a", 3, snet=a_from), task("b", 2)], [link("a", "b", kind, lag)]))
    assert dates(result, "b") == expected
    assert result.tasks["b"].start_driver.text == driver  # a link wins a tie with the project start


def test_links_into_a_started_task_bind_nobody() -> None:
    # the conform started before the offline finished (out of sequence): the offline's float is
    # measured to the project finish, not to a start that is already history
    tasks = [
        task("offline", 2),
        task("conform", 5, progress=Progress(date(2027, 1, 4), None, remaining_days=5)),
    ]
    result = schedule(plan(tasks, [link("offline", "conform")]), as_of=date(2027, 1, 4))
    assert dates(result, "conform") == ("2027-01-04", "2027-01-08")
    offline = result.tasks["offline"]
    assert offline.total_float_days == 3.0
    assert offline.late_driver.kind == "project finish"
