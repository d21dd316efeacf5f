"""The plan file's shape as pydantic models: what the loader validates and what the JSON Schema says.

These models describe the *file* (YAML, format version 1), not the domain: ids are plain strings,
links are written under their successor, lags may be strings like "3ed". `convert.py` turns a
validated `PlanFile` into a `picturelock.domain.plan.Plan`. Checks that need the whole plan
(unknown ids, loops, impossible constraints) live in `picturelock.domain.validation`.

`python -m picturelock.adapters.planfile.schema` prints the JSON Schema (docs/plan-schema.json).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
)

from picturelock.domain.organisations import ORGANISATION_EXPECTED, ORGANISATION_PATTERN, organisation_problem

FORMAT_VERSION = 1
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LAG_PATTERN = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(d|ed)?\s*$")

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
LinkTypeName = Literal["FS", "SS", "FF", "SF"]
ResourceKindName = Literal["person", "room", "kit"]
ConstraintName = Literal["start_no_earlier_than", "finish_no_later_than", "must_finish_on"]


def _check_lag(value: Any) -> Any:
    """A lag is a number of working days, or a string "3d" (working) / "3ed" (elapsed days)."""
    if isinstance(value, bool):
        raise ValueError("a lag is a number of days, not true/false")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and LAG_PATTERN.match(value):
        return value
    raise ValueError(
        f'cannot read {value!r} as a lag: write working days (3, 2.5, "3d") or elapsed days ("3ed")'
    )


Lag = Annotated[
    float | str,
    BeforeValidator(_check_lag),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*(d|ed)?\s*$"},
            ],
            "description": 'Working days (number or "3d"), or elapsed calendar days ("3ed"); '
            "negative is a lead.",
            "examples": [2, -1, "3d", "3ed"],
        }
    ),
]


class FileModel(BaseModel):
    """Every model of the file: unknown keys are errors, numbers given for text are accepted."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        allow_inf_nan=False,
        model_title_generator=lambda model: model.__name__.removesuffix("Model"),
    )


def _d(description: str, **kwargs: Any) -> Any:
    return Field(description=description, **kwargs)


ORGANISATION_TEXT = (
    "The vendor, facility or client {what} (a short id); vendors and clients see only their own items."
)
ORGANISATION_FIELD: dict[str, Any] = {"default": None, "examples": ["acme-sound"]}


def _check_organisation(value: str) -> str:
    problem = organisation_problem(value)
    if problem:
        raise ValueError(f"not an organisation id ({ORGANISATION_EXPECTED})")
    return value


Organisation = Annotated[
    str,
    AfterValidator(_check_organisation),
    WithJsonSchema({"type": "string", "pattern": ORGANISATION_PATTERN.pattern}),
]


class Span(FileModel):
    first: date = _d("First day, inclusive (YYYY-MM-DD).", examples=["2027-04-01"])
    last: date = _d("Last day, inclusive; equal to `first` for a single day.", examples=["2027-04-02"])
    reason: str = _d("Why: a holiday, a shutdown, leave.", default="", examples=["Easter closure"])


class ProductionModel(FileModel):
    title: str = _d("The production's title.", examples=["Harbour Lights"])
    format: str = _d(
        "Kind of production: feature, drama-series, documentary, commercial, ...",
        default="feature",
        examples=["drama-series"],
    )
    episodes: int = _d("Number of episodes (1 for a feature).", default=1, ge=1, examples=[6])
    runtime_minutes: int = _d("Running time of one episode or the film, in minutes.", default=90, ge=0)
    currency: str = _d("ISO 4217 currency of the budget.", examples=["GBP", "EUR", "USD"])
    country: str = _d("ISO 3166 alpha-2 country whose public holidays close the calendars.", examples=["GB"])
    region: str | None = _d(
        "Subdivision for regional holidays (ENG, SCT, ...); none for national holidays only.",
        default=None,
        examples=["ENG"],
    )
    start: date = _d("First day of post: the plan's origin.", examples=["2027-01-04"])


class CalendarModel(FileModel):
    id: str = _d(
        "Calendar id, referred to by resources, tasks and `project_calendar`.", examples=["standard"]
    )
    name: str | None = _d("Readable name; defaults to the id.", default=None, examples=["Standard week"])
    working_weekdays: list[Weekday] = _d(
        "Days of the week that work.", default=["mon", "tue", "wed", "thu", "fri"], examples=[["mon", "tue"]]
    )
    country: str | None = _d(
        "Country whose public holidays close this calendar; defaults to the production's; '' for none.",
        default=None,
    )
    region: str | None = _d("Region for regional holidays; defaults to the production's.", default=None)
    shutdowns: list[Span] = _d("Closures: facility shutdowns, company holidays.", default=[])
    extra_working_days: list[date] = _d(
        "Days that work although the week says not (a Saturday session).", default=[]
    )
    base: str | None = _d("A calendar whose holidays and shutdowns this one adds to.", default=None)


