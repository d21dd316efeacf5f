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


class EditConflict(DomainError):
    """Someone else changed (or deleted) what an edit was based on; the edit was not applied.

    `what` names the thing ("task 'ep1-grade' of production 3"), `expected_version` is the version
    the edit was based on, `current_version` the one held now (None when it was deleted), and
    `changed_by`/`changed_at` say who changed it and when, where known. An `expected_version` of 0
    means the edit was adding the thing, and someone else added it first."""

    def __init__(
        self,
        what: str,
        expected_version: int,
        current_version: int | None,
        changed_by: str | None = None,
        changed_at: str | None = None,
    ) -> None:
        self.what = what
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self._message())

    def _message(self) -> str:
        if self.current_version is None:
            return f"{self.what} was deleted after you read it (you had version {self.expected_version})"
        who = f" by {self.changed_by}" if self.changed_by else ""
        when = f" at {self.changed_at}" if self.changed_at else ""
        if self.expected_version == 0:  # an edit adding what someone else added first
            return (
                f"{self.what} was added{who}{when} after you read the production: it is now version "
                f"{self.current_version}; nothing was saved: reload it and change that one instead"
            )
        return (
            f"{self.what} was changed{who}{when} after you read it: it is now version "
            f"{self.current_version}, your edit was based on version {self.expected_version}; "
            "nothing was saved: reload it and make your change again"
        )


class NotFound(DomainError):
    """Something asked for by its id is not held (a production, a task of a production)."""

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"{what} not found")
