"""The built site in headless Chromium: search as Vietnamese users type, and no outside requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import browser, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

# query typed without marks (or with the other tone placement) → a title that must be found
QUERIES = [
    ("luong huu", "lương hưu"),
    ("son tinh", "Sơn Tịnh"),
    ("dong bao", "đồng bào"),
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
def page(site_url: str):
    with browser() as chromium:
        context = chromium.new_context(locale="vi-VN")
        yield context.new_page()
        context.close()


def _search(page, site_url: str, query: str) -> list[str]:
    if not page.url.endswith("/tim-kiem/"):
        page.goto(site_url + "tim-kiem/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("")
    box.fill(query)
    page.wait_for_function(
        "q => document.querySelector('.pagefind-ui__message')?.textContent.includes(q)", arg=query
    )
    page.wait_for_timeout(300)
    results = page.locator(".pagefind-ui__result")
    return [results.nth(i).inner_text() for i in range(results.count())]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_finds_words_typed_without_marks(page, site_url: str, query: str, expected: str) -> None:
    results = _search(page, site_url, query)
    assert results, f"no result for {query!r}"
    assert any(expected.lower() in r.lower() for r in results), (query, results[:3])


def test_search_without_marks_finds_the_sample_words_exactly(page, site_url: str) -> None:
    titles = " ".join(_search(page, site_url, "dong bao dan toc"))
    assert "đồng bào" in titles.lower()
    titles = " ".join(_search(page, site_url, "son tinh"))
    assert "Sơn Tịnh" in titles


def test_search_results_can_be_filtered(page, site_url: str) -> None:
    _search(page, site_url, "luong huu")
    filters = page.locator(".pagefind-ui__filter-name").all_inner_texts()
    assert {"Loại", "Tỉnh", "Mô hình", "Đối tượng"} <= {f.strip() for f in filters}
    before = page.locator(".pagefind-ui__message").inner_text()
    page.locator(".pagefind-ui__filter-name", has_text="Loại").click()
    page.get_by_label("Mô hình", exact=False).first.check()
    page.wait_for_timeout(800)
    after = page.locator(".pagefind-ui__message").inner_text()
    assert before != after
    results = page.locator(".pagefind-ui__result-title").all_inner_texts()
    assert results


@pytest.mark.parametrize("path", ["", "STORY"])
def test_pages_request_nothing_outside_the_site(
    built: Path, manifest: dict, site_url: str, path: str
) -> None:
    if path == "STORY":
        path = next(v["page"] for k, v in manifest["records"].items() if k.startswith("story/"))
    outside: list[str] = []
    with browser() as chromium:
        context = chromium.new_context()
        tab = context.new_page()
        tab.on(
            "request",
            lambda r: (
                None if r.url.startswith(site_url) or r.url.startswith("data:") else outside.append(r.url)
            ),
        )
        tab.goto(site_url + path, wait_until="networkidle")
        assert tab.locator("html").get_attribute("lang") == "vi"
        assert tab.locator("h1").first.inner_text()
        context.close()
    assert outside == []


def test_copy_button_copies_the_post(built: Path, site_url: str) -> None:
    with browser() as chromium:
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
