"""What the MSPDI reader carries while it reads: the place, the units, problems and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from picturelock.adapters.msproject import codes
from picturelock.adapters.msproject.xmltree import Node
from picturelock.domain.findings import Problem

_LARGEST = Decimal(10) ** 12  # no MSPDI count, unit or lag in tenths of a minute comes near it


@dataclass(slots=True)
class ReadContext:
    """The file being read, its minutes per day, and the problems and warnings found so far."""

    place: str
    minutes_per_day: int = codes.DEFAULT_MINUTES_PER_DAY
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    id_fields: set[str] = field(default_factory=set)
    organisation_fields: set[str] = field(default_factory=set)
    # plan-file field prefixes ("tasks[3]") -> (MSPDI element path, line), for the validator's problems
    places: dict[str, tuple[str, int]] = field(default_factory=dict)

    def place_of(self, prefix: str, where: str, node: Node) -> None:
        self.places[prefix] = (where, node.line)

    def problem(self, node: Node, where: str, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.place, where, message, node.line, expected))

    def warn(self, node: Node, where: str, message: str) -> None:
        self.warnings.append(Problem(self.place, where, message, node.line))

    def number(self, node: Node, tag: str, where: str, default: str | None = None) -> Decimal | None:
        text = node.text_of(tag) or default
        if text is None:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) > _LARGEST:
            self.problem(node, f"{where}/{tag}", f"{text!r} is not a usable number", "a finite number")
            return None
        return value

    def days(self, node: Node, tag: str, where: str) -> Decimal | None:
        """An ISO 8601 duration as working days (half days), at the project's minutes per day."""
        text = node.text_of(tag)
        if text is None:
            return None
        minutes = codes.duration_minutes(text)
        if minutes is None:
            self.problem(
                node, f"{where}/{tag}", f"{text!r} is not a duration", 'ISO 8601 such as "PT16H0M0S"'
            )
            return None
        days, exact = codes.days_to_half_days(minutes / self.minutes_per_day)
        if not exact:
            self.warn(
                node, f"{where}/{tag}", f"{text} rounded to {days} working days (half days are the unit)"
            )
        return days

    def day(self, node: Node, tag: str, where: str, *, finish: bool = False) -> date | None:
        text = node.text_of(tag)
        if text is None:
            return None
        moment = codes.parse_datetime(text)
        if moment is None:
            self.problem(node, f"{where}/{tag}", f"{text!r} is not a date and time", "YYYY-MM-DDThh:mm:ss")
            return None
        return codes.finish_day(moment) if finish else moment.date()

    def organisation(self, node: Node) -> str | None:
        """The organisation a task or resource names in the custom field aliased for it, if any."""
        for attribute in node.all("ExtendedAttribute"):
            if attribute.text_of("FieldID") in self.organisation_fields:
                return (attribute.text_of("Value") or "").strip() or None
        return None

    def stable_id(self, node: Node, prefix: str, uid: str) -> str:
        for attribute in node.all("ExtendedAttribute"):
            if attribute.text_of("FieldID") in self.id_fields and attribute.text_of("Value"):
                return attribute.text_of("Value") or ""
        return f"{prefix}{uid}"
