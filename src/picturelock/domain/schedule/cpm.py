"""The critical path: forward and backward passes, total and free float, drivers.

Semantics (pinned by tests/schedule/test_cpm*.py)
------------------------------------------------
Axis. Times are points on the plan's half-day slot axis (`picturelock.domain.calendar`). A task
starts at the beginning of a working slot of its own calendar (`net.calendar[i]`) and finishes
at the exclusive point `WorkingTime.add_work(start, duration)`. Counts of working slots before
a point, W(point), are what the passes compare: two points with the same W on a calendar (Friday
evening and Monday morning on a Monday-Friday week) are the same working moment for that task.

Forward pass (early dates), in topological order. A task's early start ES is the first working
start of its calendar at or after every start bound: the project start (point 0), the status
point for a task not yet started, a start-no-earlier-than (SNET) date, and each FS/SS link.
Finish bounds (FF/SF links, and must-finish-on (MFO), which acts as finish-no-earlier-than going
forward) are met by the earliest start whose finish reaches the bound in working time:
W(EF) >= W(bound), i.e. `start_for_finish` arithmetic, so an SF link from a task starting on
Monday lets its successor finish on Friday evening. Link bounds:

    FS: succ.ES >= pred.EF + lag      SS: succ.ES >= pred.ES + lag
    FF: succ.EF >= pred.EF + lag      SF: succ.EF >= pred.ES + lag

A lag counts working slots on the PREDECESSOR's calendar (Primavera P6's default option), or
plain slots (two per calendar day, weekends included) when the link's elapsed flag is set.
Negative lags are leads. EF = add_work(ES, duration).

Milestones (net.milestone), and tasks with no work left, are points, never snapped to working
time: a milestone after a Friday finish sits at Friday's exclusive end and is dated Friday. They
still obey SNET and every link, compared as plain points. A milestone held by the start of a day
(SNET, an SS/SF link, the status date, the project start) is dated on that day: its start driver
says so (`Driver.at_day_start`, read by result.finish_date).

Pinned tasks (net.pinned) start at the pinned point, snapped to a working start, whatever the
links say. If their links want them later, that shortfall (working slots on the pinned task's
calendar) becomes negative total float on the pinned task: shown, not refused. A pinned task
will not move, so its predecessors' late dates must meet its pinned dates.

Progress. A task with an actual finish keeps actual start..actual finish (start = finish when
only the finish is known) and takes no part in the backward pass: it has no float and is never
critical. A started task keeps its actual start and finishes add_work(max(actual start, status
point), remaining duration); its float is measured from that resume point, and only its finish
bounds it backwards. Links into started or finished tasks are history: they bind nobody.

Backward pass (late dates), in reverse topological order. The project finish PF is the latest
early finish. A task's late finish is bounded by PF, finish-no-later-than (FNLT), MFO and its
successors' late dates through each link (the inverse of the lag arithmetic above, on the
predecessor's calendar); LS is the latest working start whose work finishes by then (and at or
before any SS/SF start bound); LF = add_work(LS, duration).

Floats, in working slots of the task's own calendar:
    total float TF = W(LS) - W(ES): negative when a constraint or pin cannot be met;
    free float FF = min(TF, W(PF) - W(EF), and for every successor link the working slots the
        task could slip, start and finish together, before the link would move that successor's
        EARLY dates).
Critical means TF <= 0 (finished tasks excepted). Schedule.critical_path lists critical tasks by
early start, then plan order. Schedule.working_days counts the project calendar's working days
from the earliest start to the project finish.

Drivers. TaskTimes.start_driver names what set the early start (link, constraint, status date,
project start, pinned, actual); among equal bounds a link wins, then a constraint. late_driver
names what bounds the late finish (successor link, FNLT/MFO constraint, project finish).

The passes read the Network's lists afresh on every call and keep nothing on it, so levelling can
call `critical_path` again on a copy with resource links and SNET points added.
"""

from __future__ import annotations

from picturelock.domain.bulk import cyclic_gc_paused
from picturelock.domain.calendar import day_of, days_from_slots
from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import NetLink, Network
from picturelock.domain.schedule.passes import FINISHED, Passes
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes, finish_date, start_date


def topological_order(net: Network) -> list[int]:
    """Task indices with every predecessor before its successors (Kahn, plan order for ties).

    Raises DependencyLoop naming one loop in link order, first task repeated at the end.
    """
    indegree = [len(links) for links in net.preds]
    order = [i for i, count in enumerate(indegree) if count == 0]
    succs = net.succs
    for i in order:  # the list grows while it is read: a queue
        for link in succs[i]:
            s = link[0]
            indegree[s] -= 1
            if indegree[s] == 0:
                order.append(s)
    if len(order) < len(indegree):
        raise DependencyLoop(_loop(net, indegree))
    return order


def _loop(net: Network, indegree: list[int]) -> list[str]:
    """One loop among the tasks Kahn's algorithm could not order, named in link order.

    Every such task has a predecessor that is also unordered, so walking predecessors from any
    of them must come back to a task already seen.
    """
    start = min(i for i, count in enumerate(indegree) if count > 0)
    seen: dict[int, int] = {}
    walk: list[int] = []
    node = start
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = next(link[0] for link in net.preds[node] if indegree[link[0]] > 0)
    cycle = walk[seen[node] :][::-1]  # predecessor walk reversed: link order
    first = cycle.index(min(cycle))
    cycle = cycle[first:] + cycle[:first]
    return [net.ids[i] for i in [*cycle, cycle[0]]]


