"""Checks on the prose of records: policy placeholders that name nothing (errors) and policy
figures typed by hand (warnings), each at the line of the file where it is written."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from generator.model.dates import LOCAL_TZ
from generator.model.diagnostics import Diagnostic, Report
from generator.model.entrymemo import entry_memo
from generator.model.formatting import day_text
from generator.model.loader import Entry
from generator.model.placeholders import Expiring, expiring, expiring_in, handwritten, placeholders, problem
from generator.model.policy import timeline
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


def check_prose(
    root: Path,
    entries: list[Entry],
    report: Report,
    today: dt.date | None = None,
    policies_valid: bool = True,
) -> None:
    """The prose checks; figures a scheduled change makes false only from valid policy records (an
    invalid one is already an error, and its timeline cannot say what is true)."""
    on = today or dt.datetime.now(LOCAL_TZ).date()
    figures = expiring(timeline(entries), on) if policies_valid else []
    for entry in entries:
        items = _check_entry(entry, root)
        report.items.extend(_instead(items, _check_expiring(entry, root, figures)))


def _instead(items: list[Diagnostic], specific: list[tuple[Diagnostic, str]]) -> list[Diagnostic]:
    """The memoised warnings, less the general "typed by hand" one where a specific one says more
    about the same figure."""

    def repeats(d: Diagnostic) -> bool:
        return d.warning and any(
            (s.line, s.field) == (d.line, d.field) and f'"{printed}' in d.message for s, printed in specific
        )

    return [d for d in items if not repeats(d)] + [s for s, _ in specific]


_WHAT = {True: "tỷ lệ hỗ trợ viết tay", False: "số tiền đóng, hỗ trợ viết tay"}  # as handwritten() says


def _check_expiring(entry: Entry, root: Path, figures: list[Expiring]) -> list[tuple[Diagnostic, str]]:
    """A policy figure typed by hand that a scheduled change will make false (not memoised: the
    answer depends on the policy records and the date, not only on this file)."""
    report = Report()
    printed: list[str] = []
    lines: list[str] | None = None
    for field, text in prose_fields(entry.record):
        if not figures or not has_digit(text):
            continue
        for words, figure in expiring_in(text, figures):
            printed.append(figure.printed)
            if lines is None:
                lines = (root / entry.path).read_text(encoding="utf-8-sig").splitlines()
            report.warn(
                entry.shown,
                _line(lines, words, entry.line(field)),
                field,
                f"{_WHAT[figure.printed.endswith('%')]}: "
                f'"{words}" chỉ đúng đến {day_text(figure.last_day)}; từ '
                f"{day_text(figure.last_day + dt.timedelta(days=1))} là {figure.new}. Hãy viết "
                f"{' hoặc '.join(figure.placeholders)} để bài luôn in số đúng kèm thời hạn",
            )
    return list(zip(report.items, printed, strict=True))


@entry_memo
def _check_entry(entry: Entry, root: Path) -> list[Diagnostic]:
    report = Report()
    lines: list[str] | None = None
    for field, text in prose_fields(entry.record):
        if "[[" not in text and not has_digit(text):
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
