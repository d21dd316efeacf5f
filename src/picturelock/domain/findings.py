"""Problems found in input, as values with their place: every one is reported, not the first."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, where it is, and what was expected there.

    `place` is a file name (or "plan" for in-memory input), `line` is 1-based or None where no
    line is known, and `field` is a dotted path into the document such as `tasks[3].duration`.
    """

    place: str
    field: str
    message: str
    line: int | None = None
    expected: str = ""

    def __str__(self) -> str:
        where = f"{self.place}:{self.line}" if self.line else self.place
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} (expected {self.expected})" if self.expected else text
