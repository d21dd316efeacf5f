"""The domain's exceptions: one root, named subclasses, no transport types (no HTTP, no click)."""

from __future__ import annotations

from collections.abc import Sequence

from picturelock.domain.findings import Problem


class DomainError(Exception):
    """Root of every error Picture Lock reports to a user."""


class InvalidInput(DomainError):
    """An input (plan file, MS Project file, timeline, ...) has problems; all are listed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DependencyLoop(DomainError):
    """The links form a loop; `tasks` names it in order, first task repeated at the end."""

    def __init__(self, tasks: Sequence[str]) -> None:
        self.tasks = tuple(tasks)
        super().__init__("dependency loop: " + " -> ".join(self.tasks))


class UnsupportedFormat(DomainError):
    """A file whose format is not one we read or write; the message lists those we do."""
