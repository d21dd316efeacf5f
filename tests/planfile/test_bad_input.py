"""Bad plan files: every problem is reported at once, each with its line, field and what was expected.

Each line of the broken plan below that should be reported carries a `# !field` marker naming the
field path the loader must report there; the test reads the markers, so the expectation is
written once, beside the mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from picturelock.adapters.planfile import load_plan, parse_plan
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem

MANY_MISTAKES = """\
picturelock: 1
production:
  title: Broken on purpose
  currency: GBP
  country: GB
  region: XXX                                        # !production.region
  start: 2027-01-04
calendars:
  - {id: standard}
  - {id: night, working_weekdays: []}                # !calendars[1].working_weekdays
  - {id: loop-a, base: loop-b}                       # !calendars[2].base
  - {id: loop-b, base: loop-a}
  - {id: six, working_weekdays: [mon, tue, wed, thu, fri, sat, sun, fun]}  # !calendars[4].working_weekdays[7]
people:
  - {id: tom, name: Tom Price}
  - {id: tom, name: Tom Again}                       # !people[1].id
resources:
  - {id: editor, name: Editor, kind: person, capacity: 0}   # !resources[0].capacity
  - {id: suite, name: Suite, kind: studio}           # !resources[1].kind
  - {id: desk, name: Desk, kind: kit, calendar: nope}  # !resources[2].calendar
groups:
  - {id: ep1, name: Episode 1, parent: ep9}          # !groups[0].parent
tasks:
  - id: offline
    name: Offline edit
    duration: 2.3                                    # !tasks[0].duration
    colour: red                                      # !tasks[0].colour
    after: [grade]
  - id: grade
    name: Grade
    duration: fifteen                                # !tasks[1].duration
    after: [offline]                                 # !tasks[1].after[0]
  - id: mix
    name: Mix
    duration: 2
    owner: nobody                                    # !tasks[2].owner
    group: ep2                                       # !tasks[2].group
    assign: [suite, {resource: desk, units: 3}]      # !tasks[2].assign[1].units
    depends:
      - {task: mix}                                  # !tasks[2].depends[0].task
      - {task: ghost, lag: 3x}                       # !tasks[2].depends[1].lag !tasks[2].depends[1].task
  - id: lock
    name: Picture lock
    milestone: true
    duration: 3                                      # !tasks[3].duration
    after: [mix, mix]                                # !tasks[3].after[1]
    priority: 2000                                   # !tasks[3].priority
    constraints:
      - {start_no_earlier_than: 2027-03-01}          # !tasks[3].constraints[0]
      - {must_finish_on: 2027-02-30}                 # !tasks[3].constraints[1].must_finish_on
      - {finish_no_later_than: 2026-12-01}           # !tasks[3].constraints[2]
      - {deadline: 2027-03-05}                       # !tasks[3].constraints[3].deadline
  - id: conform                                    # !tasks[4].duration
    name: Conform
    progress: {actual_start: 2027-02-03, actual_finish: 2027-02-01}  # !tasks[4].progress.actual_finish
baselines:
  - name: v1
    taken_on: 2027-01-04
    tasks:
      sound: {start: 2027-01-04, finish: 2027-01-05}  # !baselines[0].tasks.sound
briefs:
  - {id: b1, kind: grade, title: Look, tasks: [grade, vfx]}  # !briefs[0].tasks[1]
confirmations:
  - {id: c1, what: Spec, party: exec, party_kind: executive, before: lock}  # !confirmations[0].party
notes_rounds:
  - {id: n1, cut: DC, after: offline, turnaround_days: -2, waiting: mix}  # !notes_rounds[0].turnaround_days
escalation:
  refer_to: nobody                                   # !escalation.refer_to
