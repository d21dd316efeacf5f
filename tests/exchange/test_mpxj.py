"""Our MSPDI as another reader sees it: MPXJ, which ProjectLibre uses to open MS Project files.

Needs a Python with `mpxj` and `jpype1` and a JVM, named by MPXJ_PYTHON (see mpxj_check.py);
skipped, with the reason shown, without it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from exchange.sample import sample_plan, sample_schedule
from picturelock.adapters.msproject import write_mspdi

CHECK = Path(__file__).with_name("mpxj_check.py")


@pytest.fixture(scope="module")
def mpxj_view(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    python = os.environ.get("MPXJ_PYTHON")
    if not python:
        pytest.skip("MPXJ_PYTHON is not set: no Python with mpxj + jpype1 to cross-read our MSPDI")
    path = tmp_path_factory.mktemp("mpxj") / "plan.xml"
    write_mspdi(sample_plan(), sample_schedule(), path)
    done = subprocess.run(
        [python, str(CHECK), str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_mpxj_reads_tasks_outline_and_durations(mpxj_view: dict[str, Any]) -> None:
    tasks = {t["name"]: t for t in mpxj_view["tasks"]}
    assert tasks["Episode 1"]["summary"] and tasks["Ep 1 finishing"]["level"] == 2
    assert tasks["Ep 1 grade"]["level"] == 3 and tasks["Ep 1 grade"]["duration"] == "2.5d"
    assert tasks["Ep 1 picture lock"]["milestone"]
    assert (
        tasks["Ep 1 grade"]["start"] == "2027-01-27T08:00"
        and tasks["Ep 1 grade"]["finish"] == "2027-01-29T12:00"
    )
    assert tasks["Ep 1 grade"]["total_slack"] == "720.0m"  # 1.5 working days of 480 minutes


def test_mpxj_reads_links_lags_and_constraints(mpxj_view: dict[str, Any]) -> None:
    tasks = {t["name"]: t for t in mpxj_view["tasks"]}
    assert ["Ep 1 picture lock", "FS", "3.0ed"] in tasks["Ep 1 final mix"]["preds"]
    assert ["Ep 1 offline edit", "SS", "5.0d"] in tasks["Ep 2 offline edit"]["preds"]
    assert ["Ep 2 offline edit", "FS", "-0.5d"] in tasks["Ep 2 grade"]["preds"]
    assert ["Ep 2 music spotting", "SF", "0.0d"] in tasks["Ep 2 grade"]["preds"]
    assert ["Ep 1 final mix", "FF", "0.0d"] in tasks["Ep 1 delivered"]["preds"]
    assert tasks["Ep 1 delivered"]["constraint"] == "MUST_FINISH_ON"
    assert tasks["Ep 2 delivered"]["constraint"] == "START_NO_EARLIER_THAN"
    assert tasks["Ep 2 delivered"]["deadline"] == "2027-03-26T17:00"


def test_mpxj_reads_resources_calendars_and_assignments(mpxj_view: dict[str, Any]) -> None:
    resources = {r["name"]: r for r in mpxj_view["resources"]}
    assert resources["Assistant editor"]["max_units"] == 200.0
    assert resources["Editor (Sam Reid)"]["calendar"] == "Editor (Sam Reid)"
    assert mpxj_view["calendars"]["Editor (Sam Reid)"] == 1  # the half-term leave
    assert mpxj_view["calendars"]["Standard week"] > 10  # Easter closure, the Saturday, GB holidays
    assert ["Ep 1 offline edit", "Assistant editor", 50.0] in mpxj_view["assignments"]
