"""Read a plan file: YAML -> schema -> semantic checks -> `Plan`, with every problem at its line.

`load_plan(path)` and `parse_plan(text, place)` either return a `Plan` or raise `InvalidInput`
listing every problem found (file, line, field, message, expected). Schema problems and
semantic problems are reported together: items that fail the schema are left out, the rest of
the plan is checked, and references to the items left out are not reported twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from picturelock.adapters.holiday_calendars import calendar_problems, check_region
from picturelock.adapters.planfile.convert import to_plan
from picturelock.adapters.planfile.errors import schema_problems
from picturelock.adapters.planfile.locate import Locator, format_field, parse_field
from picturelock.adapters.planfile.prune import Pruned, prune
from picturelock.adapters.planfile.schema import FORMAT_VERSION, PlanFile
from picturelock.adapters.planfile.yamlio import YamlProblem, plain, read_data, read_nodes, read_yaml
from picturelock.domain.bulk import cyclic_gc_paused
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan
from picturelock.domain.validation import plan_problems


def load_plan(path: Path) -> Plan:
    """The plan in the file at `path`, or InvalidInput with every problem found."""
    place = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(place, "", "no such file", expected="a plan file (.yaml)")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(place, "", "is a folder, not a file", expected="a plan file")]) from None
    except OSError as error:
        raise InvalidInput([Problem(place, "", f"cannot be read: {error.strerror or error}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        message = f"not UTF-8 text: byte 0x{byte} cannot be read"
        raise InvalidInput([Problem(place, "", message, line, "a file saved as UTF-8")]) from None
    return parse_plan(text, place)


def parse_plan(text: str, place: str = "plan") -> Plan:
    """The plan written in `text` (YAML); `place` names it in problems (a file name).

    A sound file is read once, fast, without line numbers; only when there are problems is its
    node tree composed as well, to show each problem at its line. The round-trip reader is used
    only to describe a YAML syntax error."""
    locator = Locator(lambda: read_nodes(text))
    try:
        data = _read(text)
        _check_document(data, place, locator)
    except YamlProblem as error:
        raise InvalidInput([Problem(place, "", error.message, error.line, error.expected)]) from None
    with cyclic_gc_paused():  # many small objects: collecting while building them costs more than the work
        problems, plan = _validate(data, place, locator)
    if problems or plan is None:
        raise InvalidInput(_sorted(problems))
    return plan


def _read(text: str) -> Any:
    try:
        return read_data(text)
    except YamlProblem:
        raise
    except Exception:  # the fast reader failed: the round-trip reader says where and why
        return plain(read_yaml(text))  # raises YamlProblem with the line


def _check_document(document: Any, place: str, locator: Locator) -> None:
    if document is None:
        raise InvalidInput([Problem(place, "", "the file is empty", 1, "a plan (see docs/plan-file.md)")])
    if not isinstance(document, dict):
        what = "a list" if isinstance(document, list) else f"a single value {document!r}"
        problem = Problem(place, "", f"the file holds {what}", 1, "a mapping starting with 'picturelock: 1'")
        raise InvalidInput([problem])
    version = document.get("picturelock")
    if version is None:
        message = "no format version"
        raise InvalidInput(
            [Problem(place, "picturelock", message, 1, f"'picturelock: {FORMAT_VERSION}' first")]
        )
    if version != FORMAT_VERSION or isinstance(version, bool):
        message = f"format version {version!r} is not one this Picture Lock reads"
        line = locator.line(["picturelock"])
        raise InvalidInput([Problem(place, "picturelock", message, line, f"{FORMAT_VERSION}")])


def _validate(data: dict[str, Any], place: str, locator: Locator) -> tuple[list[Problem], Plan | None]:
    """Schema problems, then semantic problems on whatever part of the plan is sound."""
    problems: list[Problem] = []
    pruned = Pruned(data)
    try:
        model = PlanFile.model_validate(data)
    except ValidationError as error:
        problems = schema_problems(error, place, locator)
        rest = prune(data, error)
        if rest is None:
            return problems, None
        model, pruned = rest
    plan, more, sources = to_plan(model, place)
    reported = {p.field for p in problems}
    for problem in more + _semantic(plan, place):
        field = format_field(pruned.file_parts(parse_field(locator.link_field(problem.field, sources))))
        if field in reported or _names_left_out(problem, locator.value(field), pruned.left_out):
            continue
        line = locator.line(parse_field(field))
        problems.append(Problem(place, field, problem.message, line, problem.expected))
    return problems, plan


def _semantic(plan: Plan, place: str) -> list[Problem]:
    found = plan_problems(plan, place) + calendar_problems(plan.calendars, place)
    wrong = check_region(plan.production.country, plan.production.region)
    if wrong and wrong.startswith("unknown country"):
        found.append(
            Problem(place, "production.country", wrong, expected="an ISO 3166 alpha-2 code such as GB")
        )
    elif wrong:
        found.append(Problem(place, "production.region", wrong, expected="a subdivision of the country"))
    return found


def _names_left_out(problem: Problem, value: Any, left_out: set[str]) -> bool:
    """An unknown-reference problem about an item already reported broken (and left out)."""
    return problem.message.startswith("unknown ") and value in left_out


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.line or 0)  # stable: schema problems first on a line
