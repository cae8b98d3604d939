"""Bilingual bulletins (issue 22): each Vietnamese paragraph, in our synthesised speech, followed
by a person's recording of its translation; the translation alone when the team asks for it
(``extra.speech.translation_only``); the announcer sheet in both languages.

Only what a page may show is used: a translation approved (``da-duyet``) and made from the
current text, a recording with its speaker's consent, made from the current text, in the same
language and of a part the translation gives (``present.languages.bulletin_recordings``).
Anything stale or unapproved leaves the record with its Vietnamese bulletin alone.

Every record with a bulletin and translations has them: a story, a campaign (what the commune
loudspeakers play). Where a recording goes: after the paragraph that reads its part (a story's
title in "Mời bà con nghe câu chuyện: …", a campaign's name in its opening, "Hưởng ứng …", the
summary in its paragraph). The script reads the summary in place of the body, so a recording
of the body follows the summary's paragraph; a part no paragraph reads (a campaign's summary)
follows the paragraph of the part before it (the campaign's name), else the last paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from generator.export.broadcast import audio, pieces, recorded
from generator.export.broadcast.bilingualscript import Bilingual, Recorded, Segment
from generator.export.broadcast.parts import PARAGRAPH_PAUSE_S, Paragraph, Pause
from generator.export.broadcast.script import Composer, Script
from generator.export.broadcast.sheet import keep, kept_pages, look, render_bilingual_sheet
from generator.export.output import Cache
from generator.present import urls
from generator.present.languages import TranslationView, bulletin_recordings
from generator.present.views import RecordView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

AUDIO, SHEETS = "bilingual-audio", "bilingual-sheet"  # cache namespaces
PART_ORDER = ("title", "summary", "body")


def _html(translation: TranslationView, part: str) -> str:
    if part == "body":
        return translation.body_html  # rendered and sanitised as the page shows it
    return str(escape(getattr(translation, part) or ""))


def compose(
    composer: Composer, cache: Cache, view: RecordView, script: Script, warn: Callable[[str], None]
) -> list[Bilingual]:
    """One bilingual bulletin per language with an approved translation and a recording of it
    (the first recording of each part; one sox cannot read is left out, with a warning)."""
    found = []
    for translation in view.translations:
        chosen: dict[str, Recorded] = {}
        for r in bulletin_recordings(translation, view.recordings):
            if r.part in chosen:
                continue
            try:
                seconds = recorded.seconds(cache, Path(r.source))
            except audio.AudioError as error:
                warn(f"bản tin song ngữ không dùng được bản ghi âm {Path(r.source).name}: {error}")
                continue
            html = _html(translation, r.part)
            chosen[r.part] = Recorded(r.lang, r.part, r.source, r.speaker, seconds, html)
        if chosen:
            items = sorted(chosen.values(), key=lambda item: PART_ORDER.index(item.part))
            segments = place(composer, view, script, items)
            found.append(Bilingual(script, translation.lang, translation.name, segments))
    return found


def place(composer: Composer, view: RecordView, script: Script, items: list[Recorded]) -> tuple[Segment, ...]:
    """The script's parts with each recording after the paragraph that reads its part."""
    paragraphs = [i for i, p in enumerate(script.parts) if isinstance(p, Paragraph)]

    def reading(eye_text: str) -> int | None:
        spoken = composer.speak(eye_text)[0]
        said = " ".join(p.text for p in spoken if isinstance(p, Paragraph)).casefold()
        texts = script.parts
        return next((i for i in paragraphs if said and said in texts[i].text.casefold()), None)  # type: ignore[union-attr]

    sources = {"title": view.title, "summary": view.summary, "body": view.summary}
    last = paragraphs[-1] if paragraphs else len(script.parts) - 1

    def position(part: str) -> int:
        """Its part's paragraph; else that of the part before it (a campaign's summary, which
        its bulletin does not read, after its name's); else the last."""
        for earlier in reversed(PART_ORDER[: PART_ORDER.index(part) + 1]):
            index = reading(sources[earlier])
            if index is not None:
                return index
        return last

    after: dict[int, list[Recorded]] = {}
    for item in items:
        after.setdefault(position(item.part), []).append(item)
    segments: list[Segment] = []
    for index, part in enumerate(script.parts):
        segments.append(part)
        for item in after.get(index, []):
            segments += [Pause(PARAGRAPH_PAUSE_S), item]
    return tuple(segments)


# --- the build -------------------------------------------------------------------------------


def start(
    ctx: BuildContext, composer: Composer, engine: audio.Engine | None, view: RecordView, script: Script
) -> list[Callable[[], None]]:
    """Every bilingual sheet and MP3 of a record, from the cache or sent to the workers."""
    planned = {d.path for d in view.downloads}
    steps: list[Callable[[], None]] = []

    def warn(message: str) -> None:
        ctx.report.warn_at(view.origin, "recordings", message)

    for bilingual in compose(composer, ctx.cache, view, script, warn):
        sheet = urls.bilingual_script(view.kind, view.id, bilingual.lang, "pdf")
        if sheet in planned:
            steps.append(start_sheet(ctx, view.key, bilingual, sheet))
        both = urls.bilingual_script(view.kind, view.id, bilingual.lang, "mp3")
        if both in planned and engine is not None:
            steps.append(start_audio(ctx, engine, view.key, bilingual, bilingual.segments, both, "bilingual"))
        alone = urls.bilingual_script(view.kind, view.id, bilingual.lang, "mp3", translation_only=True)
        if alone in planned and engine is not None:
            only = bilingual.translation_only()
            steps.append(start_audio(ctx, engine, view.key, bilingual, only, alone, "translation-only"))
    return steps


