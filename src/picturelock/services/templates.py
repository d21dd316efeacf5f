"""Workflow templates and the trade's glossary: list, load (by name or path), build a new plan.

The templates are YAML files in `picturelock/data/templates/`; a user may write their own and
pass its path wherever a template name is accepted. The glossary is `data/processes.yaml`.
Reading checks everything and reports every problem with its line, like the plan-file loader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from picturelock.adapters.holiday_calendars import check_region
from picturelock.adapters.planfile.yamlio import YamlProblem, read_yaml
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.glossary import ProcessEntry, TypicalFigure
from picturelock.domain.plan import CalendarSpec, LinkType, Person, Plan, Resource, ResourceKind
from picturelock.domain.templates import (
    AssignRule,
    DurationRule,
    LagRule,
    LinkRule,
    Params,
    Scope,
    TaskRule,
    Template,
    build_plan,
)
from picturelock.domain.validation import plan_problems

DEFAULT_START = date(2027, 1, 4)  # the first Monday after 2027-01-01, as the CLI says
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SCOPE_KEYS = {"series_tasks": Scope.SERIES, "block_tasks": Scope.BLOCK, "episode_tasks": Scope.EPISODE}


def _data() -> Traversable:
    return files("picturelock").joinpath("data")


def _builtin() -> dict[str, Traversable]:
    folder = _data().joinpath("templates")
    return {e.name[: -len(".yaml")]: e for e in folder.iterdir() if e.name.endswith(".yaml")}


# -- reading ----------------------------------------------------------------------------------
def _line(node: Any, key: Any = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        return int(lc.key(key)[0]) + 1 if key is not None else int(lc.line) + 1
    except (KeyError, IndexError, TypeError):
        return int(lc.line) + 1


class _Reader:
    """Typed reads from YAML nodes; every mistake becomes a Problem, and reading goes on."""

    def __init__(self, place: str) -> None:
        self.place = place
        self.problems: list[Problem] = []

    def problem(self, node: Any, field: str, message: str, expected: str = "", key: Any = None) -> None:
        self.problems.append(Problem(self.place, field, message, _line(node, key), expected))

    def mapping(self, node: Any, field: str, parent: Any = None) -> dict[str, Any]:
        if isinstance(node, dict):
            return node
        self.problem(parent if parent is not None else node, field, "is not a mapping", "key: value pairs")
        return {}

    def listing(self, node: dict[str, Any], key: str, field: str) -> list[Any]:
        value = node.get(key, [])
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.problem(node, f"{field}.{key}", "is not a list", "a list", key)
        return []

    def text(self, node: dict[str, Any], key: str, field: str, default: str | None = None) -> str:
        value = node.get(key, default)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value)
        self.problem(node, f"{field}.{key}", "is missing" if value is None else "is not text", "text", key)
        return default or ""

    def decimal(self, value: Any, node: Any, field: str, key: Any = None) -> Decimal:
        try:
            if isinstance(value, bool) or value is None:
                raise InvalidOperation
            return Decimal(str(value))
        except InvalidOperation:
            self.problem(node, field, f"{value!r} is not a number", "a number of working days", key)
            return Decimal(0)

    def unknown_keys(self, node: dict[str, Any], known: set[str], field: str) -> None:
        for key in node:
            if key not in known:
                expected = "one of " + ", ".join(sorted(known))
                self.problem(node, f"{field}.{key}", "unknown field", expected, key)


def _duration(r: _Reader, value: Any, node: Any, field: str) -> DurationRule:
    if not isinstance(value, dict):
        return DurationRule(days=r.decimal(value, node, field, "duration"))
    known = {"days", "per_minute", "per_episode", "min", "max", "basis"}
    r.unknown_keys(value, known, field)

    def num(key: str) -> Decimal:
        return r.decimal(value.get(key, 0), value, f"{field}.{key}", key)

    maximum = num("max") if "max" in value else None
    basis = str(value.get("basis", ""))
    return DurationRule(num("days"), num("per_minute"), num("per_episode"), num("min"), maximum, basis)


def _lag(r: _Reader, value: Any, node: Any, field: str) -> LagRule:
    if isinstance(value, dict):
        r.unknown_keys(value, {"days", "per_block", "per_episode", "elapsed"}, field)

        def num(key: str) -> Decimal:
            return r.decimal(value.get(key, 0), value, f"{field}.{key}", key)

        return LagRule(num("days"), num("per_block"), num("per_episode"), bool(value.get("elapsed", False)))
    text = str(value).strip().lower()
    elapsed = text.endswith("ed")
    number = text[:-2] if elapsed else text.removesuffix("d")
    return LagRule(days=r.decimal(number, node, field, "lag"), elapsed=elapsed)


def _links(r: _Reader, node: dict[str, Any], field: str) -> tuple[LinkRule, ...]:
    links = [LinkRule(str(ref)) for ref in r.listing(node, "after", field)]
    for i, item in enumerate(r.listing(node, "depends", field)):
        here = f"{field}.depends[{i}]"
        item = r.mapping(item, here, node)
        r.unknown_keys(item, {"task", "type", "lag"}, here)
        kind = str(item.get("type", "FS")).upper()
        if kind not in LinkType.__members__:
            r.problem(item, f"{here}.type", f"unknown link type {kind!r}", "FS, SS, FF or SF", "type")
            kind = "FS"
        lag = _lag(r, item.get("lag", 0), item, f"{here}.lag")
        links.append(LinkRule(r.text(item, "task", here), LinkType(kind), lag))
    return tuple(links)


def _assign(r: _Reader, node: dict[str, Any], field: str) -> tuple[AssignRule, ...]:
    rules = []
    for i, item in enumerate(r.listing(node, "assign", field)):
        here = f"{field}.assign[{i}]"
        if isinstance(item, str):
            rules.append(AssignRule((item,)))
            continue
        item = r.mapping(item, here, node)
        r.unknown_keys(item, {"resource", "rotate", "by", "units"}, here)
        units = r.decimal(item.get("units", 1), item, f"{here}.units", "units")
        among = [str(x) for x in item["rotate"]] if isinstance(item.get("rotate"), list) else []
        names = tuple(among) or (r.text(item, "resource", here),)
        by = str(item.get("by", "block"))
        if by not in ("block", "episode"):
            r.problem(item, f"{here}.by", f"unknown rotation {by!r}", "block or episode", "by")
            by = "block"
        rules.append(AssignRule(names, units, Scope(by)))
    return tuple(rules)


TASK_KEYS = {"id", "name", "process", "duration", "milestone", "owner", "assign", "after", "depends"}
TASK_KEYS |= {"at_start", "notes"}


def _task(r: _Reader, node: Any, field: str, parent: Any) -> TaskRule:
    node = r.mapping(node, field, parent)
    r.unknown_keys(node, TASK_KEYS, field)
    milestone = bool(node.get("milestone", False))
    duration = (
        DurationRule() if milestone else _duration(r, node.get("duration", 0), node, f"{field}.duration")
    )
    return TaskRule(
        id=r.text(node, "id", field),
        name=r.text(node, "name", field),
        process=str(node.get("process", "")),
        duration=duration,
        milestone=milestone,
        owner=str(node["owner"]) if node.get("owner") else None,
        assign=_assign(r, node, field),
        links=_links(r, node, field),
        at_start=bool(node.get("at_start", False)),
        notes=str(node.get("notes", "")),
    )


def _calendar(r: _Reader, node: Any, field: str, parent: Any) -> CalendarSpec:
    node = r.mapping(node, field, parent)
    r.unknown_keys(node, {"id", "name", "working_weekdays", "country", "region"}, field)
    days = [str(d).lower() for d in node.get("working_weekdays", WEEKDAYS[:5])]
    for day in days:
        if day not in WEEKDAYS:
            r.problem(node, f"{field}.working_weekdays", f"unknown weekday {day!r}", "mon..sun")
    weekdays = frozenset(WEEKDAYS.index(d) for d in days if d in WEEKDAYS)
    country = str(node["country"]) if node.get("country") else None
    region = str(node["region"]) if node.get("region") else None
    return CalendarSpec(r.text(node, "id", field), r.text(node, "name", field), weekdays, country, region)


def _person(r: _Reader, node: Any, field: str, parent: Any) -> Person:
    node = r.mapping(node, field, parent)
    r.unknown_keys(node, {"id", "name", "role"}, field)
    return Person(r.text(node, "id", field), r.text(node, "name", field), str(node.get("role", "")))


def _resource(r: _Reader, node: Any, field: str, parent: Any) -> Resource:
    node = r.mapping(node, field, parent)
    r.unknown_keys(node, {"id", "name", "kind", "capacity", "calendar"}, field)
    kind = str(node.get("kind", "person"))
    if kind not in {k.value for k in ResourceKind}:
        r.problem(node, f"{field}.kind", f"unknown kind {kind!r}", "person, room or kit", "kind")
        kind = "person"
    capacity = r.decimal(node.get("capacity", 1), node, f"{field}.capacity", "capacity")
    calendar = str(node["calendar"]) if node.get("calendar") else None
    return Resource(
        r.text(node, "id", field), r.text(node, "name", field), ResourceKind(kind), capacity, calendar
    )


def _each(r: _Reader, doc: dict[str, Any], key: str, read: Callable[..., Any]) -> tuple[Any, ...]:
    return tuple(read(r, item, f"{key}[{i}]", doc) for i, item in enumerate(r.listing(doc, key, "")))


TEMPLATE_KEYS = {"template", "name", "description", "format", "defaults", "block_size", "calendars"}
TEMPLATE_KEYS |= {"people", "resources", *SCOPE_KEYS}


def parse_template(text: str, place: str) -> Template:
    """A template from YAML text; every problem (with its line) at once as InvalidInput."""
    from picturelock.domain.templates import template_problems

    try:
        document = read_yaml(text)
    except YamlProblem as error:
        raise InvalidInput([Problem(place, "", error.message, error.line, error.expected)]) from None
    r = _Reader(place)
    doc = r.mapping(document, "(document)")
    r.unknown_keys(doc, TEMPLATE_KEYS, "")
    defaults = r.mapping(doc.get("defaults", {}), "defaults", doc)
    calendars = _each(r, doc, "calendars", _calendar) or (CalendarSpec("standard", "Standard week"),)
    template = Template(
        id=r.text(doc, "template", ""),
        name=r.text(doc, "name", ""),
        description=" ".join(str(doc.get("description", "")).split()),
        format=r.text(doc, "format", ""),
        series_tasks=_each(r, doc, "series_tasks", _task),
        block_tasks=_each(r, doc, "block_tasks", _task),
        episode_tasks=_each(r, doc, "episode_tasks", _task),
        block_size=int(r.decimal(doc.get("block_size", 1), doc, "block_size", "block_size")),
        people=_each(r, doc, "people", _person),
        resources=_each(r, doc, "resources", _resource),
        calendars=calendars,
        default_episodes=int(r.decimal(defaults.get("episodes", 1), defaults, "defaults.episodes")),
        default_runtime=int(r.decimal(defaults.get("runtime_minutes", 60), defaults, "defaults.runtime")),
    )
    problems = r.problems or template_problems(template, place)
    if problems:
        raise InvalidInput(problems)
    return template


# -- the service functions the doors call ------------------------------------------------------
def list_templates() -> list[tuple[str, str]]:
    """(name, description) of each built-in template, by name."""
    return [(name, load_template(name).description) for name in sorted(_builtin())]


def _is_path(name_or_path: str | Path) -> bool:
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or text.endswith((".yaml", ".yml")) or "/" in text or "\\" in text


def load_template(name_or_path: str | Path) -> Template:
    """A built-in template by name (`drama-series`) or a user's template file by path."""
    if _is_path(name_or_path):
        path = Path(name_or_path)
        if not path.is_file():
            raise InvalidInput([Problem(str(path), "", "no such file", expected="a template YAML file")])
        return parse_template(path.read_text(encoding="utf-8"), str(path))
    builtin = _builtin()
    if str(name_or_path) not in builtin:
        known = ", ".join(sorted(builtin))
        raise InvalidInput(
            [Problem("template", "", f"no template {name_or_path!r}", expected=f"one of {known}, or a path")]
        )
    entry = builtin[str(name_or_path)]
    return parse_template(entry.read_text(encoding="utf-8"), f"templates/{entry.name}")


