"""The CLI end to end: real plan files in, JSON and files out, clear errors for bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from picturelock.cli.main import cli, main  # noqa: F401

TASK_KEYS = {
    "id",
    "name",
    "start",
    "finish",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
    "resources",
}


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    from picturelock.cli import db_commands, plan_commands, setup_commands  # noqa: F401


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_schedule_json_has_the_documented_shape(small_plan_path: Path) -> None:
    code, out, _ = run("schedule", str(small_plan_path), "--json")
    assert code == 0
    document = json.loads(out)
    assert {"start", "finish", "working_days", "tasks"} <= document.keys()
    assert date.fromisoformat(document["start"]) <= date.fromisoformat(document["finish"])
    assert all(task.keys() >= TASK_KEYS for task in document["tasks"])
    offline = next(t for t in document["tasks"] if t["id"] == "ep1-offline")
    # 15 working days from Monday 2027-01-04: three full weeks, inclusive of the last Friday.
    assert (offline["start"], offline["finish"]) == ("2027-01-04", "2027-01-22")
    assert offline["resources"] == ["editor", "assistant"]


def test_levelled_schedule_reports_float_before_and_after(small_plan_path: Path) -> None:
    code, out, _ = run("schedule", str(small_plan_path), "--json", "--level")
    assert code == 0
    document = json.loads(out)
    assert document["levelled"] is True
    assert all(task["float_before_levelling"] is not None for task in document["tasks"])


def test_a_loop_is_an_error_that_names_it(tmp_path: Path, small_plan_path: Path) -> None:
    text = small_plan_path.read_text(encoding="utf-8").replace("after: [wrap]", "after: [wrap, ep1-lock]", 1)
    plan = tmp_path / "loop.yaml"
    plan.write_text(text, encoding="utf-8")
    code, out, err = run("schedule", str(plan))
    assert code == 1
    assert "ep1-offline" in err and "ep1-lock" in err and "loop" in err
    assert "Traceback" not in out + err


def test_export_refuses_an_unknown_format_and_writes_nothing(tmp_path: Path, small_plan_path: Path) -> None:
    target = tmp_path / "plan.docx"
    code, _, err = run("export", str(small_plan_path), "--to", str(target))
    assert code == 1
    assert ".xlsx" in err and ".ics" in err
    assert not target.exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ics", ".xml", ".svg", ".png"])
def test_export_writes_each_format(tmp_path: Path, small_plan_path: Path, suffix: str) -> None:
    target = tmp_path / f"plan{suffix}"
    code, _, err = run("export", str(small_plan_path), "--to", str(target))
    assert code == 0, err
    assert target.stat().st_size > 0


def test_an_option_for_another_format_is_refused(tmp_path: Path, small_plan_path: Path) -> None:
    code, _, err = run("export", str(small_plan_path), "--to", str(tmp_path / "x.csv"), "--person", "maya")
    assert code == 1
    assert "--person" in err


def test_new_writes_a_plan_that_schedules(tmp_path: Path) -> None:
    target = tmp_path / "series.yaml"
    code, _, err = run(
        "new", "--template", "drama-series", "--episodes", "3", "--runtime", "60", "-o", str(target)
    )
    assert code == 0, err
    code, out, err = run("schedule", str(target), "--json")
    assert code == 0, err
    assert len(json.loads(out)["tasks"]) > 10


def test_demo_write_gives_a_plan_every_command_can_use(tmp_path: Path) -> None:
    code, _, err = run("demo", "--write", str(tmp_path / "demo"))
    assert code == 0, err
    code, out, err = run("schedule", str(tmp_path / "demo" / "plan.yaml"), "--json")
    assert code == 0, err
    assert json.loads(out)["escalations"], "the demo has something slipping to show"


def test_a_missing_plan_file_is_a_clear_error(tmp_path: Path) -> None:
    code, out, err = run("schedule", str(tmp_path / "nowhere.yaml"))
    assert code == 1
    assert "nowhere.yaml" in err and "Traceback" not in out + err


def test_a_plan_goes_into_the_database_and_comes_back_unchanged(
    tmp_path: Path, small_plan_path: Path
) -> None:
    db = str(tmp_path / "post.db")
    assert run("db", "upgrade", "--db", db)[0] == 0
    code, out, err = run("db", "import", str(small_plan_path), "--db", db, "--by", "maya")
    assert code == 0, err
    production_id = out.split()[-1]
    code, out, _ = run("db", "list", "--db", db)
    assert "Harbour Lights" in out
    exported = tmp_path / "back.yaml"
    assert run("db", "export", production_id, "--to", str(exported), "--db", db)[0] == 0
    original = json.loads(run("schedule", str(small_plan_path), "--json")[1])
    back = json.loads(run("schedule", str(exported), "--json")[1])
    assert back["tasks"] == original["tasks"]


def test_a_database_not_yet_created_is_a_clear_error(tmp_path: Path) -> None:
    code, out, err = run("db", "list", "--db", str(tmp_path / "none.db"))
    assert code == 1
    assert "upgrade" in err and "Traceback" not in out + err


def test_a_date_centuries_from_the_plan_is_refused_by_name(small_plan_path: Path, tmp_path: Path) -> None:
    code, out, err = run("schedule", str(small_plan_path), "--as-of", "0013-01-01")
    assert code == 1 and "as_of" in err and "Traceback" not in out + err
    target = tmp_path / "g.svg"
    code, _, err = run("export", str(small_plan_path), "--to", str(target), "--today", "9999-01-01")
    assert code == 1 and "today" in err
    assert not target.exists()
