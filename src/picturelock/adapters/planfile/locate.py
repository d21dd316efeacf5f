"""Where a field path (`tasks[3].assign[1].units`) is in the YAML document: its line and value."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from picturelock.adapters.planfile.convert import LinkSource

Part = str | int
_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
_LINK = re.compile(r"^links\[(\d+)\](?:\.(\w+))?")


def parse_field(field: str) -> list[Part]:
    """`tasks[3].after[0]` -> ["tasks", 3, "after", 0]."""
    return [int(index) if index else name for index, name in _PART.findall(field)]


def format_field(parts: Sequence[Part]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Locator:
    """Looks up paths in a YAML node tree (each node knows its line).

    `read` returns the tree; it is called once, the first time a line is asked for, so a sound
    file is never composed twice."""

    def __init__(self, read: Callable[[], Any]) -> None:
        self._read = read
        self._document: Any = None
        self._loaded = False

    @property
    def document(self) -> Any:
        """The node tree, read on first use (only needed when there are problems)."""
        if not self._loaded:
            self._loaded = True
            self._document = self._read()
        return self._document

    def _walk(self, parts: Sequence[Part]) -> tuple[Any, int, int]:
        """(node reached, its 1-based line, how many parts were followed)."""
        try:
            node, line, followed = self.document, 1, 0
        except Exception:  # the file could be read only by the fast reader: no lines to give
            return None, 1, 0
        for part in parts:
            if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            elif isinstance(node, MappingNode):
                found = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)]
                if not found:
                    break
                line = found[0][0].start_mark.line + 1
                node = found[0][1]
            else:
                break
            followed += 1
        return node, line, followed

    def line(self, parts: Sequence[Part]) -> int:
        """The line of the deepest part of `parts` found in the document (1 for the document)."""
        return self._walk(parts)[1]

    def value(self, field: str) -> Any:
        """The value at `field` if the whole path is in the document, else None."""
        parts = parse_field(field)
        node, _, followed = self._walk(parts)
        if followed < len(parts) or not isinstance(node, ScalarNode):
            return None
        return str(node.value)

    def link_field(self, field: str, sources: Sequence[LinkSource]) -> str:
        """`links[k].part` as the path where that link was written (`tasks[4].depends[0].lag`)."""
        link = _LINK.match(field)
        if link and int(link.group(1)) < len(sources):
            source = sources[int(link.group(1))]
            rest = field[link.end() :]
            field = source.path(link.group(2) or "") + (rest if link.group(2) is None else "")
        return field
