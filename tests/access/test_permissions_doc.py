"""docs/permissions.md is generated from the matrix and kept in step with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from picturelock.adapters.security.permissions_doc import REGENERATE, render
from picturelock.domain.access import PERMISSIONS, Capability, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_committed_page_matches_the_matrix() -> None:
    assert DOC.is_file(), f"docs/permissions.md is missing; run: {REGENERATE}"
    assert DOC.read_text(encoding="utf-8") == render(), f"docs/permissions.md is stale; run: {REGENERATE}"


def test_the_page_shows_each_cell() -> None:
    rows = {
        line.split("|")[1].strip().strip("`"): line
        for line in render().splitlines()
        if line.startswith("| `")
    }
    header = next(line for line in render().splitlines() if line.startswith("| capability |"))
    roles = [cell.strip() for cell in header.split("|")[2:-1]]
    assert roles == [r.value.replace("_", " ") for r in Role]
    for capability in Capability:
        cells = [cell.strip() for cell in rows[capability.value].split("|")[2:-1]]
        for role, cell in zip(Role, cells, strict=True):
            assert (cell != "·") == (capability in PERMISSIONS[role]), (role, capability)


def test_the_regeneration_command_prints_the_page() -> None:
    command = [sys.executable, "-m", "picturelock.adapters.security.permissions_doc"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout == render()
