"""CSV and XLSX: one row per task, inclusive dates, floats in working days, baseline slip."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exchange.sample import sample_plan, sample_schedule
from picturelock.adapters.exports.tables import write_csv, write_xlsx
from picturelock.domain.errors import InvalidInput
from picturelock.services.scheduling import schedule


def _csv_rows(path: Path) -> dict[str, dict[str, str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def test_csv_has_one_row_per_task_with_inclusive_dates(tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    write_csv(sample_plan(), sample_schedule(), path)
    rows = _csv_rows(path)
    assert list(rows) == [t.id for t in sample_plan().tasks]
    assert (rows["ep1-offline"]["start"], rows["ep1-offline"]["finish"]) == ("2027-01-04", "2027-01-22")
    lock = rows["ep1-lock"]
    assert lock["start"] == lock["finish"] == "2027-01-22"  # a milestone sits on one day
    assert rows["ep1-grade"]["total float (days)"] == "1.5" and rows["ep1-grade"]["critical"] == "no"
    assert rows["ep2-delivery"]["total float (days)"] == "-1" and rows["ep2-delivery"]["critical"] == "yes"
    assert rows["ep2-grade"]["levelling delay (days)"] == "1"
    assert rows["ep1-offline"]["resources"] == "Editor (Sam Reid); Assistant editor ×0.5"
    assert rows["ep1-offline"]["owner"] == "Maya Okafor" and rows["ep1-grade"]["group"] == "Ep 1 finishing"


def test_slip_against_the_baseline_in_working_days(tmp_path: Path) -> None:
    """With the real engine, the Saturday session brings Ep 1 offline in a day early."""
    plan = sample_plan()
    path = tmp_path / "schedule.csv"
    write_csv(plan, schedule(plan), path)
    offline = _csv_rows(path)["ep1-offline"]
    assert (offline["baseline finish"], offline["finish"]) == ("2027-01-22", "2027-01-21")
    assert offline["slip (days)"] == "-1"
    write_csv(plan, schedule(plan), path, baseline="Re-plan after notes")
    assert _csv_rows(path)["ep1-offline"]["slip (days)"] == "-3"  # 26th planned, 21st forecast


def test_an_unknown_baseline_is_refused_and_nothing_written(tmp_path: Path) -> None:
    path = tmp_path / "schedule.csv"
    with pytest.raises(InvalidInput, match="no baseline called 'v9'"):
        write_csv(sample_plan(), sample_schedule(), path, baseline="v9")
    assert not path.exists()


def test_workbook_has_date_cells_frozen_header_filters_and_critical_rows(tmp_path: Path) -> None:
    path = tmp_path / "schedule.xlsx"
    write_xlsx(sample_plan(), sample_schedule(), path)
    book = load_workbook(path)
    sheet = book["Schedule"]
    headers = [c.value for c in sheet[1]]
    start = sheet.cell(row=3, column=headers.index("start") + 1)
    assert isinstance(start.value, datetime) and start.value.date() == date(2027, 1, 4)
    assert start.number_format == "yyyy-mm-dd"
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref == f"A1:S{len(sample_plan().tasks) + 1}"
    critical = {row[0].value: row[0].fill.fill_type == "solid" for row in sheet.iter_rows(min_row=2)}
    assert critical["ep1-offline"] and not critical["ep1-grade"]
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width
    resources = book["Resources"]
    editor = [c.value for c in resources[2]]
    assert editor[:3] == ["editor", "Editor (Sam Reid)", "person"] and editor[-1] == 30


def test_workbook_without_baselines_has_no_baseline_columns(tmp_path: Path) -> None:
    from dataclasses import replace

    path = tmp_path / "schedule.xlsx"
    write_xlsx(replace(sample_plan(), baselines=()), sample_schedule(), path)
    headers = [c.value for c in load_workbook(path)["Schedule"][1]]
    assert "baseline start" not in headers and headers[-1] == "levelling delay (days)"
