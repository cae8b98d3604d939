"""The website: generated Markdown → MkDocs (Material) → Pagefind search index.

MkDocs reads a copy of docs/ with the generated pages added (``docs.stage``), made in
the build's private folder: a build never writes into the project's docs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.export.site import docs, kept, pages, render, shard, webfonts
from generator.export.workspace import read_record, write_record
from generator.model.diagnostics import BuildError
from generator.present.catalogue import Published

if TYPE_CHECKING:
    from generator.export.context import BuildContext
    from generator.model.settings import Settings


class SiteBuildError(BuildError):
    """MkDocs or Pagefind failed."""


def generate_docs(
    ctx: BuildContext,
    target: Path,
    staging: docs.Staging | None = None,
    charts: dict[str, Future[Path]] | None = None,
    preview: bool = False,
    published: dict[str, Published] | None = None,
) -> int:
    """Make ``target`` the docs MkDocs reads: docs/ plus noi-dung/ (pages, charts, images).

    Returns the number of files written (unchanged files are left alone); ``staging``
    (the preview's) keeps what the folder holds and lists what changed; ``charts``: those
    the build's workers were asked for (``pages.start_charts``), else drawn here;
    ``published``: the other exports' files as placed (``published_files``), whose sizes
    and lengths the download lists print.
    """
    from generator.export.site.exports_pages import copy_places

    views = ctx.views
    known = pages.Files(published or {}, copy_places(views))
    files: dict[str, str | bytes] = {}
    listed = {**extra_pages(ctx, known), **(preview_pages(ctx) if preview else {})}
    files.update(pages.all_pages(views, listed, known))
    files.update(pages.charts(charts if charts is not None else pages.start_charts(views, ctx.cache)))
    files.update(pages.media(views))
    files[pages.COLOURS_CSS] = pages.colours_css(ctx.settings.colours)
    files.update(webfonts.site_fonts(views.languages))
    return docs.stage(ctx.settings.docs_dir, target, files, staging)


def extra_pages(ctx: BuildContext, known: pages.Files = pages.NO_FILES) -> dict[str, str]:
    """Pages that list other exports (leaflets, broadcasts, social posts) and the calculator."""
    from generator.export.site.calculator_page import calculator_page
    from generator.export.site.exports_pages import listing_pages
    from generator.export.site.progress_pages import progress_pages

    return {**listing_pages(ctx.views, known), **calculator_page(ctx.views), **progress_pages(ctx.views)}


def published_files(ctx: BuildContext) -> dict[str, Published]:
    """Every file the other exports placed in the output (they finish before the site: build.py),
    with its size and, for an MP3, its measured length (their manifest entries)."""
    found: dict[str, Published] = {}
    for export, entry in ctx.writer.manifest.every_file():
        path = ctx.writer.root / entry["file"]
        if path.is_file():
            seconds = entry.get("length_s", entry.get("duration_s")) if export == "audio" else None
            found[entry["file"]] = Published(path.stat().st_size, seconds, entry.get("pages"))
    return found


def preview_pages(ctx: BuildContext) -> dict[str, str]:
    """Pages for the team only: the preview (`lantoa serve`) has them, a build never does."""
    from generator.export.site.language_report_page import language_report_page

    return language_report_page(ctx.views)


def mkdocs_options(settings: Settings, docs_dir: Path) -> dict[str, Any]:
    """Options for MkDocs' load_config: read ``docs_dir`` instead of the project's docs/.

    Apply ``retarget_snippets`` to the loaded config as well (MkDocs consumes the option
    dicts it is given, so they cannot carry it into every rebuild of the preview).
    """
    return {"docs_dir": str(docs_dir)}


def retarget_snippets(config: Any, settings: Settings) -> None:
    """The snippets extension includes files from folders of its own (``base_path``, which
    it resolves from the working directory); those inside docs/ move to the docs MkDocs reads.
    """
    options = config.mdx_configs.get("pymdownx.snippets")
    if options is None:
        return
    source, target = settings.docs_dir.resolve(), Path(config.docs_dir)
    options["base_path"] = [
        _retarget(settings.project_dir, str(base), source, target) for base in options.get("base_path", ["."])
    ]


def _retarget(project_dir: Path, base: str, source: Path, docs_dir: Path) -> str:
    path = (project_dir / base).resolve()
    if path == source or path.is_relative_to(source):
        return os.fspath(docs_dir / path.relative_to(source))
    return os.fspath(path)


def run_mkdocs(ctx: BuildContext, state: Path) -> Path:
    """MkDocs renders the pages that changed since the last build into the same out (render.py);
    returns the folder holding the HTML."""
    from mkdocs.config import load_config

    options = mkdocs_options(ctx.settings, state / "docs")
    config = load_config(str(ctx.settings.config_file), site_dir=str(state / "html"), **options)
    retarget_snippets(config, ctx.settings)
    depends_on = render.fingerprint(ctx.settings.config_file, config.theme.custom_dir)
    rendered = render.render(config, state, depends_on)
    if rendered:
        ctx.workers.done["page"] += rendered  # counted like the PDFs: what was made, not reused
    return Path(config.site_dir)


def run_pagefind(ctx: BuildContext, state: Path, html: Path) -> None:
    """Pagefind's index of the pages; the previous one again (linked) when no page changed.
    A shard (--only) makes one index per part it holds (shard.py)."""
    if not ctx.views.shard.whole:
        shard.index_parts(ctx, index_site)
        return
    root = ctx.writer.root
    kept, marker = state / "pagefind", state / "pagefind.json"
    key = render.tree_print(html, ".html") + version("pagefind")
    if read_record(marker, key) is not None and kept.is_dir():
        render.link_tree(kept, root / "pagefind")
    else:
        marker.unlink(missing_ok=True)
        index_site(root)
        fresh = state / "pagefind.new"
        shutil.rmtree(fresh, ignore_errors=True)
        render.link_tree(root / "pagefind", fresh)
        shutil.rmtree(kept, ignore_errors=True)
        fresh.rename(kept)
        write_record(marker, key)
        ctx.workers.done["index"] += 1
    shard.write_index_list(ctx, [])


def index_site(
    site_dir: Path,
    output: Path | None = None,
    niceness: int = 0,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> None:
    """Pagefind's index of the built pages (in site_dir/pagefind/, or ``output``): the build's and
    the preview's (which runs it at a lower priority than its rebuilds: ``niceness``, and is told
    the process through ``started`` so that stopping the preview can end it)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    if output is not None:
        command += ["--output-path", str(output)]
    if niceness and shutil.which("nice"):
        command = ["nice", "-n", str(niceness), *command]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=started is not None,  # a group of its own: the caller ends it whole
    ) as process:
        if started is not None:
            started(process)
        out, err = process.communicate()
    if process.returncode:
        raise SiteBuildError(f"pagefind lỗi: {err or out}")


def export(ctx: BuildContext, charts: dict[str, Future[Path]] | None = None) -> None:
    from generator.export.site.calculator_page import write_timeline

    state = ctx.state or ctx.scratch("state")  # a build into a new place renders everything
    with ctx.stage("site.pages"), kept.kept_pages(ctx.cache):  # pages whose inputs are unchanged: read back
        generate_docs(ctx, state / "docs", charts=charts, published=published_files(ctx))
    with ctx.stage("site.mkdocs"):
        html = run_mkdocs(ctx, state)
    with ctx.stage("site.link"):
        render.link_tree(html, ctx.writer.root)
    shard.prune(ctx, html)  # a province's build (--only) keeps its own pages only
    shard.complete_sitemap(ctx)
    write_timeline(ctx)
    for key, page in pages.manifest_pages(ctx.views):
        ctx.writer.manifest.page(key, page)
    with ctx.stage("site.pagefind"):
        run_pagefind(ctx, state, html)


def start(ctx: BuildContext) -> Callable[[], None]:
    """The site's charts are the first jobs submitted; its pages are written last, once the
    other exports have placed their files (build.py): download lists print their sizes."""
    charts = pages.start_charts(ctx.views, ctx.cache, ctx.workers)
    return lambda: export(ctx, charts)