def new_plan(
    template: str | Path | Template,
    *,
    episodes: int | None = None,
    runtime: int | None = None,
    title: str = "Untitled production",
    start: date | None = None,
    country: str = "GB",
    region: str | None = "ENG",
    currency: str = "GBP",
) -> Plan:
    """A new post plan from a template; episodes and runtime default to the template's."""
    chosen = template if isinstance(template, Template) else load_template(template)
    wrong = check_region(country, region)
    if wrong:
        raise InvalidInput([Problem("parameters", "country/region", wrong, expected="an ISO 3166 code")])
    params = Params(
        title=title,
        episodes=episodes if episodes is not None else chosen.default_episodes,
        runtime_minutes=runtime if runtime is not None else chosen.default_runtime,
        start=start or DEFAULT_START,
        country=country,
        region=region,
        currency=currency,
    )
    plan = build_plan(chosen, params)
    problems = plan_problems(plan, f"template {chosen.id}")
    if problems:
        raise InvalidInput(problems)
    return plan


def plan_text(plan: Plan) -> str:
    """The plan as plan-file text (for golden files and previews)."""
    from picturelock.adapters.planfile.writer import dump_plan

    return dump_plan(plan)


# -- the glossary -----------------------------------------------------------------------------
def _figures(item: dict[str, Any], checked: date) -> Iterator[TypicalFigure]:
    for figure in item.get("typical", []):
        yield TypicalFigure(
            low=Decimal(str(figure["low"])),
            high=Decimal(str(figure["high"])),
            unit=str(figure["unit"]),
            grade=str(figure["grade"]),
            source=str(figure["source"]) if figure.get("source") else None,
            checked=checked,
            note=str(figure.get("note", "")),
        )