def start_sheet(ctx: BuildContext, record: str, bilingual: Bilingual, path: str) -> Callable[[], None]:
    primary, stamp, stamp_css = look(ctx.settings)
    sources = [Path(r.source) for r in bilingual.recordings]  # their bytes
    key = ctx.cache.key(SHEETS, repr(bilingual), sources, primary, stamp_css)
    pages = kept_pages(ctx.cache, SHEETS, key)
    pending = None
    if pages is None:
        pending = ctx.workers.submit("pdf", make_sheet, ctx.cache.root, key, bilingual, primary, stamp)

    def place_sheet() -> None:
        count = pending.result() if pending is not None else pages
        ctx.writer.copy(path, ctx.cache.path(SHEETS, key, ".pdf"))
        about = {"lang": bilingual.lang, "duration_s": round(bilingual.duration_s), "pages": count}
        ctx.writer.record(record, "script", path, "announcer-sheet-bilingual", **about)

    return place_sheet


def make_sheet(cache_root: Path, key: str, bilingual: Bilingual, primary: str, stamp: str | None) -> int:
    """In a worker: one bilingual announcer sheet into the cache; its page count."""
    return keep(
        Cache(cache_root), SHEETS, key, lambda tmp: render_bilingual_sheet(bilingual, tmp, primary, stamp)
    )


def layout(
    engine: audio.Engine, segments: tuple[Segment, ...], rate: int, intro: bool, outro: bool
) -> list[Paragraph | Recorded | str | float]:
    """As ``audio.layout``, with recordings: a pause after a recording loses only what encoding
    adds to a piece (a recording ends with no engine's silence)."""
    tail = getattr(engine, "trailing_silence", None)
    after_paragraph = tail(rate) if tail is not None else 0.0
    items: list[Paragraph | Recorded | str | float] = []
    previous: Segment | None = None
    for segment in segments:
        if isinstance(segment, Pause):
            before = after_paragraph if isinstance(previous, Paragraph) else 0.0
            items.append(max(0.0, segment.seconds - before - audio.PIECE_OVERHEAD_S))
        else:
            items.append(segment)
        previous = segment
    gap = audio.JINGLE_GAP_S - audio.PIECE_OVERHEAD_S
    if intro:
        items = [audio.INTRO, gap, *items]
    if outro:
        items = [*items, gap, audio.OUTRO]
    return items


def _jingle(path: Path | None) -> Path | None:
    return path if path is not None and path.is_file() else None


def start_audio(
    ctx: BuildContext,
    engine: audio.Engine,
    record: str,
    bilingual: Bilingual,
    segments: tuple[Segment, ...],
    path: str,
    variant: str,
) -> Callable[[], None]:
    """The MP3 joined from the paragraphs' speech pieces and the recordings' pieces."""
    intro, outro = _jingle(ctx.settings.speech.jingle_intro), _jingle(ctx.settings.speech.jingle_outro)
    jingles = {audio.INTRO: intro, audio.OUTRO: outro}
    rate = bilingual.script.rate
    items: list[audio.Item] = []
    names: list[Any] = []  # what the joined MP3's key reads: each piece's key, each silence
    waits: list[Future[Any]] = []
    for item in layout(engine, segments, rate, intro is not None, outro is not None):
        if isinstance(item, float):
            items.append(item)
            names.append(round(item, 4))
            continue
        if isinstance(item, Paragraph):
            namespace, key = pieces.SPEECH, pieces.speech_key(ctx.cache, engine, rate, item)
            job: tuple[Any, ...] = (pieces.make_speech, ctx.cache.root, key, engine, item, rate)
        elif isinstance(item, Recorded):
            source = Path(item.source)
            namespace, key = recorded.NAMESPACE, recorded.key(ctx.cache, source)
            job = (recorded.make_piece, ctx.cache.root, key, source)
        else:
            jingle = jingles[item]
            assert jingle is not None
            namespace, key = pieces.JINGLE, pieces.jingle_key(ctx.cache, jingle)
            job = (pieces.make_jingle, ctx.cache.root, key, jingle)
        piece = ctx.cache.path(namespace, key, ".mp3")
        if not piece.exists():
            waits.append(ctx.workers.submit_once(namespace, key, *job))
        items.append(piece)
        names.append([namespace, key])
    sources = [Path(r.source) for r in bilingual.recordings]  # their bytes, said outright
    key = ctx.cache.key(AUDIO, names, sources)
    pending = None
    if ctx.cache.read_json(AUDIO, key) is None or ctx.cache.get(AUDIO, key, ".mp3") is None:
        pending = ctx.workers.after(waits, "audio", pieces.make_joined, ctx.cache.root, key, items, AUDIO)

    def place_audio() -> None:
        if pending is not None:
            pending.result()
        length = ctx.cache.read_json(AUDIO, key)["duration_s"]
        ctx.writer.copy(path, ctx.cache.path(AUDIO, key, ".mp3"))
        ctx.writer.record(record, "audio", path, variant, lang=bilingual.lang, duration_s=round(length, 1))

    return place_audio
