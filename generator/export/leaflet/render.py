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
_FIT_ATTRIBUTE = 'data-fit="'  # the same, once fit_html has raised the levels
_SPACER_ONLY = 'data-fill="spacer" '  # before data-fit: a sheet whose letters keep their size (wide tables)
# Fitting levels (templates/leaflet/leaflet.css): 0 as designed, 1-2 smaller extras,
# SHORTENED secondary blocks left out, CLIPPED long texts cut and the sheet clipped.
SHORTENED, CLIPPED = 3, 4
SEARCH_DEPTH = 6  # page → html → body → (line box) → sheet
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
# Filling: a sheet that fits with more than FILL_FROM of its page left blank gets its letters
# enlarged (every font size times --scale, at most MAX_SCALE), then the blank that is left
# goes into its .spacer (above the call to action), so every page is used to its bottom.
FILL_FROM = 0.04
MAX_SCALE = 1.45
SCALE_STEP = 0.05
SPARE_MARGIN_MM = 4.0  # more than the margins a spacer can stop collapsing
_FONT_SIZE = re.compile(r"font-size:\s*([\d.]+)pt")


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


def fill_html(html: str, scales: Sequence[float], spares: Sequence[float]) -> str:
    """The HTML with each sheet's letters scaled and its spacer set (CSS --scale, --spare in mm)."""
    parts = html.split(_FIT_ATTRIBUTE)
    marks = [
        f'style="--scale: {scale:.2f}; --spare: {spare:.1f}mm" {_FIT_ATTRIBUTE}'
        for scale, spare in zip(scales, spares, strict=True)
    ]
    return parts[0] + "".join(mark + part for mark, part in zip(marks, parts[1:], strict=True))


def scalable(css: str) -> str:
    """The stylesheet with every font size multiplied by the sheet's --scale (1 unless filling)."""
    return _FONT_SIZE.sub(lambda m: f"font-size: calc({m[1]}pt * var(--scale, 1))", css)


def _sheet_boxes(box: Any, depth: int = 0) -> Iterator[Any]:
    """The sheet boxes laid out in a page's box tree, in document order."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "div" and "sheet" in (element.get("class") or "").split():
        yield box
        return
    if depth < SEARCH_DEPTH:
        for child in getattr(box, "children", ()):
            yield from _sheet_boxes(child, depth + 1)


def _sheets(box: Any) -> Iterator[Any]:
    """The sheet elements laid out in a page's box tree, in document order."""
    for sheet in _sheet_boxes(box):
        yield sheet.element


def blank(document: Any) -> list[float]:
    """For each page, the share of its printable height left blank under its sheet."""
    shares = []
    for page in document.pages:
        box = page._page_box
        sheets = list(_sheet_boxes(box))
        if not sheets:
            shares.append(0.0)
            continue
        bottom = max(s.position_y + s.margin_height() for s in sheets)
        shares.append(max(0.0, (box.content_box_y() + box.height - bottom) / box.height))
    return shares


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
    stylesheets = [_stylesheet(scalable(css))] if css else []

    def lay_out(text: str) -> Any:
        return pdf.html_document(text, fetcher=fetcher).render(stylesheets=stylesheets, font_config=fonts)

    levels = [0] * sheets
    while True:
        document = lay_out(fit_html(html, levels))
        over = overflowing(document, sheets)
        if not any(over) or all(level == CLIPPED for level, o in zip(levels, over, strict=True) if o):
            break
        levels = [min(level + 1, CLIPPED) if o else level for level, o in zip(levels, over, strict=True)]
    if not any(over) and len(document.pages) == sheets:
        document = _filled(lay_out, fit_html(html, levels), document, levels)
    result = Rendered(job.key, max(levels), len(document.pages))
    store = Cache(cache_root)

    def write_pdf(target: Path) -> None:
        document.write_pdf(target, uncompressed_pdf=False, optimize_images=True)

    # The note first: a PDF in the cache always has its note next to it.
    store.write_json(NAMESPACE, job.key, {"fit": result.fit, "levels": levels, "pages": result.pages})
    store.make(NAMESPACE, job.key, ".pdf", write_pdf)
    return result


def _filled(lay_out: Any, html: str, fitted: Any, levels: list[int]) -> Any:
    """The fitted layout with its blank used: letters enlarged while the sheet still fits its
    page (one try, then one step smaller), then the blank left given to the sheet's spacer."""
    sheets = len(levels)
    left = blank(fitted)
    if max(left) <= FILL_FROM:
        return fitted
    # Only sheets as designed (level 0) grow: one that gave up something to fit has no room.
    growing = [
        level == 0 and not before.endswith(_SPACER_ONLY)
        for level, before in zip(levels, html.split(_FIT_ATTRIBUTE), strict=False)
    ]
    # Text grows faster than the letters (taller lines, fewer words a line), headings and
    # pictures do not grow at all: an exponent between the two, measured on the sample.
    scales = [
        min(MAX_SCALE, _step((1 / (1 - b)) ** 0.8)) if b > FILL_FROM and grow else 1.0
        for b, grow in zip(left, growing, strict=True)
    ]
    best, best_scales = fitted, [1.0] * sheets
    for _ in range(2):
        if all(s == 1.0 for s in scales):
            break
        document = lay_out(fill_html(html, scales, [0.0] * sheets))
        over = overflowing(document, sheets)
        if len(document.pages) == sheets and not any(over):
            best, best_scales = document, scales
            break
        scales = [max(1.0, _step(s - 2 * SCALE_STEP)) if o else s for s, o in zip(scales, over, strict=True)]
    # What is left goes to the spacers, a little less than measured: a spacer that is no longer
    # empty keeps the margins around it from collapsing. A sheet that still runs over tries
    # once more with less, then gets none; the others keep theirs.
    spares = [
        max(0.0, b * _page_height_mm(page) - SPARE_MARGIN_MM) if b > FILL_FROM else 0.0
        for b, page in zip(blank(best), best.pages, strict=True)
    ]
    for attempt in range(3):
        if max(spares) <= 0:
            break
        document = lay_out(fill_html(html, best_scales, spares))
        over = overflowing(document, sheets)
        if len(document.pages) == sheets and not any(over):
            return document
        less = SPARE_MARGIN_MM if attempt == 0 else float("inf")
        spares = [max(0.0, s - less) if o else s for s, o in zip(spares, over, strict=True)]
    return best


def _step(scale: float) -> float:
    """Down to a multiple of SCALE_STEP: few distinct sizes, the same for the same blank."""
    return round(int(scale / SCALE_STEP + 1e-9) * SCALE_STEP, 2)


def _page_height_mm(page: Any) -> float:
    return page._page_box.height * 25.4 / 96  # CSS pixels → mm


def cached(store: Cache, key: str) -> Rendered | None:
    """The cached leaflet's fitting note, or None when it must be rendered."""
    meta = store.read_json(NAMESPACE, key)
    if meta is None or store.get(NAMESPACE, key, ".pdf") is None:
        return None
    return Rendered(key, int(meta["fit"]), int(meta["pages"]))