def glossary() -> list[ProcessEntry]:
    """Every process of the trade, in the order work flows (from data/processes.yaml)."""
    document = read_yaml(_data().joinpath("processes.yaml").read_text(encoding="utf-8"))
    checked = date.fromisoformat(str(document["checked"]))
    return [
        ProcessEntry(
            id=str(item["id"]),
            name=str(item["name"]),
            what=" ".join(str(item["what"]).split()),
            inputs=tuple(str(x) for x in item["inputs"]),
            outputs=tuple(str(x) for x in item["outputs"]),
            who=tuple(str(x) for x in item["who"]),
            typical=tuple(_figures(item, checked)),
            aliases=tuple(str(x) for x in item.get("aliases", [])),
        )
        for item in document["processes"]
    ]


def process(name: str) -> ProcessEntry:
    """The glossary entry known by `name` (its id, name or an alias, any case)."""
    wanted = name.strip().lower()
    for entry in glossary():
        if wanted in entry.names():
            return entry
    known = ", ".join(entry.id for entry in glossary())
    raise InvalidInput([Problem("glossary", "", f"no process {name!r}", expected=f"one of {known}")])


# -- the reference part of docs/templates.md ---------------------------------------------------
def _rule_text(rule: DurationRule) -> str:
    parts = [f"{rule.days:g} d"] if rule.days else []
    parts += [f"{rule.per_minute:g} d x minutes"] if rule.per_minute else []
    parts += [f"{rule.per_episode:g} d x episodes"] if rule.per_episode else []
    text = " + ".join(parts) or "0 d"
    bounds = [f"min {rule.minimum:g}"] if rule.minimum else []
    bounds += [f"max {rule.maximum:g}"] if rule.maximum is not None else []
    return f"{text} ({', '.join(bounds)})" if bounds else text


