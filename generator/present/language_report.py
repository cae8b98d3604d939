"""The team's language report (preview only): which records have which languages, which
translations are stale or drafts, which recordings are missing or not yet consented."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.kinds import KINDS
from generator.model.languages import (
    PART_NAMES,
    Language,
    current,
    language_of,
    recording_current,
    stale_parts,
)
from generator.model.records import Record
from generator.present import urls
from generator.present.views import Views, record_name

SECTION = "ngon-ngu"  # the page: noi-dung/ngon-ngu/ (a reserved id, model/validate.py)


@dataclass(frozen=True)
class LanguageRow:
    record: str  # the record's title or name
    kind: str  # "Câu chuyện"
    page: str | None  # its page, when it has one (published)
    where: str  # the record's file, as the editor opens it
    language: str  # "Thái Đen (blt)"
    what: str  # "Bản dịch: tiêu đề, nội dung" | "Ghi âm: nội dung"
    state: str  # what the team must do, or that it is published
    ok: bool  # shown on the site as it is


def page_source() -> str:
    return f"{urls.GENERATED_DIR}/{SECTION}/index.md"


def page() -> str:
    return f"{urls.GENERATED_DIR}/{SECTION}/"


def rows(views: Views) -> list[LanguageRow]:
    """Every translation and recording of every record (drafts too), and each approved
    translation's language without a recording, record by record."""
    published = {entry.key for entry in views.content.published}
    found: list[LanguageRow] = []
    for entry in sorted(views.content.entries, key=lambda e: e.shown):
        about = {
            "record": record_name(entry.record),
            "kind": KINDS[entry.kind].label,
            "page": urls.page(entry.kind, entry.id) if entry.key in published else None,
            "where": entry.shown,
        }
        for lang, what, state, ok in _states(entry.record):
            found.append(
                LanguageRow(**about, language=_language(lang, views.languages), what=what, state=state, ok=ok)
            )
    return found


def _states(record: Record) -> list[tuple[str, str, str, bool]]:
    """(language tag, what, state, shown as it is) of each translation and recording of a record."""
    found = []
    translations = getattr(record, "translations", []) or []
    recordings = getattr(record, "recordings", []) or []
    for t in translations:
        what = "Bản dịch: " + ", ".join(PART_NAMES[p] for p in t.parts)
        stale = stale_parts(record, t.source_hash, t.parts)
        if stale:
            state = (
                "Cũ: tiếng Việt đã đổi ở " + ", ".join(PART_NAMES[p] for p in stale) + "; cần đối chiếu lại"
            )
        elif t.status == "nhap":
            state = "Nháp: chờ người duyệt (status: da-duyet)"
        else:
            state = "Đang đăng"
        found.append((t.lang, what, state, not stale and t.status == "da-duyet"))
    for r in recordings:
        what = f"Ghi âm: {PART_NAMES[r.part]}"
        if not r.consent:
            found.append((r.lang, what, "Chưa có đồng ý của người đọc: không đăng", False))
        elif not recording_current(record, r):
            found.append((r.lang, what, "Cũ: tiếng Việt đã đổi; cần ghi âm lại hoặc đối chiếu", False))
        else:
            found.append((r.lang, what, "Đang đăng", True))
    recorded = {r.lang.partition("-")[0] for r in recordings}
    for lang in dict.fromkeys(t.lang.partition("-")[0] for t in translations if current(record, t)):
        if lang not in recorded:
            found.append((lang, "Ghi âm", "Chưa có bản ghi âm", False))
    return found


def _language(tag: str, languages: dict[str, Language]) -> str:
    language = language_of(tag, languages)
    return f"{language.name} ({tag})" if language else tag
