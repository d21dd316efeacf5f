"""Templates as files: listing, loading by name or path, problems with lines, plans that schedule."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from picturelock.adapters.planfile.loader import parse_plan
from picturelock.domain.errors import InvalidInput
from picturelock.services import templates
from picturelock.services.scheduling import schedule

NAMES = ("commercial", "documentary", "drama-series", "feature-film")


def test_the_four_templates_are_listed_with_descriptions() -> None:
    listed = dict(templates.list_templates())
    assert tuple(listed) == NAMES
    assert all(len(description) > 40 for description in listed.values())


@pytest.mark.parametrize("name", NAMES)
def test_each_template_schedules_and_delivers_after_lock(name: str) -> None:
    plan = templates.new_plan(name, episodes=2, runtime=30, title="T", start=date(2027, 3, 1))
    sched = schedule(plan)
    locks = [t.id for t in plan.tasks if t.kind == "picture-lock"]
    deliveries = [t.id for t in plan.tasks if t.milestone and t.kind == "deliverables"]
    assert locks and deliveries
    assert sched.start_date(plan.tasks[0].id) == date(2027, 3, 1)
    assert max(sched.finish_date(d) for d in deliveries) > max(sched.finish_date(lock) for lock in locks)


@pytest.mark.parametrize("name", NAMES)
def test_every_process_named_by_a_template_is_in_the_glossary(name: str) -> None:
    known = {entry.id for entry in templates.glossary()}
    template = templates.load_template(name)
    used = {rule.process for _scope, rule in template.rules() if rule.process}
    assert used <= known, used - known
    assert all(rule.duration.basis for _scope, rule in template.rules() if not rule.milestone)


def test_drama_series_shares_suites_and_alternates_editors_by_block() -> None:
    plan = templates.new_plan("drama-series", episodes=6, runtime=60)
    editor = {e: plan.task(f"ep{e}-assembly").assignments[0].resource for e in range(1, 7)}
    assert [editor[e] for e in range(1, 7)] == ["editor-a"] * 2 + ["editor-b"] * 2 + ["editor-a"] * 2
    graded_in = {a.resource for t in plan.tasks if t.kind == "grade" for a in t.assignments}
    assert graded_in == {"grade-suite", "colourist"}
    assert sum(t.id.endswith("-delivery") for t in plan.tasks) == 6


def test_runtime_changes_durations() -> None:
    short = templates.new_plan("drama-series", episodes=2, runtime=30)
    long = templates.new_plan("drama-series", episodes=2, runtime=60)
    assert short.task("ep1-directors-cut").duration_days == 2
    assert long.task("ep1-directors-cut").duration_days == 4


def test_a_users_template_file_is_loaded_by_path(tmp_path: Path) -> None:
    text = templates._builtin()["commercial"].read_text(encoding="utf-8")
    mine = tmp_path / "my-spot.yaml"
    mine.write_text(text.replace("template: commercial", "template: my-spot"), encoding="utf-8")
    assert templates.load_template(mine).id == "my-spot"
    assert templates.load_template(str(mine)).id == "my-spot"
    plan = templates.new_plan(str(mine), episodes=1, runtime=1)
    assert plan.production.format == "commercial"


def test_unknown_template_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        templates.load_template("soap-opera")
    assert "drama-series" in str(caught.value)
    with pytest.raises(InvalidInput, match="no such file"):
        templates.load_template(tmp_path / "missing.yaml")


BROKEN = """\
template: broken
name: Broken
format: feature
resources:
  - {id: editor, name: Editor, kind: robot}
series_tasks:
  - id: cut
    name: Cut
    duration: {days: lots}
    assign: [editor]
    colour: blue
  - id: lock
    name: Lock
    milestone: true
    depends:
      - {task: cut, type: XX}
"""


def test_every_problem_in_a_template_is_reported_with_its_line() -> None:
    with pytest.raises(InvalidInput) as caught:
        templates.parse_template(BROKEN, "broken.yaml")
    found = {(p.field, p.line) for p in caught.value.problems}
    assert ("resources[0].kind", 5) in found
    assert ("series_tasks[0].duration.days", 9) in found
    assert ("series_tasks[0].colour", 11) in found
    assert ("series_tasks[1].depends[0].type", 16) in found


def test_a_yaml_syntax_error_is_a_problem_not_a_traceback() -> None:
    with pytest.raises(InvalidInput) as caught:
        templates.parse_template("template: [unclosed\n", "bad.yaml")
    assert caught.value.problems[0].line is not None


def test_unknown_country_is_refused() -> None:
    with pytest.raises(InvalidInput, match="country"):
        templates.new_plan("commercial", country="XX", region=None)


def test_new_plan_round_trips_through_the_plan_file() -> None:
    plan = templates.new_plan("documentary", episodes=3, runtime=45)
    assert parse_plan(templates.plan_text(plan), "new.yaml") == plan


REQUIRED = (
    *("editors-assembly", "directors-cut", "producers-cut", "picture-lock", "turnover", "conform", "grade"),
    *("hdr-grade", "vfx", "titles", "spotting", "dialogue-edit", "adr", "foley", "sound-effects"),
    *("music-composition", "music-recording", "premix", "final-mix", "m-and-e", "stems", "textless"),
    *("subtitles", "dcp", "qc", "deliverables", "clearances"),
)


def test_the_glossary_has_every_process_of_the_trade_with_graded_sources() -> None:
    entries = templates.glossary()
    assert set(REQUIRED) <= {e.id for e in entries}
    for entry in entries:
        assert entry.what and entry.inputs and entry.outputs and entry.who and entry.typical, entry.id
        for figure in entry.typical:
            assert figure.grade in "ABCD" and figure.unit and figure.low <= figure.high
            assert figure.checked == date(2026, 11, 22)
            if figure.grade != "D":
                assert (figure.source or "").startswith("https://"), (entry.id, figure)
            else:
                assert "estimate" in figure.text()


def test_a_process_is_found_by_alias_and_described_with_units_and_sources() -> None:
    entry = templates.process("Dolby Vision")
    assert entry.id == "hdr-grade"
    text = templates.process("grade").describe()
    assert "colourist-hours per finished minute" in text and "grade C" in text
    with pytest.raises(InvalidInput, match="no process"):
        templates.process("telecine")


DOC = Path(__file__).resolve().parents[2] / "docs" / "templates.md"
MARKER = "<!-- generated below from data/templates and data/processes.yaml; do not edit by hand -->\n"


def test_docs_describe_every_template_and_process() -> None:
    generated = templates.reference_markdown()
    if os.environ.get("UPDATE_GOLDEN"):
        intro = DOC.read_text(encoding="utf-8").split(MARKER)[0]
        DOC.write_text(intro + MARKER + "\n" + generated, encoding="utf-8")
    text = DOC.read_text(encoding="utf-8")
    assert MARKER in text
    assert text.split(MARKER)[1].lstrip("\n") == generated, "run UPDATE_GOLDEN=1 pytest tests/templates"
    for entry in templates.glossary():
        assert f"(`{entry.id}`)" in text
    for name, _description in templates.list_templates():
        assert f"(`{name}`)" in text
