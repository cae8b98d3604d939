"""Translations on every page kind that has readable text (issue 22): model and campaign pages,
each translation's own page in its language (searched under that language), and the Tai Viet
font the site serves itself."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from generator.model.languages import source_hash
from generator.present import urls
from tests.test_languages import (
    DRAFT_TEXT,
    HUY_ID,
    STALE_TEXT,
    add_fields,
    translated_project,
    write_wav,
)

ROOT = Path(__file__).resolve().parent.parent
SHOTS = os.environ.get("LANTOA_SHOTS")
MODEL = "toan-quoc/doi-thoai-nhom-nho.yaml"
MODEL_ID = "doi-thoai-nhom-nho"
MODEL_NAME = "Đối thoại nhóm nhỏ"
MODEL_SUMMARY = (
    "Gặp từng nhóm nhỏ người dân có hoàn cảnh giống nhau tại nhà văn hóa thôn để giải đáp băn khoăn."
)
CAMPAIGN = "quang-ngai/chien-dich.yaml"
CAMPAIGN_ID = "quang-ngai-cao-diem-2024"
CAMPAIGN_NAME = "Đợt cao điểm vận động tham gia BHXH tự nguyện 2024"
CAMPAIGN_SUMMARY = "Hai tháng phát thanh mỗi sáng và chiều ở các xã, thôn."
# Words only in the translations (Tai Viet letters, U+AA80–U+AADF): never in Vietnamese results.
MODEL_WORDS = "ꪁꪱꪙ ꪋꪾ ꪀꪮꪉ ꪠꪴꪙ"
CAMPAIGN_WORDS = "ꪜꪱꪀ ꪄꪱꪫ ꪣꪮꪥ ꪻꪬ꪿"
STORY_WORD = "ꪹꪏꪷ"  # in the story's Thái Đen body (test_languages.translation)


def tai_dam(**fields: object) -> dict:
    item = {"lang": "blt", "translator": "Lò Văn Toán", "date": "2025-07", "status": "da-duyet"}
    item.update(fields)
    return item


def project_with_every_kind(base: Path) -> Path:
    """test_languages' project (a story with Thái Đen, stale Tà Ôi, draft Pa Kô) plus a model
    and a campaign translated into Thái Đen, and a consented Thái Đen recording of the campaign."""
    project = translated_project(base)
    stories = project / "stories"
    add_fields(
        stories,
        MODEL,
        translations=[
            tai_dam(
                title="ꪀꪮꪉ ꪠꪴꪙ",
                summary=MODEL_WORDS,
                source_hash={"title": source_hash(MODEL_NAME), "summary": source_hash(MODEL_SUMMARY)},
            ),
            tai_dam(lang="tth", title=STALE_TEXT, source_hash={"title": "0" * 12}),
        ],
    )
    write_wav(stories / "quang-ngai/audio/cao-diem-blt.wav")
    add_fields(
        stories,
        CAMPAIGN,
        summary=CAMPAIGN_SUMMARY,
        translations=[
            tai_dam(
                summary=CAMPAIGN_WORDS,
                source_hash={"summary": source_hash(CAMPAIGN_SUMMARY)},
            )
        ],
        recordings=[
            {
                "lang": "blt",
                "file": "audio/cao-diem-blt.wav",
                "speaker": "Lò Thị Xuân",
                "consent": True,
                "part": "summary",
                "source_hash": source_hash(CAMPAIGN_SUMMARY),
            }
        ],
    )
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.sitebuild import lantoa

    project = project_with_every_kind(tmp_path_factory.mktemp("every-kind"))
    result = lantoa(project, "build", "--content", "stories", "--out", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def section(page: str, start: str) -> str:
    part = page[page.index(start) :]
    return part[: part.index("</section>")]


# --- model and campaign pages ----------------------------------------------------------------


def test_the_model_page_shows_its_translation_in_its_language(site: Path) -> None:
    page = html(site, urls.page("model", MODEL_ID))
    translated = urls.translation_page("model", MODEL_ID, "blt")
    assert f'<a href="{urls.relative(urls.page("model", MODEL_ID), translated)}" hreflang="blt">' in page
    part = section(page, '<section class="lt-translation" id="ban-dich-blt" lang="blt"')
    assert "data-pagefind-ignore" in part.split(">", 1)[0]  # indexed on its own page, in its language
    assert '<h2 id="ban-dich-blt-tieu-de" lang="vi">Bản dịch tiếng Thái Đen</h2>' in part
    assert MODEL_WORDS in part and "ꪀꪮꪉ ꪠꪴꪙ" in part
    assert STALE_TEXT not in page and 'lang="tth"' not in page


def test_the_campaign_page_shows_its_translation_and_a_labelled_player(site: Path) -> None:
    page = html(site, urls.page("campaign", CAMPAIGN_ID))
    assert CAMPAIGN_WORDS in section(page, '<section class="lt-translation" id="ban-dich-blt" lang="blt"')
    player = re.search(r'<figure class="lt-recording">.*?</figure>', page, re.S)
    assert player and "Tiếng Thái Đen, giọng đọc: Lò Thị Xuân" in player.group(0)
    audio = re.search(r'<audio controls preload="none" src="([^"]+)" aria-labelledby="ghi-am-1">', page)
    assert audio and audio.group(1).endswith("cao-diem-blt.wav")
    served = (site / urls.page("campaign", CAMPAIGN_ID) / audio.group(1)).resolve()
    assert served.is_file() and served.read_bytes()[:4] == b"RIFF"


def test_a_recording_of_a_part_the_record_lacks_is_an_error(tmp_path: Path) -> None:
    from tests.conftest import MINI
    from tests.sitebuild import lantoa, project_copy

    project = project_copy(tmp_path / "p", MINI)
    write_wav(project / "stories/quang-ngai/audio/cao-diem-blt.wav")
    add_fields(
        project / "stories",
        CAMPAIGN,
        recordings=[
            {"lang": "blt", "file": "audio/cao-diem-blt.wav", "speaker": "Lò Thị Xuân", "consent": True}
        ],
    )
    result = lantoa(project, "check", "stories")
    assert result.returncode == 1
    assert re.search(
        r"stories/quang-ngai/chien-dich\.yaml:\d+: recordings\[0\]\.part: chiến dịch không có phần body "
        r"\(nội dung\) để ghi âm; ghi part: một trong title",
        result.stderr,
    ), result.stderr


# --- a translation's own page ----------------------------------------------------------------


def test_each_approved_current_translation_has_its_own_page_in_its_language(site: Path) -> None:
    story = urls.page("story", HUY_ID)
    own = urls.translation_page("story", HUY_ID, "blt")
    page = html(site, own)
    assert re.search(r'<html lang="blt"', page)
    # the Vietnamese page is the source: linked both ways, in the text and in <head>
    assert '<a href="../" hreflang="vi">Bản gốc tiếng Việt</a>' in page
    vietnamese = html(site, story)
    # no <link rel="alternate"> in <head>: Material's script fetches a sitemap.xml beside each one
    assert 'rel="alternate"' not in page and 'rel="alternate"' not in vietnamese
    assert '<a href="blt/" hreflang="blt">Tiếng Thái Đen</a>' in vietnamese
    # the translation, and the site's own words marked Vietnamese around it
    article = page[page.index("data-pagefind-body") :]
    assert "ꪼꪒ ꪶꪎꪉ ꪹꪔꪷ" in article and "ꪹꪏꪷ ꪁꪾ ꪻꪬ꪿ ꪹꪀꪷ" in article
    assert '<header class="md-header" data-md-component="header" lang="vi">' in page
    assert page.count('<div class="lt-vi" lang="vi">') == 3  # tabs, navigation, footer
    assert re.search(r'<p class="lt-kind" data-pagefind-ignore lang="vi">', page)
    # the recording in that language is played there too
    assert "Tiếng Thái Đen, giọng đọc: Lò Thị Xuân" in page


def test_stale_and_draft_translations_have_no_page(site: Path) -> None:
    for lang in ("tth", "pac"):
        assert not (site / urls.translation_page("story", HUY_ID, lang)).exists()
    assert not (site / urls.translation_page("model", MODEL_ID, "tth")).exists()
    every = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert STALE_TEXT not in every and DRAFT_TEXT not in every


def test_the_search_index_holds_each_language_apart(site: Path) -> None:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert {"vi", "blt"} <= set(entry["languages"])
    assert entry["languages"]["blt"]["page_count"] == 3  # the story, the model, the campaign
    names = json.loads((site / urls.SEARCH_INDEXES).read_text(encoding="utf-8"))["languages"]
    assert names == {"blt": "Thái Đen"}


# --- the Tai Viet font -----------------------------------------------------------------------


def test_the_tai_viet_font_is_served_by_the_site_as_woff2(site: Path) -> None:
    from fontTools.ttLib import TTFont

    from generator.export.site import webfonts

    font = site / webfonts.TAI_VIET_WOFF2
    assert font.read_bytes()[:4] == b"wOF2"
    cmap = TTFont(str(font)).getBestCmap()
    assert all(ord(c) in cmap for c in "ꪼꪒꪶꪎꪉꪹꪔꪷ")
    css = (site / webfonts.FONTS_CSS).read_text(encoding="utf-8")
    assert 'src: url("phong-chu/noto-sans-tai-viet.woff2") format("woff2")' in css
    assert ':lang(blt), :lang(twh) { font-family: "Noto Sans Tai Viet"' in css
    assert "http" not in css  # nothing from elsewhere
    page = html(site, urls.translation_page("story", HUY_ID, "blt"))
    assert 'href="../../../chu-viet.css"' in page


def test_the_woff2_is_the_same_on_every_build() -> None:
    from generator.export.site import webfonts
    from generator.present import fonts

    webfonts.woff2.cache_clear()
    first = webfonts.woff2(fonts.tai_viet_file())
    webfonts.woff2.cache_clear()
    assert webfonts.woff2(fonts.tai_viet_file()) == first


# --- in the browser ------------------------------------------------------------------------


def _axe(tab) -> list[str]:
    tab.add_script_tag(path=str(ROOT / "node_modules/axe-core/axe.min.js"))
    return tab.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
    )


def _shot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / name), full_page=True)


@pytest.mark.browser
@pytest.mark.slow
def test_in_the_browser(site: Path) -> None:
    """One browser for the pages (axe, the font, no request elsewhere) and the search by language."""
    from tests.browser import browser, serve, type_query

    with serve(site) as url, browser() as chromium:
        context = chromium.new_context(viewport={"width": 390, "height": 800})
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        tab = context.new_page()
        violations = {}
        for name, page in (
            ("mo-hinh", urls.page("model", MODEL_ID)),
            ("chien-dich", urls.page("campaign", CAMPAIGN_ID)),
            ("ban-dich", urls.translation_page("story", HUY_ID, "blt")),
        ):
            tab.goto(url + page)
            tab.wait_for_load_state("networkidle")
            tab.evaluate("document.fonts.ready.then(() => true)")
            _shot(tab, f"{name}-390.png")
            violations[name] = _axe(tab)
            translated = "main [lang=blt]" if name != "ban-dich" else "article"
            family = tab.locator(translated).first.evaluate("e => getComputedStyle(e).fontFamily")
            assert family.startswith('"Noto Sans Tai Viet"'), (name, family)
            # the browser drew the letters with that font, loaded from the site
            assert tab.evaluate(
                """() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Noto Sans Tai Viet'
                    && f.status === 'loaded')"""
            ), name
        assert violations == {"mo-hinh": [], "chien-dich": [], "ban-dich": []}
        assert any(r.endswith("/noi-dung/phong-chu/noto-sans-tai-viet.woff2") for r in requests)

        # search: the word only in the translations is found under Thái Đen, never in Vietnamese
        tab.goto(url + "tim-kiem/")
        tab.wait_for_function("document.querySelector('.lt-search').dataset.languages === 'ready'")
        assert tab.locator(".lt-search__langs").is_visible()
        vietnamese = type_query(tab, STORY_WORD)
        assert vietnamese.startswith("Không tìm thấy"), vietnamese
        tab.locator(".lt-search__langs label", has_text="Tiếng Thái Đen").click()
        tab.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'blt'")
        found = type_query(tab, STORY_WORD)
        links = tab.locator(".lt-result__title a").evaluate_all("links => links.map(a => a.href)")
        assert found.startswith("1 kết quả"), found
        assert links == [url + urls.translation_page("story", HUY_ID, "blt")]
        assert tab.locator(".lt-result__excerpt").first.get_attribute("lang") == "blt"
        type_query(tab, MODEL_WORDS.split()[0])
        links = tab.locator(".lt-result__title a").evaluate_all("links => links.map(a => a.href)")
        assert links == [url + urls.translation_page("model", MODEL_ID, "blt")]
        _shot(tab, "tim-kiem-blt-390.png")
        search_violations = _axe(tab)
        # a Vietnamese word finds the Vietnamese pages only, not the translations' pages
        tab.goto(url + "tim-kiem/?q=ngh%E1%BB%81")
        tab.wait_for_function("document.querySelector('.lt-search').dataset.languages === 'ready'")
        tab.wait_for_function("() => document.querySelector('.lt-search').dataset.done")
        links = tab.locator(".lt-result__title a").evaluate_all("links => links.map(a => a.href)")
        assert links and not [link for link in links if re.search(r"/(blt|tth|pac)/$", link)]
        context.close()
    assert search_violations == []
    outside = [r for r in requests if not r.startswith(url) and not r.startswith("data:")]
    assert outside == []
