"""YAML in and out with ruamel.yaml: round-trip nodes (they keep line numbers) and plain values.

Dates are read as text so that the schema parses them and reports a bad date (2027-02-30) at its
line like any other mistake, instead of the YAML library failing on it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from picturelock.domain.bulk import cyclic_gc_paused

MAX_VALUES = 1_000_000  # guards against alias bombs ("billion laughs")


class YamlProblem(Exception):
    """The text is not YAML we can read; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None, expected: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.expected = message, line, expected


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as their text."""


def _timestamp_as_text(constructor: SafeConstructor, node: ScalarNode) -> Any:
    return constructor.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


class _FastConstructor(SafeConstructor):
    """Safe constructor (used with the C parser when present) that leaves timestamps as text."""


_FastConstructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _reader() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


class _Resolver(VersionedResolver):
    """Works out the YAML version's implicit types once per document, not once per value."""

    _memo: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._memo is None:
            self._memo = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return self._memo


def _fast() -> YAML:
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _FastConstructor
    yaml.Resolver = _Resolver
    return yaml


def read_data(text: str) -> Any:
    """The YAML document in `text` as plain values, fast (libyaml via ruamel.yaml.clib when
    installed) but without line numbers. Raises whatever the YAML library raises: on failure
    call `read_yaml`, whose problems name the line."""
    with cyclic_gc_paused():
        return plain(_fast().load(text))


def read_yaml(text: str) -> Any:
    """The YAML document in `text` as round-trip nodes (CommentedMap keeps `.lc` line info)."""
    try:
        return _reader().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlProblem(
            f"YAML syntax error: {what}", line, "valid YAML (check indentation and colons)"
        ) from None
    except YAMLError as error:
        raise YamlProblem(f"YAML error: {error}", None, "valid YAML") from None
    except RecursionError:
        raise YamlProblem("YAML nested too deeply", None, "a plan file") from None
    except Exception as error:  # any other failure of the YAML library is still a bad input
        raise YamlProblem(f"YAML cannot be read: {error}", None, "valid YAML") from None


def read_nodes(text: str) -> Node:
    """The YAML node tree of `text` (each node has its `start_mark.line`), for placing problems."""
    with cyclic_gc_paused():
        node: Node = _fast().compose(text)
    return node


def plain(node: Any) -> Any:
    """Round-trip nodes as plain dicts, lists, str, int, float, bool and None (keys as text)."""
    count = 0
    open_containers: set[int] = set()

    def convert(value: Any) -> Any:
        nonlocal count
        count += 1
        if count > MAX_VALUES:
            raise YamlProblem("the file holds too many values (a YAML alias bomb?)", None, "a plan file")
        if not isinstance(value, dict | list | tuple):
            return _scalar(value)
        if id(value) in open_containers:
            raise YamlProblem("a YAML alias refers to itself", None, "aliases without a loop")
        open_containers.add(id(value))
        try:
            if isinstance(value, dict):
                return {str(key): convert(item) for key, item in value.items()}
            return [convert(item) for item in value]
        finally:
            open_containers.discard(id(value))

    return convert(node)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
