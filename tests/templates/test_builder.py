"""The pure template builder: copies per block and episode, rotation, links, duration rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import LinkType, Person, Resource, ResourceKind
from picturelock.domain.templates import (
    AssignRule,
    DurationRule,
    LagRule,
    LinkRule,
    Params,
    Scope,
    TaskRule,
    Template,
    build_plan,
    template_problems,
)

STAGGER = LagRule(per_block=Decimal(20))


def _template(block_size: int = 2) -> Template:
    return Template(
        id="mini",
        name="Mini series",
        description="",
        format="drama-series",
        block_size=block_size,
        people=(Person("producer", "Producer"),),
        resources=(
            Resource("editor-a", "Editor A", ResourceKind.PERSON),
            Resource("editor-b", "Editor B", ResourceKind.PERSON),
            Resource("grade", "Grade suite", ResourceKind.ROOM),
        ),
        series_tasks=(
            TaskRule("start", "Post starts", milestone=True, at_start=True, owner="producer"),
            TaskRule("series-done", "Series delivered", milestone=True, links=(LinkRule("all:delivery"),)),
        ),
        block_tasks=(TaskRule("wrap", "Wrap", milestone=True, links=(LinkRule("start", lag=STAGGER),)),),
        episode_tasks=(
            TaskRule(
                "cut",
                "Director's cut",
                process="directors-cut",
                duration=DurationRule(per_minute=Decimal("0.0667"), minimum=Decimal(1)),
                assign=(AssignRule(("editor-a", "editor-b")),),
                links=(LinkRule("wrap"), LinkRule("prev_in_block:cut")),
            ),
            TaskRule(
                "grade",
                "Grade",
                duration=DurationRule(days=Decimal(2)),
                assign=(AssignRule(("grade",)),),
                links=(LinkRule("cut"), LinkRule("prev:grade")),
            ),
            TaskRule("delivery", "Delivered", milestone=True, links=(LinkRule("grade"),)),
        ),
    )


def _params(episodes: int, runtime: int = 60) -> Params:
    return Params("Test", episodes, runtime, date(2027, 1, 4))


def test_each_episode_gets_its_tasks_and_each_block_its_wrap() -> None:
    plan = build_plan(_template(), _params(5))
    ids = [t.id for t in plan.tasks]
    assert ids[:3] == ["start", "block1-wrap", "ep1-cut"]
    assert ids[-1] == "series-done"
    assert sum(i.endswith("-wrap") for i in ids) == 3  # 5 episodes in blocks of 2
    assert sum(i.endswith("-delivery") for i in ids) == 5
    assert plan.task("ep3-cut").name == "Ep 3 director's cut"
    assert plan.task("ep3-cut").group == "ep3"
    assert {g.id: g.parent for g in plan.groups}["ep5"] == "block3"


def test_editors_alternate_blocks() -> None:
    plan = build_plan(_template(), _params(6))
    editors = [plan.task(f"ep{e}-cut").assignments[0].resource for e in range(1, 7)]
    assert editors == ["editor-a", "editor-a", "editor-b", "editor-b", "editor-a", "editor-a"]


def test_links_resolve_selectors() -> None:
    plan = build_plan(_template(), _params(4))
    links = {(link.predecessor, link.successor): link for link in plan.links}
    assert ("ep1-cut", "ep2-cut") in links  # prev_in_block within block 1
    assert ("ep2-cut", "ep3-cut") not in links  # not across blocks
    assert ("ep2-grade", "ep3-grade") in links  # prev: across blocks
    assert not any(succ == "ep1-grade" and pred.endswith("grade") for pred, succ in links)
    assert all((f"ep{e}-delivery", "series-done") in links for e in range(1, 5))
    assert links[("start", "block2-wrap")].lag_days == 20
    assert links[("start", "block1-wrap")].lag_days == 0
    assert links[("start", "block1-wrap")].type is LinkType.FS


def test_single_episode_has_no_prefixes_or_groups() -> None:
    plan = build_plan(_template(), _params(1))
    assert [t.id for t in plan.tasks] == ["start", "wrap", "cut", "grade", "delivery", "series-done"]
    assert plan.groups == ()
    assert plan.task("start").constraints[0].on == date(2027, 1, 4)


@pytest.mark.parametrize(("runtime", "days"), [(60, "4"), (30, "2"), (10, "1"), (45, "3")])
def test_duration_rule_scales_with_runtime_and_rounds_up_to_half_days(runtime: int, days: str) -> None:
    plan = build_plan(_template(), _params(2, runtime))
    assert plan.task("ep1-cut").duration_days == Decimal(days)


def test_duration_rule_clamps_and_counts_episodes() -> None:
    rule = DurationRule(days=Decimal(1), per_episode=Decimal("0.3"), maximum=Decimal(2))
    assert rule.days_for(60, 1) == Decimal("1.5")
    assert rule.days_for(60, 10) == Decimal(2)


@settings(max_examples=40, deadline=None)
@given(episodes=st.integers(1, 13), runtime=st.integers(1, 120), block_size=st.integers(1, 4))
def test_every_link_joins_two_tasks_of_the_plan(episodes: int, runtime: int, block_size: int) -> None:
    plan = build_plan(_template(block_size), _params(episodes, runtime))
    ids = [t.id for t in plan.tasks]
    assert len(ids) == len(set(ids))
    blocks = -(-episodes // block_size)
    assert len(ids) == 2 + blocks + 3 * episodes
    for link in plan.links:
        assert link.predecessor in ids and link.successor in ids and link.predecessor != link.successor
    for task in plan.tasks:
        assert task.duration_days >= 0 and (task.duration_days * 2) % 1 == 0


def test_bad_references_are_all_reported() -> None:
    broken = TaskRule(
        "mix",
        "Mix",
        owner="nobody",
        assign=(AssignRule(("dub",)),),
        links=(LinkRule("nowhere"), LinkRule("next:cut"), LinkRule("prev:start"), LinkRule("mix")),
    )
    template = _template()
    template = Template(**{**_fields(template), "episode_tasks": (*template.episode_tasks, broken)})
    problems = template_problems(template, "mini.yaml")
    text = "\n".join(str(p) for p in problems)
    for needle in ("unknown role 'nobody'", "'dub'", "'nowhere'", "'next'", "prev:start", "itself"):
        assert needle in text
    with pytest.raises(InvalidInput):
        build_plan(template, _params(2))


def test_series_task_must_say_which_episode() -> None:
    template = _template()
    vague = TaskRule("titles", "Titles", links=(LinkRule("cut"),))
    template = Template(**{**_fields(template), "series_tasks": (*template.series_tasks, vague)})
    assert any("all:, first: or last:" in p.message for p in template_problems(template, "t"))


def test_rotation_by_episode() -> None:
    rule = AssignRule(("a", "b", "c"), rotate_by=Scope.EPISODE)
    assert [rule.resource_for(1, e) for e in range(1, 5)] == ["a", "b", "c", "a"]


def _fields(template: Template) -> dict[str, object]:
    return {name: getattr(template, name) for name in template.__dataclass_fields__}
