"""The built site in headless Chromium: search as Vietnamese users type, and no outside requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

# what a user types (no marks, or the other tone placement) → text the visible results must show
QUERIES = [
    ("luong huu", "lương hưu"),
    ("son tinh", "Sơn Tịnh"),
    ("dong bao dan toc", "đồng bào"),
    ("hoà", "Hòa"),
    ("hòa", "Hòa"),
    ("thuỷ", "thủy"),
    ("thủy", "thủy"),
]


@pytest.fixture(scope="module")
def site_url(built: Path):
    with serve(built / "site") as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def search_page(chromium, site_url: str):
    context = chromium.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(site_url + "tim-kiem/")
    yield page
    context.close()


def _search(page, query: str) -> list[str]:
    box = page.locator(".pagefind-ui__search-input")
    box.fill(query)
    # Done when the count message names the query and every result has loaded its title.
    page.wait_for_function(
        """q => {
            const message = document.querySelector('.pagefind-ui__message')?.textContent || '';
            return message.includes(q) && /^\\d/.test(message.trim())
                && !document.querySelector('.pagefind-ui__loading')
                && document.querySelectorAll('.pagefind-ui__result-title').length > 0;
        }""",
        arg=query,
    )
    results = page.locator(".pagefind-ui__result")
    return [results.nth(i).inner_text() for i in range(results.count())]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_box_finds_words_typed_without_marks(search_page, query: str, expected: str) -> None:
    results = _search(search_page, query)
    assert results, f"no result for {query!r}"
    assert any(expected.lower() in r.lower() for r in results), (query, results[:3])


@pytest.mark.parametrize(("query", "expected"), [("dong bao", "đồng bào"), ("luong huu", "lương hưu")])
def test_every_page_with_the_words_is_found(search_page, query: str, expected: str) -> None:
    """Through Pagefind's own API: the pages holding the marked words are all among the results."""
    found = search_page.evaluate(
        """async ([query, expected]) => {
            const pagefind = await import("../pagefind/pagefind.js");
            const search = await pagefind.search(query);
            const pages = await Promise.all(search.results.map(r => r.data()));
            return pages.filter(p => p.content.toLowerCase().includes(expected)).map(p => p.url);
        }""",
        [query, expected],
    )
    assert len(found) >= 3, found


def test_search_results_can_be_filtered(search_page) -> None:
    everything = _search(search_page, "luong huu")
    filters = {f.strip() for f in search_page.locator(".pagefind-ui__filter-name").all_inner_texts()}
    assert {"Loại", "Tỉnh", "Mô hình", "Đối tượng"} <= filters
    search_page.locator(".pagefind-ui__filter-name", has_text="Loại").click()
    before = search_page.locator(".pagefind-ui__message").inner_text()
    search_page.locator(".pagefind-ui__filter-label", has_text="Mô hình").first.click()
    search_page.wait_for_function(
        "before => { const m = document.querySelector('.pagefind-ui__message')?.textContent.trim();"
        " return m && m !== before.trim() && !document.querySelector('.pagefind-ui__loading'); }",
        arg=before,
    )
    after = search_page.locator(".pagefind-ui__message").inner_text()
    assert int(after.split()[0]) < int(before.split()[0])
    filtered = search_page.locator(".pagefind-ui__result-title").all_inner_texts()
    assert filtered and len(filtered) <= len(everything)


@pytest.mark.parametrize("which", ["home", "story"])
def test_pages_request_nothing_outside_the_site(chromium, manifest: dict, site_url: str, which: str) -> None:
    path = ""
    if which == "story":
        path = next(v["page"] for k, v in manifest["records"].items() if k.startswith("story/"))
    outside: list[str] = []
    context = chromium.new_context()
    tab = context.new_page()
    tab.on("request", lambda r: None if r.url.startswith((site_url, "data:")) else outside.append(r.url))
    tab.goto(site_url + path, wait_until="networkidle")
    assert tab.locator("html").get_attribute("lang") == "vi"
    assert tab.locator("h1").first.inner_text()
    context.close()
    assert outside == []


def test_copy_button_copies_the_post(chromium, site_url: str) -> None:
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab = context.new_page()
    tab.goto(site_url + "noi-dung/mang-xa-hoi/")
    button = tab.locator(".lt-copy").first
    expected = tab.locator("#" + button.get_attribute("data-copy")).text_content()
    assert "http" in expected
    button.click()
    tab.wait_for_function("b => b.dataset.copied !== undefined", arg=button.element_handle())
    assert tab.evaluate("navigator.clipboard.readText()") == expected
    context.close()


def test_story_page_prints_without_navigation_or_search(chromium, manifest: dict, site_url: str) -> None:
    story = next(v["page"] for k, v in manifest["records"].items() if k.startswith("story/"))
    context = chromium.new_context()
    tab = context.new_page()
    tab.goto(site_url + story)
    tab.emulate_media(media="print")
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".lt-downloads"):
        if tab.locator(chrome).count():
            assert not tab.locator(chrome).first.is_visible(), chrome
    assert tab.locator("h1").first.is_visible()
    assert tab.locator(".lt-contact").first.is_visible()
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
A11Y_PAGES = ["", "tim-kiem/", "noi-dung/mang-xa-hoi/", "noi-dung/phat-thanh/", "noi-dung/theo-tinh/"]


@pytest.mark.parametrize("kind", ["", "story", "unit", "model", "statistic", "campaign"])
def test_pages_have_no_wcag_a_or_aa_violations(chromium, manifest: dict, site_url: str, kind: str) -> None:
    """axe-core (installed by make from package-lock.json) on a phone-sized viewport."""
    paths = (
        A11Y_PAGES
        if not kind
        else [next(v["page"] for k, v in manifest["records"].items() if k.startswith(f"{kind}/"))]
    )
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    found = {}
    for path in paths:
        tab.goto(site_url + path)
        tab.add_script_tag(path=str(AXE))
        violations = tab.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        if violations:
            found[path or "/"] = violations
    context.close()
    assert found == {}