class PersonModel(FileModel):
    id: str = _d("Person id, referred to as owner, approver, party.", examples=["maya"])
    name: str = _d("Full name.", examples=["Maya Okafor"])
    role: str = _d("Job on the production.", default="", examples=["Post supervisor"])
    email: str = _d("Where schedules and briefs are sent.", default="", examples=["maya@example.com"])
    organisation: Organisation | None = _d(
        ORGANISATION_TEXT.format(what="they work for"), **ORGANISATION_FIELD
    )


class ResourceModel(FileModel):
    id: str = _d("Resource id, used in task `assign` lists.", examples=["editor"])
    name: str = _d("Readable name.", examples=["Editor (Sam Reid)"])
    kind: ResourceKindName = _d("person, room (suite, theatre) or kit.", examples=["room"])
    capacity: float = _d("Units available at once (2 = two editors).", default=1, examples=[1, 2])
    calendar: str | None = _d("Calendar id; defaults to `project_calendar`.", default=None)
    leave: list[Span] = _d("Days this resource is away.", default=[])
    person: str | None = _d("The person (from `people`) this resource is.", default=None)
    organisation: Organisation | None = _d(
        ORGANISATION_TEXT.format(what="the room, kit or crew member belongs to"), **ORGANISATION_FIELD
    )


class GroupModel(FileModel):
    id: str = _d("Group id (a summary task: episode block, department).", examples=["ep1"])
    name: str = _d("Readable name.", examples=["Episode 1"])
    parent: str | None = _d("Enclosing group id.", default=None)


class AssignModel(FileModel):
    resource: str = _d("Resource id.", examples=["assistant"])
    units: float = _d("Share of the resource (0.5 = half time).", default=1, examples=[0.5])


def _assign_tag(value: Any) -> str:
    return "resource-map" if isinstance(value, dict) else "resource-id"


Assign = Annotated[
    Annotated[str, Tag("resource-id")] | Annotated[AssignModel, Tag("resource-map")],
    Discriminator(_assign_tag),
]


class DependsModel(FileModel):
    task: str = _d("Predecessor task id.", examples=["ep1-lock"])
    type: LinkTypeName = _d("FS finish-to-start, SS, FF or SF.", default="FS")
    lag: Lag = _d("Delay after the predecessor (negative: a lead).", default=0)


Constraint = Annotated[
    dict[ConstraintName, date],
    Field(
        min_length=1,
        max_length=1,
        description="One of start_no_earlier_than, finish_no_later_than, must_finish_on, with its date.",
        examples=[{"must_finish_on": "2027-03-05"}],
    ),
]


class ProgressModel(FileModel):
    actual_start: date | None = _d("Day work began.", default=None)
    actual_finish: date | None = _d("Day work finished (inclusive).", default=None)
    remaining: float | None = _d("Working days left on a started task.", default=None)


class TaskModel(FileModel):
    id: str = _d("Task id, referred to by links, briefs, baselines.", examples=["ep1-offline"])
    name: str = _d("Readable name.", examples=["Ep 1 offline edit"])
    duration: float | None = _d(
        "Working days, in steps of 0.5; leave out for a milestone.", default=None, examples=[15, 2.5]
    )
    milestone: bool = _d("A zero-length event: picture lock, delivery.", default=False)
    group: str | None = _d("Group id this task rolls up to.", default=None)
    kind: str = _d("Process: offline, conform, grade, mix, ...", default="", examples=["grade"])
    owner: str | None = _d("Person id referred to when the task slips.", default=None)
    assign: list[Assign] = _d(
        "Resources: ids, or {resource, units} maps.", default=[], examples=[["editor", {"resource": "x"}]]
    )
    after: list[str] = _d("Predecessors, finish-to-start with no lag.", default=[], examples=[["wrap"]])
    depends: list[DependsModel] = _d("Predecessors with a link type or a lag.", default=[])
    constraints: list[Constraint] = _d("Date constraints.", default=[])
    pinned_start: date | None = _d("Manually scheduled start: levelling never moves it.", default=None)
    priority: int = _d("0..1000; higher is levelled first.", default=500, ge=0, le=1000)
    calendar: str | None = _d("Calendar id; overrides the resources' calendars.", default=None)
    progress: ProgressModel = _d("What has happened so far.", default_factory=ProgressModel)
    notes: str = _d("Free text.", default="")
    organisation: Organisation | None = _d(
        ORGANISATION_TEXT.format(what="the task is done by or for")
        + " Left out: that of its assigned resources when they all name the same one.",
        **ORGANISATION_FIELD,
    )


