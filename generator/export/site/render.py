"""MkDocs renders only the pages whose Markdown changed since the last build into the same out.

A build into ``site/`` keeps, next to it and under the same lock (``workspace.py``)::

    .site.state/
        docs/         what MkDocs reads: docs/ plus the generated pages. ``docs.stage`` rewrites
                      a file only when its bytes change, so a newer mtime means "changed"
        html/         MkDocs' output of the last build (its site_dir)
        render.json   the fingerprint of what every page depends on; absent while MkDocs
                      writes, so a render that was interrupted is redone from scratch

Record pages are not in the nav, so a page's HTML depends only on its own Markdown, on
mkdocs.yml (nav titles are written there) and on the theme. When none of those changed,
MkDocs runs with ``dirty=True`` and renders only the pages whose source is newer than their
HTML; otherwise it renders everything.

The new output gets the HTML by hard link. A later build must never write into a file an
earlier output still links to, so before MkDocs runs, every file it is about to write is
unlinked (it then writes a new file); a check after the run fails the build if anything
else wrote in place.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from pathlib import Path
from typing import Any

from generator.export.namespaces import digest_files, versions
from generator.export.workspace import read_record, write_record
from generator.model.diagnostics import BuildError

RENDER_STATE = "render.json"
# Theme templates MkDocs renders on every run, changed or not.
ALWAYS_WRITTEN = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})
# Versions that change what a page looks like for the same Markdown.
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2")


def fingerprint(config_file: Path, theme_dir: str | None) -> str:
    """Everything every page depends on besides its own Markdown."""
    digest = hashlib.sha256(config_file.read_bytes())
    digest.update(versions(*PACKAGES).encode())
    if theme_dir:
        folder = Path(theme_dir)
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class _NotOurs(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation stale; here the nav lists no
    record page and any change to it renders everything, so the warning does not apply."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING and "'dirty' build" not in record.getMessage()


def build_all(config: Any, dirty: bool = False) -> None:
    """MkDocs' build, printing only its warnings and errors."""
    from mkdocs.commands.build import build

    quiet = _NotOurs()
    # A logger's filter sees only what is logged on it (the dirty warning comes from the build
    # module's logger); handlers' filters see everything that reaches them.
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build")]
    filtered = [*loggers, *loggers[0].handlers]
    for item in filtered:
        item.addFilter(quiet)
    try:
        build(config, dirty=dirty)
    finally:
        for item in filtered:
            item.removeFilter(quiet)


def render(config: Any, state: Path, depends_on: str) -> int:
    """Run MkDocs into ``state/html`` (``config.site_dir``), dirty when ``depends_on`` is unchanged;
    return the number of pages it rendered."""
    from mkdocs.structure.files import get_files

    html = Path(config.site_dir)
    marker = state / RENDER_STATE
    full = read_record(marker, depends_on) is None or not html.is_dir()
    marker.unlink(missing_ok=True)  # from here until the end, html/ is not a finished render
    if full:
        shutil.rmtree(html, ignore_errors=True)
    html.mkdir(parents=True, exist_ok=True)

    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    rendered = sum(1 for f in files.documentation_pages() if f.is_modified())
    templates = _templates(config)
    expected = {f.dest_uri for f in files} | templates
    if not full:
        _unlink_before_writing(html, files, templates)
    started = time.time_ns()
    build_all(config, dirty=not full)
    _tidy(html, expected, started)
    write_record(marker, depends_on)
    return rendered


def tree_print(folder: Path, suffix: str) -> str:
    """A fingerprint of the ``suffix`` files under ``folder``. Files there are never rewritten
    in place (see above), so a changed file has a new inode; the few MkDocs writes anew on
    every run (the 404 page) count by their bytes."""
    digest = hashlib.sha256()
    digest_files(digest, folder, suffix, by_bytes=ALWAYS_WRITTEN)
    return digest.hexdigest()


def _templates(config: Any) -> set[str]:
    """Files MkDocs writes on every run, whatever changed: sitemap (and its gzip), 404 page."""
    names = set(config.theme.static_templates) | set(config.extra_templates)
    if "sitemap.xml" in names:
        names.add("sitemap.xml.gz")
    return names | ALWAYS_WRITTEN


def _unlink_before_writing(html: Path, files: Any, templates: set[str]) -> None:
    """MkDocs opens the files it writes with O_TRUNC: remove each first, so it makes a new one."""
    for file in files:
        if file.is_modified():  # MkDocs' own test for "write this file" in a dirty build
            (html / file.dest_uri).unlink(missing_ok=True)
    for name in templates:
        (html / name).unlink(missing_ok=True)


def _tidy(html: Path, expected: set[str], started_ns: int) -> None:
    """One pass over the HTML after MkDocs ran. A dirty build leaves the pages of deleted
    records behind: what no source makes is removed. A file written in this run that still
    has other links was overwritten in place, so an earlier output changed: only a plugin
    writing on its own can do that, and the build refuses to go on."""
    for path in sorted(html.rglob("*"), reverse=True):  # children before their folders
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
            continue
        if path.relative_to(html).as_posix() not in expected:
            path.unlink()
            continue
        info = path.lstat()
        if info.st_nlink > 1 and info.st_mtime_ns >= started_ns:
            raise BuildError(
                f"MkDocs đã ghi đè {path.relative_to(html)} tại chỗ (tệp còn được bản dựng trước "
                "dùng); tắt plugin ghi tệp riêng trong mkdocs.yml hoặc xóa thư mục .*.state rồi dựng lại."
            )


def link_tree(source: Path, target: Path) -> int:
    """Hard-link every file of ``source`` into ``target`` (made fresh); return how many."""
    count = 0
    for folder, _dirs, names in os.walk(source):
        rel = os.path.relpath(folder, source)
        out = target / rel if rel != "." else target
        out.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(os.path.join(folder, name), out / name)
            count += 1
    return count
