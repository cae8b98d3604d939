"""Write the editor's values into a record file, changing only the text of what changed.

The form sends the whole record, serialised its own way. Writing that out would lose the
team's comments, key order, quoting and line wrapping (decap-cms#5099). Instead the file
is composed with ruamel.yaml, which knows where in the text every key and value sits, and
only the spans of values that differ are replaced: a one-field edit is a one-line diff.
Values the form adds are inserted after the field that precedes them in the model;
values the form cleared are removed with their lines.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from io import StringIO
from typing import Any

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import LiteralScalarString

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)
WRAP = 96  # columns of a folded (>-) text the editor changed, as the team writes them
_EMPTY = (None, "", [], {})

type Edit = tuple[int, int, str]  # replace text[start:end] by the string


def clean(value: Any) -> Any:
    """The form's value without empty fields: a cleared field is an absent one."""
    if isinstance(value, dict):
        kept = {str(k): clean(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if not _is_empty(v)}
    if isinstance(value, list):
        return [clean(v) for v in value if not _is_empty(clean(v))]
    if isinstance(value, str):
        return value.rstrip() if "\n" in value else value.strip()
    return value


def _is_empty(value: Any) -> bool:
    return any(value is e or (type(value) is type(e) and value == e) for e in _EMPTY)


def same(old: Any, new: Any) -> bool:
    """Equal as the model reads them (a date written plain equals its ISO text)."""
    if isinstance(old, dict) and isinstance(new, dict):
        old, new = clean(old), clean(new)
        return old.keys() == new.keys() and all(same(old[k], new[k]) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new, strict=True))
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, dt.date | dt.datetime):
        return old.isoformat() == str(new)
    if isinstance(old, int | float) and isinstance(new, int | float):
        return old == new
    if isinstance(old, str) and isinstance(new, str):
        return old.strip() == new.strip()
    if isinstance(old, int | float) and isinstance(new, str):
        return str(old) == new.strip()
    return old == new


def _field_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    """The record class of a nested field (``people`` → Person), or None."""
    info = (getattr(model, "model_fields", None) or {}).get(key)
    return _model_in(info.annotation) if info else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _default(model: type[BaseModel] | None, key: str) -> Any:
    info = (getattr(model, "model_fields", None) or {}).get(key)
    if info is None or info.is_required():
        return ...
    return info.get_default(call_default_factory=True)


def _order(model: type[BaseModel] | None, key: str) -> int:
    names = list(getattr(model, "model_fields", None) or {})
    return names.index(key) if key in names else len(names)


def without_defaults(value: dict, model: type[BaseModel] | None, implicit: dict | None = None) -> dict:
    """Fields equal to the model's default (or to ``implicit``: the id a file name gives) left out,
    for a record written anew: the form fills every switch and select it shows."""
    result = {}
    for key, item in value.items():
        default = (implicit or {}).get(key, _default(model, key))
        if default is not ... and same(default, item):
            continue
        sub = _field_model(model, key)
        if sub and isinstance(item, dict):
            item = without_defaults(item, sub)
        elif sub and isinstance(item, list):
            item = [without_defaults(i, sub) if isinstance(i, dict) else i for i in item]
        result[key] = item
    return result


# --- writing ---------------------------------------------------------------------------------


def _dumper() -> YAML:
    writer = YAML()
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = 4096  # a long line stays one line
    writer.allow_unicode = True
    return writer


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _literal(value: Any) -> Any:
    """Values as the team writes them: long text as a | block, a full date without quotes."""
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value.rstrip() + "\n")
    if isinstance(value, str) and _FULL_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # an impossible date stays quoted text: the model says why
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    return value


def dump_block(value: dict, indent: int = 0) -> str:
    """Fields written anew, as block YAML indented by ``indent`` spaces."""
    out = StringIO()
    _dumper().dump(_literal(value), out)
    text = out.getvalue()
    return textwrap.indent(text, " " * indent) if indent else text


