"""Checks on the prose of records: policy placeholders that name nothing (errors) and policy
figures typed by hand (warnings), each at the line of the file where it is written."""

from __future__ import annotations

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


def check_prose(root: Path, entries: list[Entry], report: Report) -> None:
    for entry in entries:
        report.items.extend(_check_entry(entry, root))


@entry_memo
def _check_entry(entry: Entry, root: Path) -> list[Diagnostic]:
    report = Report()
    lines: list[str] | None = None
    for field, text in prose_fields(entry.record):
        if "[[" not in text and not any(char.isdigit() for char in text):
            continue
        if lines is None:
            lines = _source_lines(root / entry.path)
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


def _source_lines(path: Path) -> list[str]:
    """The file's lines; none for a record checked before it is written (the form editor's save):
    its messages then point at the field's own line."""
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return []


def _line(lines: list[str], snippet: str, start: int) -> int:
    """The line, from the field's own line on, where the snippet (or its first words) is written."""
    words = snippet.split()
    for count in range(len(words), 0, -1):  # a folded text may break the snippet over lines
        probe = " ".join(words[:count])
        for number in range(max(start, 1), len(lines) + 1):
            if probe in lines[number - 1]:
                return number
    return start
