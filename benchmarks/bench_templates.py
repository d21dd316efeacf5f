"""Benchmark: building plans from templates, and the demo production end to end.

Run: `.venv/bin/python benchmarks/bench_templates.py [episodes ...]` (default 6 50 200)

For each episode count: `new_plan("drama-series", ...)` (template read, builder, validation),
writing the plan file text (`plan_text`) and the critical path of the result. Then the demo:
load its plan file, critical path, and levelling. Best of three runs per figure.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from machine import describe
from picturelock.services import demo, plans, templates
from picturelock.services.scheduling import schedule


def best(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(counts: list[int]) -> None:
    print(describe())
    template = templates.load_template("drama-series")
    print("| episodes | tasks | links | new_plan s | plan file s | CPM s |")
    print("| -------: | ----: | ----: | ---------: | ----------: | ----: |")
    for episodes in counts:
        build_s, plan = best(lambda e=episodes: templates.new_plan(template, episodes=e, runtime=60))
        dump_s, _text = best(lambda p=plan: templates.plan_text(p))
        cpm_s, _sched = best(lambda p=plan: schedule(p))
        sizes = f"| {episodes} | {len(plan.tasks):,} | {len(plan.links):,} "
        print(sizes + f"| {build_s:.2f} | {dump_s:.2f} | {cpm_s:.2f} |")
    with tempfile.TemporaryDirectory() as folder:
        path = next(p for p in demo.write_demo(Path(folder)) if p.name == "plan.yaml")
        load_s, plan = best(lambda: plans.load_plan(path))
        cpm_s, _ = best(lambda: schedule(plan))
        level_s, _ = best(lambda: schedule(plan, level=True), repeat=1)
    print(f"demo ({len(plan.tasks)} tasks): load {load_s:.2f} s, CPM {cpm_s:.2f} s, levelled {level_s:.2f} s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [6, 50, 200])
