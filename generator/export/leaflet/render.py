"""HTML → PDF for the leaflets that are not in the cache yet, in the build's workers.

Workers get plain data (HTML string, page count, where to write) and import
WeasyPrint themselves, so the build process never loads it — a rebuild with nothing
changed does not pay for it at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
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
# Filling: a sheet that fits with more than FILL_FROM of its page left blank gets its letters
# enlarged (every font size times --scale, at most MAX_SCALE), then the blank that is left
# goes into its .spacer (above the call to action), so every page is used to its bottom.
FILL_FROM = 0.04
MAX_SCALE = 1.45
SCALE_STEP = 0.05
GROWTH = 0.8  # scale = (page height / content height) ** GROWTH, see _filled
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


def fill_html(html: str, scales: Sequence[float]) -> str:
    """The HTML with each sheet's letters scaled (CSS --scale; 1, as designed, needs no mark)."""
    parts = html.split(_FIT_ATTRIBUTE)
    marks = [(f'style="--scale: {scale:.2f}" ' if scale != 1 else "") + _FIT_ATTRIBUTE for scale in scales]
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


def blank(pages: Sequence[Any]) -> list[float]:
    """For each page (of a document), the share of its printable height left blank under its sheet."""
    shares = []
    for page in pages:
        box = page._page_box
        sheets = list(_sheet_boxes(box))
        if not sheets:
            shares.append(0.0)
            continue
        bottom = max(s.position_y + s.margin_height() for s in sheets)
        shares.append(max(0.0, (box.content_box_y() + box.height - bottom) / box.height))
    return shares


def _pages_of_sheets(document: Any, sheets: int) -> list[set[int]] | None:
    """For each sheet, the numbers of the pages it is found on (None: not the expected sheets)."""
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
    return pages if len(order) == sheets else None


@warm_up
def _warm_up() -> None:
    pdf.fonts()


def render_one(job: Job, cache_root: Path) -> Rendered:
    """Lay out each sheet at the lowest fitting level that keeps it on its page (the richest
    design the content allows), use the blank it leaves, then write the PDF."""
    photos = [cache_root / PHOTOS]  # leaflets embed data URIs and the build's prepared photos
    sheets = job.html.count(FIT_MARK)
    if sheets != job.pages:
        raise ValueError(f"the leaflet has {sheets} sheets for {job.pages} pages")
    html, css = pdf.split_style(job.html)
    stylesheets = [pdf.stylesheet(scalable(css))] if css else []

    def lay_out(text: str) -> Any:
        return pdf.lay_out(text, stylesheets, photos)

    levels, pages, document = _lay_out_sheets(lay_out, html, sheets)
    if pages is None:  # a sheet runs over its page even clipped: the leaflet as it lays out
        document = lay_out(fit_html(html, levels))
    else:
        document = document.copy([_spread(page) for page in pages])
    result = Rendered(job.key, max(levels), len(document.pages))
    store = Cache(cache_root)

    # The note first: a PDF in the cache always has its note next to it.
    store.write_json(NAMESPACE, job.key, {"fit": result.fit, "levels": levels, "pages": result.pages})
    store.make(NAMESPACE, job.key, ".pdf", lambda target: pdf.write(document, target))
    return result


@dataclass
class _Sheet:
    """One sheet's way to its page. First the search for its fitting level: every level up to
    ``over`` runs over the page, ``fits`` is the lowest level known to fit, ``page`` the sheet's
    page there. Then, for a sheet as designed with blank left, the try of larger letters
    (``scale``; once more two steps smaller when the first runs over)."""

    grows: bool  # may get larger letters: as designed (level 0), not a spacer-only sheet
    over: int = -1
    fits: int | None = None
    page: Any = None
    scale: float = 1.0  # the larger letters to try next, 1 when none
    retried: bool = False

    def next_level(self) -> int | None:
        """The level to try next (the design as made first), None once the search is over."""
        if self.fits is None and self.over < 0:
            return 0
        if self.over >= CLIPPED or (self.fits is not None and self.fits == self.over + 1):
            return None
        return (self.over + 1 + (CLIPPED if self.fits is None else self.fits - 1)) // 2

    @property
    def level(self) -> int:
        return CLIPPED if self.fits is None else self.fits

    def laid_out(self, level: int, scale: float, page: Any) -> None:
        """Learn from a round: the sheet at this level and scale got ``page`` to itself, or ran
        over (None)."""
        if scale > 1:
            if page is not None:  # the sheet still fits its page with the larger letters
                self.page, self.scale = page, 1.0
            else:  # a rare sheet the prediction made run over tries once more, two steps smaller
                self.scale = 1.0 if self.retried else max(1.0, _step(scale - 2 * SCALE_STEP))
                self.retried = True
        elif page is None:
            self.over = level
        else:
            self.fits, self.page = level, page
            if level == 0 and self.grows:
                # Text grows faster than the letters (taller lines, fewer words a line),
                # headings and pictures do not grow at all: an exponent between the two.
                left = blank([page])[0]
                self.scale = min(MAX_SCALE, _step((1 / (1 - left)) ** GROWTH)) if left > FILL_FROM else 1.0


