"""The translations and recordings a page shows: approved, of the current text, with consent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.model.languages import (
    Language,
    language_of,
    publishable,
    publishable_recordings,
    translation_body,
)
from generator.model.loader import Entry
from generator.model.media import resolve_media
from generator.model.records import Record
from generator.present import urls
from generator.present.catalogue import LEAFLET_PAGES, Planned


@dataclass(frozen=True)
class TranslationView:
    lang: str  # the BCP 47 tag, for lang="" and hreflang=""
    name: str  # "Thái Đen"
    anchor: str  # the section's id on the page
    page: str  # the translation's own page (urls.translation_page), under <html lang="…">
    source_md: str
    title: str | None
    summary: str | None
    body_html: str
    translator: str
    reviewer: str | None


@dataclass(frozen=True)
class RecordingView:
    lang: str
    name: str
    file: str  # where the site serves it
    source: str  # the file in the content folder
    speaker: str  # shown only because the speaker consented (unconsented recordings have no view)
    part: str = "body"  # the part it reads: title, summary or body


def translations(
    root: Path, entry: Entry[Record], languages: dict[str, Language], render: Callable[[str], str]
) -> tuple[TranslationView, ...]:
    found = []
    for t in publishable(entry.record, languages):
        language = language_of(t.lang, languages)
        assert language is not None  # publishable() keeps listed languages only
        body = translation_body(root, entry, t)
        found.append(
            TranslationView(
                lang=t.lang,
                name=language.name,
                anchor=f"ban-dich-{t.lang.lower()}",
                page=urls.translation_page(entry.kind, entry.id, t.lang),
                source_md=urls.translation_source(entry.kind, entry.id, t.lang),
                title=t.title,
                summary=t.summary,
                body_html=render(body) if body else "",
                translator=t.translator,
                reviewer=t.reviewer,
            )
        )
    return tuple(found)


def recordings(root: Path, entry: Entry[Record], languages: dict[str, Language]) -> tuple[RecordingView, ...]:
    found = []
    for r in publishable_recordings(entry.record, languages):
        language = language_of(r.lang, languages)
        assert language is not None
        source = resolve_media(root, entry.path, r.file)
        served = urls.media(entry.kind, entry.id, r.file)
        found.append(RecordingView(r.lang, language.name, served, str(source), r.speaker, r.part))
    return tuple(found)


def _primary(tag: str) -> str:
    return tag.partition("-")[0]


def translated_parts(translation: TranslationView) -> tuple[str, ...]:
    given = {"title": translation.title, "summary": translation.summary, "body": translation.body_html}
    return tuple(part for part, text in given.items() if text)


def bulletin_recordings(
    translation: TranslationView, recordings: tuple[RecordingView, ...]
) -> tuple[RecordingView, ...]:
    """The recordings a bilingual bulletin may play with ``translation``: in its language, of a
    part it translates. Both are already approved, current and consented (or have no view)."""
    parts = translated_parts(translation)
    return tuple(r for r in recordings if _primary(r.lang) == _primary(translation.lang) and r.part in parts)


def bilingual_bulletins(
    kind: str,
    id_: str,
    translations: tuple[TranslationView, ...],
    recordings: tuple[RecordingView, ...],
    translation_only: bool,
) -> list[Planned]:
    """Per language with an approved translation and a recording of it: the bilingual MP3 and
    its announcer sheet, and the translation read alone when the team asks for it
    (extra.speech.translation_only). For any record with a bulletin (story, campaign, unit)."""
    planned: list[Planned] = []
    for t in translations:
        if not bulletin_recordings(t, recordings):
            continue
        name = t.name
        planned += [
            Planned(
                "script",
                "announcer-sheet-bilingual",
                urls.bilingual_script(kind, id_, t.lang, "pdf"),
                f"Bản in song ngữ Việt - {name} cho phát thanh viên (PDF)",
            ),
            Planned(
                "audio",
                "bilingual",
                urls.bilingual_script(kind, id_, t.lang, "mp3"),
                f"Bản tin song ngữ Việt - {name} (MP3)",
            ),
        ]
        if translation_only:
            only = urls.bilingual_script(kind, id_, t.lang, "mp3", translation_only=True)
            planned.append(Planned("audio", "translation-only", only, f"Bản tin tiếng {name} (MP3)"))
    return planned


def bilingual_leaflet(story_id: str, translations: tuple[TranslationView, ...]) -> list[Planned]:
    """The A5 leaflet in Vietnamese and the first approved translation, when there is one."""
    if not translations:
        return []
    name = translations[0].name
    path = urls.leaflet("story", story_id, "a5-bilingual")
    label = f"Tờ rơi A5 song ngữ Việt - {name} (PDF)"
    return [Planned("leaflet", "a5-bilingual", path, label, LEAFLET_PAGES["a5-bilingual"])]
