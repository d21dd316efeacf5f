"""TaskJuggler on the levelling benchmark's projects: time and project length, beside ours.

Writes each generated project (bench_levelling.generate) as a .tjp file (effort tasks, one
allocated resource each, `timingresolution 60min`, default Monday-Friday 8-hour days) and runs
`tj3 --silent --no-reports` on it (parse, schedule, check: the timing in the reference notes),
then once more with a CSV task report to read its last end date. Prints a markdown table of
tj3's time and length against Picture Lock's (`level` + float after levelling) on the same input.

    .venv/bin/python benchmarks/tj3_compare.py                 # 1k/50, 5k/250, 10k/500
    .venv/bin/python benchmarks/tj3_compare.py --sizes 1000:50 --keep /tmp/tjp

Needs `tj3` on the PATH (Debian: `apt-get install tj3`); prints a note and stops without it.
"""

from __future__ import annotations

import argparse
import csv
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench_levelling import START, GeneratedTask, generate, run
from machine import describe


def to_tjp(project: list[GeneratedTask], resources: int, years: int, report: bool) -> str:
    lines = [
        f'project bench "Levelling benchmark" {START.isoformat()} +{years}y {{',
        '  timezone "UTC"',
        "  timingresolution 60min",
        f"  now {START.isoformat()}",
        "}",
    ]
    lines += [f'resource r{r} "R{r}"' for r in range(resources)]
    for t in project:
        lines.append(f'task {t.id} "{t.id}" {{')
        if t.preds:
            lines.append("  depends " + ", ".join(project[p].id for p in t.preds))
        lines += [f"  effort {t.days}d", f"  allocate r{t.resource}", "}"]
    if report:
        lines += [
            'taskreport "tasks" {',
            "  formats csv",
            "  columns id, start, end",
            '  timeformat "%Y-%m-%d"',
            "}",
        ]
    return "\n".join(lines) + "\n"


def working_days(first: date, last: date) -> int:
    """Monday-Friday days from `first` to `last`, both inclusive."""
    return sum(1 for k in range((last - first).days + 1) if (first + timedelta(days=k)).weekday() < 5)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_tj3(tj3: str, path: Path, out: Path, report: bool) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB of the tj3 children so far)."""
    command = [tj3, "--silent"] + ([] if report else ["--no-reports"]) + ["-o", str(out), str(path)]
    t0, c0 = time.perf_counter(), _children_cpu()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed, cpu = time.perf_counter() - t0, _children_cpu() - c0
    if done.returncode != 0:
        raise RuntimeError(f"tj3 failed on {path}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed, cpu, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def tj3_last_end(out: Path) -> date:
    with (out / "tasks.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = [h.strip().lower() for h in rows[0]]
    column = header.index("end")
    return max(date.fromisoformat(row[column].strip()[:10]) for row in rows[1:] if row[column].strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:50,5000:250,10000:500")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="keep the .tjp files and reports here")
    args = parser.parse_args(argv)
    tj3 = shutil.which("tj3")
    if tj3 is None:
        print("tj3 not found: install TaskJuggler (Debian: apt-get install tj3) to compare")
        return 0
    version = subprocess.run([tj3, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"Machine: {describe()}\nTaskJuggler: {version.splitlines()[0] if version else 'tj3'}\n")
    print(
        "| tasks | resources | tj3 --no-reports: wall (CPU) | tj3 peak RSS | Picture Lock level + float: "
        "wall (level CPU) | tj3 length | Picture Lock length |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="tj3-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        tasks, resources = (int(x) for x in size.split(":"))
        ours = run(tasks, resources, args.seed, None, None)
        our_last = date.fromisoformat(str(ours["finish"]))
        years = max(2, math.ceil(((our_last - START).days * 1.5) / 365) + 1)
        project = generate(tasks, resources, args.seed)
        out = workdir / f"bench_{tasks}"
        out.mkdir(exist_ok=True)
        timed, with_report = out / "timed.tjp", out / "report.tjp"
        timed.write_text(to_tjp(project, resources, years, report=False), encoding="utf-8")
        with_report.write_text(to_tjp(project, resources, years, report=True), encoding="utf-8")
        seconds, cpu, rss = run_tj3(tj3, timed, out, report=False)
        run_tj3(tj3, with_report, out, report=True)
        their_last = tj3_last_end(out)
        our_time = float(ours["level"]) + float(ours["schedule"])  # type: ignore[arg-type]
        print(
            f"| {tasks:,} | {resources} | {seconds:.1f} s ({cpu:.1f} s) | {rss} MB "
            f"| {our_time:.1f} s ({float(ours['level_cpu']):.1f} s) "  # type: ignore[arg-type]
            f"| {working_days(START, their_last)} d (to {their_last}) "
            f"| {working_days(START, our_last)} d (to {our_last}) |",
            flush=True,
        )
    if args.keep is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
