"""Each paragraph's speech is synthesised once; every MP3 is joined from those pieces.

Real espeak-ng, sox and soxi: the files checked are the ones listeners get.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.export import broadcast
from generator.export.broadcast import audio, pieces
from generator.export.broadcast.script import Composer, Paragraph
from generator.export.workers import Workers
from tests.conftest import make_context

pytestmark = pytest.mark.xdist_group("broadcast")

STORY, UNIT, CAMPAIGN = (
    "story/son-tinh-nguyen-trong-huy",
    "unit/son-tinh",
    "campaign/quang-ngai-cao-diem-2024",
)


@pytest.fixture(scope="module")
def exported(mini_content, tmp_path_factory):
    """The mini content's broadcast export with a cache of its own: (context, records, out)."""
    root = tmp_path_factory.mktemp("pieces")
    ctx = make_context(mini_content, root / "out", root / "cache")
    broadcast.export(ctx)
    ctx.workers.close()
    records = json.loads(ctx.writer.manifest.to_json())["records"]
    return ctx, records, root / "out"


def scripts(ctx):
    """Every script that has an MP3, by record key."""
    composer = Composer(ctx.views, ctx.settings)
    found = {v.key: composer.compose(v) for v in ctx.views.to_make("script") if v.file("audio")}
    for announcement in ctx.views.own(ctx.views.announcements):
        if announcement.file("audio"):
            found[announcement.key] = composer.announcement(announcement)
    return found


def soxi(path: Path, option: str) -> str:
    return subprocess.run(["soxi", option, path], capture_output=True, text=True, check=True).stdout.strip()


def piece_bytes(ctx, paragraph: Paragraph) -> bytes:
    engine = broadcast.choose_engine(ctx)
    key = pieces.speech_key(ctx.cache, engine, ctx.settings.speech.rate, paragraph)
    return ctx.cache.path(pieces.SPEECH, key, ".mp3").read_bytes()


def test_each_paragraph_is_synthesised_once(exported):
    ctx, records, _ = exported
    by_key = scripts(ctx)
    paragraphs = [p.text for s in by_key.values() for p in s.paragraphs]
    assert len(set(paragraphs)) < len(paragraphs)  # bulletins read their stories: shared speech
    assert ctx.workers.done["speech"] == len(set(paragraphs))
    mp3s = [item for record in records.values() for item in record.get("audio", [])]
    assert ctx.workers.done["audio"] == len(mp3s) == len(by_key)


def test_a_bulletin_carries_its_stories_speech_in_script_order(exported):
    ctx, records, out = exported
    by_key = scripts(ctx)
    summary = max(by_key[STORY].paragraphs, key=lambda p: p.syllables)  # the story itself
    spoken = piece_bytes(ctx, summary)
    for key in (STORY, UNIT, CAMPAIGN):
        if summary in by_key[key].paragraphs:
            data = (out / records[key]["audio"][0]["file"]).read_bytes()
            assert spoken in data, key  # the very frames the story's MP3 has: not synthesised again
    # Every paragraph's frames, in the order of the script (.txt), nothing else spoken.
    data = (out / records[UNIT]["audio"][0]["file"]).read_bytes()
    positions = [data.find(piece_bytes(ctx, p)) for p in by_key[UNIT].paragraphs]
    assert -1 not in positions and positions == sorted(positions)


def test_joined_mp3_is_mono_32k_and_its_length_is_measured(exported):
    _, records, out = exported
    for key in (STORY, UNIT, CAMPAIGN):
        (sound,) = records[key]["audio"]
        path = out / sound["file"]
        assert soxi(path, "-t") == "mp3" and soxi(path, "-c") == "1" and soxi(path, "-r") == "22050"
        assert soxi(path, "-B") == "32.0k"
        assert float(soxi(path, "-D")) == pytest.approx(sound["duration_s"], abs=0.1)
        assert audio.stats(path)["Maximum amplitude"] > 0.5


def test_joined_lasts_what_one_continuous_synthesis_lasts(exported, tmp_path):
    """Pauses between paragraphs as before: espeak-ng's own paragraph pause counts towards them."""
    ctx, _, _ = exported
    script = scripts(ctx)[CAMPAIGN]
    engine = audio.EspeakEngine("vi")
    whole = tmp_path / "whole.mp3"
    audio.stream_mp3(engine.stream(script.parts, script.rate), whole)
    joined = audio.synthesise(engine, script.parts, script.rate, tmp_path / "joined.mp3")
    assert joined == pytest.approx(audio.duration(whole), abs=0.5)
    assert joined <= script.slot_minutes * 60 or script.overrun_message


def test_a_pause_is_digital_silence(tmp_path):
    parts = (Paragraph("Kính thưa bà con.", 4), audio.Pause(3.0), Paragraph("Xin cảm ơn.", 3))
    target = tmp_path / "paused.mp3"
    audio.synthesise(audio.EspeakEngine("vi"), parts, 160, target)
    trimmed = tmp_path / "middle.wav"
    subprocess.run(["sox", target, trimmed, "trim", "2.5", "1.0"], check=True)  # inside the pause
    assert audio.stats(trimmed)["Maximum amplitude"] == 0


def test_nothing_is_synthesised_again(exported, mini_content, tmp_path):
    ctx, records, _ = exported
    again = make_context(mini_content, tmp_path / "out", ctx.cache.root)
    broadcast.export(again)
    assert not again.workers.done and not again.workers.started
    manifest = json.loads(again.writer.manifest.to_json())["records"]
    assert {k: v.get("audio") for k, v in manifest.items()} == {k: v.get("audio") for k, v in records.items()}


def test_pieces_of_another_format_are_refused(tmp_path):
    subprocess.run(
        ["sox", "-n", "-r", "44100", "-c", "1", tmp_path / "a.wav", "synth", "1", "sine", "440"], check=True
    )
    subprocess.run(["lame", "--quiet", "-b", "64", tmp_path / "a.wav", tmp_path / "a.mp3"], check=True)
    speech = tmp_path / "s.mp3"
    audio.speak_paragraph(audio.EspeakEngine("vi"), Paragraph("Xin chào.", 2), 160, speech)
    with pytest.raises(audio.AudioError):
        audio.assemble([speech, 1.0, tmp_path / "a.mp3"], tmp_path / "out.mp3")


def _square(value: int) -> int:
    return value * value


def test_workers_run_a_shared_job_once_and_wait_for_it():
    workers = Workers(2)
    try:
        first = workers.submit_once("speech", "k", _square, 3)
        assert workers.submit_once("speech", "k", _square, 3) is first
        later = workers.after([first, workers.submit("speech", _square, 4)], "audio", _square, 5)
        assert later.result(timeout=60) == 25 and first.result() == 9
        assert workers.done == {"speech": 2, "audio": 1}
    finally:
        workers.close()
