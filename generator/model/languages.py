"""Translations and recordings in the languages the villages speak (Thái, Mông, Tà Ôi, Pa Kô…).

The languages are a closed list the team keeps in ``stories/_ngon-ngu.yaml`` (BCP 47 tags).
A translation stores, per part, the hash of the Vietnamese text it was made from; when that
text changes the translation is stale: ``check`` warns with the current hash (the tool never
rewrites what the team wrote) and no output shows it until a person has checked it again.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import media
from generator.model.diagnostics import Report, did_you_mean
from generator.model.kinds import KINDS
from generator.model.loader import RECORD_SUFFIXES, Entry
from generator.model.records import LangRecording, Record, TranslatedPart, Translation

LANGUAGES_FILE = "_ngon-ngu.yaml"
HASH_LENGTH = 12
# A long reading is a few minutes; 40 MB is half an hour of MP3 at 160 kbit/s.
RECORDING_BYTES = 40 * 1024 * 1024
TRANSLATION_BYTES = 512 * 1024
SCRIPT_NAMES = {"Tavt": "chữ Thái (Tai Viet)", "Latn": "chữ La-tinh"}
PART_NAMES = {"title": "tiêu đề", "summary": "tóm tắt", "body": "nội dung"}


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # Vietnamese, as shown: "Thái Đen"
    scripts: tuple[str, ...]  # ISO 15924, the default first


def source_hash(text: str) -> str:
    """The first 12 hex digits of the SHA-256 of the text in NFC: what a translation was made from."""
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


def load_languages(root: Path, report: Report | None = None, shown_root: str = "") -> dict[str, Language]:
    """The team's language list; empty when the file is missing (any ``lang`` is then an error)."""
    path = root / LANGUAGES_FILE
    shown = str(Path(shown_root) / LANGUAGES_FILE) if shown_root else str(path)
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        if report is not None:
            report.error(shown, 1, "-", f"không đọc được danh mục ngôn ngữ ({exc})")
        return {}
    found = {}
    for code, item in data.items() if isinstance(data, dict) else ():
        if isinstance(item, dict) and item.get("name"):
            scripts = tuple(str(s) for s in item.get("scripts") or ("Latn",))
            found[str(code)] = Language(str(code), str(item["name"]), scripts)
        elif report is not None:
            report.error(shown, 1, str(code), "mỗi ngôn ngữ cần name (tên tiếng Việt)")
    return found


def language_of(tag: str, languages: dict[str, Language]) -> Language | None:
    """``blt`` or ``blt-Latn``: the language, when the tag (and its script, if given) is listed."""
    code, _, script = tag.partition("-")
    language = languages.get(code)
    if language is None or (script and script not in language.scripts):
        return None
    return language


def tag_problem(tag: str, languages: dict[str, Language]) -> str | None:
    if language_of(tag, languages) is not None:
        return None
    if not languages:
        return f'chưa có danh mục ngôn ngữ {LANGUAGES_FILE} trong thư mục nội dung; thêm "{tag}" vào đó'
    code, _, script = tag.partition("-")
    if code in languages:
        scripts = ", ".join(f"{s} ({SCRIPT_NAMES.get(s, s)})" for s in languages[code].scripts)
        return f'tiếng {languages[code].name} không ghi bằng chữ "{script}" trong danh mục; chọn: {scripts}'
    hint = did_you_mean(tag, tuple(languages))
    return f'"{tag}" không có trong danh mục ngôn ngữ ({LANGUAGES_FILE}).{hint}'


def source_text(record: Record, part: TranslatedPart) -> str | None:
    """The Vietnamese text of a part: a model's or campaign's name is its title."""
    if part == "title":
        return getattr(record, "title", None) or getattr(record, "name", None)
    return getattr(record, part, None)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text as written: the blocks between blank lines."""
    blocks = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n\n")
    return [block.strip() for block in blocks if block.strip()]


def current_hashes(record: Record) -> dict[TranslatedPart, str]:
    """The hash of each part the record has, now: what a translator writes in ``source_hash``."""
    found: dict[TranslatedPart, str] = {}
    for part in ("title", "summary", "body"):
        text = source_text(record, part)  # type: ignore[arg-type]
        if text is not None:
            found[part] = source_hash(text)  # type: ignore[index]
    return found


def stale_parts(record: Record, hashes: dict, parts: tuple[TranslatedPart, ...]) -> list[TranslatedPart]:
    """The parts whose Vietnamese text is not the one the hashes were taken from (or has no hash)."""
    return [part for part in parts if hashes.get(part) != source_hash(source_text(record, part) or "")]


def current(record: Record, translation: Translation) -> bool:
    return not stale_parts(record, translation.source_hash, translation.parts)


def recording_current(record: Record, recording: LangRecording) -> bool:
    return not stale_parts(record, {recording.part: recording.source_hash}, (recording.part,))


def publishable(record: Record, languages: dict[str, Language]) -> list[Translation]:
    """Approved translations of the current text, in a listed language: the only ones shown."""
    return [
        t
        for t in getattr(record, "translations", [])
        if t.status == "da-duyet" and language_of(t.lang, languages) and current(record, t)
    ]


def publishable_recordings(record: Record, languages: dict[str, Language]) -> list[LangRecording]:
    """Recordings with the speaker's consent, of the current text, in a listed language."""
    return [
        r
        for r in getattr(record, "recordings", [])
        if r.consent and language_of(r.lang, languages) and recording_current(record, r)
    ]


