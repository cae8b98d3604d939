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
    assert re.search(r"\(PDF, \d+ KB, 1 trang\)", html)
    assert re.search(
        r'<audio controls preload="metadata" src="[^"]+\.mp3" aria-labelledby="lt-audio-label">', html
    )


def _downloads(built: Path, page: str) -> tuple[dict[str, str], str]:
    """A page's download rows (file → its text) and its player's caption."""
    import html as html_module
    import re

    text = (built / "site" / page / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<li class="lt-download">(.*?)</li>', text)
    found = {}
    for row in rows:
        link = re.search(r'<a href="([^"]+)" download', row)
        what = re.search(r'lt-download__what">([^<]*)<', row) or re.search(r"download>([^<]*)</a>", row)
        assert link and what, row
        target = (built / "site" / page / link.group(1)).resolve()
        found[str(target.relative_to((built / "site").resolve()))] = html_module.unescape(what.group(1))
    caption = re.search(r'<figcaption id="lt-audio-label">([^<]*)<', text)
    return found, caption.group(1) if caption else ""


@pytest.mark.parametrize("kind", ["story", "unit"])
def test_download_links_say_the_published_files_size_pages_and_length(
    built: Path, manifest: dict, kind: str
) -> None:
    """Sizes and lengths are those of the files the build published (read here from the files:
    stat, pdfinfo, soxi), written as the issue asks: "(PDF, 25 KB, 1 trang)", "(MP3, 1 phút, 240 KB)"."""
    import re
    import subprocess

    from generator.model import formatting as fmt

    page = next(v["page"] for k, v in sorted(manifest["records"].items()) if k.startswith(f"{kind}/"))
    rows, caption = _downloads(built, page)
    assert any(f.endswith(".pdf") for f in rows) and any(f.endswith(".mp3") for f in rows), rows
    for file, text in rows.items():
        path = built / "site" / file
        size = fmt.file_size(path.stat().st_size)
        if file.endswith(".pdf"):
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
            pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
            # leaflets: the pages of their design; an announcer sheet: those its text needed
            assert text.endswith(f"PDF, {size}, {pages} trang)"), (file, text)
        elif file.endswith(".mp3"):
            seconds = float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True).stdout)
            length = fmt.seconds_text(seconds, like_a_player=True)  # as the player beside it shows
            assert text.endswith(f"(MP3, {length}, {size})"), (file, text)
            assert caption == f"Nghe bản đọc trên loa (MP3, {length})", caption
        else:  # "Kịch bản đọc loa (.txt, 2 KB)", "Bài đăng Zalo (1 KB)"
            assert re.search(rf"[(] ?(.*, )?{re.escape(size)}[)]$", text), (file, text)


def test_a_post_link_opens_the_social_page_at_its_copy_button(
    chromium, site_url: str, manifest: dict
) -> None:
    """A phone cannot copy from a saved .txt: "Sao chép" opens the post's copy button on the
    social page, which copies the post."""
    page = next(v["page"] for k, v in sorted(manifest["records"].items()) if k.startswith("story/"))
    context = chromium.new_context(viewport={"width": 390, "height": 800}, locale="vi-VN")
    context.set_default_timeout(60_000)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab = context.new_page()
    tab.goto(site_url + page)
    tab.get_by_role("link", name="Sao chép Bài đăng Zalo").click()
    tab.wait_for_url("**/noi-dung/mang-xa-hoi/**#zalo-*")
    anchor = tab.evaluate("location.hash.slice(1)")
    place = tab.locator(f"[id='{anchor}']")
    box = place.bounding_box()
    header = tab.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert box is not None and header <= box["y"] and box["y"] + box["height"] <= 800, (box, header)
    button = place.locator(".lt-copy")
    expected = tab.locator("#" + button.get_attribute("data-copy")).text_content()
    assert page.rstrip("/").rsplit("/", 1)[-1] in expected  # the story's own post, with its link
    button.click()
    tab.wait_for_function("b => b.dataset.copied !== undefined", arg=button.element_handle())
    assert tab.evaluate("navigator.clipboard.readText()") == expected
    context.close()


def test_download_labels_count_the_pages_each_leaflet_design_has() -> None:
    from generator.export.leaflet.context import VARIANTS
    from generator.present.catalogue import LEAFLET_PAGES

    # A progress sheet grows with its rows (one page per PROGRESS_ROWS): no fixed count to print.
    fixed = {name: variant.pages for name, variant in VARIANTS.items() if name != "progress-sheet"}
    assert fixed == LEAFLET_PAGES
