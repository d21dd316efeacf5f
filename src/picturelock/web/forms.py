"""Reading the values of a submitted form: text, numbers, dates, each problem collected with its field.

values = FormValues(await request.form())
name = values.text("name", required=True)
days = values.decimal("duration_days", low=Decimal(0))
values.check()  # InvalidInput naming every field that was wrong
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem

PLACE = "form"
MAX_TEXT = 10_000


class FormValues:
    """The submitted values of one form, read field by field; problems are kept, not raised."""

    def __init__(self, form: Mapping[str, Any]) -> None:
        self.raw = {key: value for key, value in form.items() if isinstance(value, str)}
        self.problems: list[Problem] = []

    def given(self, name: str) -> bool:
        return name in self.raw

    def _problem(self, name: str, message: str, expected: str) -> None:
        self.problems.append(Problem(PLACE, name, message, expected=expected))

    def text(self, name: str, *, required: bool = False, limit: int = 500) -> str | None:
        """The trimmed text; None when empty (a problem when `required`)."""
        value = self.raw.get(name, "").strip()
        if not value:
            if required:
                self._problem(name, "is empty", "a value")
            return None
        if len(value) > limit:
            self._problem(name, f"is {len(value)} characters long", f"at most {limit} characters")
            return None
        return value

    def decimal(
        self, name: str, *, low: Decimal | None = None, high: Decimal | None = None, required: bool = False
    ) -> Decimal | None:
        """A number in working days (half days allowed: 2.5)."""
        text = self.text(name, required=required, limit=40)
        if text is None:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            self._problem(name, f"{text!r} is not a number", "a number such as 3 or 2.5")
            return None
        if not value.is_finite() or (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"between {low} and {high}" if low is not None and high is not None else f"at least {low}"
            )
            self._problem(name, f"{text} is out of range", f"a number {bounds}")
            return None
        return value

    def integer(self, name: str, *, low: int, high: int, required: bool = False) -> int | None:
        text = self.text(name, required=required, limit=20)
        if text is None:
            return None
        if not text.lstrip("-").isdigit() or not low <= int(text) <= high:
            self._problem(name, f"{text!r} is not a whole number from {low} to {high}", f"{low} to {high}")
            return None
        return int(text)

    def day(self, name: str, *, required: bool = False) -> date | None:
        """A date as the date input sends it (YYYY-MM-DD)."""
        text = self.text(name, required=required, limit=20)
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            self._problem(name, f"{text!r} is not a date", "a date as YYYY-MM-DD")
            return None

    def flag(self, name: str) -> bool:
        return self.raw.get(name, "") in ("on", "true", "1", "yes")

    def version(self, name: str = "expected_version") -> int | None:
        return self.integer(name, low=1, high=2**31 - 1, required=True)

    def check(self) -> None:
        """InvalidInput naming every problem found so far, if any."""
        if self.problems:
            raise InvalidInput(self.problems)
