"""Loudspeaker exports: scripts, SSML, announcer sheets, calendars and real espeak-ng/sox audio."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator.export import broadcast
from generator.export.broadcast import audio
from generator.export.broadcast.pieces import AUDIO, JINGLE, SPEECH
from generator.export.broadcast.script import Composer, Paragraph, Pause, Script, split_marks
from generator.export.broadcast.sheet import sheet_html
from generator.export.broadcast.ssml import ssml
from generator.export.output import LOCAL_TZ
from generator.export.site import exports_pages
from generator.model.loading import load_content
from generator.present import schedule
from generator.present.views import CampaignView, Slot, Views
from tests.conftest import make_context

pytestmark = pytest.mark.xdist_group("broadcast")  # one worker builds the audio once

CAMPAIGN = "campaign/quang-ngai-cao-diem-2024"
SSML_NS = "{http://www.w3.org/2001/10/synthesis}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
KEYS = [
    "story/son-tinh-nguyen-trong-huy",
    "story/son-tinh-chi-g",
    "unit/son-tinh",
    "unit/quang-ngai",
    CAMPAIGN,
]


@pytest.fixture(scope="module")
def built(mini_content, tmp_path_factory):
    """The mini content exported once: (context, manifest records, output folder)."""
    root = tmp_path_factory.mktemp("broadcast")
    ctx = make_context(mini_content, root / "out")
    broadcast.export(ctx)
    records = json.loads(ctx.writer.manifest.to_json())["records"]
    return ctx, records, root / "out", list(ctx.report.items)


def files(records, key, export):
    return {item["variant"]: item for item in records[key].get(export, [])}


def body(text: str) -> str:
    """The script of an announcer .txt, below the header."""
    return text.split("=" * 62, 2)[1]


# --- manifest and scripts -------------------------------------------------------------


def test_manifest_lists_scripts_audio_and_calendar(built):
    _, records, out, _ = built
    for key in KEYS:
        scripts = files(records, key, "script")
        assert set(scripts) == {"announcer", "ssml", "announcer-sheet"}, key
        assert scripts["announcer"]["duration_s"] > 0
        (sound,) = records[key]["audio"]
        assert sound["variant"] == "espeak-ng" and sound["duration_s"] > 0
        for item in [*scripts.values(), sound]:
            assert (out / item["file"]).is_file(), item
    (ics,) = records[CAMPAIGN]["calendar"]
    assert ics["variant"] == "ics" and (out / ics["file"]).is_file()


def test_manifest_gives_each_announcer_sheet_its_pages(built, tmp_path):
    """A sheet grows with its text: the manifest (and so the link on the page) says how many
    pages it has, also when the sheet comes from the cache."""
    ctx, records, out, _ = built
    for key in KEYS:
        sheet = files(records, key, "script")["announcer-sheet"]
        info = subprocess.run(
            ["pdfinfo", str(out / sheet["file"])], capture_output=True, text=True, check=True
        )
        assert sheet["pages"] == int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1]), key
    again = make_context(ctx.content, tmp_path / "out", ctx.cache.root)
    broadcast.export(again)
    assert again.workers.done["pdf"] == 0
    assert json.loads(again.writer.manifest.to_json())["records"] == records
    # A cache an older build wrote holds the sheets without their notes: they are counted again.
    older = tmp_path / "older-cache"
    shutil.copytree(ctx.cache.root, older)
    for note in (older / broadcast.SHEETS).rglob("*.json"):
        note.unlink()
    counted = make_context(ctx.content, tmp_path / "out-older", older)
    broadcast.export(counted)
    counted.workers.close()
    assert counted.workers.done["pdf"] == len(list((older / broadcast.SHEETS).rglob("*.pdf")))
    assert json.loads(counted.writer.manifest.to_json())["records"] == records


def test_story_script_runs_about_a_minute(built):
    _, records, _, _ = built
    for key in KEYS[:2]:
        assert 40 <= files(records, key, "script")["announcer"]["duration_s"] <= 75


def test_announcer_text_is_spoken_form_with_header(built):
    _, records, out, _ = built
    for key in KEYS:
        text = (out / files(records, key, "script")["announcer"]["file"]).read_text(encoding="utf-8")
        header, script = text.split("=" * 62)[0], body(text)
        assert "Thời lượng ước tính:" in header and "Giờ phát:" in header
        spoken = "\n".join(line for line in script.splitlines() if not line.startswith("[nghỉ"))
        assert not re.search(r"\d", spoken), key  # numbers are words
        assert "BHXH" not in script and "bảo hiểm xã hội" in script
        assert "[nghỉ]" in script.splitlines()  # pause marks on their own lines
    campaign = (out / files(records, CAMPAIGN, "script")["announcer"]["file"]).read_text(encoding="utf-8")
    assert "Khung phát: 5 phút" in campaign
    assert "05:30 và 17:30 hằng ngày, từ 1/4 đến 31/5/2024" in campaign
    assert "17:30 Thứ Hai, Thứ Năm hằng tuần, từ 1/6 đến 31/12/2024" in campaign
    assert "bảy nghìn năm trăm năm mươi lăm người" in campaign


def test_person_without_consent_stays_abbreviated(built):
    _, records, out, _ = built
    key = "story/son-tinh-chi-g"
    for item in [*files(records, key, "script").values(), *records[key]["audio"]]:
        path = out / item["file"]
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
        elif path.suffix == ".mp3":
            continue
        else:
            text = path.read_text(encoding="utf-8")
        assert "Giang" not in text and "Hà Thị" not in text
        assert "Chị G" in text or ">G</say-as>" in text


def test_pause_marks_are_not_syllables():
    assert split_marks("Một hai.\n\n[nghỉ 2 giây]\nBa bốn năm.\n\nSáu.") == [
        "Một hai.",
        2.0,
        "Ba bốn năm.",
        "Sáu.",
    ]
    script = Script(
        "story/x",
        "story",
        "x",
        "X",
        "",
        (Paragraph("một hai ba", 3), Pause(2.0), Paragraph("bốn", 1)),
        rate=160,
    )
    assert script.syllables == 4
    assert script.duration_s == pytest.approx(4 * 60 / 160 + 2.0)


# --- campaign bulletin and its slot -----------------------------------------------------


def test_campaign_bulletin_fits_its_slot(built):
    _, records, _, diagnostics = built
    assert files(records, CAMPAIGN, "script")["announcer"]["duration_s"] <= 5 * 60
    assert not [d for d in diagnostics if d.field == "broadcast.slot_minutes"]


def test_overlong_campaign_warns_on_its_slot(mini_copy, tmp_path):
    path = mini_copy / "quang-ngai" / "chien-dich.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("slot_minutes: 5", "slot_minutes: 1"), "utf-8")
    content = load_content(mini_copy, "stories")
    ctx = make_context(content, tmp_path / "out", tmp_path / "cache")
    view = ctx.views.of(content.get("campaign", "quang-ngai-cao-diem-2024"))
    script = Composer(ctx.views, ctx.settings).compose(view)
    assert script.duration_s > 60 and script.overrun_message
    broadcast.report(ctx, view, script)
    (warning,) = [d for d in ctx.report.warnings if d.field == "broadcast.slot_minutes"]
    assert warning.path == "stories/quang-ngai/chien-dich.yaml" and warning.line == 6
    assert script.duration_text in warning.message and "khung phát 1 phút" in warning.message
    assert str(warning).startswith("cảnh báo: stories/quang-ngai/chien-dich.yaml:6: broadcast.slot_minutes: ")
    assert "CẢNH BÁO" in broadcast.announcer_text(script)
    assert "Cảnh báo: bản tin đọc hết khoảng" in sheet_html(script)


def test_default_stories_are_trimmed_to_the_slot(mini_copy, tmp_path):
    path = mini_copy / "quang-ngai" / "chien-dich.yaml"
    text = path.read_text(encoding="utf-8").replace("stories: [son-tinh-nguyen-trong-huy]\n", "")
    path.write_text(text.replace("slot_minutes: 5", "slot_minutes: 2.5"), "utf-8")
    content = load_content(mini_copy, "stories")
    ctx = make_context(content, tmp_path / "out", tmp_path / "cache")
    view = ctx.views.of(content.get("campaign", "quang-ngai-cao-diem-2024"))
    assert len(view.stories) == 2
    script = Composer(ctx.views, ctx.settings).compose(view)
    assert script.duration_s <= 150 and not script.overrun_message
    assert "Câu chuyện:" in script.spoken_text  # one story left, still read


# --- SSML ------------------------------------------------------------------------------------


def test_ssml_is_well_formed_vietnamese(built):
    _, records, out, _ = built
    for key in KEYS:
        root = ET.parse(out / files(records, key, "script")["ssml"]["file"]).getroot()
        assert root.tag == f"{SSML_NS}speak" and root.get(XML_LANG) == "vi-VN"
        assert root.find(f".//{SSML_NS}break") is not None and root.find(f".//{SSML_NS}p") is not None
        text = "".join(root.itertext())
        assert not re.search(r"\d", text) and "BHXH" not in text
    chi_g = ET.parse(out / files(records, "story/son-tinh-chi-g", "script")["ssml"]["file"]).getroot()
    initials = [e for e in chi_g.iter(f"{SSML_NS}say-as") if e.get("interpret-as") == "characters"]
    assert [e.text for e in initials][:1] == ["G"]


def test_ssml_escapes_markup():
    script = Script("story/x", "story", "x", "A -- B", "", (Paragraph("Vui & <khỏe> -- nhé", 4),), 160)
    root = ET.fromstring(ssml(script).encode())
    assert "".join(root.itertext()).strip() == "Vui & <khỏe> -- nhé"


# --- calendar ----------------------------------------------------------------------------------


def campaign_view(ctx) -> CampaignView:
    return ctx.views.of(ctx.content.get("campaign", "quang-ngai-cao-diem-2024"))


def test_slots_follow_the_record(built):
    ctx = built[0]
    found = schedule.slots(campaign_view(ctx))
    during = [s for s in found if s.date() <= dt.date(2024, 5, 31)]
    after = [s for s in found if s.date() > dt.date(2024, 5, 31)]
    assert len(during) == 61 * 2
    assert during[0] == dt.datetime(2024, 4, 1, 5, 30, tzinfo=LOCAL_TZ)
    assert during[-1] == dt.datetime(2024, 5, 31, 17, 30, tzinfo=LOCAL_TZ)
    assert {s.weekday() for s in after} == {0, 3} and {s.time() for s in after} == {dt.time(17, 30)}
    assert after[0].date() == dt.date(2024, 6, 3) and after[-1].date() == dt.date(2024, 12, 30)
    rows = schedule.schedule_rows(campaign_view(ctx))
    assert [r.count for r in rows] == [122, len(after)]


def test_otherwise_spreads_per_week_without_days(built):
    slot = Slot.of(["17:30"], None, 3, [])  # `otherwise: {per_week: 3}` without days
    assert slot.weekdays == ("mon", "wed", "fri")
    view = dataclasses.replace(campaign_view(built[0]), otherwise=slot, otherwise_per_week=3)
    after = [s for s in schedule.slots(view) if s.date() > dt.date(2024, 5, 31)]
    assert {s.weekday() for s in after} == {0, 2, 4}  # Mon, Wed, Fri
    assert schedule.schedule_rows(view)[1].days == "Thứ Hai, Thứ Tư, Thứ Sáu hằng tuần"


def expand(event) -> list[dt.datetime]:
    start = event.decoded("dtstart")
    if "RRULE" not in event:
        return [start]
    rule = event["RRULE"].to_ical().decode()
    return list(rrulestr(rule, dtstart=start))


def test_ics_parses_and_holds_the_slots(built):
    ctx, records, out, _ = built
    data = (out / records[CAMPAIGN]["calendar"][0]["file"]).read_bytes()
    parsed = Calendar.from_ical(data)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    events = parsed.walk("VEVENT")
    occurrences = sorted(o for e in events for o in expand(e))
    assert occurrences == schedule.slots(campaign_view(ctx))
    for event in events:
        assert event.decoded("dtstart").utcoffset() == dt.timedelta(hours=7)
        assert event.decoded("duration") == dt.timedelta(minutes=5)
        assert "BHXH tự nguyện" in str(event["SUMMARY"])
        assert event.walk("VALARM")


def test_this_week(built):
    ctx = built[0]
    (during,) = schedule.this_week(ctx.views, dt.date(2024, 4, 3))
    assert during.active and len(during.slots) == 14
    assert during.schedule.startswith("Thứ Hai 1/4: 05:30, 17:30; Thứ Ba 2/4")
    assert [p.export for p in during.audio] == ["audio"]
    (after,) = schedule.this_week(ctx.views, dt.date(2024, 6, 5))
    assert not after.active and [s.day for s in after.slots] == [3, 6]
    assert schedule.this_week(ctx.views, dt.date(2025, 3, 1)) == []


def test_this_weeks_players_say_what_they_play(built):
    """On the "Phát thanh" page each player of this week's bulletins is labelled with its file
    (a campaign may have a Vietnamese and a bilingual bulletin)."""
    ctx = built[0]
    views = Views(ctx.views.content, ctx.views.settings, dt.date(2024, 4, 3))
    page = exports_pages.listing_pages(views)["noi-dung/phat-thanh.md"]
    players = re.findall(r'<audio [^>]*aria-labelledby="([^"]+)"', page)
    assert players and len(players) == page.count("<audio ")
    for label in players:
        caption = re.search(rf'<figcaption id="{label}">([^<]+)</figcaption>', page)
        assert caption and caption[1].startswith("Nghe: Tệp âm thanh"), label


# --- audio -------------------------------------------------------------------------------------


def test_audio_is_mp3_near_the_estimate_and_not_silent(built):
    _, records, out, _ = built
    for key in KEYS:
        estimate = files(records, key, "script")["announcer"]["duration_s"]
        (sound,) = records[key]["audio"]
        path = out / sound["file"]
        assert subprocess.run(["soxi", "-t", path], capture_output=True, text=True).stdout.strip() == "mp3"
        measured = float(subprocess.run(["soxi", "-D", path], capture_output=True, text=True).stdout)
        assert measured == pytest.approx(sound["duration_s"], abs=0.1)
        assert abs(measured - estimate) <= 0.25 * estimate, (key, measured, estimate)
        assert not audio.is_silent(path), key
        assert audio.stats(path)["Maximum amplitude"] > 0.5  # normalised, not faint


def test_audio_comes_from_the_cache_the_second_time(built, mini_content, tmp_path):
    again = make_context(mini_content, tmp_path / "out", built[0].cache.root)
    broadcast.export(again)
    # Synthesis runs in worker processes: the build's counters say what they were asked to make.
    made = {kind: again.workers.done[kind] for kind in (SPEECH, JINGLE, AUDIO)}
    assert made == {SPEECH: 0, JINGLE: 0, AUDIO: 0}
    records = json.loads(again.writer.manifest.to_json())["records"]
    assert {k: v.get("audio") for k, v in records.items()} == {k: v.get("audio") for k, v in built[1].items()}


def test_recording_replaces_synthesis(mini_copy, built, tmp_path):
    story = mini_copy / "quang-ngai" / "son-tinh" / "huy.yaml"
    voice = story.parent / "audio" / "huy.wav"
    voice.parent.mkdir()
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", voice, "synth", "3", "sine", "440"], check=True)
    story.write_text(story.read_text(encoding="utf-8") + "recording: {file: audio/huy.wav}\n", "utf-8")
    content = load_content(mini_copy, "stories")
    assert not content.report.errors
    ctx = make_context(content, tmp_path / "out", built[0].cache.root)  # the rest is cached
    broadcast.export(ctx)
    records = json.loads(ctx.writer.manifest.to_json())["records"]
    (sound,) = records["story/son-tinh-nguyen-trong-huy"]["audio"]
    assert sound["variant"] == "recording" and sound["duration_s"] == pytest.approx(3, abs=0.2)
    assert records["story/son-tinh-chi-g"]["audio"][0]["variant"] == "espeak-ng"


def test_jingles_wrap_the_speech(tmp_path):
    for name in ("intro", "outro"):
        subprocess.run(
            ["sox", "-n", "-r", "44100", "-c", "2", tmp_path / f"{name}.wav", "synth", "1.5", "sine", "660"],
            check=True,
        )
    parts = (Paragraph("Kính thưa bà con.", 4), Pause(1.0), Paragraph("Xin cảm ơn.", 3))
    engine = audio.EspeakEngine("vi")
    plain, wrapped = tmp_path / "plain.mp3", tmp_path / "wrapped.mp3"
    audio.synthesise(engine, parts, 160, plain)
    audio.synthesise(engine, parts, 160, wrapped, tmp_path / "intro.wav", tmp_path / "outro.wav")
    extra = audio.duration(wrapped) - audio.duration(plain)
    assert extra == pytest.approx(2 * (1.5 + audio.JINGLE_GAP_S), abs=0.15)


def test_southern_setting_picks_the_southern_voice(built):
    ctx = built[0]
    southern = dataclasses.replace(ctx.settings.speech, region="nam")
    ctx_nam = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, speech=southern))
    engine = broadcast.choose_engine(ctx_nam)
    assert isinstance(engine, audio.EspeakEngine) and engine.voice == "vi-vn-x-south"
    script = Composer(ctx.views, ctx_nam.settings).compose(campaign_view(ctx))
    assert "bảy ngàn năm trăm năm mươi lăm" in script.spoken_text  # ngàn, not nghìn
    # espeak-ng keeps the Southern voice for our SSML input (no xml:lang)
    assert audio.ipa("Anh Huy", "vi-vn-x-south") != audio.ipa("Anh Huy", "vi")


def test_piper_without_its_voice_falls_back_cleanly(built, tmp_path):
    """No .onnx voice at extra.speech.voice: espeak-ng reads, whether or not piper is installed."""
    ctx = built[0]
    speech = dataclasses.replace(ctx.settings.speech, engine="piper", voice=str(tmp_path / "vi.onnx"))
    report = type(ctx.report)()
    ctx_piper = dataclasses.replace(
        ctx, settings=dataclasses.replace(ctx.settings, speech=speech), report=report
    )
    engine = broadcast.choose_engine(ctx_piper)
    assert isinstance(engine, audio.EspeakEngine)
    (warning,) = report.warnings
    assert warning.field == "extra.speech.engine" and "piper" in warning.message


def test_espeak_speed_is_calibrated_to_the_rate():
    engine = audio.EspeakEngine("vi")
    speed, tempo = engine.speed_and_tempo(160)
    assert 100 <= speed <= 130 and abs(tempo - 1) < 0.02
    slow_speed, slow_tempo = engine.speed_and_tempo(80)
    assert slow_speed == audio.EspeakEngine.MIN_SPEED and slow_tempo < 1  # sox slows the rest
