"""Bilingual loudspeaker bulletins (issue 22): a Vietnamese paragraph in our synthesised speech,
then a person's recording of its translation; the translation alone; the announcer sheet in
both languages. A story's and a campaign's (what the commune loudspeakers play). Real builds,
real audio (sox, soxi), real PDFs (pdftotext, pdffonts)."""

from __future__ import annotations

import array
import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.model.languages import source_hash
from generator.present import urls

HUY = "quang-ngai/son-tinh/huy.yaml"
HUY_ID = "son-tinh-nguyen-trong-huy"
TITLE = "Người thứ ba trong nhà có sổ BHXH"
SUMMARY = (
    "Sau buổi đối thoại nhóm nhỏ ở nhà văn hóa thôn, anh Huy đăng ký BHXH tự nguyện để sau này có lương hưu."
)
CAMPAIGN = "quang-ngai/chien-dich.yaml"
CAMPAIGN_ID = "quang-ngai-cao-diem-2024"
CAMPAIGN_NAME = "Đợt cao điểm vận động tham gia BHXH tự nguyện 2024"
CAMPAIGN_SUMMARY = "Hai tháng vận động ở các thôn: mỗi thôn một buổi đối thoại, mỗi tối một bản tin trên loa."
TAI_TITLE = "ꪼꪒ ꪶꪎꪉ ꪹꪔꪷ"  # Tai Viet letters (U+AA80–U+AADF)
TAI_SUMMARY = "ꪹꪏꪷ ꪁꪾ ꪻꪬ꪿ ꪹꪀꪷ ꪵꪝꪉ"
# The recordings are tones a speech engine never makes: found again by their pitch in the MP3.
TITLE_HZ, TITLE_S = 1000, 2.0
SUMMARY_HZ, SUMMARY_S = 400, 3.0
CAMPAIGN_TITLE_HZ, CAMPAIGN_TITLE_S = 700, 4.0
CAMPAIGN_SUMMARY_HZ, CAMPAIGN_SUMMARY_S = 550, 1.5
SHOTS = Path(os.environ.get("LANTOA_SHOTS", "")) if os.environ.get("LANTOA_SHOTS") else None


