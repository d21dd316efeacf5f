"""Schedule a plan: the critical path, then optionally levelling and the optimiser.

The one code path behind `picturelock schedule`, the API and the web pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from picturelock.adapters.holiday_calendars import day_rules
from picturelock.domain.dates import far_dates
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.result import Schedule

Progress = Callable[[str], None]


def check_dates(plan: Plan, *, place: str = "options", **dates: date | None) -> None:
    """Refuse dates so far from the plan that no schedule could mean them (and date arithmetic
    would overflow): every such date is named at once."""
    problems = far_dates(plan.production.start, place, iter(dates.items()))
    if problems:
        raise InvalidInput(problems)


def network(plan: Plan, *, as_of: date | None = None) -> Network:
    """The plan compiled for the engine, with progress counted as of `as_of` (or its status date)."""
    return compile_network(plan, day_rules(plan.calendars, plan.production), as_of=as_of or plan.status_date)


def schedule(
    plan: Plan,
    *,
    level: bool = False,
    optimise: bool = False,
    as_of: date | None = None,
    time_limit: float = 10.0,
    on_step: Progress | None = None,
) -> Schedule:
    """Early and late dates with float; levelled on resources if asked (the optimiser implies it)."""
    check_dates(plan, as_of=as_of)
    step = on_step or (lambda _message: None)
    step("critical path")
    net = network(plan, as_of=as_of)
    logic_only = critical_path(net)
    if not (level or optimise):
        return logic_only
    from picturelock.domain.schedule.levelling import level as level_resources
    from picturelock.domain.schedule.levelling import levelled_schedule

    step("levelling")
    levelled = level_resources(net)
    optimal: bool | None = None
    if optimise:
        from picturelock.adapters.solver.cpsat import optimise as solve

        step(f"optimising (up to {time_limit:g} s)")
        levelled, optimal = solve(net, levelled, time_limit_s=time_limit)
    return levelled_schedule(net, levelled, optimal=optimal)
