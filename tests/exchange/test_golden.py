"""Golden files for every exchange format, from the sample plan and its hand-made schedule.

The hand-made schedule keeps these files independent of engine changes. Volatile parts (the
iCalendar DTSTAMP) are normalised. `UPDATE_GOLDEN=1 pytest tests/exchange` rewrites them; review
the diff before committing.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exchange.sample import sample_plan, sample_schedule
from picturelock.adapters.exports import writer_for

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "exchange"


def _xlsx_text(path: Path) -> str:
    """Cell values (dates marked by their format), frozen panes, filters and highlighted rows."""
    book = load_workbook(path)
    lines = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} freeze={sheet.freeze_panes} filter={sheet.auto_filter.ref}")
        for row in sheet.iter_rows():
            fill = row[0].fill.fgColor.rgb if row[0].fill.fill_type == "solid" else ""
            cells = [
                f"{c.value.date().isoformat() if hasattr(c.value, 'date') else c.value}"
                + ("[date]" if c.number_format == "yyyy-mm-dd" else "")
                for c in row
            ]
            lines.append(("* " if fill.endswith("FDE2E1") else "  ") + " | ".join(cells))
    return "\n".join(lines) + "\n"


def _normalise(suffix: str, path: Path) -> str:
    if suffix == ".xlsx":
        return _xlsx_text(path)
    text = path.read_text(encoding="utf-8-sig")
    if suffix == ".ics":
        text = re.sub(r"DTSTAMP:\d{8}T\d{6}Z?", "DTSTAMP:(normalised)", text.replace("\r\n", "\n"))
    return text


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("schedule.csv", {}),
        ("schedule.xml", {}),
        ("schedule.ics", {}),
        ("sam.ics", {"person": "sam"}),
        ("schedule.xlsx", {}),
    ],
)
def test_exports_match_their_golden_files(tmp_path: Path, name: str, options: dict[str, str]) -> None:
    path = tmp_path / name
    writer_for(path)(sample_plan(), sample_schedule(), path, **options)
    actual = _normalise(path.suffix, path)
    golden = GOLDEN / (name + ".txt" if path.suffix == ".xlsx" else name)
    if os.environ.get("UPDATE_GOLDEN") == "1" or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        if os.environ.get("UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {golden.name} was missing and has been written: review it")
    assert actual == golden.read_text(encoding="utf-8")


def test_golden_dates_are_real_dates() -> None:
    """A guard on the normaliser: the workbook's dates must show up as dates, not text."""
    text = (GOLDEN / "schedule.xlsx.txt").read_text(encoding="utf-8")
    assert f"{date(2027, 1, 4).isoformat()}[date]" in text