"""


def _problems(text: str, place: str = "broken.yaml") -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        parse_plan(text, place)
    return list(caught.value.problems)


def _markers(text: str) -> set[tuple[int, str]]:
    return {
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        if "#" in line
        for match in re.finditer(r"!(\S+)", line.split("#", 1)[1])
    }


def test_every_mistake_is_reported_once_at_its_line_and_field() -> None:
    problems = _problems(MANY_MISTAKES)
    reported = [(p.line, p.field) for p in problems]
    assert sorted(set(reported), key=str) == sorted(_markers(MANY_MISTAKES), key=str)
    assert all(p.place == "broken.yaml" for p in problems)


def test_problems_say_what_was_wrong_and_expected() -> None:
    by_field = {p.field: p for p in _problems(MANY_MISTAKES)}
    assert "fifteen" in by_field["tasks[1].duration"].message
    assert by_field["tasks[0].colour"].message == "unknown field 'colour'"
    assert "duration" in by_field["tasks[0].colour"].expected
    assert "studio" in by_field["resources[1].kind"].message
    assert "'person', 'room' or 'kit'" in by_field["resources[1].kind"].expected
    assert "calendar base loop: loop-a -> loop-b -> loop-a" in by_field["calendars[2].base"].message
    assert "tom" in by_field["escalation.refer_to"].expected
    assert "YYYY-MM-DD" in by_field["tasks[3].constraints[1].must_finish_on"].expected
    assert "before post starts" in by_field["tasks[3].constraints[2]"].message
    assert "is after finish_no_later_than 2026-12-01" in by_field["tasks[3].constraints[0]"].message
    assert by_field["tasks[1].after[0]"].message == "dependency loop: grade -> offline -> grade"


def test_a_misspelt_field_gets_a_suggestion() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\n"
    text += "tasks:\n  - {id: a, name: A, duraton: 2}\n"
    problems = _problems(text)
    assert [(p.line, p.field) for p in problems] == [(4, "tasks[0].duraton"), (4, "tasks[0].duration")]
    assert "did you mean 'duration'?" in problems[0].expected
    assert problems[1].message == "no duration"


def test_a_reference_to_a_broken_item_is_not_reported_twice() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\n"
    text += "tasks:\n  - {id: a, name: A, duration: 1, priority: high}\n  - {id: b, name: B, duration: 1}\n"
    text += "  - {id: c, name: C, duration: 1, after: [a, b, zz]}\n"
    problems = _problems(text)
    assert [(p.line, p.field) for p in problems] == [(4, "tasks[0].priority"), (6, "tasks[2].after[2]")]


def test_dependency_loop_is_named_in_order() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\ntasks:\n"
    text += "  - {id: cut, name: Cut, duration: 1, after: [notes]}\n"
    text += "  - {id: review, name: Review, duration: 1, after: [cut]}\n"
    text += "  - {id: notes, name: Notes, duration: 1, after: [review]}\n"
    (problem,) = _problems(text)
    assert problem.message == "dependency loop: cut -> review -> notes -> cut"
    assert (problem.line, problem.field) == (4, "tasks[0].after[0]")


def test_yaml_syntax_error_names_its_line() -> None:
    text = "picturelock: 1\nproduction:\n  title: T\n  start: [2027-01-04\ntasks: []\n"
    (problem,) = _problems(text)
    assert problem.message.startswith("YAML syntax error")
    assert problem.line in (4, 5)


def test_duplicate_key_is_a_yaml_problem() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\n"
    text += "tasks: []\ntasks: []\n"
    (problem,) = _problems(text)
    assert "duplicate" in problem.message
    assert problem.line == 4


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("# only a comment\n", "empty"),
        ("- a\n- b\n", "a list"),
        ("just words\n", "single value"),
        ("production: {}\n", "no format version"),
        ("picturelock: 2\nproduction: {}\n", "format version 2"),
        ("picturelock: true\n", "format version True"),
    ],
)
def test_a_file_that_is_not_a_plan(text: str, words: str) -> None:
    (problem,) = _problems(text)
    assert words in problem.message


def test_missing_production_is_reported_without_further_checks() -> None:
    problems = _problems("picturelock: 1\ntasks:\n  - {id: a, name: A, duration: 1, owner: nobody}\n")
    assert [(p.field, p.line) for p in problems] == [("production", 1)]


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_plan(tmp_path / "nowhere.yaml")
    (problem,) = caught.value.problems
    assert problem.place.endswith("nowhere.yaml") and "no such file" in problem.message


def test_a_folder_is_not_a_plan(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        load_plan(tmp_path)
    assert "folder" in caught.value.problems[0].message


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("picturelock: 1\nproduction:\n  title: Café\n".encode("latin-1"))
    with pytest.raises(InvalidInput) as caught:
        load_plan(path)
    (problem,) = caught.value.problems
    assert "not UTF-8" in problem.message and "0xe9" in problem.message
    assert problem.line == 3


def test_a_utf8_file_with_a_byte_order_mark_loads(small_plan_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + small_plan_path.read_bytes())
    assert load_plan(path) == load_plan(small_plan_path)


def test_an_alias_bomb_is_refused_not_expanded() -> None:
    text = "picturelock: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        text += (
            f"l{level}: &l{level} [" + ", ".join([f"*{'a' if level == 1 else f'l{level - 1}'}"] * 10) + "]\n"
        )
    (problem,) = _problems(text)
    assert "too many values" in problem.message


def test_a_problem_prints_as_file_line_field() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\n"
    text += "tasks:\n  - {id: a, name: A, duration: -1}\n"
    (problem,) = _problems(text, "plan.yaml")
    assert str(problem) == (
        "plan.yaml:4: tasks[0].duration: duration -1 is negative"
        " (expected working days, 0 or more, in steps of 0.5)"
    )


def test_an_unknown_country_is_placed_on_the_country() -> None:
    text = "picturelock: 1\nproduction: {title: T, currency: GBP, country: XX, start: 2027-01-04}\n"
    (problem,) = _problems(text)
    assert (problem.field, problem.line) == ("production.country", 2)
    assert "unknown country 'XX'" in problem.message