def ordered(value: dict, model: type[BaseModel] | None) -> dict:
    """A new record's fields in the model's order (kind, id, status, title, …)."""
    keys = sorted(value, key=lambda k: _order(model, k))
    result = {}
    for key in keys:
        item, sub = value[key], _field_model(model, key)
        if sub and isinstance(item, dict):
            item = ordered(item, sub)
        elif sub and isinstance(item, list):
            item = [ordered(i, sub) if isinstance(i, dict) else i for i in item]
        result[key] = item
    return result


def _plain_ok(text: str) -> bool:
    """Whether a string can be written without quotes and read back the same (PyYAML, YAML 1.1)."""
    if not text or text != text.strip() or "\n" in text or text[0] in "-?:,[]{}#&*!|>'\"%@`":
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    try:
        back = yaml.load(f"v: {text}", Loader=yaml.CSafeLoader)["v"]
    except (yaml.YAMLError, ValueError):  # an impossible date ("2024-13-02") is quoted: the model says why
        return False
    return back == text or (isinstance(back, dt.date) and back.isoformat() == text)


def inline(value: Any, style: str | None = None) -> str:
    """One scalar on the key's line, in the style the file had where it can be kept."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    if style == "'" and "\n" not in text:
        return "'" + text.replace("'", "''") + "'"
    if style != '"' and _plain_ok(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _block_scalar(value: str, style: str, indent: int) -> str | None:
    """A text as a block scalar (| or >-), lines indented; None when it cannot be one faithfully."""
    pad = " " * indent
    if "\n" in value or style == "|":
        lines = [(pad + line) if line.strip() else "" for line in value.rstrip("\n").split("\n")]
        if value.startswith((" ", "\t")):
            return None
        return "|-\n" + "\n".join(lines) + "\n"
    if "  " in value or value != value.strip() or not value:
        return None
    wrapped = textwrap.wrap(value, WRAP - indent, break_long_words=False, break_on_hyphens=False)
    return ">-\n" + "\n".join(pad + line for line in wrapped) + "\n"


class _Merger:
    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[Edit] = []

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Past the newline ending the line that holds ``index`` (or index, at a line start)."""
        if index == 0 or self.text[index - 1] == "\n":
            return index
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def pair_end(self, value: Node) -> int:
        end = self.line_end(value.end_mark.index)
        # Blank lines a block value swallowed stay where they were.
        while end > 1 and self.text[end - 2 : end] == "\n\n":
            end -= 1
        return end

    def mapping(
        self, node: MappingNode, old: dict, new: dict, model: type[BaseModel] | None, implicit: dict
    ) -> None:
        pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode)]
        column = pairs[0][0].start_mark.column if pairs else node.start_mark.column
        present = [k.value for k, _ in pairs]
        for key_node, value_node in pairs:
            key = key_node.value
            if key not in new:
                if not _is_empty(clean(old.get(key))) and key not in implicit:
                    start = self.line_start(key_node.start_mark.index)
                    self.edits.append((start, self.pair_end(value_node), ""))
                continue
            self.pair(key_node, value_node, old.get(key), new[key], _field_model(model, key))
        added = [k for k in new if k not in present and not _is_default(model, k, new[k], implicit)]
        for key in sorted(added, key=lambda k: _order(model, k)):
            before = [k for k in present if _order(model, k) <= _order(model, key)]
            if before:
                last = dict(pairs)[next(n for n, _ in pairs if n.value == before[-1])]
                at = self.pair_end(last)
            else:
                at = self.line_start(pairs[0][0].start_mark.index) if pairs else len(self.text)
            value = new[key]
            sub = _field_model(model, key)
            if sub and isinstance(value, dict):
                value = ordered(without_defaults(value, sub), sub)
            elif sub and isinstance(value, list):
                value = [ordered(without_defaults(i, sub), sub) if isinstance(i, dict) else i for i in value]
            self.edits.append((at, at, dump_block({key: value}, column)))

    def pair(
        self, key_node: Node, value_node: Node, old: Any, new: Any, model: type[BaseModel] | None
    ) -> None:
        if same(old, new):
            return
        if self.value(value_node, old, new, model):
            return
        column = key_node.start_mark.column
        start = self.line_start(key_node.start_mark.index)
        value = ordered(new, model) if model and isinstance(new, dict) else new
        if model and isinstance(new, list):
            value = [ordered(i, model) if isinstance(i, dict) else i for i in new]
        self.edits.append((start, self.pair_end(value_node), dump_block({key_node.value: value}, column)))

    def value(self, node: Node, old: Any, new: Any, model: type[BaseModel] | None) -> bool:
        """Replace the value in place; False when only the whole pair can be written anew."""
        if same(old, new):
            return True
        if isinstance(node, MappingNode) and isinstance(old, dict) and isinstance(new, dict):
            if node.flow_style:
                return False
            self.mapping(node, old, new, model, {})
            return True
        if isinstance(node, SequenceNode) and isinstance(old, list) and isinstance(new, list):
            if node.flow_style:
                if all(_scalar(v) for v in new):
                    items = ", ".join(inline(v) for v in new)
                    self.edits.append((node.start_mark.index, node.end_mark.index, f"[{items}]"))
                    return True
                return False
            if len(old) != len(new):
                return False
            return all(self.value(item, o, n, model) for item, o, n in zip(node.value, old, new, strict=True))
        if isinstance(node, ScalarNode) and _scalar(new) and not isinstance(old, dict | list):
            style = node.style
            if style in ("|", ">") and isinstance(new, str):
                indent = node.start_mark.column + 2
                column = self._key_column(node)
                block = _block_scalar(new, style, column + 2 if column is not None else indent)
                if block is not None:
                    self.edits.append((node.start_mark.index, self.pair_end(node), block))
                    return True
                self.edits.append((node.start_mark.index, self.pair_end(node), inline(new) + "\n"))
                return True
            if isinstance(new, str) and "\n" in new:
                column = self._key_column(node)
                block = _block_scalar(new, "|", (column or 0) + 2)
                if block is None:
                    return False
                self.edits.append((node.start_mark.index, node.end_mark.index, block.rstrip("\n")))
                return True
            self.edits.append((node.start_mark.index, node.end_mark.index, inline(new, style)))
            return True
        return False

    def _key_column(self, node: Node) -> int | None:
        """Column of the key (or "- " item) a value belongs to: the first non-space of its line."""
        start = self.line_start(node.start_mark.index)
        line = self.text[start : node.start_mark.index]
        stripped = line.lstrip(" ")
        column = len(line) - len(stripped)
        return column + 2 if stripped.startswith("- ") and ":" not in stripped else column

    def result(self) -> str:
        text = self.text
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            text = text[:start] + replacement + text[end:]
        return text


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


