"""Human output: schedule tables, escalations and progress, drawn with rich."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


def _float_text(days: float) -> str:
    text = f"{days:g}"
    return f"[bold red]{text}[/]" if days < 0 else text


def schedule_table(document: dict[str, Any], *, limit: int | None = None) -> Table:
    table = Table(title=f"{document['production']}: post schedule", title_justify="left", expand=False)
    for column in ("", "Task", "Start", "Finish", "Float", "Driven by"):
        table.add_column(column, overflow="fold")
    rows = document["tasks"] if limit is None else document["tasks"][:limit]
    for task in rows:
        mark = "[red]●[/]" if task["critical"] else ""
        driver = (
            task["levelling_delays"][-1]["text"] if task["levelling_delays"] else task["start_driver"]["text"]
        )
        table.add_row(
            mark, task["name"], task["start"], task["finish"], _float_text(task["total_float"]), driver
        )
    return table


def summary_line(document: dict[str, Any]) -> str:
    levelled = " (levelled)" if document["levelled"] else ""
    optimal = {True: ", proven optimal", False: ", not proven optimal", None: ""}[document["optimal"]]
    critical = sum(1 for task in document["tasks"] if task["critical"])
    notes = "".join(f"\n  note: {note}" for note in document.get("schedule_notes", []))
    return (
        f"{document['start']} to {document['finish']}: {document['working_days']:g} working days{levelled}"
        f"{optimal}; {critical} of {len(document['tasks'])} tasks critical{notes}"
    )


@contextmanager
def working(message: str, *, seconds: float | None = None) -> Iterator[Any]:
    """A progress bar on stderr: timed when the work has a known limit, a spinner otherwise."""
    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if seconds:
        columns += [BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task(message, total=seconds)
        stop = threading.Event()

        def tick() -> None:
            started = time.monotonic()
            while not stop.wait(0.2):
                progress.update(task, completed=min(time.monotonic() - started, seconds or 0))

        ticker = threading.Thread(target=tick, daemon=True)
        ticker.start()

        def describe(text: str) -> None:
            progress.update(task, description=text)

        try:
            yield describe
        finally:
            stop.set()
            ticker.join()
