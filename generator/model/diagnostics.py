"""Errors and warnings in the public `file:line: field: message` form."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class Located(Protocol):
    """A loaded record: where it is shown and the line of each field."""

    shown: str

    def line(self, dotted: str) -> int: ...


class BuildError(Exception):
    """A problem the editor can fix; printed as a Vietnamese message, no traceback."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    field: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        prefix = "cảnh báo: " if self.warning else ""
        return f"{prefix}{self.path}:{self.line}: {self.field}: {self.message}"


@dataclass
class Report:
    """Collects every problem of a run; nothing stops at the first error."""

    items: list[Diagnostic] = field(default_factory=list)
    # "kind/id" of records left out because of their own errors: references to them are
    # not reported again as missing (the editor fixes the record, not every mention of it).
    unloaded: set[str] = field(default_factory=set)

    def error(self, path: str | Path, line: int, field_: str, message: str) -> None:
        self.items.append(_diagnostic(path, line, field_, message, False))

    def warn(self, path: str | Path, line: int, field_: str, message: str) -> None:
        self.items.append(_diagnostic(path, line, field_, message, True))

    def error_at(self, entry: Located, field_: str, message: str) -> None:
        """An error about one field of a record, at that field's line."""
        self.error(entry.shown, entry.line(field_), field_, message)

    def warn_at(self, entry: Located, field_: str, message: str) -> None:
        self.warn(entry.shown, entry.line(field_), field_, message)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if not d.warning]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.warning]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.path, d.line, d.field, d.message))


MESSAGE_MAX = 1000  # a message quoting a pasted megabyte stays readable


def _diagnostic(path: str | Path, line: int, field_: str, message: str, warning: bool) -> Diagnostic:
    """One diagnostic, one line: what the editor wrote is quoted with its invisible characters shown."""
    if len(message) > MESSAGE_MAX:
        message = message[: MESSAGE_MAX - 1] + "…"
    return Diagnostic(
        _visible(str(path)),
        max(line, 1),
        _visible(field_, spaces=True) or "-",
        _visible(message),
        warning,
    )


def _visible(text: str, *, spaces: bool = False) -> str:
    """Line breaks, control, zero-width and bidi characters (and in a field name, spaces) as escapes."""
    if text.isprintable() and not (spaces and " " in text):
        return text
    return "".join(_escape(ch) if not ch.isprintable() or (spaces and ch == " ") else ch for ch in text)


def _escape(ch: str) -> str:
    return "\\x20" if ch == " " else ch.encode("unicode_escape").decode("ascii")


def did_you_mean(value: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return ' Có phải ý bạn là "x"?' for the closest choice, or ''."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f' Có phải ý bạn là "{close[0]}"?' if close else ""
