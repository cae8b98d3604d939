"""One Jinja environment for every export; templates live in generator/templates/.

Strict: an undefined variable fails the build instead of printing nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent.parent / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "xml", "ssml", "svg"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)


def templates_hash(folder: str) -> str:
    """Changes when any template or stylesheet of an export changes (cache keys)."""
    return hash_files((TEMPLATES / folder).rglob("*"))


def hash_files(paths: Iterable[Path]) -> str:
    """One hash for a set of template, style or code files (a change re-renders)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:32]
