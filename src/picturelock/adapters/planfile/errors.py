"""Pydantic's validation errors as Problems: the file's field path, its line, plain words."""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from picturelock.adapters.planfile.locate import Locator, Part, format_field
from picturelock.adapters.planfile.schema import AssignModel, PlanFile
from picturelock.domain.findings import Problem

TAGS: dict[str, type[BaseModel] | None] = {"resource-map": AssignModel, "resource-id": None}


def schema_problems(error: ValidationError, place: str, locator: Locator) -> list[Problem]:
    """One Problem per pydantic error, with the line of the deepest part found in the file."""
    problems = []
    for detail in error.errors():
        parts: list[Part] = [p for p in detail["loc"] if p not in TAGS and p != "[key]"]
        message, expected = _words(detail, parts)
        problems.append(Problem(place, format_field(parts), message, locator.line(parts), expected))
    return problems


def _words(detail: ErrorDetails, parts: list[Part]) -> tuple[str, str]:
    """(message, expected) for one error, in the file's terms."""
    kind, given = detail["type"], detail.get("input")
    name = str(parts[-1]) if parts else ""
    if kind == "missing":
        return f"{name!r} is missing", _description(parts) or "a value"
    if kind == "extra_forbidden":
        return f"unknown field {name!r}", _known_fields(parts[:-1], name)
    if kind == "literal_error" and "[key]" in detail["loc"]:
        return f"unknown key {name!r}", "one of " + str(detail.get("ctx", {}).get("expected", ""))
    if kind == "literal_error":
        return f"{given!r} is not allowed", "one of " + str(detail.get("ctx", {}).get("expected", ""))
    text = detail["msg"].removeprefix("Value error, ")
    expected = "a date as YYYY-MM-DD" if kind.startswith("date") else ""
    if not isinstance(given, dict | list):
        text = f"{given!r}: {text[0].lower()}{text[1:]}" if text else repr(given)
    return text, expected


def _known_fields(parts: list[Part], wrong: str) -> str:
    model = model_at(parts)
    if model is None:
        return ""
    names = list(model.model_fields)
    close = difflib.get_close_matches(wrong, names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return "one of " + ", ".join(names) + hint


def _description(parts: list[Part]) -> str:
    if not parts or isinstance(parts[-1], int):
        return ""
    model = model_at(parts[:-1])
    info = model.model_fields.get(str(parts[-1])) if model is not None else None
    text = (info.description or "").rstrip(".") if info is not None else ""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def model_at(parts: list[Part]) -> type[BaseModel] | None:
    """The schema model describing the mapping at `parts` (None if it is not a model)."""
    current: Any = PlanFile
    for part in parts:
        model = _as_model(current)
        if isinstance(part, int):
            current = _item_type(current)
        elif model is not None and part in model.model_fields:
            current = model.model_fields[part].annotation
        else:
            return None
    return _as_model(current)


def _members(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return [m for arg in get_args(annotation) for m in _members(arg)]
    return [annotation]


def _as_model(annotation: Any) -> type[BaseModel] | None:
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _item_type(annotation: Any) -> Any:
    for member in _members(annotation):
        if get_origin(member) is list:
            return get_args(member)[0]
    return None
