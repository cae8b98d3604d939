"""YAML to plain Python data, keeping the line of every value, within limits.

PyYAML's C parser gives a stream of events; we build the objects from it ourselves
(no recursion, no node graph) so that each dotted field path (``people[0].born``)
keeps its 1-based line, and so that hostile input is refused while it is read:

- anchors and aliases (``&a`` / ``*a``) are refused where they appear. The content
  model has no use for them, and refusing them outright is what makes an alias bomb
  ("billion laughs") cost nothing: nothing is ever expanded.
- nesting deeper than ``Limits.depth`` and more than ``Limits.values`` values are
  refused as soon as they are seen, before the rest of the file is parsed.
- explicit tags other than YAML's standard ones (``!!python/object``…) are refused in
  records; ``mkdocs.yml`` may hold them (Material's ``!!python/name:`` emoji
  functions, ``!ENV``), so settings read them as their plain text.

Dates stay strings: our own date type reports impossible dates in Vietnamese.
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
_YAML = "tag:yaml.org,2002:"
_STR_TAGS = {f"{_YAML}str", f"{_YAML}timestamp", "!"}
_STANDARD_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_STANDARD_TAGS |= _STR_TAGS
# The first characters of plain scalars that YAML may read as something other than text (true,
# 12, 2025-07-01, null, ~, <<…); a plain scalar starting otherwise is text without asking the
# resolver, which tries its patterns in Python for every value.
_TYPED_FIRST = frozenset(_Loader.yaml_implicit_resolvers)
_UNTYPED_FAST = None not in _TYPED_FIRST and not _Loader.yaml_path_resolvers


@dataclass(frozen=True)
class Limits:
    """How much structure one YAML document may have."""

    depth: int = 20  # a record nests 4 levels at most (story.images[0].file)
    values: int = 20_000  # a 500-point series with notes is about 4,000 values
    tags: bool = False  # explicit non-standard tags read as text (mkdocs.yml), else refused


RECORD_LIMITS = Limits()
SETTINGS_LIMITS = Limits(depth=50, tags=True)


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


class Refused(Exception):
    """YAML we will not read (alias, anchor, tag, too deep, too many values), at its line."""

    def __init__(self, line: int, field: str, message: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message = line, field or "-", message


@dataclass
class Parsed:
    data: Any
    lines: dict[str, int]


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


@dataclass(slots=True)
class _Open:
    """A mapping or list being filled."""

    value: Any  # dict[str, Any] | list[Any]
    path: str
    is_list: bool
    key: str | None = None  # a mapping's key waiting for its value
    key_line: int = 0


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def parse_yaml(text: str, line_offset: int = 0, limits: Limits = RECORD_LIMITS) -> Parsed:
    """Parse one YAML document; raises yaml.YAMLError, DuplicateKey or Refused."""
    loader = _Loader(text)
    try:
        return _Builder(loader, line_offset, limits).document()
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, loader: Any, offset: int, limits: Limits) -> None:
        self.loader, self.offset, self.limits = loader, offset, limits
        self.lines: dict[str, int] = {}
        self.count = 0

    def line(self, event: yaml.Event) -> int:
        return event.start_mark.line + 1 + self.offset

    def document(self) -> Parsed:
        loader = self.loader
        loader.get_event()  # stream start
        data = None
        if not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # document start
            if not loader.check_event(yaml.DocumentEndEvent):
                data = self.node()
            loader.get_event()  # document end
            if not loader.check_event(yaml.StreamEndEvent):
                extra = loader.get_event()
                message = 'tệp chỉ được có một bản ghi (dòng "---" mở đầu bản ghi thứ hai)'
                raise Refused(self.line(extra), "-", message)
        return Parsed(data, self.lines)

    def node(self) -> Any:
        """The next value, with everything inside it, without recursion.

        The loop runs once per event of every record file, so the common path is written out
        here; the rare refusals are in ``_refuse``.
        """
        stack: list[_Open] = []
        lines, offset, limits = self.lines, self.offset + 1, self.limits
        get_event = self.loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind in _ENDS:
                done = stack.pop()
                if not stack:
                    return done.value
                parent = stack[-1]
                if parent.is_list:
                    parent.value.append(done.value)
                else:
                    parent.value[parent.key] = done.value
                    parent.key = None
                continue
            parent = stack[-1] if stack else None
            line = event.start_mark.line + offset
            self.count += 1
            tag = None if kind is _ALIAS else event.tag
            if (
                kind is _ALIAS
                or event.anchor is not None
                or (tag is not None and tag not in _STANDARD_TAGS and not limits.tags)
                or self.count > limits.values
            ):
                self._refuse(event, _path(parent), line)
            awaiting_key = parent is not None and not parent.is_list and parent.key is None
            if kind is _SCALAR:
                if awaiting_key:
                    assert parent is not None
                    self._key(parent, self._scalar(event, parent.path, line), line)
                    continue
                path = _path(parent)
                value = self._scalar(event, path, line)
                lines[path] = line
                if parent is None:
                    return value
                if parent.is_list:
                    parent.value.append(value)
                else:
                    parent.value[parent.key] = value
                    parent.key = None
                continue
            path = _path(parent)
            if len(stack) >= limits.depth:
                outermost = path.split(".")[0].split("[")[0] or "-"
                raise Refused(line, outermost, f"lồng nhau quá sâu (hơn {limits.depth} cấp)")
            if awaiting_key:
                assert parent is not None
                raise Refused(line, parent.path, "tên trường phải là chữ, không phải danh sách hay nhóm")
            # A block list or group starts on the next line; errors about it belong to its key.
            block_value = parent is not None and not parent.is_list and not event.flow_style
            lines[path] = parent.key_line if block_value and parent is not None else line
            is_list = kind is _SEQ_START
            stack.append(_Open([] if is_list else {}, path, is_list))

    def _refuse(self, event: yaml.Event, path: str, line: int) -> None:
        field = path or "-"
        if isinstance(event, yaml.AliasEvent):
            raise Refused(
                line,
                field,
                f'không dùng bí danh YAML ("*{event.anchor}"); hãy viết giá trị ra đầy đủ, '
                'hoặc đặt trong ngoặc kép nếu đó là chữ bắt đầu bằng "*"',
            )
        if event.anchor is not None:
            raise Refused(line, field, f'không dùng neo YAML ("&{event.anchor}"); hãy xóa "&{event.anchor}"')
        if self.count > self.limits.values:
            raise Refused(line, "-", f"tệp có quá nhiều giá trị (hơn {self.limits.values:,}); hãy chia nhỏ")
        tag = str(event.tag).replace(_YAML, "!!")
        raise Refused(line, field, f'không dùng thẻ YAML "{tag}"; hãy xóa nó')

    def _key(self, parent: _Open, key: Any, line: int) -> None:
        key = key if isinstance(key, str) else str(key)  # _scalar gave strings in NFC already
        if key in parent.value:
            child = join(parent.path, key)
            raise DuplicateKey(child, line, self.lines[child])
        parent.key, parent.key_line = key, line

    def _scalar(self, event: yaml.ScalarEvent, path: str, line: int) -> Any:
        tag = event.tag
        if (tag is None or tag == "!") and not event.implicit[0]:
            return unicodedata.normalize("NFC", event.value)  # quoted or block text: a string
        if tag is None or tag == "!":
            value = event.value
            if _UNTYPED_FAST and value and value[0] not in _TYPED_FIRST:
                return unicodedata.normalize("NFC", value)
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag in _STR_TAGS or tag not in _STANDARD_TAGS:
            return unicodedata.normalize("NFC", event.value)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _SCALARS.yaml_constructors[tag](_SCALARS, node)
        except (ValueError, yaml.constructor.ConstructorError):
            # e.g. an integer of 5,000 digits (Python refuses to read it) or "!!int abc"
            raise Refused(line, path or "-", f'"{event.value[:40]}" không phải số hợp lệ') from None


def _path(parent: _Open | None) -> str:
    """Dotted path of the value about to be read inside ``parent``."""
    if parent is None:
        return ""
    if parent.is_list:
        return f"{parent.path}[{len(parent.value)}]"
    return join(parent.path, parent.key) if parent.key is not None else parent.path
