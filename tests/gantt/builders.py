"""Plans and schedules built by hand for the Gantt tests, independent of the scheduler.

`small_plan()` mirrors tests/fixtures/small_plan.yaml (the parts a chart shows); `small_schedule()`
gives it fixed dates, floats and drivers so that the layout and the golden SVG test the chart,
not the engine. `generated_plan(n)` is an n-row series plan; `forward_schedule` dates it with a
plain finish-to-start pass on a Monday-to-Friday week (enough to draw; not the real engine).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from picturelock.domain.calendar import (
    SLOTS_PER_DAY,
    DateSpan,
    WorkingTime,
    slot_of,
    slots_from_days,
    weekday_rule,
)
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Group,
    Link,
    LinkType,
    Person,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes

ORIGIN = date(2027, 1, 4)  # a Monday
EASTER = DateSpan(date(2027, 4, 1), date(2027, 4, 2), "Easter closure")


def production(title: str = "Harbour Lights") -> Production:
    return Production(title, "drama-series", 2, 60, "GBP", "GB", "ENG", ORIGIN)


def small_plan() -> Plan:
    d = Decimal
    tasks = (
        Task("wrap", "Shoot wrap", d(0), milestone=True,
             constraints=(Constraint(ConstraintKind.SNET, ORIGIN),)),
        Task("ep1-offline", "Ep 1 offline edit", d(15), owner="maya", group="ep1", kind="offline",
             assignments=(Assignment("editor"), Assignment("assistant", d("0.5")))),
        Task("ep1-lock", "Ep 1 picture lock", d(0), owner="tom", milestone=True, group="ep1"),
        Task("ep1-grade", "Ep 1 grade", d("2.5"), owner="maya", group="ep1", kind="grade",
             assignments=(Assignment("grade-1"), Assignment("colourist"))),
        Task("ep1-mix", "Ep 1 final mix", d(2), owner="maya", group="ep1", kind="mix",
             assignments=(Assignment("dub-a"),)),
        Task("ep1-delivery", "Ep 1 delivered to broadcaster", d(0), owner="tom", milestone=True,
             group="ep1", constraints=(Constraint(ConstraintKind.MFO, date(2027, 3, 5)),)),
        Task("ep2-offline", "Ep 2 offline edit", d(15), owner="maya", group="ep2", kind="offline",
             assignments=(Assignment("editor"),)),
        Task("ep2-grade", "Ep 2 grade", d(2), owner="maya", group="ep2", kind="grade",
             assignments=(Assignment("grade-1"), Assignment("colourist"))),
        Task("ep2-delivery", "Ep 2 delivered to broadcaster", d(0), owner="tom", milestone=True,
             group="ep2", constraints=(Constraint(ConstraintKind.FNLT, date(2027, 3, 26)),)),
    )  # fmt: skip
    links = (
        Link("wrap", "ep1-offline"),
        Link("ep1-offline", "ep1-lock"),
        Link("ep1-lock", "ep1-grade", lag_days=d(2)),
        Link("ep1-lock", "ep1-mix", lag_days=d(3), lag_elapsed=True),
        Link("ep1-grade", "ep1-delivery"),
        Link("ep1-mix", "ep1-delivery"),
        Link("ep1-offline", "ep2-offline", LinkType.SS, d(5)),
        Link("ep2-offline", "ep2-grade"),
        Link("ep2-grade", "ep2-delivery"),
    )
    return Plan(
        production=production(),
        calendars=(
            CalendarSpec("standard", "Standard week", shutdowns=(EASTER,)),
            CalendarSpec("dub-week", "Dubbing theatre (six days)", frozenset(range(6)), base="standard"),
        ),
        resources=(
            Resource("editor", "Editor (Sam Reid)", ResourceKind.PERSON, person="sam"),
            Resource("assistant", "Assistant editor", ResourceKind.PERSON),
            Resource("grade-1", "Grading Suite 1", ResourceKind.ROOM),
            Resource("colourist", "Colourist (Ines Duarte)", ResourceKind.PERSON, person="ines"),
            Resource("dub-a", "Dubbing Theatre A", ResourceKind.ROOM, calendar="dub-week"),
        ),
        tasks=tasks,
        links=links,
        people=(
            Person("maya", "Maya Okafor", "Post supervisor"),
            Person("tom", "Tom Price", "Producer"),
            Person("sam", "Sam Reid", "Editor"),
            Person("ines", "Ines Duarte", "Colourist"),
        ),
        groups=(Group("ep1", "Episode 1"), Group("ep2", "Episode 2")),
        baselines=(
            Baseline(
                "Agreed schedule v1",
                ORIGIN,
                {
                    "ep1-offline": BaselineEntry(date(2027, 1, 4), date(2027, 1, 22)),
                    "ep1-grade": BaselineEntry(date(2027, 1, 27), date(2027, 1, 29)),
                },
            ),
        ),
    )


def point(day: date, afternoon: bool = False) -> int:
    """The slot point at the start of `day` (or of its afternoon)."""
    return slot_of(ORIGIN, day) + (1 if afternoon else 0)


def end(day: date, noon: bool = False) -> int:
    """The exclusive finish point after working `day` (to noon, or to close of play)."""
    return slot_of(ORIGIN, day) + (1 if noon else SLOTS_PER_DAY)


def times(
    task_id: str,
    start: int,
    finish: int,
    *,
    late_finish: int | None = None,
    total_float: int = 0,
    free_float: int = 0,
    driver: str = "project start",
    delays: tuple[Driver, ...] = (),
    early_start: int | None = None,
) -> TaskTimes:
    late_finish = finish if late_finish is None else late_finish
    early_start = start if early_start is None else early_start
    return TaskTimes(
        task_id=task_id,
        calendar="standard",
        early_start=early_start,
        early_finish=early_start + (finish - start),
        late_start=late_finish - (finish - start),
        late_finish=late_finish,
        start=start,
        finish=finish,
        total_float=total_float,
        free_float=free_float,
        critical=total_float <= 0,
        start_driver=Driver("link", driver),
        late_driver=Driver("link", "project end"),
        levelling_delays=delays,
    )


def small_schedule() -> Schedule:
    """Fixed dates for the small plan: Ep 2's chain is critical, Ep 1's tail has float."""
    jan, feb, mar = (lambda n, m=m: date(2027, m, n) for m in (1, 2, 3))
    entries = [
        times("wrap", 0, 0, driver="start no earlier than Mon 04 Jan 2027"),
        times("ep1-offline", point(jan(4)), end(jan(22)), driver="FS after wrap (Shoot wrap)"),
        times("ep1-lock", end(jan(22)), end(jan(22)), late_finish=end(feb(24)), total_float=46,
              free_float=0, driver="FS after ep1-offline (Ep 1 offline edit)"),
        times("ep1-grade", point(jan(27)), end(jan(29), noon=True), late_finish=end(mar(5)),
              total_float=51, free_float=51, driver="FS + 2d after ep1-lock (Ep 1 picture lock)"),
        times("ep1-mix", point(jan(26)), end(jan(27)), late_finish=end(mar(5)), total_float=64,
              free_float=64, driver="FS + 3ed after ep1-lock (Ep 1 picture lock)"),
        times("ep1-delivery", end(mar(5)), end(mar(5)), driver="must finish on Fri 05 Mar 2027"),
        times("ep2-offline", point(jan(11)), end(jan(29)), driver="SS + 5d after ep1-offline"),
        times("ep2-grade", point(feb(1)), end(feb(2)), driver="FS after ep2-offline (Ep 2 offline edit)"),
        times("ep2-delivery", end(feb(2)), end(feb(2)), driver="FS after ep2-grade (Ep 2 grade)"),
    ]  # fmt: skip
    tasks = {t.task_id: t for t in entries}
    critical = tuple(t.task_id for t in entries if t.critical)
    return Schedule(ORIGIN, tasks, 0, end(mar(5)), 45.0, critical)


def generated_plan(rows: int, *, per_group: int = 9) -> Plan:
    """A series of episodes, each a group of `per_group - 1` tasks and a delivery milestone."""
    names = ["offline edit", "director's cut notes", "producer's cut", "picture lock", "online conform",
             "grade", "VFX shots", "final mix", "QC and delivery"]  # fmt: skip
    groups_needed = max(1, rows // (per_group + 1))
    tasks: list[Task] = []
    links: list[Link] = []
    groups: list[Group] = []
    entries: dict[str, BaselineEntry] = {}
    for g in range(groups_needed):
        group = f"ep{g + 1}"
        groups.append(Group(group, f"Episode {g + 1}"))
        previous = None
        for k in range(per_group):
            task_id = f"{group}-{k}"
            last = k == per_group - 1
            duration = Decimal(0) if last else Decimal(1 + (k * 7 + g) % 9) / (2 if k % 3 == 1 else 1)
            name = f"Ep {g + 1} " + ("delivered" if last else names[k % len(names)])
            tasks.append(Task(task_id, name, duration, owner="maya", group=group, milestone=last))
            if previous is not None:
                links.append(Link(previous, task_id))
            elif g > 0:
                links.append(Link(f"ep{g}-0", task_id, LinkType.SS, Decimal(5)))
            previous = task_id
        first_day = ORIGIN + timedelta(days=7 * g)
        entries[f"{group}-0"] = BaselineEntry(first_day, first_day + timedelta(days=4))
    return Plan(
        production=production("Long Series"),
        calendars=(CalendarSpec("standard", "Standard week"),),
        resources=(),
        tasks=tuple(tasks),
        links=tuple(links),
        people=(Person("maya", "Maya Okafor"),),
        groups=tuple(groups),
        baselines=(Baseline("Agreed", ORIGIN, entries),),
    )


def forward_schedule(plan: Plan) -> Schedule:
    """Early and late dates for FS/SS links on a Monday-to-Friday week (test helper only)."""
    wt = WorkingTime("mon-fri", ORIGIN, weekday_rule(range(5), ()))
    index = {t.id: i for i, t in enumerate(plan.tasks)}
    dur = [slots_from_days(t.duration_days) for t in plan.tasks]
    es = [0] * len(plan.tasks)
    for link in plan.links:  # links are listed predecessor first in generated plans
        p, s = index[link.predecessor], index[link.successor]
        base = es[p] if link.type is LinkType.SS else wt.add_work(es[p], dur[p])
        es[s] = max(es[s], wt.next_start(wt.add_work(base, slots_from_days(link.lag_days))))
    ef = [wt.add_work(es[i], dur[i]) for i in range(len(dur))]
    finish = max(ef, default=0)
    lf = [finish] * len(dur)
    for link in reversed(plan.links):
        p, s = index[link.predecessor], index[link.successor]
        if link.type is LinkType.FS:
            lf[p] = min(lf[p], wt.start_for_finish(lf[s], dur[s]))
    entries = {}
    for i, task in enumerate(plan.tasks):
        slack = wt.work_between(ef[i], lf[i])
        entries[task.id] = times(task.id, es[i], ef[i], late_finish=lf[i], total_float=slack)
    critical = tuple(t for t, v in entries.items() if v.critical)
    return Schedule(ORIGIN, entries, 0, finish, wt.work_between(0, finish) / 2, critical)