def tone(path: Path, hz: int, seconds: float) -> None:
    """A real recording file as a phone makes it (8 kHz mono WAV), made by sox."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", str(path), "synth", str(seconds), "sine", str(hz),
         "gain", "-3"],
        check=True,
    )  # fmt: skip


def add_fields(root: Path, relative: str, **fields: object) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    path.write_text(text + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")


def translation(lang: str = "blt", title: str = TITLE, summary: str = SUMMARY, **overrides: object) -> dict:
    """Made from the Vietnamese ``title`` and ``summary`` (a story's, else a campaign's)."""
    item = {
        "lang": lang,
        "title": TAI_TITLE,
        "summary": TAI_SUMMARY,
        "translator": "Lò Văn Toán",
        "reviewer": "Cầm Văn Ơn",
        "date": "2025-07",
        "status": "da-duyet",
        "source_hash": {"title": source_hash(title), "summary": source_hash(summary)},
    }
    item.update(overrides)
    return item


def recording(
    lang: str, part: str, file: str, title: str = TITLE, summary: str = SUMMARY, **overrides: object
) -> dict:
    item = {
        "lang": lang,
        "part": part,
        "file": file,
        "speaker": "Lò Thị Xuân",
        "consent": True,
        "source_hash": source_hash(title if part == "title" else summary),
    }
    item.update(overrides)
    return item


def project(base: Path, translated: bool) -> Path:
    """The mini content; translated: Thái Đen approved and current, with a recording of its
    title and one of its summary; Tà Ôi stale (an older summary) and Pa Kô a draft, both
    with current recordings — the story's, and the same for its campaign (given a summary,
    translated or not). The team asks for the translation read alone too."""
    from tests.conftest import MINI
    from tests.sitebuild import ROOT, project_copy

    folder = project_copy(base, MINI)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, found = re.subn(r"\btranslation_only: false\b", "translation_only: true", config)
    assert found == 1
    (folder / "mkdocs.yml").unlink()
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    stories = folder / "stories"
    add_fields(stories, CAMPAIGN, summary=CAMPAIGN_SUMMARY)
    if not translated:
        return folder
    audio = stories / "quang-ngai/son-tinh/audio"
    tone(audio / "huy-blt-title.wav", TITLE_HZ, TITLE_S)
    tone(audio / "huy-blt-summary.wav", SUMMARY_HZ, SUMMARY_S)
    for lang in ("tth", "pac"):
        tone(audio / f"huy-{lang}.wav", SUMMARY_HZ, SUMMARY_S)
    old = {"title": source_hash(TITLE), "summary": source_hash("Tóm tắt cũ, trước khi sửa.")}
    add_fields(
        stories,
        HUY,
        translations=[
            translation(),
            translation("tth", source_hash=old),
            translation("pac", status="nhap"),
        ],
        recordings=[
            recording("blt", "title", "audio/huy-blt-title.wav"),
            recording("blt", "summary", "audio/huy-blt-summary.wav"),
            recording("tth", "summary", "audio/huy-tth.wav"),
            recording("pac", "summary", "audio/huy-pac.wav"),
        ],
    )
    tone(stories / "quang-ngai/audio/cd-blt-title.wav", CAMPAIGN_TITLE_HZ, CAMPAIGN_TITLE_S)
    tone(stories / "quang-ngai/audio/cd-blt-summary.wav", CAMPAIGN_SUMMARY_HZ, CAMPAIGN_SUMMARY_S)
    for lang in ("tth", "pac"):
        tone(stories / f"quang-ngai/audio/cd-{lang}.wav", CAMPAIGN_SUMMARY_HZ, CAMPAIGN_SUMMARY_S)
    named = {"title": CAMPAIGN_NAME, "summary": CAMPAIGN_SUMMARY}
    old = {"title": source_hash(CAMPAIGN_NAME), "summary": source_hash("Tóm tắt cũ của chiến dịch.")}
    add_fields(
        stories,
        CAMPAIGN,
        translations=[
            translation(**named),
            translation("tth", **named, source_hash=old),
            translation("pac", **named, status="nhap"),
        ],
        recordings=[
            recording("blt", "title", "audio/cd-blt-title.wav", **named),
            recording("blt", "summary", "audio/cd-blt-summary.wav", **named),
            recording("tth", "summary", "audio/cd-tth.wav", **named),
            recording("pac", "summary", "audio/cd-pac.wav", **named),
        ],
    )
    return folder


def build(folder: Path) -> Path:
    from tests.sitebuild import lantoa

    result = lantoa(folder, "build", "--content", "stories", "--out", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    (folder / "stderr.txt").write_text(result.stderr, encoding="utf-8")
    return folder / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(with the translations, without): the same mini content built twice."""
    with_it = build(project(tmp_path_factory.mktemp("bilingual"), translated=True))
    without = build(project(tmp_path_factory.mktemp("vietnamese"), translated=False))
    return with_it, without


def entries(site: Path, export: str, record: str = f"story/{HUY_ID}") -> list[dict]:
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    return manifest["records"][record].get(export, [])


def soxi(path: Path) -> float:
    return float(subprocess.run(["soxi", "-D", str(path)], capture_output=True, text=True, check=True).stdout)


