"""Jinja environments for every export; templates live in generator/templates/.

Strict: an undefined variable fails the build instead of printing nothing. Escaping
follows the output type, never the template's care: HTML, XML, SSML and SVG are
autoescaped; Markdown pages (``*.md.j2``) have an environment of their own whose every
``{{ … }}`` goes through escaping.markdown_text (see escaping.py). Plain-text outputs
(posts, announcer scripts) are printed as written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.present.escaping import markdown_text, safe_link

TEMPLATES = Path(__file__).parent.parent / "templates"
SITE_PAGES = "site/"  # Markdown pages MkDocs publishes (archetypes/*.md.j2 are editors' drafts)


@cache
def environment(markdown: bool = False) -> Environment:
    """The environment for markup and text templates, or (markdown=True) for Markdown pages."""
    # Markdown pages: every value printed is escaped for Markdown; `| e` and `| join`
    # too, so that spelling them out in a template cannot weaken it.
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=True if markdown else select_autoescape(["html", "xml", "ssml", "svg"]),
        finalize=markdown_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["link"] = _link
    if markdown:
        env.filters.update(e=markdown_text, escape=markdown_text, join=_markdown_join)
    return env


def _markdown_join(items: Iterable[object], separator: str = "", attribute: str | None = None) -> Markup:
    values = (getattr(item, attribute) if attribute else item for item in items)
    return markdown_text(separator).join(markdown_text(value) for value in values)


def _link(url: str | None) -> str:
    """An external link's URL if its scheme is safe (http, https, mailto, tel), else ""."""
    return safe_link(url) or ""


def render(name: str, **context: object) -> str:
    return environment(is_site_page(name)).get_template(name).render(**context)


def is_site_page(name: str) -> bool:
    return name.startswith(SITE_PAGES) and name.endswith(".md.j2")


def templates_hash(name: str) -> str:
    """Changes when a template folder (any file below it) or one template file changes (cache keys)."""
    path = TEMPLATES / name
    return hash_files(path.rglob("*") if path.is_dir() else [path])


def hash_files(paths: Iterable[Path]) -> str:
    """One hash for a set of template, style or code files (a change re-renders)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:32]
