"""Every kind of page on a cheap phone, in headless Chromium: targets a finger can hit, nothing
wider than the screen, and no WCAG A/AA violation (axe-core) on a phone and a wide screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

TARGET = 44  # CSS px, the height and width of anything tapped (WCAG 2.5.5)
FIXED_PAGES = {
    "home": "",
    "calculator": "noi-dung/may-tinh/",
    "search": "tim-kiem/",
    "policy list": "noi-dung/chinh-sach/",
    "province list": "noi-dung/theo-tinh/",
    "leaflets": "noi-dung/to-roi/quang-ngai/",
    "broadcasts": "noi-dung/phat-thanh/quang-ngai/",
    "posts": "noi-dung/mang-xa-hoi/quang-ngai/",
}
RECORD_KINDS = ("story", "unit", "model", "statistic", "campaign", "policy")

# Targets too small: visible links, buttons and fields, except a link inside a sentence (WCAG
# 2.5.5 leaves inline links to the line height), the site's header and footer bars and the skip
# link (Material's). A box or button inside its label is hit anywhere on the label.
SMALL_TARGETS = """
min => {
  const inSentence = el => {
    const block = el.closest('p, td, th, figcaption, dd, blockquote, .lt-source, .lt-meta');
    if (!block) return false;
    return block.textContent.trim().length > el.textContent.trim().length + 2;
  };
  const found = [];
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, audio[controls]';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.md-header, .md-footer, .md-sidebar, .md-tabs, .md-skip, [hidden]')) continue;
    const box = (el.closest('label') || el).getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.tagName === 'A' && inSentence(el)) continue;
    if (box.height < min - 0.5 || box.width < min - 0.5) {
      found.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.value || '').trim().slice(0, 30)}" `
        + `${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return found.slice(0, 8);
}
"""


@pytest.fixture(scope="module")
def pages(manifest: dict) -> dict[str, str]:
    """One page of every kind: kind → path."""
    found = dict(FIXED_PAGES)
    for kind in RECORD_KINDS:
        found[kind] = next(
            v["page"] for k, v in sorted(manifest["records"].items()) if k.startswith(f"{kind}/")
        )
    return found


def _visit(
    chromium, site_url: str, width: int, pages: dict[str, str], check: str, arg: object = None
) -> dict:
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="vi-VN")
    context.set_default_timeout(60_000)
    tab = context.new_page()
    found = {}
    for name, path in pages.items():
        tab.goto(site_url + path)
        result = tab.evaluate(check, arg)
        if result:
            found[name] = result
    context.close()
    return found


def test_every_target_is_big_enough_for_a_finger(chromium, site_url: str, pages: dict[str, str]) -> None:
    assert _visit(chromium, site_url, 390, pages, SMALL_TARGETS, TARGET) == {}


def test_no_page_scrolls_sideways_on_a_small_phone(chromium, site_url: str, pages: dict[str, str]) -> None:
    wider = "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    assert _visit(chromium, site_url, 360, pages, wider) == {}


@pytest.mark.parametrize("width", [390, 1280])
def test_every_kind_of_page_passes_axe(chromium, site_url: str, pages: dict[str, str], width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    found = {}
    for name, path in pages.items():
        tab.goto(site_url + path)
        violations = axe_violations(tab)
        if violations:
            found[name] = violations
    context.close()
    assert found == {}


def test_a_pdf_is_opened_or_saved_as_the_reader_chooses(built: Path, manifest: dict) -> None:
    """Android saves a link marked `download` instead of showing it: each PDF has both links."""
    import re

    page = next(v["page"] for k, v in sorted(manifest["records"].items()) if k.startswith("story/"))
    html = (built / "site" / page / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+\.pdf)"([^>]*)>([^<]*)</a>', html)
    assert links
    for href in {href for href, _, _ in links}:
        kinds = {(" download" in attrs, text) for h, attrs, text in links if h == href}
        assert kinds == {(False, "Xem"), (True, "Tải về")}, (href, kinds)
    assert re.search(r"\(PDF, 1 trang\)", html)
    assert re.search(
        r'<audio controls preload="metadata" src="[^"]+\.mp3" aria-labelledby="lt-audio-label">', html
    )


def test_download_labels_count_the_pages_each_leaflet_design_has() -> None:
    from generator.export.leaflet.context import VARIANTS
    from generator.present.catalogue import LEAFLET_PAGES

    # A progress sheet grows with its rows (one page per PROGRESS_ROWS): no fixed count to print.
    fixed = {name: variant.pages for name, variant in VARIANTS.items() if name != "progress-sheet"}
    assert fixed == LEAFLET_PAGES
