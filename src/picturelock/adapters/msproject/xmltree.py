"""A small element tree that remembers the line of every element, parsed safely (defusedxml).

ElementTree forgets where an element was; a problem report must say "line 214". So the MSPDI
reader parses with defusedxml's SAX parser (no entity expansion, no DTDs, no external fetches)
into `Node`s that keep their line, and reports parse failures as `Problem`s.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler, feature_namespaces

import defusedxml.sax
from defusedxml import DefusedXmlException

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem


@dataclass(slots=True)
class Node:
    """One element: namespace, local name, text, children in order, and its 1-based line."""

    ns: str
    tag: str
    line: int
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def child(self, tag: str) -> Node | None:
        for node in self.children:
            if node.tag == tag:
                return node
        return None

    def all(self, tag: str) -> Iterator[Node]:
        return (node for node in self.children if node.tag == tag)

    def text_of(self, tag: str) -> str | None:
        """The stripped text of the first child called `tag`, or None when absent or empty."""
        node = self.child(tag)
        if node is None:
            return None
        return node.text.strip() or None


class _Builder(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[Node] = []
        self.root: Node | None = None
        self._locator: Any = None
        self._text: list[list[str]] = []

    def setDocumentLocator(self, locator: Any) -> None:
        self._locator = locator

    def startElementNS(self, name: tuple[str | None, str], qname: Any, attrs: Any) -> None:
        line = self._locator.getLineNumber() if self._locator else 0
        node = Node(ns=name[0] or "", tag=name[1], line=line)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        self._text.append([])

    def endElementNS(self, name: Any, qname: Any) -> None:
        node = self.stack.pop()
        node.text = "".join(self._text.pop())

    def characters(self, content: str) -> None:
        if self._text:
            self._text[-1].append(content)


def parse(path: Path) -> Node:
    """The document's root element, or InvalidInput naming the file and line of the fault."""
    parser = defusedxml.sax.make_parser()
    parser.setFeature(feature_namespaces, True)
    builder = _Builder()
    parser.setContentHandler(builder)
    collecting = gc.isenabled()
    gc.disable()  # a big tree of small objects: cyclic GC passes would make the parse quadratic
    try:
        parser.parse(str(path))
    except SAXParseException as error:
        raise InvalidInput(
            [Problem(path.name, "", f"not well-formed XML: {error.getMessage()}", error.getLineNumber())]
        ) from None
    except DefusedXmlException as error:
        raise InvalidInput([Problem(path.name, "", f"refused unsafe XML: {error}")]) from None
    except OSError as error:
        raise InvalidInput([Problem(path.name, "", f"cannot read the file: {error.strerror}")]) from None
    finally:
        if collecting:
            gc.enable()
    if builder.root is None:
        raise InvalidInput([Problem(path.name, "", "empty document", expected="an MS Project XML file")])
    return builder.root
