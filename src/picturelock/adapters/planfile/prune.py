"""The part of a plan file that passed the schema, so that the rest can still be checked.

A schema error removes as little as it can: an unknown or optional field is dropped (its default
applies), otherwise the innermost list item holding the error (one `assign` entry, one
constraint, one task). Indexes of the items kept are remembered so that a problem found later on
`tasks[2]` of the pruned plan is shown at `tasks[3]` of the file.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from picturelock.adapters.planfile.errors import TAGS, model_at
from picturelock.adapters.planfile.locate import Part
from picturelock.adapters.planfile.schema import PlanFile

Path = tuple[Part, ...]
ROUNDS = 4  # a removal may reveal another problem (a required field dropped): try a few times


@dataclass
class Pruned:
    """The data left, the ids of section items left out, and the kept indexes of each list."""

    data: dict[str, Any]
    left_out: set[str] = field(default_factory=set)
    kept: dict[Path, list[int]] = field(default_factory=dict)

    def file_parts(self, parts: Sequence[Part]) -> list[Part]:
        """A path into the pruned data as the path into the file."""
        result: list[Part] = []
        for part in parts:
            if isinstance(part, int):
                kept = self.kept.get(tuple(result))
                part = kept[part] if kept is not None and part < len(kept) else part
            result.append(part)
        return result


def prune(data: dict[str, Any], error: ValidationError) -> tuple[PlanFile, Pruned] | None:
    """The valid part of `data` as a `PlanFile`, or None when the essentials are broken."""
    pruned = Pruned(copy.deepcopy(data))
    for _ in range(ROUNDS):
        paths = [(pruned.file_parts(parts), kind) for parts, kind in _error_paths(error)]
        for parts, kind in paths:
            if not _remove(pruned, parts, kind):
                return None
        try:
            return PlanFile.model_validate(pruned.data), pruned
        except ValidationError as again:
            error = again
    return None


def _error_paths(error: ValidationError) -> list[tuple[list[Part], str]]:
    paths = []
    for detail in error.errors():
        parts: list[Part] = [p for p in detail["loc"] if p not in TAGS and p != "[key]"]
        paths.append((parts, detail["type"]))
    return paths


def _remove(pruned: Pruned, parts: list[Part], kind: str) -> bool:
    """Remove what makes `parts` (a file path) wrong; False when only the whole plan could go."""
    if not parts:
        return False
    name = parts[-1]
    model = model_at(parts[:-1])
    info = model.model_fields.get(str(name)) if model is not None else None
    if kind == "extra_forbidden" or (info is not None and not info.is_required()):
        return _drop_key(pruned, parts)
    for depth in range(len(parts) - 1, 0, -1):
        if isinstance(parts[depth], int):
            return _drop_item(pruned, parts[:depth], parts[depth])
    return False


def _drop_key(pruned: Pruned, parts: list[Part]) -> bool:
    parent = _node(pruned, parts[:-1])
    if isinstance(parent, dict):
        parent.pop(str(parts[-1]), None)
        return True
    return parent is None  # already removed with its container


def _drop_item(pruned: Pruned, list_parts: list[Part], index: Part) -> bool:
    items = _node(pruned, list_parts)
    if items is None:
        return True
    if not isinstance(items, list) or not isinstance(index, int):
        return False
    key = tuple(pruned.file_parts(list_parts))
    kept = pruned.kept.setdefault(key, list(range(len(items))))
    if index not in kept:
        return True
    position = kept.index(index)
    removed = items.pop(position)
    kept.pop(position)
    if len(list_parts) == 1 and isinstance(removed, dict) and "id" in removed:
        pruned.left_out.add(str(removed["id"]))
    return True


def _node(pruned: Pruned, file_parts: Sequence[Part]) -> Any:
    """The node at a *file* path in the pruned data, None if it was removed."""
    node: Any = pruned.data
    prefix: list[Part] = []
    for part in file_parts:
        if isinstance(part, int):
            kept = pruned.kept.get(tuple(prefix))
            if kept is not None:
                if part not in kept:
                    return None
                position = kept.index(part)
            else:
                position = part
            if not isinstance(node, list) or position >= len(node):
                return None
            node = node[position]
        else:
            if not isinstance(node, dict) or str(part) not in node:
                return None
            node = node[str(part)]
        prefix.append(part)
    return node
