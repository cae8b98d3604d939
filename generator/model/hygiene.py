"""Characters and numbers no record should hold, found at their own line and field.

Checked on the parsed data before the pydantic models see it, so every record kind
(and every unknown field) gets the same rules:

- control characters (a NUL, a bell, C1 codes) are errors everywhere; YAML refuses
  most of them in the file itself (see ``control_characters``), but a double-quoted
  ``"\\0"`` or ``"\\x07"`` makes them;
- bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069, U+200E/F) are
  errors everywhere: Vietnamese never needs them, and they make text show other than
  it reads (and names slip past the privacy check);
- zero-width characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, soft hyphen) are errors
  in one-line fields (names, ids, titles, tags…); long text may keep the zero-width
  joiners that emoji sequences need;
- one-line fields hold no line break (a newline in a campaign name broke its calendar);
- numbers are finite and at most ``MAX_NUMBER`` in size (``1e400``, ``.nan``, ``.inf``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from generator.model.yamlnodes import join

# Fields whose text may run over several lines (Markdown, answers, notes).
LONG_TEXT = frozenset({"body", "summary", "text", "question", "answer", "note", "description"})
MAX_NUMBER = 1e15  # above any count or amount in đồng the content has; exact in a float

# Not printable for YAML (https://yaml.org/spec/1.1/#id868518), tab and line breaks aside.
_CONTROL = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_ZERO_WIDTH = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
_ZERO_WIDTH_IN_LONG = re.compile("[\u00ad\u180e\u200b\u2060-\u2064\ufeff]")  # ZWNJ/ZWJ join emoji
_LINE_BREAK = re.compile("[\n\r\x85\u2028\u2029]")
# Every character the four patterns above look for: a string without any has no problem.
_SUSPECT = re.compile(
    "[" + "".join(p.pattern[1:-1] for p in (_CONTROL_IN_TEXT, _BIDI, _ZERO_WIDTH, _LINE_BREAK)) + "]"
)


def describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_characters(text: str, most: int = 20) -> Iterator[tuple[int, str]]:
    """(line, character) of the first character YAML does not allow on each of the first ``most`` lines
    that have one. Linear: a file of NUL bytes is answered as fast as a clean one."""
    line, counted, found = 1, 0, 0
    match = _CONTROL.search(text)
    while match is not None and found < most:
        line += text.count("\n", counted, match.start())
        counted = match.start()
        yield line, match.group()
        found += 1
        next_line = text.find("\n", match.end())
        match = _CONTROL.search(text, next_line) if next_line >= 0 else None


def without_control_characters(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def problems(data: Any) -> Iterator[tuple[str, str]]:
    """(dotted field, Vietnamese message) for every bad string or number in the data."""
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:  # no recursion: the parser already bounded the depth, but stay flat anyway
        path, value = todo.pop()
        if isinstance(value, dict):
            todo.extend((join(path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            todo.extend((join(path, i), item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            if not _SUSPECT.search(value):
                continue  # nearly every string: no character any rule below looks for
            message = text_problem(value, long=_field_name(path) in LONG_TEXT)
            if message:
                yield path or "-", message
        elif isinstance(value, int | float) and not isinstance(value, bool):
            message = number_problem(value)
            if message:
                yield path or "-", message


def _field_name(path: str) -> str:
    return re.sub(r"\[\d+\]$", "", path).rpartition(".")[2]


def text_problem(value: str, *, long: bool) -> str | None:
    if found := _CONTROL_IN_TEXT.search(value):
        return f"có ký tự điều khiển {describe(found.group())} (không nhìn thấy); hãy xóa nó"
    if found := _BIDI.search(value):
        return f"có ký tự đảo chiều chữ {describe(found.group())} (không nhìn thấy); hãy xóa nó"
    if found := (_ZERO_WIDTH_IN_LONG if long else _ZERO_WIDTH).search(value):
        return f"có ký tự không độ rộng {describe(found.group())} (không nhìn thấy); hãy xóa nó"
    if not long and _LINE_BREAK.search(value.strip()):
        return "phải viết trên một dòng (không xuống dòng)"
    return None


def number_problem(value: int | float) -> str | None:
    if isinstance(value, float) and math.isnan(value):
        return "không phải số (NaN); hãy ghi một số"
    if isinstance(value, float) and math.isinf(value):
        return "số quá lớn (vô cực); hãy ghi một số"
    if abs(value) > MAX_NUMBER:
        return f"số quá lớn (tối đa {MAX_NUMBER:,.0f})".replace(",", ".")
    return None