def _template_markdown(name: str) -> list[str]:
    template = load_template(name)
    lines = [
        f"### {template.name} (`{name}`)",
        "",
        template.description,
        "",
        f"Defaults: {template.default_episodes} episode(s) of {template.default_runtime} minutes; "
        f"blocks of {template.block_size} episode(s). Resources: "
        + ", ".join(r.name for r in template.resources)
        + ".",
        "",
        "| scope | task | process | duration (working days) | basis |",
        "| --- | --- | --- | --- | --- |",
    ]
    for scope, rule in template.rules():
        duration = "milestone" if rule.milestone else _rule_text(rule.duration)
        basis = rule.duration.basis.replace("|", "/")
        lines.append(f"| {scope.value} | {rule.name} | {rule.process} | {duration} | {basis} |")
    return [*lines, ""]


def _entry_markdown(entry: ProcessEntry) -> list[str]:
    lines = [f"### {entry.name} (`{entry.id}`)", "", entry.what, ""]
    if entry.aliases:
        lines.append(f"- Also called: {', '.join(entry.aliases)}")
    lines += [
        f"- In: {'; '.join(entry.inputs)}",
        f"- Out: {'; '.join(entry.outputs)}",
        f"- Who: {', '.join(entry.who)}",
        "- Typically:",
    ]
    lines += [f"  - {figure.text()}" for figure in entry.typical]
    return [*lines, ""]


def reference_markdown() -> str:
    """The templates and the glossary as Markdown: the generated part of docs/templates.md."""
    lines = ["## The templates", ""]
    for name in sorted(_builtin()):
        lines += _template_markdown(name)
    lines += ["## The glossary", ""]
    for entry in glossary():
        lines += _entry_markdown(entry)
    return "\n".join(lines).rstrip() + "\n"
