"""docs/cli.md is generated from the commands and kept in step with them."""

from __future__ import annotations

from pathlib import Path

from picturelock.cli.reference import reference

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == reference(), (
        "docs/cli.md is stale: run `.venv/bin/python -m picturelock.cli.reference > docs/cli.md`"
    )
