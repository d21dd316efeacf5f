"""Working time: which half-days a calendar works, and integer arithmetic on them.

The schedule engine computes on a global axis of half-day *slots* counted from the plan's
origin date: slot 0 is the morning of the origin date, slot 1 its afternoon, slot 2 the next
morning, and so on (negative slots lie before the origin). A *point* is the boundary before a
slot: point t is the instant at which slot t begins. Task starts are points at the beginning of
a working slot; task finishes are points just after the last working slot (exclusive ends).

`WorkingTime` answers, for one calendar, how many working slots lie before a point and where the
k-th working slot is, so that adding or subtracting working time is two list look-ups. Its arrays
grow on demand in both directions, so a caller never has to guess the horizon.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

SLOTS_PER_DAY = 2
_CHUNK_DAYS = 366


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A run of calendar days, both ends inclusive (a one-day span has first == last)."""

    first: date
    last: date
    reason: str = ""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def days(self) -> Iterator[date]:
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)


def slot_of(origin: date, day: date) -> int:
    """The first (morning) slot of `day` on the axis that starts at `origin`."""
    return (day - origin).days * SLOTS_PER_DAY


def day_of(origin: date, slot: int) -> date:
    """The calendar day that contains `slot`."""
    return origin + timedelta(days=slot // SLOTS_PER_DAY)


def slots_from_days(days: float | int | object) -> int:
    """Whole and half working days as a count of slots (2.5 days -> 5 slots)."""
    return round(float(str(days)) * SLOTS_PER_DAY)


def days_from_slots(slots: int) -> float:
    """A count of slots as working days (5 -> 2.5)."""
    return slots / SLOTS_PER_DAY


class NoWorkingTime(ValueError):
    """A calendar with no working day in its first year: nothing can ever be scheduled on it."""


class WorkingTime:
    """The working slots of one calendar, with O(1) working-time arithmetic.

    `is_working_day(day)` decides each calendar day; both half-days of a working day work.
    Internally `_before[i]` is the number of working slots before point `i - _offset`, and
    `_working[k]` is the slot of the k-th working slot counted from the lowest slot held.
    """

    __slots__ = ("_base_count", "_before", "_is_working_day", "_offset", "_working", "name", "origin")

    def __init__(self, name: str, origin: date, is_working_day: Callable[[date], bool]) -> None:
        self.name = name
        self.origin = origin
        self._is_working_day = is_working_day
        self._offset = 0
        self._before: list[int] = [0]
        self._working: list[int] = []
        self._base_count = 0  # working slots before the lowest slot held (negative growth)
        self._grow_forward(_CHUNK_DAYS * SLOTS_PER_DAY)

    # -- growth -------------------------------------------------------------------------------
    def _high(self) -> int:
        return len(self._before) - 1 - self._offset

    def _low(self) -> int:
        return -self._offset

    def _grow_forward(self, slots: int) -> None:
        start = self._high()
        before, working = self._before, self._working
        count = before[-1]
        for slot in range(start, start + slots):
            if self._is_working_day(day_of(self.origin, slot)):
                working.append(slot)
                count += 1
            before.append(count)

    def _grow_backward(self, slots: int) -> None:
        low = self._low()
        new_slots = [s for s in range(low - slots, low) if self._is_working_day(day_of(self.origin, s))]
        shift = len(new_slots)
        prefix: list[int] = []
        count = 0
        is_new = set(new_slots)
        for slot in range(low - slots, low):
            prefix.append(count)
            if slot in is_new:
                count += 1
        self._before = prefix + [b + shift for b in self._before]
        self._working = new_slots + self._working
        self._offset += slots
        self._base_count -= shift

    def _cover(self, point: int) -> None:
        while point > self._high():
            self._grow_forward(max(_CHUNK_DAYS * SLOTS_PER_DAY, len(self._before)))
        while point < self._low():
            self._grow_backward(max(_CHUNK_DAYS * SLOTS_PER_DAY, self._offset))

    def _cover_count(self, k: int) -> None:
        if not self._working:
            raise NoWorkingTime(f"calendar {self.name!r} has no working days")
        while k - self._base_count >= len(self._working):
            self._grow_forward(max(_CHUNK_DAYS * SLOTS_PER_DAY, len(self._before)))
        while k < self._base_count:
            self._grow_backward(max(_CHUNK_DAYS * SLOTS_PER_DAY, self._offset))

    # -- queries ------------------------------------------------------------------------------
    def is_working(self, slot: int) -> bool:
        """Whether `slot` is a working half-day on this calendar."""
        return self.work_before(slot + 1) > self.work_before(slot)

    def work_before(self, point: int) -> int:
        """W(point): working slots strictly before `point`, counted from the axis' origin."""
        self._cover(point)
        return self._before[point + self._offset] + self._base_count

    def slot_at(self, k: int) -> int:
        """The slot of the k-th working slot (k counts from 0 at the origin; may be negative)."""
        self._cover_count(k)
        return self._working[k - self._base_count]

    def next_start(self, point: int) -> int:
        """The first point at or after `point` where a working slot begins."""
        return self.slot_at(self.work_before(point))

    def add_work(self, start: int, slots: int) -> int:
        """The exclusive finish of `slots` working slots begun at `start` (snapped forward)."""
        if slots <= 0:
            return start if slots == 0 else self.start_of_count(self.work_before(start) + slots)
        return self.slot_at(self.work_before(start) + slots - 1) + 1

    def start_for_finish(self, finish: int, slots: int) -> int:
        """The latest start whose `slots` working slots finish at or before `finish`."""
        if slots <= 0:
            return finish
        return self.slot_at(self.work_before(finish) - slots)

    def start_of_count(self, k: int) -> int:
        """The latest point with W == k: the beginning of the k-th working slot."""
        return self.slot_at(k)

    def finish_of_count(self, k: int) -> int:
        """The earliest point with W == k: just after the (k-1)-th working slot."""
        return self.slot_at(k - 1) + 1

    def work_between(self, start: int, finish: int) -> int:
        """Working slots in [start, finish) (negative when finish < start)."""
        return self.work_before(finish) - self.work_before(start)

    def working_days(self, first: date, last: date) -> float:
        """Working days from `first` to `last`, both inclusive."""
        return days_from_slots(
            self.work_between(slot_of(self.origin, first), slot_of(self.origin, last) + SLOTS_PER_DAY)
        )


def weekday_rule(working_weekdays: Iterable[int], closed: Iterable[date]) -> Callable[[date], bool]:
    """A day rule: open on the given weekdays (0 = Monday), closed on the given dates."""
    weekdays = frozenset(working_weekdays)
    closed_days = frozenset(closed)

    def is_working_day(day: date) -> bool:
        return day.weekday() in weekdays and day not in closed_days

    return is_working_day


def fast_counters(wt: WorkingTime) -> tuple[Callable[[int], int], Callable[[int], int]]:
    """`wt.work_before` and `wt.slot_at` for hot loops: direct list reads, growth only when needed.

    The pair shares one view of the calendar's arrays. A view left behind by growth elsewhere
    stays correct (old arrays agree with their own offset and base); it just falls back sooner.
    """
    before, offset, working, base = wt._before, wt._offset, wt._working, wt._base_count

    def work_before(point: int) -> int:
        nonlocal before, offset, working, base
        i = point + offset
        if 0 <= i < len(before):
            return before[i] + base
        count = wt.work_before(point)
        before, offset, working, base = wt._before, wt._offset, wt._working, wt._base_count
        return count

    def slot_at(k: int) -> int:
        nonlocal before, offset, working, base
        i = k - base
        if 0 <= i < len(working):
            return working[i]
        slot = wt.slot_at(k)
        before, offset, working, base = wt._before, wt._offset, wt._working, wt._base_count
        return slot

    return work_before, slot_at
