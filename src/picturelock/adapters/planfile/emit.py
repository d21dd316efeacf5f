"""A small YAML emitter for plan files: block maps and lists, flow maps and lists, safe scalars.

ruamel.yaml's emitter takes seconds for a few thousand tasks; plan files need only a handful of
shapes, so they are written here directly, in the style ruamel.yaml uses: text plain when it
cannot be read back as anything else (a number, a date, true, null, a YAML indicator),
single-quoted otherwise, and double-quoted with escapes only for characters a YAML reader would
not keep (line breaks, control characters).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

INDENT = 2
_NOT_FIRST = set("-?:,[]{}#&*!|>'\"%@`<= ")
_FLOW_INDICATORS = set(",[]{}?:#")  # inside a flow map or list these end or confuse plain text
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}
_WORDS = {"yes", "no", "on", "off", "y", "n"}  # YAML 1.1 booleans: quoted for other readers' sake
_UNIT_LAG = re.compile(r"^-?\d+(?:\.\d+)?e?d$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_STR = "tag:yaml.org,2002:str"
_RESOLVER = VersionedResolver(version=(1, 2))
_MAY_RESOLVE = set("0123456789+-.~<=")


class FlowMap(dict[str, Any]):
    """A map written on one line: `{resource: assistant, units: 0.5}`."""


class FlowSeq(list[Any]):
    """A list written on one line: `[editor, assistant]`."""


def emit(document: dict[str, Any]) -> str:
    """`document` (a block map) as YAML text."""
    lines: list[str] = []
    _block_map(document, 0, lines)
    return "\n".join(lines) + "\n"


def inline(value: Any, flow: bool = False) -> str:
    """A value as it is written on one line (`flow`: inside a flow map or list)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {inline(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v, True) for v in value) + "]"
    return scalar(value, flow)


def scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if is_plain(text, flow):
        return text
    return single_quoted(text) if _printable(text) and "'" not in text else quoted(text)


def _float_text(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    return text if any(c in text for c in ".en") else text + ".0"


def decimal_text(value: Decimal) -> str:
    """2.50 -> "2.5", 1E+1 -> "10", never exponent notation."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def is_plain(text: str, flow: bool = False) -> bool:
    """Whether `text` can be written without quotes and read back as the same text."""
    if _UNIT_LAG.match(text):
        return True  # a lag such as 3ed or -2d: text, however it starts
    if not text or text[0] in _NOT_FIRST or text[-1] in " :" or text.lower() in _WORDS:
        return False
    if ": " in text or " #" in text or (flow and any(c in _FLOW_INDICATORS for c in text)):
        return False
    return _printable(text) and _reads_as_text(text)


def _reads_as_text(text: str) -> bool:
    """Whether a YAML reader takes plain `text` as text (not a number, date, bool or null)."""
    if text[0] not in _MAY_RESOLVE and text.lower() not in ("true", "false", "null"):
        return True  # only these can begin a number, date, .inf, ~ or << / =
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False))) == _STR


def _printable(text: str) -> bool:
    return all(c == " " or unicodedata.category(c) not in _UNSAFE_CATEGORIES for c in text)


def single_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def quoted(text: str) -> str:
    """`text` double-quoted, escaping what a YAML reader would fold or refuse."""
    out = []
    for c in text:
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c != " " and unicodedata.category(c) in _UNSAFE_CATEGORIES:
            code = ord(c)
            out.append(
                f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
            )
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _block_map(mapping: dict[str, Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        head = f"{pad}{scalar(key)}:"
        if isinstance(value, FlowMap | FlowSeq) or not isinstance(value, dict | list) or not value:
            lines.append(f"{head} {inline(value)}")
        elif isinstance(value, dict):
            lines.append(head)
            _block_map(value, indent + INDENT, lines)
        else:
            lines.append(head)
            _block_seq(value, indent + INDENT, lines)


def _block_seq(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and not isinstance(item, FlowMap) and item:
            start = len(lines)
            _block_map(item, indent + INDENT, lines)
            lines[start] = f"{pad}- {lines[start][indent + INDENT :]}"
        else:
            lines.append(f"{pad}- {inline(item)}")
