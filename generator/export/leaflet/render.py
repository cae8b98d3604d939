"""HTML → PDF for the leaflets that are not in the cache yet, in the build's workers.

Workers get plain data (HTML string, page count, where to write) and import
WeasyPrint themselves, so the build process never loads it — a rebuild with nothing
changed does not pay for it at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generator.export import pdf
from generator.export.leaflet.media import PHOTOS
from generator.export.output import Cache
from generator.export.workers import warm_up

NAMESPACE = "leaflet"
FIT_MARK = 'data-fit="0"'  # on every sheet (one sheet = one page) of every leaflet
# Fitting levels (templates/leaflet/leaflet.css): 0 as designed, 1-2 smaller extras,
# SHORTENED secondary blocks left out, CLIPPED long texts cut and the sheet clipped.
SHORTENED, CLIPPED = 3, 4
SEARCH_DEPTH = 6  # page → html → body → (line box) → sheet
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@dataclass(frozen=True)
class Job:
    key: str  # cache key of the PDF
    html: str
    pages: int  # the page count the design must have


@dataclass(frozen=True)
class Rendered:
    key: str
    fit: int  # highest fitting level a sheet needed (SHORTENED and up: the editors are told)
    pages: int


def fit_html(html: str, levels: Sequence[int]) -> str:
    """The HTML with each sheet's fitting levels 0..n switched on (``data-fit="0 1 2"``)."""
    parts = html.split(FIT_MARK)
    if len(parts) != len(levels) + 1:
        raise ValueError(f"{len(parts) - 1} sheets in the leaflet, {len(levels)} levels given")
    marks = ['data-fit="' + " ".join(str(i) for i in range(level + 1)) + '"' for level in levels]
    return parts[0] + "".join(mark + part for mark, part in zip(marks, parts[1:], strict=True))


def _sheets(box: Any, depth: int = 0) -> Iterator[Any]:
    """The sheet elements laid out in a page's box tree, in document order."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "div" and "sheet" in (element.get("class") or "").split():
        yield element
        return
    if depth < SEARCH_DEPTH:
        for child in getattr(box, "children", ()):
            yield from _sheets(child, depth + 1)


def overflowing(document: Any, sheets: int) -> list[bool]:
    """For each sheet, whether it runs over its page (it is found on more than one)."""
    order: list[Any] = []
    pages: list[set[int]] = []
    for number, page in enumerate(document.pages):
        for element in _sheets(page._page_box):
            index = next((i for i, e in enumerate(order) if e is element), None)
            if index is None:
                order.append(element)
                pages.append(set())
                index = len(order) - 1
            pages[index].add(number)
    if len(order) != sheets:  # the layout tree looks different: judge by the page count
        return [len(document.pages) != sheets] * sheets
    return [len(on) > 1 for on in pages]


@warm_up
def _warm_up() -> None:
    _weasyprint()


@cache
def _weasyprint() -> Any:
    """Imported once per worker: the fonts, loaded once (HTML → PDF itself goes through pdf.py)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _leaflet_fetcher(cache_root: Path) -> Any:
    """Leaflets embed data URIs and the photos prepared in the build's cache, nothing else."""
    return pdf.url_fetcher([cache_root / PHOTOS])


@lru_cache(maxsize=16)
def _stylesheet(css: str) -> Any:
    """The leaflet stylesheet, parsed once per worker (every round of every leaflet reuses it)."""
    from weasyprint import CSS

    return CSS(string=css, url_fetcher=pdf.url_fetcher(), font_config=_weasyprint())


def split_style(html: str) -> tuple[str, str]:
    """(the HTML without its inlined <style>, the stylesheet's text)."""
    match = _STYLE.search(html)
    if match is None:
        return html, ""
    return html[: match.start()] + html[match.end() :], match[1]


def render_one(job: Job, cache_root: Path) -> Rendered:
    """Lay out, raising the level of every sheet that runs over its page, then write the PDF.

    Levels only ever go up, one step per round, so each sheet ends at the first level
    that fits: the richest design the content allows.
    """
    fonts = _weasyprint()
    fetcher = _leaflet_fetcher(cache_root)
    sheets = job.html.count(FIT_MARK)
    if sheets != job.pages:
        raise ValueError(f"the leaflet has {sheets} sheets for {job.pages} pages")
    html, css = split_style(job.html)
    stylesheets = [_stylesheet(css)] if css else []
    levels = [0] * sheets
    while True:
        page = pdf.html_document(fit_html(html, levels), fetcher=fetcher)
        document = page.render(stylesheets=stylesheets, font_config=fonts)
        over = overflowing(document, sheets)
        if not any(over) or all(level == CLIPPED for level, o in zip(levels, over, strict=True) if o):
            break
        levels = [min(level + 1, CLIPPED) if o else level for level, o in zip(levels, over, strict=True)]
    result = Rendered(job.key, max(levels), len(document.pages))
    store = Cache(cache_root)

    def write_pdf(target: Path) -> None:
        document.write_pdf(target, uncompressed_pdf=False, optimize_images=True)

    # The note first: a PDF in the cache always has its note next to it.
    store.write_json(NAMESPACE, job.key, {"fit": result.fit, "levels": levels, "pages": result.pages})
    store.make(NAMESPACE, job.key, ".pdf", write_pdf)
    return result


def cached(store: Cache, key: str) -> Rendered | None:
    """The cached leaflet's fitting note, or None when it must be rendered."""
    meta = store.read_json(NAMESPACE, key)
    if meta is None or store.get(NAMESPACE, key, ".pdf") is None:
        return None
    return Rendered(key, int(meta["fit"]), int(meta["pages"]))
