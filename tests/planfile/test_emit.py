"""The plan-file emitter writes any text so that both YAML readers give the same text back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.adapters.planfile.emit import FlowMap, FlowSeq, decimal_text, emit, scalar
from picturelock.adapters.planfile.yamlio import plain, read_data, read_yaml

ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
TRICKY = [
    "",
    " ",
    "?0",
    "- x",
    "-",
    "a: b",
    "a #b",
    "#",
    "null",
    "True",
    "~",
    "1",
    "0x1f",
    "1e3",
    ".inf",
    "3ed",
    "<<",
    "2027-01-04",
    "[x]",
    "{y}",
    "a,b",
    "é",
    "\u2028",
    "\ufeffa",
    "\x85",
    "tab\tx",
    "line\nbreak",
    "'q'",
    '"q"',
]


def _both(text: str) -> list[object]:
    return [read_data(text), plain(read_yaml(text))]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(TRICKY), ANY_TEXT))
def test_any_text_reads_back_as_itself_in_block_and_flow(text: str) -> None:
    document = {text: text, "flow": FlowMap({text: text}), "list": FlowSeq([text]), "block": [text]}
    written = emit(document)
    for read in _both(written):
        assert read == {text: text, "flow": {text: text}, "list": [text], "block": [text]}, written


@pytest.mark.parametrize(
    "text", ["Ep 1 director's cut", "maya@example.com", "Editor (Sam Reid)", "3ed", "-2ed", "grade-1"]
)
def test_ordinary_text_is_written_plain(text: str) -> None:
    assert scalar(text) == text


@pytest.mark.parametrize(
    ("value", "text"), [("2.50", "2.5"), ("1E+1", "10"), ("0.0000001", "0.0000001"), ("-0.5", "-0.5")]
)
def test_decimals_are_written_without_exponents(value: str, text: str) -> None:
    assert decimal_text(Decimal(value)) == text


@pytest.mark.parametrize("number", [2.5, -0.0, 1e-07, 1e300, 3.0, float("inf"), float("-inf")])
def test_floats_read_back_as_the_same_float(number: float) -> None:
    assert read_data(emit({"x": number}))["x"] == number
