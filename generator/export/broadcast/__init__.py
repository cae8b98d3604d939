"""Loudspeaker exports: scripts (.txt, .ssml, announcer sheet PDF), audio (MP3), calendars (.ics).

The schedule in words and this week's bulletins, which the site shows too, live in
``generator.present.schedule``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.export.broadcast import audio, bilingual, calendar, pieces
from generator.export.broadcast.script import Composer, Script
from generator.export.broadcast.sheet import keep, kept_pages, look, render_sheet
from generator.export.broadcast.ssml import ssml
from generator.export.broadcast.texts import ScriptTexts
from generator.export.broadcast.timing import minutes_text
from generator.export.output import Cache
from generator.present import urls
from generator.present.announcements import Announcement
from generator.present.templating import render
from generator.present.views import CampaignView, Origin, RecordView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

__all__ = ["export", "start"]

_ABBREVIATION_IN_WARNING = re.compile(r"[A-ZĐ][A-ZĐ0-9&/.-]*[A-ZĐ0-9]")
AUDIO, SHEETS = "audio", "broadcast-sheet"  # cache namespaces


@dataclass(frozen=True)
class AudioJob:
    key: str
    path: str  # relative to the output folder
    script: Script
    recording: Path | None  # a human recording replaces synthesis


def start(ctx: BuildContext) -> Callable[[], None]:
    """Compose every script and send the missing sheets and audio to the workers; the
    returned step waits for them and writes everything into the output."""
    composer = Composer(ctx.views, ctx.settings, ctx.cache)
    engine = choose_engine(ctx)
    check_jingles(ctx)
    texts = ScriptTexts(ctx.cache)
    steps: list[Callable[[], None]] = []
    for view in ctx.views.to_make("script"):
        script = composer.compose(view)
        report(ctx, view, script)
        steps.append(partial(write_scripts, ctx, view, script, texts))
        steps.append(start_sheet(ctx, view, script))
        planned = view.file("audio")
        if planned:
            job = AudioJob(view.key, planned.path, script, recording_file(view))
            steps.append(start_audio(ctx, engine, job))
        if view.translations and view.recordings:  # any record with a bulletin (issue 22)
            steps += bilingual.start(ctx, composer, engine, view, script)
        if isinstance(view, CampaignView):
            steps.append(partial(write_calendar, ctx, view))
    for announcement in ctx.views.own(ctx.views.announcements):
        script = composer.announcement(announcement)
        report_announcement(ctx, announcement, script)
        steps.append(partial(write_scripts, ctx, announcement, script, texts))
        steps.append(start_sheet(ctx, announcement, script))
        planned = announcement.file("audio")
        if planned:
            steps.append(start_audio(ctx, engine, AudioJob(announcement.key, planned.path, script, None)))

    def finish() -> None:
        for step in steps:
            step()

    return finish


def export(ctx: BuildContext) -> None:
    start(ctx)()


def _nothing() -> None:
    pass


# --- scripts --------------------------------------------------------------------------


def announcer_text(script: Script) -> str:
    slot = minutes_text(script.slot_minutes) if script.slot_minutes else ""
    return render("broadcast/announcer.txt.j2", script=script, slot=slot)


def write_scripts(
    ctx: BuildContext, view: RecordView | Announcement, script: Script, texts: ScriptTexts
) -> None:
    seconds = round(script.duration_s)
    txt = view.file("script", "announcer")
    if txt:
        ctx.writer.copy(txt.path, texts.file("announcer", script, announcer_text))
        ctx.writer.record(view.key, "script", txt.path, "announcer", duration_s=seconds)
    speech = view.file("script", "ssml")
    if speech:
        ctx.writer.copy(speech.path, texts.file("ssml", script, ssml))
        ctx.writer.record(view.key, "script", speech.path, "ssml", duration_s=seconds)


def start_sheet(ctx: BuildContext, view: RecordView | Announcement, script: Script) -> Callable[[], None]:
    """The announcer sheet PDF from the cache, or rendered by a worker."""
    sheet = view.file("script", "announcer-sheet")
    if not sheet:
        return _nothing
    primary, stamp, stamp_css = look(ctx.settings)
    key = ctx.cache.key(SHEETS, repr(script), primary, stamp_css)  # its repr names every field
    pages = kept_pages(ctx.cache, SHEETS, key)
    pending = None
    if pages is None:
        pending = ctx.workers.submit("pdf", make_sheet, ctx.cache.root, key, script, primary, stamp)

    def place() -> None:
        count = pending.result() if pending is not None else pages
        ctx.writer.copy(sheet.path, ctx.cache.path(SHEETS, key, ".pdf"))
        seconds = round(script.duration_s)
        ctx.writer.record(view.key, "script", sheet.path, "announcer-sheet", duration_s=seconds, pages=count)

    return place


def make_sheet(cache_root: Path, key: str, script: Script, primary: str, stamp: str | None = None) -> int:
    """In a worker: render one announcer sheet into the cache; its page count."""
    return keep(Cache(cache_root), SHEETS, key, lambda tmp: render_sheet(script, tmp, primary, stamp))


def write_calendar(ctx: BuildContext, view: CampaignView) -> None:
    planned = view.file("calendar", "ics")
    if not planned:
        return  # a campaign without a schedule still gets a (empty) calendar: pages link to it
    script = view.file("script", "announcer")
    script_url = urls.absolute(ctx.settings.site_url, script.path) if script else None
    data = calendar.ics(view, site_url=ctx.settings.site_url, script_url=script_url)
    ctx.writer.write_bytes(planned.path, data)
    ctx.writer.record(view.key, "calendar", planned.path, "ics")


# --- warnings ---------------------------------------------------------------------------


def locate(origin: Origin, warning: str) -> tuple[str, int]:
    """The record field a normaliser warning comes from (else the whole file)."""
    fields = origin.text_fields()
    for token in _ABBREVIATION_IN_WARNING.findall(warning.partition(":")[2] or warning):
        pattern = re.compile(rf"(?<!\w){re.escape(token)}(?!\w)")
        for field, text in fields:
            if pattern.search(text):
                return field, origin.line(field)
    return "-", 1


def report(ctx: BuildContext, view: RecordView, script: Script) -> None:
    """The normaliser's warnings, once per record, and a bulletin longer than its slot."""
    for warning in script.warnings:
        field, line = locate(view.origin, warning)
        ctx.report.warn(view.origin.shown, line, field, f"kịch bản đọc loa: {warning}")
    if script.overrun_message:
        ctx.report.warn_at(view.origin, "broadcast.slot_minutes", script.overrun_message)


