"""The trade's glossary: processes of post-production with typical durations, graded and sourced.

Values only: `services.templates.glossary()` reads them from `data/processes.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

GRADES = {
    "A": "official or contractual",
    "B": "industry dataset or survey",
    "C": "practitioner guidance",
    "D": "estimate",
}


@dataclass(frozen=True, slots=True)
class TypicalFigure:
    """A typical duration with its unit, confidence grade (A-D) and source."""

    low: Decimal
    high: Decimal
    unit: str
    grade: str
    source: str | None
    checked: date
    note: str = ""

    def text(self) -> str:
        """`2-3 days per episode (grade C, practitioner guidance; note; source, checked date)`."""
        amount = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        parts = [f"grade {self.grade}, {GRADES.get(self.grade, '?')}"]
        note = self.note
        if self.grade == "D" and note.lower().startswith("estimate"):
            note = note[len("estimate") :].lstrip(";, ")  # the grade already says so
        parts += [note] if note else []
        if self.source:
            parts.append(f"{self.source}, checked {self.checked.isoformat()}")
        elif "no public" not in note:
            parts.append("no public source found")
        return f"{amount} {self.unit} ({'; '.join(parts)})"


@dataclass(frozen=True, slots=True)
class ProcessEntry:
    """One process of the trade: what it is, what goes in and out, who does it, how long it takes."""

    id: str
    name: str
    what: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    who: tuple[str, ...]
    typical: tuple[TypicalFigure, ...]
    aliases: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        """The first sentence of `what`."""
        first, dot, _rest = self.what.partition(". ")
        return first + ("." if dot or not first.endswith(".") else "")

    def names(self) -> tuple[str, ...]:
        """Every name it is known by, lower case (for look-ups)."""
        return tuple(n.lower() for n in (self.id, self.name, *self.aliases))

    def describe(self) -> str:
        lines = [f"{self.name} ({self.id})", self.what]
        if self.aliases:
            lines.append("Also called: " + ", ".join(self.aliases))
        lines += [
            "In: " + "; ".join(self.inputs),
            "Out: " + "; ".join(self.outputs),
            "Who: " + ", ".join(self.who),
            "Typically:",
        ]
        lines += [f"  - {figure.text()}" for figure in self.typical]
        return "\n".join(lines)
