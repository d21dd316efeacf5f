"""PSPLIB single-mode RCPSP instances (`.sm`) and their optima (`j30opt.sm`) as networks.

PSPLIB (Kolisch & Sprecher 1997, https://www.om-db.wi.tum.de/psplib/) is the standard test set
for resource levelling. One PSPLIB period is one slot on a seven-day calendar (every slot
works), every precedence is finish-to-start with no lag, and the dummy source and sink jobs are
milestones. Resource units are whole units (held as hundredths, like a plan's).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from picturelock.domain.calendar import WorkingTime
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import UNITS_SCALE, NetLink, Network

ORIGIN = date(2027, 1, 4)


class _Lines:
    """The file's lines with 1-based numbers, and the problems found while reading them."""

    def __init__(self, path: Path) -> None:
        self.place = str(path)
        self.lines = path.read_text(encoding="latin-1").splitlines()
        self.problems: list[Problem] = []

    def section(self, title: str) -> Iterator[tuple[int, list[int]]]:
        """The all-integer rows after the line starting with `title`, up to the next rule."""
        found = [k for k, line in enumerate(self.lines) if line.strip().startswith(title)]
        if not found:
            self.problems.append(Problem(self.place, title, "section missing", expected=f"a {title!r} line"))
            return
        for k in range(found[0] + 1, len(self.lines)):
            line = self.lines[k].strip()
            if line.startswith("*"):
                return
            if not line or line.startswith("-") or not line[0].isdigit():
                continue
            try:
                yield k + 1, [int(word) for word in line.split()]
            except ValueError:
                self.problems.append(Problem(self.place, title, f"not a row of integers: {line!r}", k + 1))

    def fail(self, line: int, field: str, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.place, field, message, line, expected))


def _successors(src: _Lines) -> dict[int, tuple[int, list[int]]]:
    succs: dict[int, tuple[int, list[int]]] = {}
    for line, row in src.section("PRECEDENCE RELATIONS"):
        if len(row) < 3 or len(row) != 3 + row[2]:
            src.fail(line, "successors", "count of successors does not match the list")
            continue
        succs[row[0]] = (line, row[3:])
    return succs


def _requests(src: _Lines) -> dict[int, tuple[int, list[int]]]:
    requests: dict[int, tuple[int, list[int]]] = {}
    for line, row in src.section("REQUESTS/DURATIONS"):
        if len(row) < 3:
            src.fail(line, "requests", "too few columns", "job, mode, duration and one column per resource")
            continue
        requests[row[0]] = (row[2], row[3:])
    return requests


def _capacities(src: _Lines) -> list[int]:
    rows = [row for _, row in src.section("RESOURCEAVAILABILITIES")]
    if not rows:
        src.fail(0, "RESOURCEAVAILABILITIES", "no capacities", "one row of integers")
        return []
    return rows[0]


def read_instance(path: Path) -> Network:
    """One `.sm` instance as a Network. Raises InvalidInput listing every problem found."""
    src = _Lines(path)
    succs, requests, capacity = _successors(src), _requests(src), _capacities(src)
    jobs = sorted(requests)
    index = {job: k for k, job in enumerate(jobs)}
    for job, (line, targets) in succs.items():
        for target in [job, *targets]:
            if target not in index:
                src.fail(line, "successors", f"job {target} has no duration", "a job listed in REQUESTS")
    for job in jobs:
        if len(requests[job][1]) != len(capacity):
            src.fail(0, f"job {job}", "resource columns differ from the capacities")
    if src.problems:
        raise InvalidInput(src.problems)
    return _network(path.stem, jobs, index, succs, requests, capacity)


def _network(
    name: str,
    jobs: list[int],
    index: dict[int, int],
    succs: dict[int, tuple[int, list[int]]],
    requests: dict[int, tuple[int, list[int]]],
    capacity: list[int],
) -> Network:
    n = len(jobs)
    calendar = WorkingTime(f"{name}: every day", ORIGIN, lambda day: True)
    preds: list[list[NetLink]] = [[] for _ in range(n)]
    out: list[list[NetLink]] = [[] for _ in range(n)]
    for job, (_, targets) in succs.items():
        for target in targets:
            p, s = index[job], index[target]
            out[p].append((s, LinkType.FS, 0, False))
            preds[s].append((p, LinkType.FS, 0, False))
    durations = [requests[job][0] for job in jobs]
    return Network(
        origin=ORIGIN,
        ids=[str(job) for job in jobs],
        names=[f"job {job}" for job in jobs],
        duration=durations,
        milestone=[d == 0 for d in durations],
        calendar=[calendar] * n,
        preds=preds,
        succs=out,
        snet=[None] * n,
        fnlt=[None] * n,
        mfo=[None] * n,
        pinned=[None] * n,
        actual_start=[None] * n,
        actual_finish=[None] * n,
        priority=[500] * n,
        demands=[[(r, q * UNITS_SCALE) for r, q in enumerate(requests[job][1]) if q > 0] for job in jobs],
        resource_ids=[f"R{r + 1}" for r in range(len(capacity))],
        resource_names=[f"R {r + 1}" for r in range(len(capacity))],
        capacity=[c * UNITS_SCALE for c in capacity],
        resource_calendar=[calendar] * len(capacity),
        project_calendar=calendar,
    )


_OPT_ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\b")


def read_optima(path: Path, prefix: str = "j30") -> dict[str, int]:
    """Optimal makespans from `j30opt.sm`: {"j301_1": 43, ...}."""
    optima: dict[str, int] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        match = _OPT_ROW.match(line)
        if match:
            group, instance, makespan = (int(x) for x in match.groups())
            optima[f"{prefix}{group}_{instance}"] = makespan
    if not optima:
        expected = "rows of 'parameter instance makespan'"
        raise InvalidInput([Problem(str(path), "", "no optimum rows", expected=expected)])
    return optima
