"""Workflow templates: a process network with duration rules, built into a `Plan` for a production.

A template has three scopes of tasks. *Series* tasks happen once (post starts, main titles,
series delivery). *Block* tasks happen once per shooting block of `block_size` episodes (a block
wrap). *Episode* tasks happen once per episode (cuts, lock, grade, mix, delivery). Ids are
unique across the scopes; the builder prefixes copies with `ep3-` or `block2-` (no prefix when
there is only one).

A link names its predecessor by id, or with a selector:
  `prev:x`   the same task of the previous episode (or block); no link for the first
  `prev_in_block:x`   the previous episode's x only within the same block (one director's eps)
  `all:x`    every copy of x (from a series task: every episode's x)
  `first:x`, `last:x`   the first or last copy
A plain id from an episode task means the same episode's task, else its block's, else the
series task. Durations and lags are rules on the runtime and episode count (`DurationRule`,
`LagRule`), rounded up to half days, with the basis for the figure kept beside the rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import (
    Assignment,
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
    Task,
)

HALF = Decimal("0.5")
ZERO = Decimal(0)


class Scope(StrEnum):
    SERIES = "series"
    BLOCK = "block"
    EPISODE = "episode"


@dataclass(frozen=True, slots=True)
class DurationRule:
    """Working days = days + per_minute x minutes + per_episode x episodes, clamped, rounded up to 0.5.

    Minutes and episodes are those the task covers: one episode's runtime for an episode task,
    the block's for a block task, the whole series' for a series task.
    """

    days: Decimal = ZERO
    per_minute: Decimal = ZERO
    per_episode: Decimal = ZERO
    minimum: Decimal = ZERO
    maximum: Decimal | None = None
    basis: str = ""  # where the figure comes from: process, reference figure, grade

    def days_for(self, minutes: int, episodes: int) -> Decimal:
        raw = self.days + self.per_minute * minutes + self.per_episode * episodes
        raw = max(raw, self.minimum)
        if self.maximum is not None:
            raw = min(raw, self.maximum)
        # to the hundredth first, so that 0.0667 x 60 = 4.002 is 4 days, not 4.5
        return Decimal(math.ceil(round(raw, 2) / HALF)) / 2


@dataclass(frozen=True, slots=True)
class LagRule:
    """Lag = days + per_block x (block number - 1) + per_episode x (episode number - 1)."""

    days: Decimal = ZERO
    per_block: Decimal = ZERO
    per_episode: Decimal = ZERO
    elapsed: bool = False

    def days_for(self, block: int, episode: int) -> Decimal:
        return self.days + self.per_block * (block - 1) + self.per_episode * (episode - 1)


@dataclass(frozen=True, slots=True)
class LinkRule:
    task: str  # an id or a selector (prev:, all:, first:, last:)
    type: LinkType = LinkType.FS
    lag: LagRule = field(default_factory=LagRule)


@dataclass(frozen=True, slots=True)
class AssignRule:
    """One resource, or a rotation among several: by block (two editors alternating blocks)
    or by episode."""

    resources: tuple[str, ...]
    units: Decimal = Decimal(1)
    rotate_by: Scope = Scope.BLOCK

    def resource_for(self, block: int, episode: int) -> str:
        turn = block if self.rotate_by is Scope.BLOCK else episode
        return self.resources[(turn - 1) % len(self.resources)]


@dataclass(frozen=True, slots=True)
class TaskRule:
    id: str
    name: str
    process: str = ""  # glossary id, becomes the task's kind
    duration: DurationRule = field(default_factory=DurationRule)
    milestone: bool = False
    owner: str | None = None  # a role (Person id of the template)
    assign: tuple[AssignRule, ...] = ()
    links: tuple[LinkRule, ...] = ()
    at_start: bool = False  # no earlier than the first day of post
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    description: str
    format: str
    series_tasks: tuple[TaskRule, ...] = ()
    block_tasks: tuple[TaskRule, ...] = ()
    episode_tasks: tuple[TaskRule, ...] = ()
    block_size: int = 1  # episodes per shooting block
    people: tuple[Person, ...] = ()  # the roles that own tasks
    resources: tuple[Resource, ...] = ()
    calendars: tuple[CalendarSpec, ...] = (CalendarSpec(id="standard", name="Standard week"),)
    default_episodes: int = 1
    default_runtime: int = 60

    def rules(self) -> Iterator[tuple[Scope, TaskRule]]:
        for scope, rules in (
            (Scope.SERIES, self.series_tasks),
            (Scope.BLOCK, self.block_tasks),
            (Scope.EPISODE, self.episode_tasks),
        ):
            for rule in rules:
                yield scope, rule


@dataclass(frozen=True, slots=True)
class Params:
    """What a user says about the production when starting a plan from a template."""

    title: str
    episodes: int
    runtime_minutes: int
    start: date
    country: str = "GB"
    region: str | None = "ENG"
    currency: str = "GBP"


@dataclass(frozen=True, slots=True)
class _Unit:
    """One copy of a scope: the series, block b, or episode e of block b."""

    scope: Scope
    block: int = 1
    episode: int = 1


SELECTORS = ("prev", "prev_in_block", "all", "first", "last")
REFERENCE_FORMS = "an id, or prev:/prev_in_block:/all:/first:/last: and an id"


def _split(reference: str) -> tuple[str, str]:
    selector, colon, target = reference.partition(":")
    return (selector, target) if colon else ("", reference)


def _rule_problems(template: Template, scopes: dict[str, Scope], place: str) -> Iterator[Problem]:
    people = {person.id for person in template.people}
    resources = {resource.id for resource in template.resources}
    for scope, rule in template.rules():
        where = f"{scope.value}_tasks[{rule.id}]"
        if rule.owner and rule.owner not in people:
            yield Problem(place, f"{where}.owner", f"unknown role {rule.owner!r}", expected="a people id")
        for assign in rule.assign:
            for resource in assign.resources:
                if resource not in resources:
                    yield Problem(place, f"{where}.assign", f"unknown resource {resource!r}")
        for link in rule.links:
            wrong = _reference_problem(link.task, scope, scopes, rule.id)
            if wrong:
                yield Problem(
                    place, f"{where}.links", wrong, expected="an id, or prev:/all:/first:/last: and an id"
                )


def _reference_problem(reference: str, scope: Scope, scopes: dict[str, Scope], own: str) -> str | None:
    """What is wrong with a link reference made from a task of `scope`, if anything."""
    selector, target = _split(reference)
    if selector and selector not in SELECTORS:
        return f"unknown selector {selector!r} in {reference!r}"
    if target not in scopes:
        return f"no task {target!r} in the template"
    if target == own and not selector.startswith("prev"):
        return f"{reference!r} links the task to itself"
    to = scopes[target]
    if selector.startswith("prev") and (to is Scope.SERIES or to is not scope):
        return f"{reference!r}: {selector}: links to the previous copy of a task of its own scope"
    if selector == "prev_in_block" and to is not Scope.EPISODE:
        return f"{reference!r}: prev_in_block: is for episode tasks"
    order = list(Scope)
    if not selector and order.index(to) > order.index(scope):
        return f"{reference!r} names a {to.value} task from a {scope.value} task: say all:, first: or last:"
    return None


def template_problems(template: Template, place: str) -> list[Problem]:
    """Duplicate ids, unknown roles and resources, and links that do not resolve."""
    problems: list[Problem] = []
    scopes: dict[str, Scope] = {}
    for scope, rule in template.rules():
        if rule.id in scopes:
            problems.append(Problem(place, f"{scope.value}_tasks", f"task id {rule.id!r} is used twice"))
        scopes[rule.id] = scope
    if template.block_size < 1:
        problems.append(Problem(place, "block_size", "must be at least 1", expected="a whole number >= 1"))
    problems.extend(_rule_problems(template, scopes, place))
    return problems


PROPER_NOUNS = ("Foley", "Dolby")


def _in_sentence(name: str) -> str:
    """`Grade` -> `grade` after a prefix; acronyms (VFX shots, QC, M&E mix) keep their capitals."""
    first = name.split(" ", 1)[0]
    if (len(first) > 1 and first.upper() == first) or first in PROPER_NOUNS:
        return name
    return name[:1].lower() + name[1:]


class _Builder:
    """Expands a checked template for one production: copies, ids, names, links, groups."""

    def __init__(self, template: Template, params: Params) -> None:
        self.template = template
        self.params = params
        self.episodes = params.episodes
        self.size = template.block_size
        self.blocks = math.ceil(self.episodes / self.size)
        self.scopes = {rule.id: scope for scope, rule in template.rules()}
        self._units = {scope: self._copies(scope) for scope in Scope}

    # -- copies ------------------------------------------------------------------------------
    def _copies(self, scope: Scope) -> list[_Unit]:
        if scope is Scope.SERIES:
            return [_Unit(scope)]
        if scope is Scope.BLOCK:
            return [_Unit(scope, b, (b - 1) * self.size + 1) for b in range(1, self.blocks + 1)]
        return [_Unit(scope, (e - 1) // self.size + 1, e) for e in range(1, self.episodes + 1)]

    def units(self, scope: Scope) -> list[_Unit]:
        """The copies of a scope, in order (built once: links look them up for every task)."""
        return self._units[scope]

    def in_block(self, block: int) -> int:
        return min(self.size, self.episodes - (block - 1) * self.size)

    def covers(self, unit: _Unit) -> tuple[int, int]:
        """(finished minutes, episodes) of the work a copy covers."""
        episodes = {
            Scope.SERIES: self.episodes,
            Scope.BLOCK: self.in_block(unit.block),
            Scope.EPISODE: 1,
        }[unit.scope]
        return episodes * self.params.runtime_minutes, episodes

    def task_id(self, rule_id: str, unit: _Unit) -> str:
        if unit.scope is Scope.EPISODE and self.episodes > 1:
            return f"ep{unit.episode}-{rule_id}"
        if unit.scope is Scope.BLOCK and self.blocks > 1:
            return f"block{unit.block}-{rule_id}"
        return rule_id

    def task_name(self, rule: TaskRule, unit: _Unit) -> str:
        if unit.scope is Scope.EPISODE and self.episodes > 1:
            return f"Ep {unit.episode} {_in_sentence(rule.name)}"
        if unit.scope is Scope.BLOCK and self.blocks > 1:
            return f"Block {unit.block} {_in_sentence(rule.name)}"
        return rule.name

    def group(self, unit: _Unit) -> str | None:
        if unit.scope is Scope.EPISODE and self.episodes > 1:
            return f"ep{unit.episode}"
        if unit.scope is Scope.BLOCK and self.has_block_groups():
            return f"block{unit.block}"
        return None

    def has_block_groups(self) -> bool:
        return (
            self.blocks > 1
            and self.size > 1
            and bool(self.template.block_tasks or self.template.episode_tasks)
        )

    def has_episode_groups(self) -> bool:
        return self.episodes > 1 and bool(self.template.episode_tasks)

    # -- links -------------------------------------------------------------------------------
    def resolve(self, reference: str, unit: _Unit) -> list[_Unit]:
        """The copies a reference made from `unit` names (empty for prev: of the first)."""
        selector, target = _split(reference)
        copies = self.units(self.scopes[target])
        if selector == "all":
            return copies
        if selector in ("first", "last"):
            return [copies[0] if selector == "first" else copies[-1]]
        position = self._position(unit, self.scopes[target])
        if selector == "prev_in_block":
            same_block = position > 0 and copies[position - 1].block == unit.block
            return [copies[position - 1]] if same_block else []
        if selector == "prev":
            return [copies[position - 1]] if position > 0 else []
        return [copies[position]]

    def _position(self, unit: _Unit, scope: Scope) -> int:
        if scope is Scope.SERIES:
            return 0
        return unit.block - 1 if scope is Scope.BLOCK else unit.episode - 1

    def links(self, rule: TaskRule, unit: _Unit) -> list[Link]:
        found = []
        successor = self.task_id(rule.id, unit)
        for link in rule.links:
            target = _split(link.task)[1]
            lag = link.lag.days_for(unit.block, unit.episode)
            for other in self.resolve(link.task, unit):
                predecessor = self.task_id(target, other)
                found.append(Link(predecessor, successor, link.type, lag, link.lag.elapsed))
        return found

    # -- tasks -------------------------------------------------------------------------------
    def task(self, rule: TaskRule, unit: _Unit) -> Task:
        minutes, episodes = self.covers(unit)
        days = ZERO if rule.milestone else rule.duration.days_for(minutes, episodes)
        assignments = tuple(
            Assignment(a.resource_for(unit.block, unit.episode), a.units) for a in rule.assign
        )
        # a fresh date object: YAML writers alias one object met twice (production.start)
        on = date.fromordinal(self.params.start.toordinal())
        constraints = (Constraint(ConstraintKind.SNET, on),) if rule.at_start else ()
        notes = " ".join(
            part
            for part in (rule.notes, f"Duration: {rule.duration.basis}" if rule.duration.basis else "")
            if part
        )
        return Task(
            id=self.task_id(rule.id, unit),
            name=self.task_name(rule, unit),
            duration_days=days,
            owner=rule.owner,
            milestone=rule.milestone,
            group=self.group(unit),
            assignments=assignments,
            constraints=constraints,
            kind=rule.process,
            notes=notes,
        )

    def closing(self) -> set[str]:
        """Series tasks that come after episodes: they link to block or episode tasks (or to such)."""
        late: set[str] = set()
        for rule in self.template.series_tasks:
            targets = [_split(link.task)[1] for link in rule.links]
            if any(self.scopes[t] is not Scope.SERIES or t in late for t in targets):
                late.add(rule.id)
        return late

    def ordered(self) -> Iterator[tuple[TaskRule, _Unit]]:
        """Opening series tasks, then each block with its episodes, then closing series tasks."""
        late = self.closing()
        series = _Unit(Scope.SERIES)
        yield from ((rule, series) for rule in self.template.series_tasks if rule.id not in late)
        for block in self.units(Scope.BLOCK):
            yield from ((rule, block) for rule in self.template.block_tasks)
            for episode in self.units(Scope.EPISODE):
                if episode.block == block.block:
                    yield from ((rule, episode) for rule in self.template.episode_tasks)
        yield from ((rule, series) for rule in self.template.series_tasks if rule.id in late)

    def groups(self) -> tuple[Group, ...]:
        found = []
        for block in self.units(Scope.BLOCK):
            first = block.episode
            last = first + self.in_block(block.block) - 1
            if self.has_block_groups():
                name = (
                    f"Block {block.block} (episodes {first}-{last})"
                    if last > first
                    else f"Block {block.block}"
                )
                found.append(Group(f"block{block.block}", name))
            if self.has_episode_groups():
                parent = f"block{block.block}" if self.has_block_groups() else None
                found += [Group(f"ep{e}", f"Episode {e}", parent) for e in range(first, last + 1)]
        return tuple(found)


def build_plan(template: Template, params: Params) -> Plan:
    """The post plan of a production made from `template` (checked first: every problem at once)."""
    problems = template_problems(template, f"template {template.id}")
    if params.episodes < 1 or params.runtime_minutes < 1:
        problems.append(Problem("parameters", "episodes/runtime", "must be at least 1"))
    if problems:
        raise InvalidInput(problems)
    builder = _Builder(template, params)
    tasks: list[Task] = []
    links: list[Link] = []
    for rule, unit in builder.ordered():
        tasks.append(builder.task(rule, unit))
        links += builder.links(rule, unit)
    production = Production(
        title=params.title,
        format=template.format,
        episodes=params.episodes,
        runtime_minutes=params.runtime_minutes,
        currency=params.currency,
        country=params.country,
        region=params.region,
        start=params.start,
    )
    return Plan(
        production=production,
        calendars=template.calendars,
        resources=template.resources,
        tasks=tuple(tasks),
        links=tuple(links),
        people=template.people,
        groups=builder.groups(),
        project_calendar=template.calendars[0].id if template.calendars else "standard",
    )