def tone_runs(mp3: Path, hz: int) -> list[tuple[float, float]]:
    """(start, end) in seconds of every stretch of at least half a second where the MP3 is a
    steady tone of ``hz``: counted by zero crossings in 50 ms windows."""
    raw = subprocess.run(
        ["sox", str(mp3), "-t", "raw", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    samples = array.array("h", raw[: len(raw) // 2 * 2])
    window = 400  # 50 ms at 8 kHz
    expected = 2 * hz * window / 8000
    flags = []
    for start in range(0, len(samples) - window, window):
        chunk = samples[start : start + window]
        loud = max(abs(v) for v in chunk) > 3000
        crossings = sum(1 for a, b in itertools.pairwise(chunk) if (a < 0) != (b < 0))
        flags.append(loud and abs(crossings - expected) <= 3)
    runs, begin = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and begin is None:
            begin = index
        elif not flag and begin is not None:
            if index - begin >= 10:
                runs.append((begin * 0.05, index * 0.05))
            begin = None
    return runs


def loud_between(mp3: Path, start: float, end: float) -> bool:
    """Something (speech) louder than near-silence between two moments."""
    printed = subprocess.run(
        ["sox", str(mp3), "-n", "trim", f"{start:.3f}", f"={end:.3f}", "stat"], capture_output=True, text=True
    ).stderr
    rms = float(re.search(r"RMS\s+amplitude:\s+([\d.]+)", printed).group(1))  # type: ignore[union-attr]
    return rms > 0.02


def played(
    site: Path, kind: str, id_: str, title: tuple[int, float], summary: tuple[int, float]
) -> tuple[Path, tuple[float, float], tuple[float, float]]:
    """A record's Thái Đen bulletin, its manifest entry, its length (the Vietnamese part + each
    recording + the pause before it, 1 s, by soxi), and where its title's then its summary's
    recording play: one stretch each, of the recording's length, with speech before and after."""
    audio = {(e["variant"], e.get("lang")): e for e in entries(site, "audio", f"{kind}/{id_}")}
    both = site / urls.bilingual_script(kind, id_, "blt", "mp3")
    assert audio[("bilingual", "blt")]["file"] == urls.bilingual_script(kind, id_, "blt", "mp3")
    vietnamese = site / urls.script(kind, id_, "mp3")
    expected = soxi(vietnamese) + title[1] + summary[1] + 2 * 1.0
    assert soxi(both) == pytest.approx(expected, abs=0.35)
    assert audio[("bilingual", "blt")]["duration_s"] == pytest.approx(soxi(both), abs=0.1)
    titles, summaries = tone_runs(both, title[0]), tone_runs(both, summary[0])
    assert len(titles) == 1 and len(summaries) == 1, (titles, summaries)
    (t0, t1), (s0, s1) = titles[0], summaries[0]
    assert t1 - t0 == pytest.approx(title[1], abs=0.15) and s1 - s0 == pytest.approx(summary[1], abs=0.15)
    assert 1.5 < t0 < t1 < s0 < s1 < soxi(both) - 1.5
    return both, (t0, t1), (s0, s1)


def test_a_bilingual_bulletin_plays_each_recording_after_its_vietnamese_paragraph(sites) -> None:
    site, _ = sites
    # In order: speech, the title's recording, speech (the summary), its recording, speech.
    both, (t0, t1), (s0, s1) = played(site, "story", HUY_ID, (TITLE_HZ, TITLE_S), (SUMMARY_HZ, SUMMARY_S))
    assert loud_between(both, 0, t0 - 0.6)  # the greeting and "Mời bà con nghe câu chuyện: …"
    assert loud_between(both, t1 + 0.6, s0 - 0.6)  # the summary in Vietnamese
    assert loud_between(both, s1 + 0.6, soxi(both))  # the rest of the bulletin


def test_the_translation_alone_is_the_recordings_with_a_pause_between(sites) -> None:
    site, _ = sites
    alone = site / urls.bilingual_script("story", HUY_ID, "blt", "mp3", translation_only=True)
    assert {"variant": "translation-only", "lang": "blt"}.items() <= next(
        e for e in entries(site, "audio") if e["variant"] == "translation-only"
    ).items()
    assert soxi(alone) == pytest.approx(TITLE_S + 1.0 + SUMMARY_S, abs=0.3)
    (t0, _t1), (s0, _s1) = tone_runs(alone, TITLE_HZ)[0], tone_runs(alone, SUMMARY_HZ)[0]
    assert t0 < 0.2 and s0 == pytest.approx(TITLE_S + 1.0, abs=0.2)


def test_a_stale_or_unapproved_translation_makes_no_bilingual_bulletin(sites) -> None:
    site, _ = sites
    langs = {e.get("lang") for export in ("audio", "script") for e in entries(site, export)}
    assert langs == {None, "blt"}
    for lang in ("tth", "pac"):
        for ext in ("mp3", "pdf"):
            assert not (site / urls.bilingual_script("story", HUY_ID, lang, ext)).exists()
    warned = (site.parent / "stderr.txt").read_text(encoding="utf-8")
    assert "translations[1].source_hash.summary" in warned  # check says why (model/languages.py)


def test_the_announcer_sheet_has_both_languages_the_recordings_lengths_and_the_tai_viet_font(sites) -> None:
    site, _ = sites
    pdf = site / urls.bilingual_script("story", HUY_ID, "blt", "pdf")
    sheet = next(e for e in entries(site, "script") if e["variant"] == "announcer-sheet-bilingual")
    assert sheet["file"] == urls.bilingual_script("story", HUY_ID, "blt", "pdf") and sheet["lang"] == "blt"
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "KỊCH BẢN ĐỌC LOA SONG NGỮ VIỆT - THÁI ĐEN" in flat
    # The Vietnamese paragraph, then its translation, in reading order.
    said = flat.index("nhà văn hóa thôn, anh Huy đăng ký bảo hiểm xã hội tự nguyện")
    joined = "".join(text.split())  # a Tai Viet mark may sit on a line of its own
    title_at = joined.index("".join(TAI_TITLE.split()))
    summary_at = joined.index("".join(TAI_SUMMARY.split()))
    read_title, read_summary = joined.index("Mờibàconnghecâuchuyện"), joined.index("nhàvănhóathôn")
    assert said > 0 and read_title < title_at < read_summary < summary_at
    assert "Phát bản ghi âm tiếng Thái Đen (người đọc: Lò Thị Xuân)" in flat
    assert "2 giây ghi âm" in flat and "3 giây ghi âm" in flat  # the timing column, measured
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    tai_viet = [line for line in fonts.splitlines() if "Tai-Viet" in line]
    assert tai_viet and all(" yes " in line for line in tai_viet)  # embedded (emb column)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{sheet['pages']}$", info, re.M)  # what the story page's link says
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, SHOTS / "bilingual-sheet.pdf")
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(SHOTS / "bilingual-sheet")],
            check=True,
        )


def test_the_calendar_is_the_same_with_and_without_the_translation(sites) -> None:
    with_it, without = sites
    manifest = json.loads((with_it / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["records"]["campaign/quang-ngai-cao-diem-2024"]["calendar"]
    ics = files[0]["file"]

    # DTSTAMP is when the build made the file (RFC 5545: the wall clock); every other byte is equal.
    def stamped(site: Path) -> bytes:
        return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:-", (site / ics).read_bytes())

    assert stamped(with_it) == stamped(without)
    assert b"BEGIN:VEVENT" in stamped(with_it) and stamped(with_it).count(b"DTSTAMP:-") > 1


def test_the_story_page_links_the_bilingual_files(sites) -> None:
    site, _ = sites
    page = (site / urls.page("story", HUY_ID) / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Bản tin song ngữ Việt - Thái Đen \(MP3, [^)]*giây, \d+ KB\)", page)


def test_a_new_recording_under_the_same_name_makes_a_new_bulletin(sites, tmp_path: Path) -> None:
    """The recording's bytes are in the keys (its length, its piece, the MP3, the sheet): the
    same file name, re-recorded longer, rebuilt into the same output with the same cache."""
    site, _ = sites
    folder = tmp_path / "project"
    shutil.copytree(site.parent, folder, symlinks=True)
    both = urls.bilingual_script("story", HUY_ID, "blt", "mp3")
    before = soxi(folder / "site" / both)
    tone(folder / "stories/quang-ngai/son-tinh/audio/huy-blt-summary.wav", SUMMARY_HZ, SUMMARY_S + 1.0)
    rebuilt = build(folder)
    assert soxi(rebuilt / both) == pytest.approx(before + 1.0, abs=0.15)
    pdf = rebuilt / urls.bilingual_script("story", HUY_ID, "blt", "pdf")
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "4 giây ghi âm" in " ".join(text.split())


# --- a campaign's bulletin: what the commune loudspeakers play ------------------------------

CAMPAIGN_KEY = f"campaign/{CAMPAIGN_ID}"


def test_a_campaign_bulletin_plays_its_name_and_summary_recordings_after_its_opening(sites) -> None:
    site, _ = sites
    title, summary = (CAMPAIGN_TITLE_HZ, CAMPAIGN_TITLE_S), (CAMPAIGN_SUMMARY_HZ, CAMPAIGN_SUMMARY_S)
    both, (t0, t1), (s0, s1) = played(site, "campaign", CAMPAIGN_ID, title, summary)
    # The bulletin reads the name (its opening), not the summary: its recording comes next.
    assert s0 - t1 == pytest.approx(1.0, abs=0.2)
    assert loud_between(both, 0, t0 - 0.6)  # the greeting and the opening that names the campaign
    assert loud_between(both, s1 + 0.6, soxi(both))  # the stories, the result, the call, the end
    # The campaign's own recordings only (its story's are the story's bulletin's).
    assert not tone_runs(both, TITLE_HZ) and not tone_runs(both, SUMMARY_HZ)


def test_a_campaign_bulletin_in_the_translation_alone(sites) -> None:
    site, _ = sites
    alone = site / urls.bilingual_script("campaign", CAMPAIGN_ID, "blt", "mp3", translation_only=True)
    entry = next(e for e in entries(site, "audio", CAMPAIGN_KEY) if e["variant"] == "translation-only")
    assert entry["lang"] == "blt" and entry["file"] == alone.relative_to(site).as_posix()
    assert soxi(alone) == pytest.approx(CAMPAIGN_TITLE_S + 1.0 + CAMPAIGN_SUMMARY_S, abs=0.3)
    (t0, _t1), (s0, _s1) = tone_runs(alone, CAMPAIGN_TITLE_HZ)[0], tone_runs(alone, CAMPAIGN_SUMMARY_HZ)[0]
    assert t0 < 0.2 and s0 == pytest.approx(CAMPAIGN_TITLE_S + 1.0, abs=0.2)


def test_a_stale_or_unapproved_campaign_translation_makes_no_bilingual_bulletin(sites) -> None:
    site, without = sites
    langs = {e.get("lang") for export in ("audio", "script") for e in entries(site, export, CAMPAIGN_KEY)}
    assert langs == {None, "blt"}
    for lang in ("tth", "pac"):
        for ext in ("mp3", "pdf"):
            assert not (site / urls.bilingual_script("campaign", CAMPAIGN_ID, lang, ext)).exists()
        only = urls.bilingual_script("campaign", CAMPAIGN_ID, lang, "mp3", translation_only=True)
        assert not (site / only).exists()
    warned = (site.parent / "stderr.txt").read_text(encoding="utf-8").splitlines()
    assert any("chien-dich.yaml" in line and "translations[1].source_hash.summary" in line for line in warned)
    # Without translations: the campaign's Vietnamese bulletin alone.
    langs = {e.get("lang") for export in ("audio", "script") for e in entries(without, export, CAMPAIGN_KEY)}
    assert langs == {None}
    assert not list((without / urls.script("campaign", CAMPAIGN_ID, "mp3")).parent.glob("*song-ngu*"))


def test_the_campaign_announcer_sheet_has_both_languages_in_reading_order(sites) -> None:
    site, _ = sites
    pdf = site / urls.bilingual_script("campaign", CAMPAIGN_ID, "blt", "pdf")
    sheet = next(
        e for e in entries(site, "script", CAMPAIGN_KEY) if e["variant"] == "announcer-sheet-bilingual"
    )
    assert sheet["file"] == pdf.relative_to(site).as_posix() and sheet["lang"] == "blt"
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "KỊCH BẢN ĐỌC LOA SONG NGỮ VIỆT - THÁI ĐEN · BẢN TIN CHIẾN DỊCH" in flat
    joined = "".join(text.split())
    # "Hưởng ứng đợt cao điểm …", or once it is over "Tiếp nối đợt cao điểm … vừa qua"
    opening = joined.index("đợtcaođiểmvậnđộngthamgiabảohiểmxãhộitựnguyệnhainghìn")
    title_at = joined.index("".join(TAI_TITLE.split()))
    summary_at = joined.index("".join(TAI_SUMMARY.split()))
    story = joined.index("Câuchuyện:Ngườithứbatrongnhà")  # the story it reads, in Vietnamese only
    assert opening < title_at < summary_at < story
    assert "Phát bản ghi âm tiếng Thái Đen (người đọc: Lò Thị Xuân)" in flat
    assert "4 giây ghi âm" in flat and "2 giây ghi âm" in flat  # measured: 4 s and 1,5 s
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    tai_viet = [line for line in fonts.splitlines() if "Tai-Viet" in line]
    assert tai_viet and all(" yes " in line for line in tai_viet)
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, SHOTS / "bilingual-sheet-campaign.pdf")
        target = str(SHOTS / "bilingual-sheet-campaign")
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), target], check=True)


def test_the_campaign_page_links_the_bilingual_files(sites) -> None:
    site, without = sites
    page = (site / urls.page("campaign", CAMPAIGN_ID) / "index.html").read_text(encoding="utf-8")
    for path in (
        urls.bilingual_script("campaign", CAMPAIGN_ID, "blt", "mp3"),
        urls.bilingual_script("campaign", CAMPAIGN_ID, "blt", "pdf"),
        urls.bilingual_script("campaign", CAMPAIGN_ID, "blt", "mp3", translation_only=True),
    ):
        assert Path(path).name in page
    assert re.search(r"Bản tin song ngữ Việt - Thái Đen \(MP3, [^)]*giây, \d+ KB\)", page)
    assert "song-ngu-tth" not in page and "song-ngu-pac" not in page
    plain = (without / urls.page("campaign", CAMPAIGN_ID) / "index.html").read_text(encoding="utf-8")
    assert "song-ngu" not in plain
