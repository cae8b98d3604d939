"""The website: generated Markdown → MkDocs (Material) → Pagefind search index."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.export.site import pages
from generator.model.diagnostics import BuildError

if TYPE_CHECKING:
    from generator.export.context import BuildContext


class SiteBuildError(BuildError):
    """MkDocs or Pagefind failed."""


def generate_docs(ctx: BuildContext) -> int:
    """Write docs/noi-dung/ (pages, charts, images); return the number of changed files."""
    views = ctx.views
    files: dict[str, str | bytes] = {}
    files.update(pages.all_pages(views, extra_pages(ctx)))
    files.update(pages.charts(views, ctx.cache))
    files.update(pages.media(views))
    files[pages.COLOURS_CSS] = pages.colours_css(ctx.settings.colours)
    return pages.write_generated(ctx.settings.docs_dir, files)


def extra_pages(ctx: BuildContext) -> dict[str, str]:
    """Pages that list other exports (broadcasts, social posts)."""
    from generator.export.site.calculator_page import calculator_page
    from generator.export.site.exports_pages import broadcast_page, social_page

    return {**broadcast_page(ctx), **social_page(ctx), **calculator_page(ctx.views)}


def run_mkdocs(ctx: BuildContext) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(str(ctx.settings.config_file), site_dir=str(ctx.writer.root))
    build(config)


def run_pagefind(ctx: BuildContext) -> None:
    index_site(ctx.writer.root)


def index_site(site_dir: Path) -> None:
    """Pagefind's index (site_dir/pagefind/) of the built pages: the build's and the preview's."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise SiteBuildError(f"pagefind lỗi: {result.stderr or result.stdout}")


def export(ctx: BuildContext) -> None:
    from generator.export.site.calculator_page import write_timeline

    with ctx.stage("site.pages"):
        generate_docs(ctx)
    with ctx.stage("site.mkdocs"):
        run_mkdocs(ctx)
    write_timeline(ctx)
    for key, page in pages.manifest_pages(ctx.views):
        ctx.writer.manifest.page(key, page)
    with ctx.stage("site.pagefind"):
        run_pagefind(ctx)


def start(ctx: BuildContext) -> Callable[[], None]:
    """The site is written first, into the empty output, while the workers render the rest."""
    return lambda: export(ctx)