def _is_default(model: type[BaseModel] | None, key: str, value: Any, implicit: dict) -> bool:
    default = implicit.get(key, _default(model, key))
    return default is not ... and same(default, value)


def merge_yaml(original: str, new: dict, model: type[BaseModel] | None, implicit: dict | None = None) -> str:
    """``original`` with ``new``'s values; ``implicit``: values the file has without writing them
    (the id its name gives)."""
    new = clean(new)
    implicit = implicit or {}
    node = YAML().compose(original) if original.strip() else None
    old = yaml.load(original, Loader=yaml.CSafeLoader) if node is not None else None
    if not isinstance(node, MappingNode) or not isinstance(old, dict) or not node.value:
        return dump_block(ordered(without_defaults(new, model, implicit), model))
    merger = _Merger(original if original.endswith("\n") else original + "\n")
    merger.mapping(node, old, new, model, implicit)
    return merger.result()


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter YAML, body) of a Markdown record, or None when it has no front matter."""
    match = FRONT_MATTER.match(text)
    return (match.group(1), text[match.end() :]) if match else None


def merge_markdown(
    original: str, new: dict, model: type[BaseModel] | None, implicit: dict | None = None
) -> str:
    """A Markdown record: front matter merged as YAML, the body (``new["body"]``) below it."""
    new = dict(new)
    body = str(new.pop("body", "") or "").strip("\n")
    parts = split_front_matter(original) if original else None
    front, old_body = parts if parts else ("", "")
    merged = merge_yaml(front, new, model, implicit)
    if old_body.strip() == body.strip():
        rest = old_body
    else:
        lead = old_body[: len(old_body) - len(old_body.lstrip("\n"))] if old_body.strip() else ""
        rest = lead + body + "\n" if body else ""
    return "---\n" + merged + "---\n" + rest
