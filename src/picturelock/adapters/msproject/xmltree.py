"""A small element tree that remembers the line of every element, parsed safely (defusedxml).

ElementTree forgets where an element was; a problem report must say "line 214". So the MSPDI
reader parses with defusedxml's expat driver (no entity expansion, no external fetches) into
`Node`s that keep their line, and reports parse failures as `Problem`s.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException

from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from picturelock.domain.bulk import cyclic_gc_paused
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
    first: dict[str, Node] | None = None

    def child(self, tag: str) -> Node | None:
        """The first child called `tag` (an index is built on first use: tasks have ~40 children)."""
        if self.first is None:
            self.first = {}
            for node in self.children:
                self.first.setdefault(node.tag, node)
        return self.first.get(tag)

    def all(self, tag: str) -> Iterator[Node]:
        return (node for node in self.children if node.tag == tag)

    def text_of(self, tag: str) -> str | None:
        """The stripped text of the first child called `tag`, or None when absent or empty."""
        node = self.child(tag)
        if node is None:
            return None
        return node.text.strip() or None


class _TreeParser(DefusedExpatParser):
    """defusedxml's SAX driver (entities, DTD-borne and external references refused) whose expat
    callbacks build `Node`s directly: the SAX layer in between tripled the parse time."""

    def __init__(self) -> None:
        super().__init__(namespaceHandling=1)
        self.root: Node | None = None

    def reset(self) -> None:
        super().reset()
        parser = self._parser  # type: ignore[attr-defined]
        parser.buffer_text = True
        stack: list[Node] = []
        texts: list[list[str]] = []

        def start(name: str, _attributes: object) -> None:
            parts = name.split(" ")  # "uri local" or "uri local prefix"; a bare "local" has no namespace
            node = (
                Node(parts[0], parts[1], parser.CurrentLineNumber)
                if len(parts) > 1
                else Node("", name, parser.CurrentLineNumber)
            )
            if stack:
                stack[-1].children.append(node)
            else:
                self.root = node
            stack.append(node)
            texts.append([])

        def end(_name: str) -> None:
            stack.pop().text = "".join(texts.pop())

        def characters(data: str) -> None:
            if texts:
                texts[-1].append(data)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters


def parse(path: Path) -> Node:
    """The document's root element, or InvalidInput naming the file and line of the fault."""
    parser = _TreeParser()
    try:
        with cyclic_gc_paused():  # a big tree of small objects: GC passes made the parse quadratic
            parser.parse(str(path))
    except SAXParseException as error:
        raise InvalidInput(
            [Problem(path.name, "", f"not well-formed XML: {error.getMessage()}", error.getLineNumber())]
        ) from None
    except DefusedXmlException as error:
        raise InvalidInput([Problem(path.name, "", f"refused unsafe XML: {error}")]) from None
    except OSError as error:
        raise InvalidInput([Problem(path.name, "", f"cannot read the file: {error.strerror}")]) from None
    if parser.root is None:
        raise InvalidInput([Problem(path.name, "", "empty document", expected="an MS Project XML file")])
    return parser.root