def translation_body(root: Path, entry: Entry, translation: Translation) -> str | None:
    """The translated body: written in the record, or read from its file."""
    if translation.body or not translation.file:
        return translation.body
    path = media.resolve_media(root, entry.path, translation.file)
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8-sig")).strip()


def check_languages(root: Path, shown_root: str, entries: list[Entry], report: Report) -> None:
    """Unknown languages, missing files, stale translations and recordings, recordings without consent."""
    if not any(
        getattr(e.record, "translations", None) or getattr(e.record, "recordings", None) for e in entries
    ):
        return
    languages = load_languages(root, report, shown_root)
    for entry in entries:
        for i, translation in enumerate(getattr(entry.record, "translations", [])):
            _check_translation(root, entry, i, translation, languages, report)
        for i, recording in enumerate(getattr(entry.record, "recordings", [])):
            _check_recording(root, entry, i, recording, languages, report)


def _has_languages(record: Record) -> bool:
    return bool(getattr(record, "translations", None) or getattr(record, "recordings", None))


def _name(tag: str, languages: dict[str, Language]) -> str:
    language = language_of(tag, languages)
    return f"tiếng {language.name}" if language else f'"{tag}"'


def _check_translation(
    root: Path, entry: Entry, i: int, translation: Translation, languages: dict[str, Language], report: Report
) -> None:
    at = f"translations[{i}]"
    if problem := tag_problem(translation.lang, languages):
        report.error_at(entry, f"{at}.lang", problem)
    if translation.file and (problem := _file_problem(root, entry, translation.file)):
        report.error_at(entry, f"{at}.file", problem)
    for part in translation.parts:
        if source_text(entry.record, part) is None:
            report.error_at(entry, f"{at}.{part}", f"bản ghi không có phần {part} để dịch")
    what = f'bản dịch {_name(translation.lang, languages)} của {KINDS[entry.kind].noun} "{entry.id}"'
    for part in stale_parts(entry.record, translation.source_hash, translation.parts):
        text = source_text(entry.record, part)
        if text is None:
            continue
        old = translation.source_hash.get(part)
        report.warn_at(
            entry, f"{at}.source_hash.{part}", _stale(what, part, old, text, f"source_hash.{part}")
        )


def _stale(what: str, part: TranslatedPart, old: str | None, text: str, field: str) -> str:
    now = source_hash(text)
    change = (
        f"chưa ghi mã bản gốc của phần {part} ({PART_NAMES[part]})"
        if old is None
        else f"phần {part} ({PART_NAMES[part]}) tiếng Việt đã đổi từ khi dịch (mã lúc dịch {old}, nay {now})"
    )
    return (
        f"{what}: {change}; bản dịch không được đăng cho đến khi người dịch đối chiếu lại "
        f"và ghi {field}: {now}"
    )


def _file_problem(root: Path, entry: Entry, name: str) -> str | None:
    if problem := media.location_problem(root, entry.path, name):
        return problem
    path = media.resolve_media(root, entry.path, name)
    if path.suffix.lower() in RECORD_SUFFIXES and not any(p.startswith("_") for p in Path(name).parts):
        return (
            f'tệp "{name}" sẽ bị đọc như một bản ghi; đặt tên bắt đầu bằng "_" '
            f'(ví dụ "_{Path(name).name}") hoặc để trong thư mục "_ban-dich/"'
        )
    if path.stat().st_size > TRANSLATION_BYTES:
        return f"tệp bản dịch quá lớn (tối đa {TRANSLATION_BYTES // 1024} KB)"
    try:
        path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return "tệp bản dịch không phải UTF-8; hãy lưu lại dạng UTF-8"
    return None


def _check_recording(
    root: Path, entry: Entry, i: int, recording: LangRecording, languages: dict[str, Language], report: Report
) -> None:
    at = f"recordings[{i}]"
    if problem := tag_problem(recording.lang, languages):
        report.error_at(entry, f"{at}.lang", problem)
    problem = media.location_problem(root, entry.path, recording.file)
    path = media.resolve_media(root, entry.path, recording.file)
    if problem is None and path.stat().st_size > RECORDING_BYTES:
        problem = f"tệp ghi âm quá lớn (tối đa {RECORDING_BYTES // (1024 * 1024)} MB); hãy xuất lại dạng MP3"
    if problem := problem or media.audio_problem(path):
        report.error_at(entry, f"{at}.file", problem)
    what = f'bản ghi âm {_name(recording.lang, languages)} của {KINDS[entry.kind].noun} "{entry.id}"'
    if not recording.consent:
        report.warn_at(
            entry,
            f"{at}.consent",
            f"{what} chưa có sự đồng ý của người đọc (consent: false): "
            "không được đăng, tên người đọc không hiện",
        )
    text = source_text(entry.record, recording.part)
    if text is None:
        parts = ", ".join(p for p in PART_NAMES if source_text(entry.record, p) is not None)  # type: ignore[arg-type]
        report.error_at(
            entry,
            f"{at}.part",
            f"{KINDS[entry.kind].noun} không có phần {recording.part} ({PART_NAMES[recording.part]}) "
            f"để ghi âm; ghi part: một trong {parts}",
        )
    elif recording.source_hash != source_hash(text):
        report.warn_at(
            entry,
            f"{at}.source_hash",
            _stale(what, recording.part, recording.source_hash, text, "source_hash"),
        )
