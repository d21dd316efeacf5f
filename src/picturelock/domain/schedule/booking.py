"""Booking tasks on the slot axis: fast calendar arithmetic and resource usage profiles.

`FastCalendar` answers a `WorkingTime`'s questions through plain lists (the schedule generator
asks millions of them); `shift` and `behind` move points by link lags; a `Profile` holds the
units booked per resource per slot and finds where a task's demands would overload it.
"""

from __future__ import annotations

from collections.abc import Sequence

from picturelock.domain.calendar import WorkingTime
from picturelock.domain.schedule.network import Network

GROW = 1024  # slots a profile or calendar window grows by at least


class FastCalendar:
    """A `WorkingTime` read through plain lists over a window that grows on demand.

    Same answers as the `WorkingTime` it wraps (it asks it outside the window); inside, each
    query is one or two list look-ups, which is what the passes spend their time on.
    """

    __slots__ = ("before", "cal", "k0", "lo", "name", "slots")

    def __init__(self, cal: WorkingTime, lo: int) -> None:
        self.cal, self.name, self.lo = cal, cal.name, lo
        self.k0 = cal.work_before(lo)
        self.before: list[int] = []  # before[p - lo]: working slots before point p
        self.slots: list[int] = []  # slots[k - k0]: the k-th working slot
        self._grow(lo + 256)

    def _grow(self, point: int) -> None:
        before, slots, cal = self.before, self.slots, self.cal
        p = self.lo + len(before)
        count = self.k0 + len(slots)
        target = max(point, p + len(before))
        while p <= target:
            before.append(count)
            after = cal.work_before(p + 1)
            if after > count:
                slots.append(p)
                count = after
            p += 1

    def work_before(self, point: int) -> int:
        i = point - self.lo
        if i < 0:
            return self.cal.work_before(point)
        if i >= len(self.before):
            self._grow(point + 1)
        return self.before[i]

    def slot_at(self, k: int) -> int:
        i = k - self.k0
        if i < 0:
            return self.cal.slot_at(k)
        if i >= len(self.slots):
            self._grow(self.cal.slot_at(k) + 1)  # the calendar raises if it never works
        return self.slots[i]

    def is_working(self, slot: int) -> bool:
        return self.work_before(slot + 1) > self.work_before(slot)

    def next_start(self, point: int) -> int:
        return self.slot_at(self.work_before(point))

    def add_work(self, start: int, slots: int) -> int:
        if slots <= 0:
            return start if slots == 0 else self.slot_at(self.work_before(start) + slots)
        return self.slot_at(self.work_before(start) + slots - 1) + 1

    def start_for_finish(self, finish: int, slots: int) -> int:
        if slots <= 0:
            return finish
        return self.slot_at(self.work_before(finish) - slots)

    def work_between(self, start: int, finish: int) -> int:
        return self.work_before(finish) - self.work_before(start)

    def window(self, start: int, duration: int) -> tuple[int, Sequence[int]]:
        """(finish, the working slots used) of `duration` working slots begun at `start`."""
        w = self.work_before(start)
        finish = self.slot_at(w + duration - 1) + 1
        if finish - start == duration:
            return finish, range(start, finish)
        i = w - self.k0
        if i < 0:
            return finish, [self.cal.slot_at(k) for k in range(w, w + duration)]
        return finish, self.slots[i : i + duration]


def shift(cal: FastCalendar, point: int, lag: int, elapsed: bool) -> int:
    """`point` moved by a lag: working slots on `cal`, or plain slots when elapsed."""
    if lag == 0:
        return point
    if elapsed:
        return point + lag
    return cal.add_work(point, lag)


def behind(cal: FastCalendar, point: int, lag: int, elapsed: bool) -> int:
    """The latest point x with shift(x, lag) <= `point`: the lag arithmetic run backwards."""
    if lag == 0:
        return point
    if elapsed:
        return point - lag
    if lag > 0:
        return cal.slot_at(cal.work_before(point) - lag)
    return cal.slot_at(cal.work_before(point + 1) - 1 - lag)


def latest_start_at_most(cal: FastCalendar, bound: int, duration: int) -> int:
    """The latest point not after `bound` where a task of `duration` may start."""
    if duration <= 0:
        return bound
    return cal.slot_at(cal.work_before(bound + 1) - 1)


class Profile:
    """Units booked per resource per slot, on slots `base`, `base + 1`, ..."""

    __slots__ = ("base", "capacity", "rows", "size")

    def __init__(self, net: Network, base: int, size: int = GROW) -> None:
        self.base = base
        self.size = max(size, GROW)
        self.rows = [[0] * self.size for _ in net.capacity]
        self.capacity = net.capacity

    def ensure(self, point: int) -> None:
        need = point - self.base + 1
        if need > self.size:
            extra = max(need - self.size, self.size)
            for row in self.rows:
                row.extend([0] * extra)
            self.size += extra

    def book(self, demands: Sequence[tuple[int, int]], slots: Sequence[int]) -> None:
        base = self.base
        if isinstance(slots, range):
            lo, hi = slots.start - base, slots.stop - base
            for r, units in demands:
                row = self.rows[r]
                row[lo:hi] = [x + units for x in row[lo:hi]]
            return
        for r, units in demands:
            row = self.rows[r]
            for s in slots:
                row[s - base] += units


Demands = Sequence[tuple[int, int]]


def conflict_after(profile: Profile, demands: Demands, slots: Sequence[int]) -> tuple[int, int, int]:
    """Where the demands do not fit on `slots`: (resource, slot, first slot free again after the
    run of overloaded slots on that resource), taking the resource that frees up last, or
    (-1, -1, -1). No start before that free slot can fit, so the search may jump there."""
    base, rows, caps = profile.base, profile.rows, profile.capacity
    found_r, found_s, free = -1, -1, -1
    lo, hi = slots[0] - base, slots[-1] - base + 1
    for r, units in demands:
        row, limit = rows[r], caps[r] - units
        if max(row[lo:hi]) <= limit:
            continue
        for s in reversed(slots):
            x = s - base
            if row[x] > limit:
                x += 1
                while row[x] > limit:
                    x += 1
                if x + base > free:
                    found_r, found_s, free = r, s, x + base
                break
    return found_r, found_s, free


def conflict_before(profile: Profile, demands: Demands, slots: Sequence[int]) -> int:
    """The point just after the last free slot before the earliest overload on `slots` (the
    latest finish that can fit), or -1 when the demands fit."""
    base, rows, caps = profile.base, profile.rows, profile.capacity
    found = -1
    lo, hi = slots[0] - base, slots[-1] - base + 1
    for r, units in demands:
        row, limit = rows[r], caps[r] - units
        if max(row[lo:hi]) <= limit:
            continue
        for s in slots:
            x = s - base
            if row[x] > limit:
                x -= 1
                while x >= 0 and row[x] > limit:
                    x -= 1
                point = x + 1 + base
                if found < 0 or point < found:
                    found = point
                break
    return found
