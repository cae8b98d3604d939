"""Checks on the prose of records: policy placeholders that name nothing (errors) and policy
figures typed by hand (warnings), each at the line of the file where it is written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.model.diagnostics import Diagnostic, Report
from generator.model.entrymemo import entry_memo
from generator.model.loader import Entry
from generator.model.placeholders import handwritten, placeholders, problem
from generator.model.records import Campaign, Model, Story, Unit


def prose_fields(record: object) -> Iterator[tuple[str, str]]:
    """(field, text) of every text a record shows, where a policy figure may be cited."""
    if isinstance(record, Story):
        yield "title", record.title
        yield "summary", record.summary
        yield "body", record.body
        if record.quote:
            yield "quote.text", record.quote.text
    if isinstance(record, Model):
        yield "summary", record.summary
        if record.body:
            yield "body", record.body
        for i, step in enumerate(record.steps):
            yield f"steps[{i}]", step
        for i, doubt in enumerate(record.doubts):
            yield f"doubts[{i}].question", doubt.question
            yield f"doubts[{i}].answer", doubt.answer
    if isinstance(record, Unit | Campaign) and record.summary:
        yield "summary", record.summary


# The characters str.isdigit() accepts: \d (decimal digits) and the other digits of Unicode
# (superscripts, subscripts, circled and parenthesised digits…); tests check it code point by
# code point. One regex search instead of a Python call per character.
_DIGIT = re.compile(
    "[\\d\u00b2\u00b3\u00b9\u1369-\u1371\u19da\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468"
    "\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792"
    "\U00010a40-\U00010a43\U00010e60-\U00010e68\U00011052-\U0001105a\U0001f100-\U0001f10a]"
)


def has_digit(text: str) -> bool:
    """``any(char.isdigit() for char in text)``, in C."""
    return _DIGIT.search(text) is not None


def check_prose(root: Path, entries: list[Entry], report: Report) -> None:
    for entry in entries:
        report.items.extend(_check_entry(entry, root))


@entry_memo
def _check_entry(entry: Entry, root: Path) -> list[Diagnostic]:
    report = Report()
    lines: list[str] | None = None
    for field, text in prose_fields(entry.record):
        if "[[" not in text and not has_digit(text):
            continue
        if lines is None:
            lines = (root / entry.path).read_text(encoding="utf-8-sig").splitlines()
        start = entry.line(field)
        for placeholder in placeholders(text):
            message = problem(placeholder)
            if message:
                report.error(entry.shown, _line(lines, placeholder.written, start), field, message)
        for snippet, what in handwritten(text):
            report.warn(
                entry.shown,
                _line(lines, snippet, start),
                field,
                f'{what}: "{snippet}"; số liệu chính sách thay đổi theo văn bản, hãy viết bằng '
                "[[tên-số-liệu]] để luôn đúng (xem README, mục Số liệu chính sách trong bài)",
            )
    return report.items


def _line(lines: list[str], snippet: str, start: int) -> int:
    """The line, from the field's own line on, where the snippet (or its first words) is written."""
    words = snippet.split()
    for count in range(len(words), 0, -1):  # a folded text may break the snippet over lines
        probe = " ".join(words[:count])
        for number in range(max(start, 1), len(lines) + 1):
            if probe in lines[number - 1]:
                return number
    return start
