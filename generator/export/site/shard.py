"""A shard's share of the site (``lantoa build --only``): its own pages, one search index per part.

MkDocs renders a province's build with the shared pages too (the navigation names them),
then ``prune`` keeps only the province's own pages, images and charts: the home page,
index pages, search page and theme assets are the national part's. Each part gets its own
Pagefind index (``pagefind/`` for the national part, ``pagefind-<part>/`` for a province),
so shards merged under one root never write the same file; the search page merges the
provinces' indexes listed in ``tim-kiem/chi-muc.json`` (written by the national part).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from generator.export.site.exports_pages import owned_folders
from generator.model.kinds import KINDS
from generator.present import abbreviated, shards, urls
from generator.present.views import StatisticView, Views

if TYPE_CHECKING:
    from generator.export.context import BuildContext

Indexer = Callable[[Path, Path | None], None]  # (pages folder, index folder or None: pagefind/ inside)


def own_paths(views: Views) -> dict[str, list[str]]:
    """part → the output paths (folders end with /) of this build's own pages, images, charts
    and listing pages."""
    paths: dict[str, list[str]] = defaultdict(list)
    for kind in KINDS:
        for view in views.own(views.all(kind)):
            part = paths[views.part(view)]
            part += [view.page, urls.media_folder(kind, view.id)]
            if isinstance(view, StatisticView) and view.chart:
                part.append(view.chart)
    for a in views.own(views.announcements):
        paths[views.part(a)].append(a.page)
    for part in list(paths):
        paths[part] += owned_folders(part)  # its pages of "Tờ rơi", "Phát thanh", "Mạng xã hội"
    return paths


def _within(rel: str, paths: list[str]) -> bool:
    return any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in paths)


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def prune(ctx: BuildContext, html: Path) -> int:
    """A build without the national part keeps only its own pages of MkDocs' output (``html``,
    linked into the output beside the other exports' files, which stay).

    Returns the number of files removed.
    """
    views, root = ctx.views, ctx.writer.root
    if views.shard.national:
        return 0  # its docs held only shared pages and its own records
    own = [p for paths in own_paths(views).values() for p in paths]
    removed = 0
    for rel in _files(html):
        if not _within(rel, own):
            (root / rel).unlink()
            removed += 1
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return removed


SITEMAP = "sitemap.xml"


def complete_sitemap(ctx: BuildContext) -> None:
    """The national part's sitemap lists the provinces' record pages too (MkDocs only saw its own),
    so a merged site has the whole site's sitemap."""
    views, root = ctx.views, ctx.writer.root
    path = root / SITEMAP
    if views.shard.whole or not views.shard.national or not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", text)
    others = [v.page for kind in KINDS for v in views.all(kind) if not views.owns(v)]
    others += [a.page for a in views.announcements if not views.owns(a)]
    entries = "".join(
        f"    <url>\n         <loc>{escape(urls.absolute(views.settings.site_url, page))}</loc>\n"
        + (f"         <lastmod>{lastmod.group(1)}</lastmod>\n" if lastmod else "")
        + "    </url>\n"
        for page in sorted(others)
    )
    text = text.replace("</urlset>", entries + "</urlset>")
    ctx.writer.write_text(SITEMAP, text)
    ctx.writer.write_bytes(f"{SITEMAP}.gz", gzip.compress(text.encode("utf-8"), mtime=0))


def index_parts(ctx: BuildContext, indexer: Indexer) -> None:
    """The whole site: one index, as always. A shard: one index per part it makes."""
    views, root = ctx.views, ctx.writer.root
    if views.shard.whole:
        indexer(root, None)
        write_index_list(ctx, [])
        return
    own = own_paths(views)
    provinces = [p for p in views.shard.named if p != shards.NATIONAL]
    pages = [rel for rel in _files(root) if rel.endswith(".html")]
    for part in views.shard.named:
        if part == shards.NATIONAL:  # everything that is no province's
            chosen = [rel for rel in pages if not any(_within(rel, own.get(p, [])) for p in provinces)]
        else:
            chosen = [rel for rel in pages if _within(rel, own.get(part, []))]
        if chosen:
            indexer(_mirror(ctx, part, root, chosen), root / shards.search_index(part))
    if views.shard.national:
        every = [p.id for p in shards.parts(views.content) if p.id != shards.NATIONAL]
        write_index_list(ctx, every)


def _mirror(ctx: BuildContext, part: str, root: Path, files: list[str]) -> Path:
    """A folder holding just one part's pages, at their paths (hard links): what Pagefind reads."""
    folder = ctx.scratch(f"pagefind-pages/{part}")
    shutil.rmtree(folder)
    for rel in files:
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(root / rel, target)
        except OSError:
            shutil.copyfile(root / rel, target)
    return folder


def write_index_list(ctx: BuildContext, provinces: list[str]) -> None:
    """``tim-kiem/chi-muc.json``: the provinces' indexes the search page merges with pagefind/.

    The national part lists every province of the content; the search page merges those
    that are deployed beside it (a plain build lists none: its one index holds everything).
    """
    data: dict = {"indexes": [{"part": p, "path": shards.search_index(p)} for p in provinces]}
    # the names of the translations' languages, for the search page's language choice
    data["languages"] = {
        t.lang.lower(): t.name for kind in KINDS for view in ctx.views.all(kind) for t in view.translations
    }
    ctx.writer.write_text(urls.SEARCH_INDEXES, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    # The abbreviation table (present/abbreviated.py): "bao hiem y te" is searched as "BHYT" too.
    table = json.dumps({"abbreviations": abbreviated.for_search()}, ensure_ascii=False, indent=1)
    ctx.writer.write_text(urls.SEARCH_ABBREVIATIONS, table + "\n")
