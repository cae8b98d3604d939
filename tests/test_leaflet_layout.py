"""Every leaflet of the sample, read back from its PDF: letters big enough to read on paper,
nothing printed over anything else, and the paper used (no big blank band at the bottom)."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest

from generator.model.settings import PREVIEW_STAMP
from tests.pdflayout import MM, Box, Line, Page, pages

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

SMALLEST = 9.0  # pt: nothing printed smaller
SMALLEST_LARGE = 14.0  # pt: large print, everything
MARGIN = {"a5": 9 * MM, "a4": 12 * MM}  # the @page margins of generator/export/leaflet/context.py
MOST_BLANK = 0.10  # of the printable height, left blank under the last thing on a page
TOUCH = 1.0  # pt²: two boxes sharing less than this only touch (rounding of glyph boxes)


def _variants(manifest: dict, site: Path) -> list[tuple[str, Path]]:
    found = []
    for key, record in sorted(manifest["records"].items()):
        for item in record.get("leaflet", []):
            found.append((f"{key} {item['variant']}", site / item["file"]))
    return found


@pytest.fixture(scope="module")
def leaflets(built: Path, manifest: dict) -> dict[str, tuple[str, list[Page]]]:
    """name → (variant, pages) for every leaflet the sample builds."""
    found = {}
    for name, path in _variants(manifest, built / "site"):
        found[name] = (name.rsplit(" ", 1)[1], pages(path))
    assert {variant for variant, _ in found.values()} >= {
        "a5",
        "a5-large",
        "a4",
        "a4-large",
        "talking-points",
        "rate-table",
        "bhyt-table",
    }
    return found


def _preview_stamp(text: str) -> bool:
    """The page margins of a preview build (placeholder site_url): a notice to whoever prints."""
    return any(mark in text for mark in (PREVIEW_STAMP, "Mã QR mở", "địa chỉ giữ chỗ"))


def _in_margin(line: Line, page: Page, margin: float) -> bool:
    """A line printed in the page's top or bottom margin (the preview's notice: 9 pt is enough)."""
    return line.box.bottom <= margin + 1 or line.box.top >= page.height - margin - 1


def test_no_letter_is_too_small_to_read_on_paper(leaflets) -> None:
    small = []
    for name, (variant, printed) in leaflets.items():
        large = variant.endswith("-large")
        margin = MARGIN["a5" if variant.startswith("a5") else "a4"]
        for page in printed:
            for line in page.lines:
                # the preview's notice is for staff, not readers: 9 pt in every variant
                notice = _preview_stamp(line.text) or _in_margin(line, page, margin)
                smallest = SMALLEST_LARGE if large and not notice else SMALLEST
                if line.size < smallest - 0.05:
                    small.append((name, page.number, round(line.size, 1), line.text[:40]))
    assert small == []


def _side_by_side(a: Box, b: Box) -> bool:
    """Two runs of one line of text, one after the other ("hỗ trợ" then a styled ", tính ngày"):
    the ink of a letter with marks below and above ("ợ") reaches past its advance by a fraction
    of a point into the next run. Not a clash; a run printed over another one is."""
    same_line = abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 < 2.0
    return same_line and min(a.right, b.right) - max(a.left, b.left) < 0.5


def test_nothing_is_printed_over_anything_else(leaflets) -> None:
    clashes = []
    for name, (_, printed) in leaflets.items():
        for page in printed:
            for a, b in combinations(page.lines, 2):
                if a.box.overlap(b.box) > TOUCH and not _side_by_side(a.box, b.box):
                    clashes.append((name, page.number, a.text[:30], b.text[:30]))
            for line in page.lines:
                for drawing in page.drawings:
                    # text drawn inside a picture is the picture's own (a chart's labels)
                    inside = (
                        line.box.left >= drawing.left - 1
                        and line.box.right <= drawing.right + 1
                        and line.box.top >= drawing.top - 1
                        and line.box.bottom <= drawing.bottom + 1
                    )
                    if not inside and line.box.overlap(drawing) > TOUCH:
                        clashes.append((name, page.number, line.text[:30], "hình"))
    assert clashes == [], clashes


def test_every_page_is_used_to_its_bottom(leaflets) -> None:
    blank = []
    for name, (variant, printed) in leaflets.items():
        margin = MARGIN["a5" if variant.startswith("a5") else "a4"]
        for page in printed:
            printable = page.height - 2 * margin
            left = (page.height - margin - page.bottom) / printable
            if left > MOST_BLANK:
                blank.append((name, page.number, f"{left:.0%}"))
    assert blank == []


def test_nothing_runs_off_the_paper(leaflets) -> None:
    off = []
    for name, (_, printed) in leaflets.items():
        for page in printed:
            off += [
                (name, page.number, line.text[:30])
                for line in page.lines
                if line.box.left < 0
                or line.box.top < 0
                or line.box.right > page.width
                or line.box.bottom > page.height
            ]
    assert off == []
