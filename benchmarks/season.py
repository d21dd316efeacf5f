"""A season-sized production for the load benchmark: 10 episodes, about 3,000 tasks.

The drama-series template (`picturelock new drama-series --episodes 10`: cuts with notes, lock,
turnover, sound, music, conform, grade, mix, deliverables; 302 tasks, 519 links, 13 resources)
with each episode's single "VFX shots" task broken into the shots themselves, as a VFX editor
tracks them: 90 shots an episode, each plates-and-references turnover (after the director's cut),
comp at one of three vendors, and the VFX supervisor's final approval, all gathering into the
episode's "VFX finals delivered" milestone that the conform waits for. The three vendors are
resources of their own organisations, so a vendor's view is a real slice of the plan. Every
episode's delivery has the buyer's finish-no-later-than date (four days after the planned
delivery); the plan is baselined and its status date is six weeks in, with the tasks due by then
recorded as done (some late, a twentieth not yet), so monitoring has escalations to report.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    Constraint,
    ConstraintKind,
    Link,
    Person,
    Plan,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.services import scheduling
from picturelock.services.templates import new_plan

EPISODES = 10
SHOTS = 90  # an effects-heavy drama episode: 60-150 shots
VENDORS = (("northlight", "Northlight VFX"), ("harbour", "Harbour Digital"), ("moth-lamp", "Moth & Lamp"))
START = date(2027, 1, 4)
STATUS_DAYS = 42


def _shots(episode: int, rng: random.Random) -> tuple[list[Task], list[Link]]:
    ep = f"ep{episode}"
    tasks: list[Task] = []
    links: list[Link] = []
    for shot in range(1, SHOTS + 1):
        base = f"{ep}-sh{shot * 10:04d}"
        vendor = f"vfx-{VENDORS[shot % len(VENDORS)][0]}"
        comp_days = Decimal(rng.choice((2, 3, 3, 4, 5, 6, 8)))
        tasks += [
            Task(f"{base}-turnover", f"Ep {episode} shot {shot * 10:04d} plates", Decimal("0.5"),
                 owner="vfx-supervisor", group=ep, kind="vfx",
                 assignments=(Assignment("assistants", Decimal("0.25")),)),
            Task(f"{base}-comp", f"Ep {episode} shot {shot * 10:04d} comp", comp_days, owner="vfx-supervisor",
                 group=ep, kind="vfx", assignments=(Assignment(vendor),)),
            Task(f"{base}-final", f"Ep {episode} shot {shot * 10:04d} final approved", Decimal("0.5"),
                 owner="vfx-supervisor", group=ep, kind="vfx",
                 assignments=(Assignment("vfx-supervision", Decimal("0.25")),)),
        ]  # fmt: skip
        links += [
            Link(f"{ep}-directors-cut", f"{base}-turnover", lag_days=Decimal(2 + shot % 5)),
            Link(f"{base}-turnover", f"{base}-comp"),
            Link(f"{base}-comp", f"{base}-final"),
            Link(f"{base}-final", f"{ep}-vfx"),
        ]
    return tasks, links


def _resources(plan: Plan) -> tuple[Resource, ...]:
    vendors = tuple(
        Resource(f"vfx-{key}", f"{name} (shot teams)", ResourceKind.PERSON, Decimal(12), organisation=key)
        for key, name in VENDORS
    )
    supervision = Resource("vfx-supervision", "VFX supervisor's reviews", ResourceKind.PERSON, Decimal(2))
    return (*(r for r in plan.resources if r.id != "vfx-vendor"), *vendors, supervision)


def _episodes(plan: Plan, rng: random.Random) -> Plan:
    tasks: list[Task] = []
    links = [link for link in plan.links if not link.successor.endswith("-vfx")]
    for task in plan.tasks:
        if task.kind == "vfx" and task.id.endswith("-vfx"):
            episode = int(task.id[2:].split("-")[0])
            shot_tasks, shot_links = _shots(episode, rng)
            tasks += shot_tasks
            links += shot_links
            task = replace(task, name=f"Ep {episode} VFX finals delivered", duration_days=Decimal(0),
                           milestone=True, assignments=())  # fmt: skip
        tasks.append(task)
    people = (
        *plan.people,
        Person("northlight-producer", "Northlight VFX producer", organisation=VENDORS[0][0]),
    )
    return replace(plan, tasks=tuple(tasks), links=tuple(links), resources=_resources(plan), people=people)


def _in_progress(plan: Plan, rng: random.Random) -> Plan:
    """Baselined on the plan as made; what was due before the status date recorded as done (a tenth
    of it a day late), except a twentieth, not recorded yet: those are what monitoring chases."""
    schedule = scheduling.schedule(plan)
    status = START + timedelta(days=STATUS_DAYS)
    entries: dict[str, BaselineEntry] = {}
    tasks: list[Task] = []
    for task in plan.tasks:
        start, finish = schedule.start_date(task.id), schedule.finish_date(task.id)
        entries[task.id] = BaselineEntry(start, finish)
        if task.id.endswith("-delivery"):  # the buyer's date: a few days' grace on the plan
            task = replace(task, constraints=(Constraint(ConstraintKind.FNLT, finish + timedelta(days=4)),))
        if finish < status and rng.random() >= 0.05:
            late = timedelta(days=1 if rng.random() < 0.1 else 0)
            task = replace(
                task, progress=Progress(actual_start=start, actual_finish=min(finish + late, status))
            )
        tasks.append(task)
    return replace(
        plan, tasks=tuple(tasks), baselines=(Baseline("approved", START, entries),), status_date=status
    )


def season(episodes: int = EPISODES, seed: int = 3) -> Plan:
    """The season: `episodes` episodes of about 300 tasks each."""
    rng = random.Random(seed)
    plan = new_plan("drama-series", episodes=episodes, title="The Long Season", start=START)
    return _in_progress(_episodes(plan, rng), rng)


if __name__ == "__main__":
    made = season()
    print(f"{len(made.tasks)} tasks, {len(made.links)} links, {len(made.resources)} resources")
