"""What an export decided, kept in the cache by a description of everything it read.

A leaflet's HTML, a page's Markdown: rendering them again for every record on every build
is most of a rebuild after one edit. Their templates read only what they are given (views,
dataclasses, strings: no globals, no functions), so a complete description of that is a
key: equal descriptions, equal output. ``describe`` writes each record view as its
fingerprint (a digest of its repr, which names every field) and anything else as its repr;
a value whose repr would not show its content (a plain object, a function) makes the
whole description None, and the caller renders as if there were no memo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import is_dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.export.output import Cache
from generator.present import escaping, templating
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


@cache
def rendering() -> str:
    """The code between a template and its output: our environments and filters, Jinja."""
    code = templating.hash_files([Path(templating.__file__), Path(escaping.__file__)])
    return f"{code} jinja2={version('jinja2')} markupsafe={version('markupsafe')}"


@cache
def code() -> str:
    """The whole generator package and the rendering libraries: a memo of something the code
    writes (a page, a script's text) is keyed by this when no narrower set is known."""
    package = Path(__file__).resolve().parents[1]
    return f"{templating.hash_files(package.rglob('*.py'))} {rendering()} yaml={version('PyYAML')}"


def digest(*parts: str) -> str:
    data = "\0".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class PlanMemo:
    """JSON decisions in the cache under ``namespace``; entries are immutable like all others."""

    def __init__(self, cache: Cache, namespace: str) -> None:
        self.cache = cache
        self.namespace = namespace

    def get(self, key: str) -> Any | None:
        kept = self.cache.get(self.namespace, key, ".json")
        if kept is None:
            return None
        try:
            return json.loads(kept.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False)
        self.cache.make(self.namespace, key, ".json", lambda tmp: tmp.write_text(text, encoding="utf-8"))
