"""What an export decided, kept in the cache by a description of everything it read.

A leaflet's HTML, a page's Markdown: rendering them again for every record on every build
is most of a rebuild after one edit. Their templates read only what they are given (views,
dataclasses, strings: no globals, no functions), so a complete description of that is a
key: equal descriptions, equal output (with the code of the namespace, which covers the
templates and every function they can reach: ``namespaces.py``). ``describe`` writes each
record view as its fingerprint (a digest of its repr, which names every field) and anything
else as its repr; a value whose repr would not show its content (a plain object, a function)
makes the whole description None, and the caller renders as if there were no memo. The
memo itself is a JSON entry of the cache (``Cache.read_json``, ``Cache.write_json``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.present.views import RecordView

_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, Path, Markup)


class Undescribable(ValueError):
    """A value whose repr does not show everything a template could read from it."""


def describe(value: object) -> str | None:
    """A description of ``value`` that changes whenever anything a template reads of it does."""
    try:
        return _describe(value)
    except Undescribable:
        return None


def _describe(value: Any) -> str:
    if isinstance(value, RecordView):
        return f"<{value.key} {value.fingerprint}>"
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_describe(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_describe(k)}: {_describe(v)}" for k, v in value.items()) + "}"
    if is_dataclass(value) and not isinstance(value, type):
        # Its repr names every field (but those marked repr=False, like a view's origin, which
        # exports never read); one a plain object's repr ("<… at 0x…>") would hide is refused.
        text = repr(value)
        if " at 0x" in text:
            raise Undescribable(type(value).__name__)
        return text
    raise Undescribable(type(value).__name__)
