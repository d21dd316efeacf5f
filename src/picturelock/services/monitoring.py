"""Monitor a production as of a date: forecast against baseline, follow-ups, notes, escalations.

What `picturelock schedule` and the demo print after the dates, and what `--json` carries under
`forecast`, `escalations`, `followups` and `notes`. The computing is pure (domain.schedule.*);
this use case only resolves the calendars (public holidays) and picks the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picturelock.adapters.holiday_calendars import day_rules
from picturelock.domain.plan import Baseline, Plan
from picturelock.domain.schedule.escalation import Escalation, escalations
from picturelock.domain.schedule.followups import FollowUp, followups
from picturelock.domain.schedule.forecast import Forecast, forecast
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.notes import NotesReport, notes
from picturelock.domain.schedule.result import Schedule
from picturelock.domain.schedule.workdays import WorkingCalendars, format_days


@dataclass(frozen=True, slots=True)
class Monitoring:
    """Everything a supervisor checks on a status date, computed from one plan and schedule."""

    as_of: date
    forecast: Forecast
    escalations: tuple[Escalation, ...]
    followups: tuple[FollowUp, ...]
    notes: NotesReport

    @property
    def critical(self) -> tuple[Escalation, ...]:
        return tuple(e for e in self.escalations if e.severity == "critical")

    def to_json(self) -> dict[str, object]:
        return {
            "monitoring_as_of": self.as_of.isoformat(),
            "forecast": self.forecast.to_json(),
            "escalations": [e.to_json() for e in self.escalations],
            "followups": [f.to_json() for f in self.followups],
            "notes": self.notes.to_json(),
        }

    def lines(self) -> list[str]:
        """The monitoring as plain lines for a terminal or an e-mail."""
        out = [f"As of {self.as_of.isoformat()}: {_finish_line(self.forecast)}"]
        out += [f"{e.severity.upper()}: {e.message}" for e in self.escalations] or ["No escalations."]
        open_items = [f for f in self.followups if f.status != "done"]
        out += [
            f"{f.status} {f.due.isoformat()}: {f.what} ({f.who.name})"
            + (f", {format_days(f.days_overdue)} overdue" if f.overdue else "")
            for f in open_items
        ]
        if self.notes.rounds:
            out.append(
                f"Notes: {format_days(self.notes.days_late)} late in all, "
                f"{format_days(self.notes.idle_days)} of idle editorial time"
            )
        return out


def monitor(
    plan: Plan,
    schedule: Schedule,
    *,
    as_of: date | None = None,
    baseline: Baseline | None = None,
    network: Network | None = None,
) -> Monitoring:
    """Forecast, follow-ups, notes and escalations of `plan` as of a date.

    The date is `as_of`, else the schedule's status date, else the plan's, else today. `network`
    (the one the schedule was computed on) saves compiling the calendars again.
    """
    when = as_of or schedule.as_of or plan.status_date or date.today()
    net = network or compile_network(plan, day_rules(plan.calendars, plan.production), as_of=schedule.as_of)
    calendars = WorkingCalendars.of_network(net)
    predicted = forecast(plan, schedule, calendars=calendars, baseline=baseline)
    owed = followups(plan, schedule, as_of=when, calendars=calendars)
    cuts = notes(plan, schedule, as_of=when, calendars=calendars)
    found = escalations(
        plan, schedule, predicted, as_of=when, calendars=calendars, followups=owed, notes=cuts
    )
    return Monitoring(as_of=when, forecast=predicted, escalations=found, followups=owed, notes=cuts)


def _finish_line(predicted: Forecast) -> str:
    text = f"post finishes {predicted.finish.isoformat()}"
    if predicted.baseline_finish is None or predicted.finish_slip_days is None:
        return text + " (no baseline)"
    slip = predicted.finish_slip_days
    against = f"{predicted.baseline} finish {predicted.baseline_finish.isoformat()}"
    if slip > 0:
        return f"{text}, {format_days(slip)} later than the {against}"
    if slip < 0:
        return f"{text}, {format_days(-slip)} earlier than the {against}"
    return f"{text}, on the {against}"