def critical_path(net: Network) -> Schedule:
    """Early and late dates, total and free float, drivers and the critical path of `net`."""
    order = topological_order(net)
    with cyclic_gc_paused():
        passes = Passes(net)
        passes.forward(order)
        passes.backward(order)
        return _schedule(net, passes)


def _schedule(net: Network, passes: Passes) -> Schedule:
    words = _Words(net, passes)
    early, late = words.early, words.late
    finished = [state == FINISHED for state in passes.state]
    critical = [tf <= 0 and not done for tf, done in zip(passes.tf, finished, strict=True)]
    resource_ids = net.resource_ids
    tasks = {
        task_id: TaskTimes(
            task_id, cal.name, es, ef, ls, lf, es, ef, tf, ff, crit, early(i), late(i),
            tuple([resource_ids[r] for r, _units in demands]) if demands else (),
        )
        for i, (task_id, cal, es, ef, ls, lf, tf, ff, crit, demands) in enumerate(
            zip(
                net.ids, net.calendar, passes.es, passes.ef, passes.ls, passes.lf,
                passes.tf, passes.ff, critical, net.demands, strict=True,
            )
        )
    }  # fmt: skip
    path = sorted((i for i, crit in enumerate(critical) if crit), key=lambda i: (passes.es[i], i))
    start = min(passes.es, default=0)
    return Schedule(
        origin=net.origin,
        tasks=tasks,
        start=start,
        finish=passes.finish,
        working_days=days_from_slots(net.project_calendar.work_between(start, passes.finish)),
        critical_path=tuple(net.ids[i] for i in path),
        levelled=False,
        as_of=None if net.status_point is None else day_of(net.origin, net.status_point),
    )


class _Words:
    """Drivers as sentences for people; dates inclusive and ISO, as result.py shows them.

    Sentences that do not depend on the task (project start, project finish) are one shared
    Driver each; task labels and lag texts are built once."""

    def __init__(self, net: Network, passes: Passes) -> None:
        self.net, self.passes = net, passes
        self.labels = [f"{task_id} ({name})" for task_id, name in zip(net.ids, net.names, strict=True)]
        self.lags: dict[tuple[int, bool], str] = {}
        self.project_start = Driver("project start", f"project start {net.origin.isoformat()}", None, True)
        self.project_finish = Driver("project finish", f"project finish {self.finish_day(passes.finish)}")

    def start_day(self, point: int) -> str:
        return day_of(self.net.origin, point).isoformat()

    def finish_day(self, point: int) -> str:
        return finish_date(self.net.origin, point, point).isoformat()

    def link(self, link: NetLink, word: str) -> Driver:
        other, typ, lag, elapsed = link
        lag_text = ""
        if lag:
            lag_text = self.lags.get((lag, elapsed)) or self.lags.setdefault(
                (lag, elapsed), _lag_text(lag, elapsed)
            )
        at_day_start = word == "after" and typ in (LinkType.SS, LinkType.SF)
        return Driver(
            "link",
            f"{_TYPE_NAMES[typ]}{lag_text} {word} {self.labels[other]}",
            self.net.ids[other],
            at_day_start,
        )

    def early(self, i: int) -> Driver:
        why, net = self.passes.early_why[i], self.net
        if not isinstance(why, str):
            return self.link(why, "after")
        if why == "project start":
            return self.project_start
        if why == "snet":
            return Driver(
                "constraint", f"start no earlier than {self.start_day(net.snet[i] or 0)}", None, True
            )
        if why == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        if why == "status date":
            status = self.start_day(net.status_point or 0)
            return Driver("status date", f"not started by the status date {status}", None, True)
        if why == "pinned":
            return self.pinned(i)
        return self.actual(i, why)

    def pinned(self, i: int) -> Driver:
        passes = self.passes
        text = f"pinned to start {start_date(self.net.origin, passes.es[i], passes.ef[i]).isoformat()}"
        if passes.gap[i] > 0:
            text += f"; its links want it {days_from_slots(passes.gap[i]):g}d later"
        return Driver("pinned", text)

    def actual(self, i: int, kind: str) -> Driver:
        started = self.start_day(self.passes.es[i])
        if kind == "finished":
            return Driver("actual", f"finished: actual {started} to {self.finish_day(self.passes.ef[i])}")
        return Driver("actual", f"started {started}; {days_from_slots(self.net.duration[i]):g}d remaining")

    def late(self, i: int) -> Driver:
        why, net = self.passes.late_why[i], self.net
        if not isinstance(why, str):
            return self.link(why, "before")
        if why == "project finish":
            return self.project_finish
        if why == "fnlt":
            return Driver("constraint", f"finish no later than {self.finish_day(net.fnlt[i] or 0)}")
        if why == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        return Driver("actual", f"finished {self.finish_day(self.passes.ef[i])}")


_TYPE_NAMES = {kind: kind.value for kind in LinkType}


def _lag_text(lag: int, elapsed: bool) -> str:
    """' + 2d', ' - 0.5d', ' + 3ed' (elapsed), or '' for no lag."""
    if lag == 0:
        return ""
    sign = "+" if lag > 0 else "-"
    return f" {sign} {days_from_slots(abs(lag)):g}{'ed' if elapsed else 'd'}"