def report_announcement(ctx: BuildContext, announcement: Announcement, script: Script) -> None:
    """The normaliser's warnings on a change bulletin point at the policy record whose source it reads."""
    for change in announcement.changes:
        kind, _, id_ = change.record.partition("/")
        entry = ctx.content.get(kind, id_) if id_ else None
        if entry is None:
            continue
        for warning in script.warnings:
            field, line = locate(entry, warning)
            if field != "-":
                ctx.report.warn(entry.shown, line, field, f"bản tin thay đổi chính sách: {warning}")


# --- audio ---------------------------------------------------------------------------------


def _settings_line(ctx: BuildContext, key: str) -> int:
    try:
        lines = ctx.settings.config_file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:")), 1)


def choose_engine(ctx: BuildContext) -> audio.Engine | None:
    """The configured engine, else espeak-ng (with a warning), else none (no audio)."""
    speech = ctx.settings.speech
    config = ctx.settings.config_file.name
    espeak = audio.EspeakEngine(audio.EspeakEngine.voice_for(speech.region, None))
    if speech.engine == "piper":
        piper = audio.PiperEngine(speech.voice_file) if speech.voice_file else None
        if piper and piper.available():
            return piper
        ctx.report.warn(
            config,
            _settings_line(ctx, "engine"),
            "extra.speech.engine",
            "không dùng được piper (cần lệnh piper và tệp giọng .onnx ở extra.speech.voice); "
            "tạm đọc bằng espeak-ng",
        )
    else:  # espeak-ng: the settings accept no other engine (SpeechSettings.engine)
        espeak = audio.EspeakEngine(audio.EspeakEngine.voice_for(speech.region, speech.voice))
    if espeak.available():
        return espeak
    ctx.report.warn(
        config, 1, "extra.speech", "thiếu espeak-ng hoặc sox: không làm tệp âm thanh (cài bằng make site)"
    )
    return None


