"""Translations and recordings in minority languages (issue 22): the language list, stale
translations, recordings and their speakers' consent, as `lantoa check` reports them."""

from __future__ import annotations

import gzip
import math
import os
import re
import struct
import wave
from pathlib import Path

import pytest
import yaml

from generator.model.languages import (
    load_languages,
    publishable,
    publishable_recordings,
    source_hash,
)
from generator.model.loading import load_content
from generator.model.records import Story

# Screenshots for the engineer's own look (never in the repository): taken when LANTOA_SHOTS is set.
SHOTS = os.environ.get("LANTOA_SHOTS")
HUY = "quang-ngai/son-tinh/huy.yaml"
HUY_ID = "son-tinh-nguyen-trong-huy"
BODY = (
    "Anh Huy làm nghề tự do. Sau buổi **đối thoại nhóm nhỏ**, anh quyết định tham gia.\n\n"
    "Nay cả nhà anh đều có sổ BHXH."
)
TITLE = "Người thứ ba trong nhà có sổ BHXH"


def write_wav(path: Path, seconds: float = 0.5) -> None:
    """A real, short WAV (a 440 Hz tone): what a phone recording decodes like."""
    rate = 8000
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = (int(8000 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(int(rate * seconds)))
        out.writeframes(b"".join(struct.pack("<h", f) for f in frames))


def add_fields(root: Path, relative: str, **fields: object) -> None:
    """Append fields to a record file, as an editor would type them."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")


def translation(**overrides: object) -> dict:
    item = {
        "lang": "blt",
        "title": "ꪼꪒ ꪶꪎꪉ ꪹꪔꪷ",  # Tai Viet letters (U+AA80–U+AADF)
        "body": "ꪹꪏꪷ ꪁꪾ ꪻꪬ꪿ ꪹꪀꪷ",
        "translator": "Lò Văn Toán",
        "date": "2025-07",
        "status": "da-duyet",
        "source_hash": {"title": source_hash(TITLE), "body": source_hash(BODY)},
    }
    item.update(overrides)
    return item


def load(root: Path):
    return load_content(root, "stories")


def messages(content, warning: bool) -> list[str]:
    items = content.report.warnings if warning else content.report.errors
    return [str(d) for d in items]


def story(content):
    entry = content.get(Story, HUY_ID)
    assert entry is not None
    return entry.record


def test_the_sample_language_list_names_each_tag_and_script() -> None:
    root = Path(__file__).resolve().parent.parent / "stories"
    languages = load_languages(root)
    assert {"blt", "hmn", "hnj", "tth", "pac"} <= set(languages)
    assert languages["blt"].name == "Thái Đen" and languages["blt"].scripts[0] == "Tavt"
    assert languages["tth"].name == "Tà Ôi" and languages["pac"].name == "Pa Kô"


def test_the_hash_is_of_the_nfc_text() -> None:
    import unicodedata

    assert source_hash(unicodedata.normalize("NFD", TITLE)) == source_hash(TITLE)
    assert len(source_hash(TITLE)) == 12


def test_a_current_approved_translation_is_published_without_a_warning(mini_copy: Path) -> None:
    add_fields(mini_copy, HUY, translations=[translation()])
    content = load(mini_copy)
    assert not messages(content, False)
    assert not [m for m in messages(content, True) if "translations" in m]
    record = story(content)
    assert [t.lang for t in publishable(record, load_languages(mini_copy))] == ["blt"]


def test_an_unknown_language_is_an_error_with_a_suggestion(mini_copy: Path) -> None:
    add_fields(mini_copy, HUY, translations=[translation(lang="bltt")])
    errors = messages(load(mini_copy), False)
    assert any(
        "huy.yaml:" in m and "translations[0].lang" in m and 'Có phải ý bạn là "blt"?' in m for m in errors
    ), errors


def test_a_script_the_language_is_not_written_in_is_an_error(mini_copy: Path) -> None:
    add_fields(mini_copy, HUY, translations=[translation(lang="pac-Tavt")])
    errors = messages(load(mini_copy), False)
    assert any("translations[0].lang" in m and "Pa Kô" in m for m in errors), errors


def test_a_translation_of_an_older_text_is_stale_and_not_published(mini_copy: Path) -> None:
    old_body = "Anh Huy làm nghề tự do."
    add_fields(
        mini_copy,
        HUY,
        translations=[translation(source_hash={"title": source_hash(TITLE), "body": source_hash(old_body)})],
    )
    content = load(mini_copy)
    warnings = [m for m in messages(content, True) if "translations" in m]
    assert len(warnings) == 1, warnings
    lines = (mini_copy / HUY).read_text(encoding="utf-8").splitlines()
    at = max(i for i, text in enumerate(lines, 1) if text.strip().startswith("body:"))  # source_hash.body
    assert warnings[0].startswith(f"cảnh báo: stories/{HUY}:{at}: translations[0].source_hash.body: ")
    assert "tiếng Thái Đen" in warnings[0] and HUY_ID in warnings[0] and "nội dung" in warnings[0]
    assert source_hash(old_body) in warnings[0] and f"source_hash.body: {source_hash(BODY)}" in warnings[0]
    assert publishable(story(content), load_languages(mini_copy)) == []
    # nothing the team wrote is rewritten
    assert source_hash(old_body) in (mini_copy / HUY).read_text(encoding="utf-8")


def test_a_translation_without_a_hash_is_stale(mini_copy: Path) -> None:
    add_fields(mini_copy, HUY, translations=[translation(source_hash={"title": source_hash(TITLE)})])
    content = load(mini_copy)
    warnings = [m for m in messages(content, True) if "source_hash.body" in m]
    assert len(warnings) == 1 and "chưa ghi mã" in warnings[0] and source_hash(BODY) in warnings[0]
    assert publishable(story(content), load_languages(mini_copy)) == []


def test_a_draft_translation_is_not_published(mini_copy: Path) -> None:
    add_fields(mini_copy, HUY, translations=[translation(status="nhap")])
    content = load(mini_copy)
    assert not messages(content, False)
    assert publishable(story(content), load_languages(mini_copy)) == []


def test_a_long_body_from_a_file_beside_the_record(mini_copy: Path) -> None:
    (mini_copy / "quang-ngai/son-tinh/_ban-dich").mkdir()
    (mini_copy / "quang-ngai/son-tinh/_ban-dich/huy.blt.md").write_text("ꪹꪏꪷ ꪁꪾ\n", encoding="utf-8")
    item = translation(file="_ban-dich/huy.blt.md")
    del item["body"]
    add_fields(mini_copy, HUY, translations=[item])
    content = load(mini_copy)
    assert not messages(content, False)
    assert publishable(story(content), load_languages(mini_copy))


def test_a_translation_file_that_would_be_read_as_a_record_is_an_error(mini_copy: Path) -> None:
    (mini_copy / "quang-ngai/son-tinh/huy.blt.md").write_text("ꪹꪏꪷ ꪁꪾ\n", encoding="utf-8")
    item = translation(file="huy.blt.md")
    del item["body"]
    add_fields(mini_copy, HUY, translations=[item])
    errors = messages(load(mini_copy), False)
    assert any("translations[0].file" in m and '"_' in m for m in errors), errors


def recording(**overrides: object) -> dict:
    item = {
        "lang": "blt",
        "file": "audio/huy-blt.wav",
        "speaker": "Lò Thị Xuân",
        "consent": True,
        "source_hash": source_hash(BODY),
    }
    item.update(overrides)
    return item


def test_a_recording_with_consent_is_published(mini_copy: Path) -> None:
    write_wav(mini_copy / "quang-ngai/son-tinh/audio/huy-blt.wav")
    add_fields(mini_copy, HUY, recordings=[recording()])
    content = load(mini_copy)
    assert not messages(content, False)
    assert [r.speaker for r in publishable_recordings(story(content), load_languages(mini_copy))] == [
        "Lò Thị Xuân"
    ]


def test_a_recording_without_consent_warns_and_is_not_published(mini_copy: Path) -> None:
    write_wav(mini_copy / "quang-ngai/son-tinh/audio/huy-blt.wav")
    add_fields(mini_copy, HUY, recordings=[recording(consent=False)])
    content = load(mini_copy)
    assert any("recordings[0].consent" in m and "không được đăng" in m for m in messages(content, True))
    assert publishable_recordings(story(content), load_languages(mini_copy)) == []


def test_the_name_of_a_speaker_without_consent_is_protected(mini_copy: Path) -> None:
    write_wav(mini_copy / "quang-ngai/son-tinh/audio/huy-blt.wav")
    add_fields(mini_copy, HUY, recordings=[recording(consent=False)])
    path = mini_copy / HUY
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("Nay cả nhà anh", "Chị Lò Thị Xuân đọc bài. Nay cả nhà anh"), encoding="utf-8"
    )
    errors = messages(load(mini_copy), False)
    assert any("body" in m and "Lò Thị Xuân" in m and "recordings[0].consent: false" in m for m in errors), (
        errors
    )


def test_a_recording_that_is_not_audio_or_missing_is_an_error(mini_copy: Path) -> None:
    (mini_copy / "quang-ngai/son-tinh/audio").mkdir()
    (mini_copy / "quang-ngai/son-tinh/audio/huy-blt.mp3").write_text("không phải âm thanh", encoding="utf-8")
    add_fields(
        mini_copy,
        HUY,
        recordings=[recording(file="audio/huy-blt.mp3"), recording(file="audio/khong-co.wav")],
    )
    errors = messages(load(mini_copy), False)
    assert any("recordings[0].file" in m and "không phải tệp âm thanh" in m for m in errors), errors
    assert any("recordings[1].file" in m and "không tìm thấy" in m for m in errors), errors


def test_a_stale_recording_warns_and_is_not_published(mini_copy: Path) -> None:
    write_wav(mini_copy / "quang-ngai/son-tinh/audio/huy-blt.wav")
    add_fields(mini_copy, HUY, recordings=[recording(source_hash="000000000000")])
    content = load(mini_copy)
    assert any("recordings[0].source_hash" in m and source_hash(BODY) in m for m in messages(content, True))
    assert publishable_recordings(story(content), load_languages(mini_copy)) == []


# --- the site -------------------------------------------------------------------------------

STALE_TEXT = "ꪀꪱ ꪔꪮꪥ ꪹꪭꪷ"  # Tà Ôi in Latin letters would do too; any text absent from the page
DRAFT_TEXT = "Pa Kô nháp chưa duyệt"


def translated_project(base: Path) -> Path:
    """The mini content with a current approved Thái Đen translation and recording, a stale
    Tà Ôi translation, a draft Pa Kô one and an unconsented Mông recording."""
    from tests.conftest import MINI
    from tests.sitebuild import project_copy

    project = project_copy(base, MINI)
    stories = project / "stories"
    write_wav(stories / "quang-ngai/son-tinh/audio/huy-blt.wav")
    write_wav(stories / "quang-ngai/son-tinh/audio/huy-hmn.wav")
    add_fields(
        stories,
        HUY,
        translations=[
            translation(reviewer="Cầm Văn Ơn"),
            translation(lang="tth", title=STALE_TEXT, body=STALE_TEXT, source_hash={"title": "0" * 12}),
            translation(lang="pac", title=DRAFT_TEXT, body=DRAFT_TEXT, status="nhap"),
        ],
        recordings=[
            recording(),
            recording(lang="hmn", file="audio/huy-hmn.wav", speaker="Giàng A Páo", consent=False),
        ],
    )
    return project


@pytest.fixture(scope="module")
def translated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.sitebuild import lantoa

    project = translated_project(tmp_path_factory.mktemp("translated"))
    result = lantoa(project, "build", "--content", "stories", "--out", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def story_page(site: Path) -> str:
    from generator.present import urls

    return (site / urls.page("story", HUY_ID) / "index.html").read_text(encoding="utf-8")


def test_the_page_shows_the_approved_current_translation_in_its_language(translated_site: Path) -> None:
    page = story_page(translated_site)
    assert '<html lang="vi"' in page
    assert '<a href="blt/" hreflang="blt">Tiếng Thái Đen</a>' in page
    section = page[page.index('<section class="lt-translation" id="ban-dich-blt" lang="blt"') :]
    section = section[: section.index("</section>")]
    assert '<h2 id="ban-dich-blt-tieu-de" lang="vi">Bản dịch tiếng Thái Đen</h2>' in section
    assert "ꪼꪒ ꪶꪎꪉ ꪹꪔꪷ" in section and "ꪹꪏꪷ ꪁꪾ ꪻꪬ꪿ ꪹꪀꪷ" in section
    assert '<p class="lt-credit" lang="vi">Người dịch: Lò Văn Toán; người duyệt: Cầm Văn Ơn</p>' in section


def test_stale_and_draft_translations_are_absent_from_the_page(translated_site: Path) -> None:
    page = story_page(translated_site)
    assert STALE_TEXT not in page and 'lang="tth"' not in page and "Tà Ôi" not in page
    assert DRAFT_TEXT not in page and 'lang="pac"' not in page


def test_only_the_consented_recording_is_played_and_copied(translated_site: Path) -> None:
    page = story_page(translated_site)
    player = re.search(r'<figure class="lt-recording">.*?</figure>', page, re.S)
    assert player and "Tiếng Thái Đen, giọng đọc: Lò Thị Xuân" in player.group(0)
    assert re.search(
        r'<audio controls preload="none" src="[^"]+huy-blt\.wav" aria-labelledby="ghi-am-1">', page
    )
    assert "Giàng A Páo" not in page and "huy-hmn" not in page
    copied = sorted(p.name for p in (translated_site / "noi-dung" / "media").rglob("*.wav"))
    assert len(copied) == 1 and copied[0].endswith("huy-blt.wav")


def test_search_indexes_the_translated_text(translated_site: Path) -> None:
    fragments = [
        gzip.decompress(p.read_bytes()) for p in (translated_site / "pagefind").rglob("*.pf_fragment")
    ]
    assert any("ꪹꪏꪷ ꪁꪾ".encode() in fragment for fragment in fragments)
    assert not any(STALE_TEXT.encode() in fragment for fragment in fragments)


@pytest.mark.browser
@pytest.mark.slow
def test_a_page_with_a_translation_has_no_wcag_violations(translated_site: Path) -> None:
    from generator.present import urls
    from tests.browser import browser, serve

    with serve(translated_site) as url, browser() as chromium:
        context = chromium.new_context(viewport={"width": 390, "height": 800})
        tab = context.new_page()
        tab.goto(url + urls.page("story", HUY_ID))
        assert tab.locator("section.lt-translation[lang=blt]").is_visible()
        assert tab.locator("audio[controls]").first.is_visible()
        tab.add_script_tag(
            path=str(Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js")
        )
        violations = tab.evaluate(
            "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
        )
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(Path(SHOTS) / "story-translation-390.png"), full_page=True)
        context.close()
    assert violations == []


# --- the team's report (preview only) -----------------------------------------------------


def test_the_preview_has_the_team_report_and_a_build_does_not(tmp_path: Path, translated_site: Path) -> None:
    from generator.present import language_report
    from generator.serve.preview import Preview

    project = translated_project(tmp_path / "p")
    preview = Preview(project / "stories", tmp_path / "work" / "docs", project)
    assert preview.regenerate().ok
    report = (tmp_path / "work" / "docs" / language_report.page_source()).read_text(encoding="utf-8")
    table = [line for line in report.splitlines() if line.startswith("| [")]
    states = {(row.split(" | ")[2], row.split(" | ")[3]): row.split(" | ")[4] for row in table}
    assert states[("Thái Đen (blt)", "Bản dịch: tiêu đề, nội dung")] == "Đang đăng |"
    assert states[("Tà Ôi (tth)", "Bản dịch: tiêu đề, nội dung")].startswith(
        "**Cũ: tiếng Việt đã đổi ở tiêu đề, nội dung"
    )
    assert states[("Pa Kô (pac)", "Bản dịch: tiêu đề, nội dung")].startswith("**Nháp")
    assert states[("Mông (hmn)", "Ghi âm: nội dung")].startswith("**Chưa có đồng ý")
    assert states[("Pa Kô (pac)", "Ghi âm")] == "**Chưa có bản ghi âm** |"
    assert "Giàng A Páo" not in report  # the report names no speaker
    assert not (translated_site / language_report.page()).exists()


def test_the_sample_has_no_translation_a_build_would_publish() -> None:
    """No real public translation was in reach: the sample's one is a draft (README says so)."""
    root = Path(__file__).resolve().parent.parent / "stories"
    content = load_content(root, "stories")
    languages = load_languages(root)
    with_translations = [e for e in content.entries if getattr(e.record, "translations", None)]
    assert with_translations and all(not publishable(e.record, languages) for e in with_translations)
    assert not [str(d) for d in content.report.items if "translations" in d.field or "recordings" in d.field]


# --- the bilingual leaflet ------------------------------------------------------------------


def test_the_bilingual_leaflet_prints_the_tai_viet_text_with_its_font_embedded(translated_site: Path) -> None:
    import subprocess

    from generator.present import urls

    pdf = translated_site / urls.leaflet("story", HUY_ID, "a5-bilingual")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    front, _, back = text.partition("\f")
    assert "Người thứ ba trong nhà" in front
    assert "Bản dịch tiếng Thái Đen" in back
    # The code points as written, in order. pdftotext may put a Tai Viet mark set above its
    # letter (ꪷ) on a line of its own, so spaces and line breaks are not compared.
    joined = "".join(back.split())
    assert "ꪼꪒꪶꪎꪉꪹꪔꪷ" in joined and "ꪹꪏꪷꪁꪾꪻꪬ꪿ꪹꪀꪷ" in joined
    assert "Người dịch: Lò Văn Toán; người duyệt: Cầm Văn Ơn" in back
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.M)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    tai_viet = [line for line in fonts.splitlines() if "Tai-Viet" in line]
    assert tai_viet and all(" yes " in line for line in tai_viet)  # embedded (emb column)
    page = story_page(translated_site)
    assert re.search(r"Tờ rơi A5 song ngữ Việt - Thái Đen \(PDF, \d+ KB, 2 trang\)", page)
