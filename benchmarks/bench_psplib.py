"""PSPLIB j30: levelling quality against the 480 published optima (j30opt.sm).

Heuristic mode (default): `level` on every instance with a time budget (100 ms by default) and
an iteration cap; reports the mean gap to the optimum, how many are exactly optimal, times.
Optimiser mode (`--optimise`): CP-SAT warm-started from a short heuristic run, 10 s and 2
workers per instance, fixed seed; reports optima reached, proven, and never better than the
published optimum. Every schedule is checked by the independent checker.

    .venv/bin/python benchmarks/bench_psplib.py                       # heuristic, all 480
    .venv/bin/python benchmarks/bench_psplib.py --optimise            # CP-SAT, all 480 (minutes)
    .venv/bin/python benchmarks/bench_psplib.py --limit 48 --budget 1 # a spread of 48 instances

Data: ../shared/testdata/psplib (PSPLIB, Kolisch & Sprecher 1997), or --data DIR.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from machine import describe
from picturelock.adapters.psplib import read_instance, read_optima
from picturelock.domain.schedule.levelling import level
from picturelock.domain.schedule.verify import check_schedule

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "testdata" / "psplib"


def deadline(seconds: float | None) -> Callable[[], bool] | None:
    """A clock check that says when `seconds` have passed since it was made (None: no limit)."""
    if seconds is None:
        return None
    until = time.perf_counter() + seconds
    return lambda: time.perf_counter() > until


def _natural(path: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", path.stem))


def instances(data: Path, limit: int | None, only: str | None) -> list[Path]:
    files = sorted((data / "j30").glob("*.sm"), key=_natural)
    if only:
        files = [f for f in files if re.search(only, f.stem)]
    if limit and limit < len(files):
        step = len(files) / limit
        files = [files[int(k * step)] for k in range(limit)]
    return files


def heuristic(files: list[Path], optima: dict[str, int], args: argparse.Namespace) -> bool:
    gaps, times, cpu, invalid = [], [], [], []
    for path in files:
        net = read_instance(path)
        t0, c0 = time.perf_counter(), time.process_time()
        result = level(net, seed=args.seed, iterations=args.iterations, out_of_time=deadline(args.budget))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if check_schedule(net, result.start, result.finish):
            invalid.append(path.stem)
        optimum = optima[path.stem]
        gaps.append(100.0 * (result.makespan - optimum) / optimum)
        if result.makespan < optimum:
            invalid.append(f"{path.stem} beats the optimum")
    optimal = sum(1 for g in gaps if g == 0)
    budget = "none" if args.budget is None else f"{args.budget * 1000:g} ms"
    cap = f"iterations cap {args.iterations}, seed {args.seed}"
    print(f"Heuristic: {len(files)} instances, budget {budget}, {cap}")
    print("| instances | mean gap | max gap | exactly optimal | mean time (CPU) | max time | invalid |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(files)} | {sum(gaps) / len(gaps):.2f} % | {max(gaps):.1f} % | {optimal} "
        f"({100 * optimal / len(files):.1f} %) | {1000 * sum(times) / len(times):.0f} ms "
        f"({1000 * sum(cpu) / len(cpu):.0f} ms) "
        f"| {1000 * max(times):.0f} ms | {len(invalid)} |"
    )
    for name in invalid:
        print("invalid:", name)
    return not invalid


def optimiser(files: list[Path], optima: dict[str, int], args: argparse.Namespace) -> bool:
    from picturelock.adapters.solver.cpsat import optimise

    reached, proven, invalid, misses, times = 0, 0, [], [], []
    started = time.perf_counter()
    for path in files:
        net = read_instance(path)
        t0 = time.perf_counter()
        hint = level(net, seed=args.seed, iterations=args.hint_iterations)
        result, is_optimal = optimise(
            net, hint, time_limit_s=args.time_limit, workers=args.workers, seed=args.seed
        )
        times.append(time.perf_counter() - t0)
        optimum = optima[path.stem]
        if check_schedule(net, result.start, result.finish) or result.makespan < optimum:
            invalid.append(path.stem)
        reached += result.makespan == optimum
        proven += is_optimal
        if result.makespan != optimum:
            misses.append(f"{path.stem} ({result.makespan} vs {optimum})")
        if args.verbose:
            print(
                path.stem, optimum, hint.makespan, result.makespan, is_optimal, f"{times[-1]:.2f}", flush=True
            )
    total = time.perf_counter() - started
    print(
        f"Optimiser: CP-SAT {args.time_limit:g} s, {args.workers} workers, seed {args.seed}, "
        f"hint from {args.hint_iterations} heuristic iterations"
    )
    print(
        "| instances | optimum reached | proven optimal | better than optimum | invalid | mean time | total |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {len(files)} | {reached} | {proven} | 0 | {len(invalid)} "
        f"| {sum(times) / len(times):.2f} s | {total:.0f} s |"
    )
    print("misses:", ", ".join(misses) or "none")
    return not invalid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=None, help="run N instances spread over the set")
    parser.add_argument("--only", default=None, help="regular expression on instance names, e.g. j3013_")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=0.1, help="heuristic time budget per instance (s)")
    parser.add_argument("--iterations", type=int, default=1000, help="heuristic iteration cap")
    parser.add_argument("--optimise", action="store_true", help="run CP-SAT instead of the heuristic")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hint-iterations", type=int, default=20)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.budget is not None and args.budget <= 0:
        args.budget = None
    if not (args.data / "j30opt.sm").is_file():
        print(f"PSPLIB data not found at {args.data}", file=sys.stderr)
        return 2
    optima = read_optima(args.data / "j30opt.sm")
    files = instances(args.data, args.limit, args.only)
    print(f"Machine: {describe()}\n")
    ok = optimiser(files, optima, args) if args.optimise else heuristic(files, optima, args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
