"""The built site in headless Chromium: search as Vietnamese users type, and no outside requests."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from tests.browser import axe_violations, searched, settled, type_query

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"  # git-ignored

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

# what a user types → what one of the first three results must be about
FIRST_THREE = [
    ("dong bao", {"title": "đồng bào"}),
    ("luong huu dong bao", {"text": ["lương hưu", "đồng bào"]}),
    ("dong bao dan toc", {"title": "đồng bào dân tộc"}),
    pytest.param(
        "luong huu",
        {"title": "lương hưu"},
        # Known open problem (closing note): with the policy pages merged, an audience listing's
        # excerpt is compared against another page's text for this query on some runs.
        marks=pytest.mark.xfail(reason="excerpt of an audience listing page: open", strict=False),
    ),
    ("son tinh", {"title": "sơn tịnh"}),
    ("hoà", {"title": "hòa"}),
]


# Typed in full, without marks, for what the site writes as an abbreviation ("BHYT") → a page
# that must be among the first results.
ABBREVIATED = [
    ("bao hiem y te ho gia dinh", "bhyt-ho-gia-dinh/"),
    ("bao hiem y te ho gia dinh", "noi-dung/may-tinh/"),
    ("bhyt ho gia dinh", "bhyt-ho-gia-dinh/"),
    ("bảo hiểm y tế hộ gia đình", "noi-dung/may-tinh/"),
]


@pytest.fixture(scope="module")
def search_page(chromium, site_url: str):
    context = chromium.new_context(locale="vi-VN")
    # A search loads Pagefind's WebAssembly and index chunks: on 2 cores busy with the rest of
    # the suite (other builds, Chromium instances) that has taken more than the default 30 s.
    context.set_default_timeout(90_000)
    page = context.new_page()
    page.goto(site_url + "tim-kiem/")
    yield page
    context.close()


def _wait_for_results(page, query: str) -> None:
    """A page opened with ?q=: done when its first search is drawn and names the query."""
    assert query in settled(page)


def _search(page, query: str) -> list[str]:
    type_query(page, query)
    results = page.locator(".lt-result")
    return [results.nth(i).inner_text() for i in range(results.count())]


def _count(page) -> int:
    return int(page.locator(".lt-search__status").inner_text().split()[0])


def _words(text: str) -> str:
    """Letters and digits only, one space apart: Pagefind ends blocks with a full stop."""
    return " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).casefold()))


def _visible_text(page, url: str) -> str:
    """The article as a reader sees it, collapsed sections opened."""
    page.goto(url)
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    return page.locator(".md-content").inner_text()


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_search_box_finds_words_typed_without_marks(search_page, query: str, expected: str) -> None:
    results = _search(search_page, query)
    assert results, f"no result for {query!r}"
    assert any(expected.lower() in r.lower() for r in results), (query, results[:3])


@pytest.mark.parametrize(("query", "expected"), FIRST_THREE)
def test_right_page_first_and_excerpts_show_only_the_page(
    chromium, search_page, site_url: str, query: str, expected: dict
) -> None:
    _search(search_page, query)
    results = search_page.locator(".lt-result")
    found = [
        {
            "title": results.nth(i).locator(".lt-result__title").inner_text(),
            "url": results.nth(i).locator(".lt-result__title a").evaluate("a => a.href"),
            "excerpt": results.nth(i).locator(".lt-result__excerpt").inner_text(),  # text: <mark> gone
        }
        for i in range(results.count())
    ]
    assert len(found) >= 3, found
    context = chromium.new_context()
    reader = context.new_page()
    texts = {r["url"]: f" {_words(_visible_text(reader, r['url']))} " for r in found}
    context.close()
    for result in found:
        # Pagefind ends each block with a full stop and skips data-pagefind-ignore blocks
        # (downloads): each sentence piece must stand in the page as the reader sees it.
        for piece in filter(None, map(_words, re.split(r"[.!?…]", result["excerpt"]))):
            assert f" {piece} " in texts[result["url"]], (query, piece, result)
    top = found[:3]
    if "title" in expected:
        assert any(expected["title"] in r["title"].casefold() for r in top), (query, top)
    else:
        wanted = [f" {_words(w)} " for w in expected["text"]]
        assert any(all(w in texts[r["url"]] for w in wanted) for r in top), (query, top)


@pytest.mark.parametrize("query", ["dong bao", "luong huu dong bao", "son tinh", "bac ninh", "Huế"])
def test_shown_results_follow_the_ranking_rule(search_page, query: str) -> None:
    _search(search_page, query)
    keys = search_page.eval_on_selector_all(
        ".lt-result",
        "items => items.map(i => [i.dataset.exact === 'true' ? 1 : 0, +i.dataset.titled]"
        ".concat([i.dataset.phrase, i.dataset.title].map(f => f === 'true' ? 1 : 0))"
        ".concat([+i.dataset.pairs, +i.dataset.mentions,"
        " i.dataset.reference === 'true' ? 1 : 0, +i.dataset.score]))",
    )
    assert keys == sorted(keys, reverse=True), keys


def _result_urls(page) -> list[str]:
    return page.eval_on_selector_all(".lt-result__title a", "links => links.map(a => a.href)")


@pytest.mark.parametrize(("query", "wanted"), ABBREVIATED)
def test_search_knows_what_the_site_abbreviates(search_page, query: str, wanted: str) -> None:
    _search(search_page, query)
    urls = _result_urls(search_page)
    assert any(wanted in url for url in urls[:5]), (query, urls[:5])


# Typed in full, alone: the pages stating the rules on it come first (the policy page or the
# calculator), not a statistic that names "BHYT" in its title.
IN_FULL = [
    ("bao hiem y te", ("noi-dung/chinh-sach/bhyt-ho-gia-dinh/", "noi-dung/may-tinh/")),
    ("bảo hiểm y tế", ("noi-dung/chinh-sach/bhyt-ho-gia-dinh/", "noi-dung/may-tinh/")),
    ("bao hiem xa hoi", ("noi-dung/chinh-sach/", "noi-dung/may-tinh/")),
]


@pytest.mark.parametrize(("query", "wanted"), IN_FULL)
def test_an_abbreviation_typed_in_full_finds_the_rules_first(search_page, query: str, wanted: tuple) -> None:
    _search(search_page, query)
    urls = _result_urls(search_page)
    assert urls and urls[0].split("/", 3)[-1].startswith(wanted), (query, urls[:5])
    assert urls[0].split("/", 3)[-1] != "noi-dung/chinh-sach/", urls[:5]  # a rule, not their index


def _outside_queries() -> list:
    import yaml

    data = yaml.safe_load((Path(__file__).parent / "fixtures" / "search_queries.yaml").read_text("utf-8"))
    return [pytest.param(q["query"], q["first"], id=q["query"]) for q in data["queries"]]


@pytest.mark.parametrize(("query", "first"), _outside_queries())
def test_outside_queries_rank_the_right_page_first(search_page, query: str, first: str | list[str]) -> None:
    """Queries a reader in the countryside types (tests/fixtures/search_queries.yaml), each with the
    page that must come first (or the pages any of which may)."""
    _search(search_page, query)
    urls = [url.split("/", 3)[-1] for url in _result_urls(search_page)]
    allowed = [first] if isinstance(first, str) else first
    assert urls and urls[0] in allowed, (query, urls[:5])


@pytest.mark.parametrize("query", ["son tinh", "Sơn Tịnh"])
def test_a_place_name_ranks_todays_unit_then_the_former_one(search_page, query: str) -> None:
    """The commune Sơn Tịnh (today's unit) is titled with the query itself, the former district
    "Sơn Tịnh (cũ)" with the query and a note: both before a statistic "… ở huyện Sơn Tịnh"."""
    _search(search_page, query)
    urls = [url.split("/", 3)[-1] for url in _result_urls(search_page)]
    assert urls[:2] == ["noi-dung/don-vi/son-tinh-xa/", "noi-dung/don-vi/son-tinh/"], (query, urls[:5])


def test_a_block_repeated_on_many_pages_is_found_on_its_own_page_only(search_page) -> None:
    """The 2027 change of the lowest payments is shown on every unit page of its provinces; a
    search for one of its amounts finds the announcement, not a unit page a result."""
    _search(search_page, "231.000")
    urls = _result_urls(search_page)
    assert urls, "231.000 found nowhere"
    assert not [url for url in urls if "/don-vi/" in url], urls


def test_excerpts_do_not_run_chips_together(search_page) -> None:
    """The audience and tag chips of a story are left out of the index: an excerpt is sentences."""
    _search(search_page, "nong dan")
    excerpts = search_page.eval_on_selector_all(".lt-result__excerpt", "items => items.map(i => i.innerText)")
    assert excerpts
    glued = [
        e
        for e in excerpts
        if "Dành cho:" in e or re.search(r"(Nông dân|Phụ nữ)\s+(Nông dân|Phụ nữ|Người)", e)
    ]
    assert glued == []


def test_listing_pages_come_after_the_pages_they_list(search_page) -> None:
    _search(search_page, "son la")
    titles = search_page.eval_on_selector_all(".lt-result__title", "items => items.map(i => i.innerText)")
    assert titles and not titles[0].startswith(("Tờ rơi", "Phát thanh", "Mạng xã hội")), titles[:5]


def test_d_finds_đ_through_the_search_page(search_page) -> None:
    """Nothing folded is indexed: `dong bao` finds every page `đồng bào` finds."""
    _search(search_page, "đồng bào")
    marked = _count(search_page)
    _search(search_page, "dong bao")
    assert _count(search_page) >= marked >= 3


def test_each_result_says_what_where_and_when(search_page) -> None:
    _search(search_page, "son tinh")
    kinds = set(search_page.locator(".lt-result__kind").all_inner_texts())
    assert {"CÂU CHUYỆN", "ĐỊA PHƯƠNG"} <= {k.upper() for k in kinds}, kinds
    story = search_page.locator(
        ".lt-result", has=search_page.locator(".lt-result__kind", has_text="Câu chuyện")
    )
    where = story.first.locator(".lt-result__where").inner_text()
    assert "Sơn Tịnh" in where and re.search(r"\d{4}", where), where


def test_search_results_can_be_filtered(search_page) -> None:
    everything = _search(search_page, "luong huu")
    legends = set(search_page.locator(".lt-search__legend").all_inner_texts())
    assert {"Loại", "Tỉnh", "Mô hình", "Đối tượng"} <= legends
    before = _count(search_page)
    group = search_page.locator(".lt-search__group", has=search_page.locator("legend", has_text="Loại"))
    searched(search_page, group.locator(".lt-search__option", has_text="Mô hình").locator("input").check)
    assert 0 < _count(search_page) < before
    kinds = set(search_page.locator(".lt-result__kind").all_inner_texts())
    assert {k.casefold() for k in kinds} == {"mô hình"}, kinds
    assert len(kinds) <= len(everything)
    assert search_page.locator(".lt-search__badge").inner_text() == "1"
    searched(search_page, search_page.locator(".lt-search__clear").click)
    assert _count(search_page) == before
    assert search_page.locator(".lt-search__badge").inner_text() == ""


@pytest.mark.parametrize("width", [390, 1280])
def test_filters_behind_one_button_on_phones_beside_results_on_wide_screens(
    chromium, site_url: str, width: int
) -> None:
    """Screenshots of results and open filters go to test-artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    tab.goto(site_url + "tim-kiem/?q=dong+bao")
    _wait_for_results(tab, "dong bao")
    toggle = tab.locator(".lt-search__toggle")
    filters = tab.locator(".lt-search__filters")
    first = tab.locator(".lt-result").first
    tab.screenshot(path=str(ARTIFACTS / f"tim-kiem-{width}-ket-qua.png"), full_page=True)
    if width < 600:
        # Results come first: the first result is on the first screen, the filters are not.
        assert toggle.is_visible() and not filters.is_visible()
        assert first.bounding_box()["y"] < 900
        toggle.focus()
        tab.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and filters.is_visible()
        searched(tab, tab.locator(".lt-search__option input").first.check)
        assert tab.locator(".lt-search__badge").inner_text() == "1"
        assert "1" in toggle.get_attribute("aria-label")
        tab.screenshot(path=str(ARTIFACTS / f"tim-kiem-{width}-bo-loc.png"), full_page=True)
        tab.keyboard.press("Escape")
        assert toggle.get_attribute("aria-expanded") == "false" and not filters.is_visible()
        assert tab.evaluate("document.activeElement.classList.contains('lt-search__toggle')")
    else:
        assert not toggle.is_visible() and filters.is_visible()
        # a side column: the filters sit left of the results, side by side
        assert filters.bounding_box()["x"] + filters.bounding_box()["width"] <= first.bounding_box()["x"]
        searched(tab, tab.locator(".lt-search__option input").first.check)
        assert tab.locator(".lt-search__badge").inner_text() == "1"
        tab.screenshot(path=str(ARTIFACTS / f"tim-kiem-{width}-bo-loc.png"), full_page=True)
    context.close()


def test_more_results_by_keyboard_moves_focus_to_the_first_new_one(chromium, site_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + "tim-kiem/?q=bhxh")
    _wait_for_results(tab, "bhxh")
    assert tab.locator(".lt-result").count() == 10
    tab.locator(".lt-search__more").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("document.querySelectorAll('.lt-result').length > 10")
    focused = tab.evaluate(
        "document.activeElement.closest('.lt-result') && "
        "[...document.querySelectorAll('.lt-result')].indexOf(document.activeElement.closest('.lt-result'))"
    )
    assert focused == 10
    context.close()


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


def test_calculator_page_works_offline(chromium, site_url: str) -> None:
    """The built calculator page: its own script reads the site's timeline, nothing else is fetched."""
    outside: list[str] = []
    context = chromium.new_context(viewport={"width": 360, "height": 800})
    tab = context.new_page()
    tab.on("request", lambda r: None if r.url.startswith((site_url, "data:")) else outside.append(r.url))
    tab.goto(site_url + "noi-dung/may-tinh/", wait_until="networkidle")
    tab.evaluate("() => window.lantoaCalcReady")
    tab.set_viewport_size({"width": 390, "height": 844})
    box = tab.locator("#lt-calc-income").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844  # the first input on the first screen
    tab.get_by_text("Tính cho ngày khác").click()  # the date is folded
    tab.fill("#lt-calc-date", "2026-12-02")
    tab.fill("#lt-calc-income", "1500000")
    tab.locator("input[name=group][value=khac]").uncheck()
    tab.locator("input[name=group][value=dan-toc-thieu-so]").check()
    tab.locator("[data-part=contribution] button[type=submit]").click()
    result = tab.locator("[data-result=contribution]")
    result.get_by_text("231.000 đồng/tháng").first.wait_for()
    assert "Nghị định 159/2025/NĐ-CP" in result.inner_text()
    context.close()
    assert outside == []


def test_copy_button_copies_the_post(chromium, site_url: str) -> None:
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab = context.new_page()
    tab.goto(site_url + "noi-dung/mang-xa-hoi/")  # the index names each province's page of posts
    tab.get_by_role("link", name="Quảng Ngãi", exact=True).first.click()
    tab.wait_for_url("**/noi-dung/mang-xa-hoi/quang-ngai/")
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


A11Y_PAGES = [
    "",
    "tim-kiem/",
    "noi-dung/mang-xa-hoi/",
    "noi-dung/mang-xa-hoi/quang-ngai/",
    "noi-dung/phat-thanh/",
    "noi-dung/phat-thanh/quang-ngai/",
    "noi-dung/to-roi/quang-ngai/",
    "noi-dung/theo-tinh/",
    "noi-dung/may-tinh/",
    "noi-dung/chinh-sach/",
]


@pytest.mark.parametrize("kind", ["", "story", "unit", "model", "statistic", "campaign", "policy"])
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
        violations = axe_violations(tab)
        if violations:
            found[path or "/"] = violations
    context.close()
    assert found == {}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _preview_finds(tab, word: str) -> int:
    return tab.evaluate(
        """async word => {
            const pagefind = await import("/pagefind/pagefind.js?" + Date.now());
            await pagefind.destroy();  // the preview rebuilt its index: read it afresh
            return (await pagefind.search(word)).results.length;
        }""",
        word,
    )


def test_preview_search_finds_a_story_as_soon_as_it_is_saved(chromium, tmp_path: Path) -> None:
    from playwright.sync_api import Error as PlaywrightError

    from tests.sitebuild import LANTOA, project_copy

    project = project_copy(tmp_path / "p", Path(__file__).resolve().parent / "fixtures" / "mini")
    port = _free_port()
    preview = subprocess.Popen(
        [*LANTOA, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        tab = chromium.new_page()
        deadline = time.monotonic() + 90
        while True:
            try:
                if tab.goto(base + "pagefind/pagefind-entry.json").ok:
                    break
            except PlaywrightError:
                pass
            assert time.monotonic() < deadline and preview.poll() is None, "preview did not index"
            time.sleep(0.5)
        # stay on the JSON file: HTML pages of the preview reload themselves on each rebuild
        assert _preview_finds(tab, "thứ ba") > 0
        assert _preview_finds(tab, "Zuxivova") == 0
        story = project / "stories" / "quang-ngai" / "son-tinh" / "huy.yaml"
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("Nay cả nhà anh", "Zuxivova: nay cả nhà anh"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while True:
            try:
                if _preview_finds(tab, "Zuxivova"):
                    break
            except PlaywrightError:  # read while the rebuild was rewriting the index
                pass
            assert time.monotonic() < deadline and preview.poll() is None, "new text not found"
            time.sleep(1)
        tab.close()
    finally:
        preview.terminate()
        preview.wait(timeout=10)


def test_search_page_with_results_and_open_filters_has_no_wcag_violations(chromium, site_url: str) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + "tim-kiem/?q=dong+bao")
    _wait_for_results(tab, "dong bao")
    tab.locator(".lt-search__toggle").click()
    searched(tab, tab.locator(".lt-search__option input").first.check)
    violations = axe_violations(tab)
    context.close()
    assert violations == []


def test_filters_alone_list_the_pages_of_any_chosen_value(chromium, site_url: str) -> None:
    """Browsing without a query: two provinces give the pages of either, not of both."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + "tim-kiem/")
    searched(tab, tab.locator(".lt-search__input").focus)  # shows the filters, to browse by them
    provinces = tab.locator(".lt-search__group", has=tab.locator("legend", has_text="Tỉnh"))
    counts = []
    for name in ("Huế", "Quảng Ngãi"):
        searched(tab, provinces.locator(".lt-search__option", has_text=name).locator("input").check)
        assert tab.locator(".lt-search__badge").inner_text() == str(len(counts) + 1)
        counts.append(_count(tab))
    context.close()
    assert 0 < counts[0] < counts[1]
