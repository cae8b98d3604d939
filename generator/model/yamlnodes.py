"""YAML to plain Python data, keeping the line of every value.

PyYAML's C loader composes nodes fast; we build the objects ourselves so that each
dotted field path (``people[0].born``) keeps its 1-based line. Dates stay strings:
our own date type reports impossible dates in Vietnamese.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - the C extension ships in the wheels
    _Loader = yaml.SafeLoader  # type: ignore[misc]

_SCALARS = yaml.constructor.SafeConstructor()
_STR_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


@dataclass
class Parsed:
    data: Any
    lines: dict[str, int]


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def parse_yaml(text: str, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; raises yaml.YAMLError or DuplicateKey."""
    node = yaml.compose(text, Loader=_Loader)
    lines: dict[str, int] = {}
    data = _build(node, "", lines, line_offset) if node is not None else None
    return Parsed(data, lines)


def _build(node: yaml.Node, path: str, lines: dict[str, int], offset: int) -> Any:
    lines[path] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            key = unicodedata.normalize("NFC", key) if isinstance(key, str) else str(key)
            child = join(path, key)
            if key in result:
                raise DuplicateKey(child, key_node.start_mark.line + 1 + offset, lines[child])
            result[key] = _build(value_node, child, lines, offset)
            if isinstance(value_node, yaml.CollectionNode) and not value_node.flow_style:
                # A block list or group starts on the next line; errors about it belong to its key.
                lines[child] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, join(path, i), lines, offset) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if node.tag in _STR_TAGS:
        return unicodedata.normalize("NFC", node.value)
    constructor = _SCALARS.yaml_constructors.get(node.tag)
    return constructor(_SCALARS, node) if constructor else node.value