def _lay_out_sheets(lay_out: Any, html: str, sheets: int) -> tuple[list[int], list[Any] | None, Any]:
    """(each sheet's level, each sheet's page or None when a sheet runs over even at CLIPPED,
    the last document laid out).

    A sheet's level is the lowest at which it fits its page: the richest design the content
    allows. Once the design as made runs over it is found by bisection over 1..CLIPPED (a
    higher level never makes a sheet longer: levels only leave out and shrink), so three
    layouts settle any level below CLIPPED. A sheet that fits as designed with more than
    FILL_FROM of its page left blank then gets larger letters, the scale predicted from that
    blank, in one more layout (rarely two); the blank still left goes to its spacer later.

    Each round lays out only the sheets with something to try (the others are hidden: every
    sheet starts its own page, none moves another), so one sheet's larger letters ride along
    with another's search; each sheet keeps its page from the round that settled it.
    """
    parts = html.split(_FIT_ATTRIBUTE)
    state = [_Sheet(grows=not before.endswith(_SPACER_ONLY)) for before in parts[:sheets]]
    document = None
    while True:
        trying = {}
        for i, sheet in enumerate(state):
            if (level := sheet.next_level()) is not None:
                trying[i] = (level, 1.0)
            elif sheet.scale > 1:
                trying[i] = (sheet.level, sheet.scale)
        if not trying:
            break
        shown = sorted(trying)
        levels = [trying[i][0] if i in trying else sheet.level for i, sheet in enumerate(state)]
        scales = [trying[i][1] if i in trying else 1.0 for i in range(sheets)]
        document = lay_out(_showing(fill_html(fit_html(html, levels), scales), shown))
        for i, page in zip(shown, _own_pages(document, len(shown)), strict=True):
            state[i].laid_out(*trying[i], None if page is None else document.pages[page])
    levels = [sheet.level for sheet in state]
    if any(sheet.fits is None for sheet in state):
        return levels, None, document
    return levels, [sheet.page for sheet in state], document


def _showing(html: str, shown: Sequence[int]) -> str:
    """The HTML with every sheet but those numbered in ``shown`` hidden (not laid out)."""
    parts = html.split(_FIT_ATTRIBUTE)
    marks = ["" if i in shown else "hidden " for i in range(len(parts) - 1)]
    return parts[0] + "".join(
        mark + _FIT_ATTRIBUTE + part for mark, part in zip(marks, parts[1:], strict=True)
    )


def _own_pages(document: Any, sheets: int) -> list[int | None]:
    """For each sheet laid out, the number of the one page it has to itself, None when it runs
    over its page (or shares it with another)."""
    found = _pages_of_sheets(document, sheets)
    if found is None:  # the layout tree looks different: judge by the page count
        return list(range(sheets)) if len(document.pages) == sheets else [None] * sheets
    on_page = Counter(number for numbers in found for number in numbers)
    return [min(on) if len(on) == 1 and on_page[min(on)] == 1 else None for on in found]


def _spread(page: Any) -> Any:
    """The page with its blank under the sheet moved into the sheet's spacer: everything after
    the spacer goes down by the blank, so the call to action sits at the page's bottom.

    Moving laid-out boxes costs nothing and cannot run over: they move within the measured
    blank, and nothing else on the page changes. A page without a spacer stays as it is."""
    from weasyprint.document import Page

    box = page._page_box
    sheets = list(_sheet_boxes(box))
    path = _path_to_spacer(sheets[0]) if len(sheets) == 1 else None
    if path is None:
        return page
    sheet = sheets[0]
    down = box.content_box_y() + box.height - (sheet.position_y + sheet.margin_height())
    if down <= 0:
        return page
    for parent, child in pairwise(path):
        parent.height += down  # the sheet and the boxes around the spacer grow with it
        for sibling in parent.children[parent.children.index(child) + 1 :]:
            sibling.translate(0, down)
    path[-1].height += down
    return Page(box)  # made again: its links (the QR code's) are read from the moved boxes


def _path_to_spacer(box: Any, depth: int = 0) -> list[Any] | None:
    """The boxes from ``box`` down to the first spacer inside it, or None without one."""
    element = getattr(box, "element", None)
    if element is not None and "spacer" in (element.get("class") or "").split() and depth > 0:
        return [box]
    if depth < SEARCH_DEPTH:
        for child in getattr(box, "children", ()):
            found = _path_to_spacer(child, depth + 1)
            if found is not None:
                return [box, *found]
    return None


def _step(scale: float) -> float:
    """Down to a multiple of SCALE_STEP: few distinct sizes, the same for the same blank."""
    return round(int(scale / SCALE_STEP + 1e-9) * SCALE_STEP, 2)


def cached(store: Cache, key: str) -> Rendered | None:
    """The cached leaflet's fitting note, or None when it must be rendered."""
    meta = store.read_json(NAMESPACE, key)
    if meta is None or store.get(NAMESPACE, key, ".pdf") is None:
        return None
    return Rendered(key, int(meta["fit"]), int(meta["pages"]))
