"""A milestone is dated by what sets it: a finish it follows, or the start of a day."""

from __future__ import annotations

from picturelock.adapters.planfile.loader import parse_plan
from picturelock.services.scheduling import schedule

PLAN = """
picturelock: 1
production: {title: T, format: feature, episodes: 1, runtime_minutes: 90, currency: GBP,
             country: GB, region: ENG, start: 2027-01-04}
calendars: [{id: standard, name: Standard week}]
tasks:
  - {id: edit, name: Offline, duration: 5}
  - {id: lock, name: Picture lock, milestone: true, after: [edit]}
  - {id: wrap, name: Wrap party, milestone: true, constraints: [{start_no_earlier_than: 2027-01-13}]}
  - {id: kickoff, name: Sound kick-off, milestone: true, depends: [{task: edit, type: SS, lag: 2}]}
"""


def test_milestones_fall_on_the_day_that_sets_them() -> None:
    sched = schedule(parse_plan(PLAN, "plan.yaml"))
    # The offline runs Monday 4 to Friday 8 January; lock is at the end of that Friday.
    assert sched.finish_date("lock").isoformat() == "2027-01-08"
    # A start-no-earlier-than Wednesday 13 puts the milestone on that Wednesday, not the Tuesday.
    assert sched.start_date("wrap").isoformat() == "2027-01-13"
    # Two working days after the offline starts is the start of Wednesday 6.
    assert sched.start_date("kickoff").isoformat() == "2027-01-06"
