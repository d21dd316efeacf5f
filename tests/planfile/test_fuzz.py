"""Whatever a plan file holds, reading it ends in a Plan or in InvalidInput: never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.adapters.planfile import parse_plan
from picturelock.adapters.planfile.emit import emit
from picturelock.adapters.planfile.yamlio import read_data
from picturelock.domain.errors import InvalidInput

FIXTURE = read_data((Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml").read_text())
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.sampled_from(
        ["2027-02-30", "2027-01-04", "3ed", "-1d", "FS", "mon", "wrap", "ep1-lock", "tom", "standard"]
    ),
    st.sampled_from([1e300, -1e300, 1e-300, 2**70, -(2**70), 0.1, "1e400ed", "9" * 40 + "ed"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _mutate(document: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> None:
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif isinstance(parent[last], dict):
        parent[last]["extra"] = value
    elif isinstance(parent[last], list):
        parent[last].append(value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_plan_is_read_or_refused_cleanly(data: st.DataObject) -> None:
    document = copy.deepcopy(FIXTURE)
    for _ in range(data.draw(st.integers(1, 6))):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths))
        _mutate(document, path, data.draw(st.sampled_from(["delete", "replace", "add"])), data.draw(VALUES))
    try:
        parse_plan(emit(document), "fuzz.yaml")
    except InvalidInput as error:
        assert error.problems
        assert all(p.place == "fuzz.yaml" and (p.line is None or p.line >= 1) for p in error.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_cleanly(text: str) -> None:
    try:
        parse_plan("picturelock: 1\n" + text, "fuzz.yaml")
    except InvalidInput as error:
        assert error.problems
