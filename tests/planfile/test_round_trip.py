"""Writing a plan and reading it back gives the same plan; writing twice gives the same text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from picturelock.adapters.planfile import dump_plan, load_plan, parse_plan, write_plan
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan
from picturelock.domain.validation import plan_problems

from .strategies import plans


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_parse_of_dump_is_the_same_plan(plan: Plan) -> None:
    assert plan_problems(plan, "generated") == [], "the strategy makes valid plans"
    text = dump_plan(plan)
    assert parse_plan(text, "dumped") == plan
    assert dump_plan(parse_plan(text, "dumped")) == text


def test_write_plan_replaces_the_file_whole(small_plan_path: Path, tmp_path: Path) -> None:
    plan = load_plan(small_plan_path)
    target = tmp_path / "plan.yaml"
    target.write_text("old contents\n", encoding="utf-8")
    write_plan(plan, target)
    assert load_plan(target) == plan
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"], "no temporary file is left behind"


def test_a_failed_write_leaves_the_old_file(small_plan_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "plan.yaml"
    with pytest.raises(OSError):
        write_plan(load_plan(small_plan_path), target)
    assert not target.parent.exists()


def test_written_plan_reads_like_the_hand_written_one(small_plan_path: Path) -> None:
    text = dump_plan(load_plan(small_plan_path))
    assert text.startswith("# ")
    assert "  - {id: maya, name: Maya Okafor, role: Post supervisor, email: maya@example.com}\n" in text
    assert "    assign: [editor, {resource: assistant, units: 0.5}]\n" in text
    assert "      - {task: ep1-lock, type: FS, lag: 3ed}\n" in text
    assert "    after: [ep1-grade, ep1-mix]\n" in text
    assert "priority" not in text, "defaults are left out"


def test_the_dumped_text_of_an_invalid_plan_is_refused_on_reading(small_plan_path: Path) -> None:
    from dataclasses import replace

    plan = load_plan(small_plan_path)
    broken = replace(
        plan, tasks=tuple(replace(t, owner="ghost") if t.id == "wrap" else t for t in plan.tasks)
    )
    with pytest.raises(InvalidInput) as caught:
        parse_plan(dump_plan(broken), "dumped")
    assert [p.field for p in caught.value.problems] == ["tasks[0].owner"]


def test_write_plan_gives_ordinary_permissions_and_keeps_existing_ones(
    small_plan_path: Path, tmp_path: Path
) -> None:
    import os
    import stat

    plan = load_plan(small_plan_path)
    fresh = tmp_path / "fresh.yaml"
    write_plan(plan, fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    kept = tmp_path / "kept.yaml"
    kept.write_text("old\n", encoding="utf-8")
    kept.chmod(0o640)
    write_plan(plan, kept)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