class BaselineEntryModel(FileModel):
    start: date = _d("Baseline start day.")
    finish: date = _d("Baseline finish day (inclusive).")


class BaselineModel(FileModel):
    name: str = _d("Baseline name.", examples=["Agreed schedule v1"])
    taken_on: date = _d("Day the baseline was taken.")
    tasks: dict[str, BaselineEntryModel] = _d("Task id -> {start, finish}.", default={})


class SignOffModel(FileModel):
    person: str = _d("Person id asked to agree.")
    signed_on: date | None = _d("Day they agreed; none while waiting.", default=None)
    comment: str = _d("What they said.", default="")


class AgreementModel(FileModel):
    version: str = _d("Schedule version sent.", examples=["Agreed schedule v1"])
    sent_on: date = _d("Day it was sent.")
    due_on: date = _d("Day agreement is due.")
    sign_offs: list[SignOffModel] = _d("Who must agree.", default=[])


class AcknowledgementModel(FileModel):
    person: str = _d("Person id.")
    on: date = _d("Day they acknowledged.")


class BriefModel(FileModel):
    id: str = _d("Brief id.")
    kind: str = _d("creative, script, grade, sound, vfx, titles, music.", examples=["grade"])
    title: str = _d("Title of the brief.")
    tasks: list[str] = _d("Task ids whose people need the brief.", default=[])
    days_before: int = _d("Working days before each task starts that it is due.", default=5, ge=0)
    document: str = _d("Path or link to the document.", default="")
    issued_on: date | None = _d("Day it was issued.", default=None)
    acknowledgements: list[AcknowledgementModel] = _d("Who has acknowledged it.", default=[])


class ConfirmationModel(FileModel):
    id: str = _d("Confirmation id.")
    what: str = _d("What must be confirmed.")
    party: str = _d("Person id who confirms.")
    party_kind: str = _d("crew, supplier, talent, executive.", examples=["executive"])
    before: str = _d("Task or milestone id it is needed before.")
    days_before: int = _d("Working days before that task starts.", default=5, ge=0)
    confirmed_on: date | None = _d("Day it was confirmed.", default=None)


class NotesRoundModel(FileModel):
    id: str = _d("Notes round id.")
    cut: str = _d("The cut the notes are on.", examples=["Ep 1 director's cut"])
    after: str = _d("Task whose finish delivers the cut.")
    turnaround_days: int = _d("Working days allowed for notes.", ge=0)
    waiting: str = _d("Editing task that cannot go on without the notes.")
    received_on: date | None = _d("Day the notes arrived.", default=None)
    from_person: str | None = _d("Person id giving the notes.", default=None)


class EscalationModel(FileModel):
    warn_float_days: float = _d("Refer a path when its float falls below this many working days.", default=3)
    refer_to: str | None = _d("Person id referred to when a task has no owner.", default=None)


class PlanFile(FileModel):
    """A Picture Lock plan file (YAML). See docs/plan-file.md."""

    model_config = ConfigDict(title="Picture Lock plan file", json_schema_extra={"$id": "plan-schema.json"})

    picturelock: Literal[1] = _d("Format version of this file: 1.", examples=[1])
    production: ProductionModel = _d("The production: title, currency, country, first day of post.")
    project_calendar: str = _d("Calendar id used where nothing else says.", default="standard")
    calendars: list[CalendarModel] | None = _d(
        "Working weeks and closures; when left out, a Monday-to-Friday `standard` calendar.", default=None
    )
    people: list[PersonModel] = _d("Owners, approvers, crew, suppliers, executives.", default=[])
    resources: list[ResourceModel] = _d("People, rooms and kit that tasks book.", default=[])
    groups: list[GroupModel] = _d("Summary tasks: episodes, departments.", default=[])
    tasks: list[TaskModel] = _d("The work, milestones included, in plan order.", default=[])
    baselines: list[BaselineModel] = _d("Saved schedules to compare against.", default=[])
    agreements: list[AgreementModel] = _d("Schedule versions sent for agreement.", default=[])
    briefs: list[BriefModel] = _d("Briefs due before tasks start.", default=[])
    confirmations: list[ConfirmationModel] = _d(
        "Requirements to be confirmed before a milestone.", default=[]
    )
    notes_rounds: list[NotesRoundModel] = _d("Notes on cuts and their turnaround.", default=[])
    escalation: EscalationModel = _d("When to warn and whom to refer to.", default_factory=EscalationModel)
    status_date: date | None = _d("Day progress was last recorded: the default 'as of'.", default=None)


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of the plan file, for editors and docs/plan-schema.json."""
    schema = PlanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text() -> str:
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_text(), end="")