def recording_file(view: RecordView) -> Path | None:
    path = Path(view.recording_file) if view.recording_file else None
    return path if path is not None and path.is_file() else None


def audio_key(
    cache: Cache, engine: audio.Engine, job: AudioJob, intro: Path | None, outro: Path | None
) -> str:
    return cache.key(
        AUDIO,
        engine.identity(job.script.rate),
        [(type(p).__name__, vars(p)) for p in job.script.parts],
        intro or "",
        outro or "",
    )


def _jingle(path: Path | None) -> Path | None:
    return path if path is not None and path.is_file() else None


def start_audio(ctx: BuildContext, engine: audio.Engine | None, job: AudioJob) -> Callable[[], None]:
    """The MP3 and its measured length from the cache, or made by a worker."""
    if job.recording is not None:
        variant = audio.RecordingEngine.name
        key = ctx.cache.key(AUDIO, "recording", job.recording)
        make: Callable[[Path], None] = partial(audio.RecordingEngine().produce, job.recording)
    elif engine is not None:
        variant = engine.name
        intro, outro = _jingle(ctx.settings.speech.jingle_intro), _jingle(ctx.settings.speech.jingle_outro)
        key = audio_key(ctx.cache, engine, job, intro, outro)
    else:
        return _nothing
    pending = None
    if ctx.cache.read_json(AUDIO, key) is None or ctx.cache.get(AUDIO, key, ".mp3") is None:
        if job.recording is not None:
            pending = ctx.workers.submit("audio", make_audio, ctx.cache.root, key, make)
        else:  # joined from each paragraph's speech, made once for every script that reads it
            assert engine is not None
            items, waits = pieces.submit(ctx, engine, job.script.parts, job.script.rate, intro, outro)
            pending = ctx.workers.after(waits, "audio", pieces.make_joined, ctx.cache.root, key, items)

    def place() -> None:
        if pending is not None:
            pending.result()
        length = ctx.cache.read_json(AUDIO, key)["duration_s"]
        ctx.writer.copy(job.path, ctx.cache.path(AUDIO, key, ".mp3"))
        # length_s: to the millisecond, so a page can print the length a player shows (1:03)
        ctx.writer.record(
            job.key, "audio", job.path, variant, duration_s=round(length, 1), length_s=round(length, 3)
        )

    return place


def make_audio(cache_root: Path, key: str, make: Callable[[Path], None]) -> None:
    """In a worker: the MP3, then its measured length next to it (so a rebuild never runs soxi)."""
    store = Cache(cache_root)
    mp3 = store.make(AUDIO, key, ".mp3", make)
    store.write_json(AUDIO, key, {"duration_s": audio.duration(mp3)})


def check_jingles(ctx: BuildContext) -> None:
    speech = ctx.settings.speech
    for name, jingle in (("jingle_intro", speech.jingle_intro), ("jingle_outro", speech.jingle_outro)):
        if jingle is not None and not jingle.is_file():
            ctx.report.warn(
                ctx.settings.config_file.name,
                _settings_line(ctx, name),
                f"extra.speech.{name}",
                f"không thấy tệp nhạc hiệu {jingle}; bản âm thanh làm không có nhạc hiệu",
            )
