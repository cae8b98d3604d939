"""Which files each kind of record exports, with their manifest names and labels.

Exporters write exactly these paths; pages link to them. One table, so a page never
links to a file that no exporter makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import formatting as fmt
from generator.present import urls


@dataclass(frozen=True)
class Planned:
    export: str  # manifest key: leaflet, script, audio, social, calendar
    variant: str  # manifest variant
    path: str  # relative to the output folder
    label: str  # Vietnamese link text
    pages: int | None = None  # a PDF's page count when its design fixes it


# Each leaflet design has an exact page count (generator/export/leaflet/context.py, VARIANTS).
LEAFLET_PAGES = {
    "a5": 1,
    "a5-large": 1,
    "a4": 2,
    "a4-large": 2,
    "talking-points": 1,
    "rate-table": 1,
    "bhyt-table": 1,
    "a5-bilingual": 2,  # the Vietnamese page, then the translation
}


def _leaflets(kind: str, id_: str, variants: dict[str, str]) -> list[Planned]:
    return [
        Planned("leaflet", v, urls.leaflet(kind, id_, v), label, LEAFLET_PAGES.get(v))
        for v, label in variants.items()
    ]


def _loudspeaker(kind: str, id_: str, audio_variant: str) -> list[Planned]:
    return [
        Planned("script", "announcer", urls.script(kind, id_, "txt"), "Kịch bản đọc loa (.txt)"),
        Planned("script", "ssml", urls.script(kind, id_, "ssml"), "Văn bản cho máy đọc (.ssml)"),
        Planned(
            "script", "announcer-sheet", urls.script(kind, id_, "pdf"), "Bản in cho phát thanh viên (PDF)"
        ),
        Planned("audio", audio_variant, urls.script(kind, id_, "mp3"), "Tệp âm thanh (MP3)"),
    ]


def _social(kind: str, id_: str, card: bool) -> list[Planned]:
    items = [
        Planned("social", "facebook", urls.social(kind, id_, "facebook"), "Bài đăng Facebook"),
        Planned("social", "zalo", urls.social(kind, id_, "zalo"), "Bài đăng Zalo"),
    ]
    if card:
        items.append(Planned("social", "card", urls.social(kind, id_, "card"), "Ảnh chia sẻ (PNG)"))
    return items


def province_tables(id_: str) -> list[Planned]:
    """A province's printed rate tables (only provinces, and only when policy figures exist)."""
    return _leaflets(
        "unit",
        id_,
        {
            "rate-table": "Bảng mức đóng BHXH tự nguyện (A4, PDF)",
            "bhyt-table": "Bảng mức đóng BHYT hộ gia đình (A4, PDF)",
        },
    )


def progress_sheet(id_: str) -> list[Planned]:
    """A province's A4 progress sheet (only provinces with a target in them: present/progress.py)."""
    return _leaflets("unit", id_, {"progress-sheet": "Tiến độ thực hiện kế hoạch (A4, PDF)"})


def progress_social(id_: str) -> list[Planned]:
    """A province's post and card on a new result (present/progress.py, ``News``)."""
    return _social("progress", id_, card=True)


def planned(kind: str, id_: str, audio_variant: str = "espeak-ng") -> list[Planned]:
    """Every file the build makes for one published record."""
    if kind == "story":
        return (
            _leaflets(kind, id_, {"a5": "Tờ rơi A5 (PDF)", "a5-large": "Tờ rơi A5 chữ lớn (PDF)"})
            + _loudspeaker(kind, id_, audio_variant)
            + _social(kind, id_, card=True)
        )
    if kind == "unit":
        return _leaflets(
            kind, id_, {"a4": "Tờ rơi A4 hai mặt (PDF)", "a4-large": "Tờ rơi A4 chữ lớn (PDF)"}
        ) + _loudspeaker(kind, id_, audio_variant)
    if kind == "model":
        return _leaflets(kind, id_, {"talking-points": "Tài liệu đối thoại nhóm nhỏ (PDF)"})
    if kind == "statistic":
        return _social(kind, id_, card=True)
    if kind == "campaign":
        return [
            *_loudspeaker(kind, id_, audio_variant),
            Planned("calendar", "ics", urls.calendar(id_), "Lịch phát thanh (.ics)"),
            *_social(kind, id_, card=False),
        ]
    if kind == "announcement":  # a policy change ahead (generator.present.announcements)
        return _loudspeaker(kind, id_, audio_variant) + _social(kind, id_, card=True)
    return []


@dataclass(frozen=True)
class Published:
    """What a page says of a file the build published: its size, an MP3's length, and the pages
    of a PDF whose length its content decides (an announcer sheet)."""

    size: int  # bytes
    seconds: float | None = None
    pages: int | None = None


@dataclass(frozen=True)
class DownloadLink:
    """One row of a page's downloads. ``action``: "pdf" (Xem, then Tải về), "post" (Sao chép
    on the social page, then Tải về), "file" (one link that saves the file)."""

    path: str
    text: str  # "Tờ rơi A5 (PDF, 25 KB, 1 trang)"
    action: str
    copy: str | None = None  # a post: its copy button on the social page (path#anchor)


@dataclass(frozen=True)
class Downloads:
    """A record's files as its page lists them, and the player of its MP3."""

    links: list[DownloadLink]
    audio: str | None = None  # the MP3's path
    audio_text: str = "tệp MP3"  # "MP3, 1 phút 20 giây"


def _details(label: str) -> tuple[str, list[str]]:
    """ "Tờ rơi A5 (PDF)" → ("Tờ rơi A5", ["PDF"]); "Bài đăng Zalo" → ("Bài đăng Zalo", [])."""
    if label.endswith(")") and " (" in label:
        name, _, inside = label[:-1].rpartition(" (")
        return name, inside.split(", ")
    return label, []


def link_text(item: Planned, published: Published | None) -> str:
    """The issue's wording: "(PDF, 25 KB, 1 trang)", "(MP3, 1 phút, 240 KB)", "(.txt, 2 KB)".
    Without ``published`` (the preview makes no files) only what the design fixes."""
    name, details = _details(item.label)
    size = [fmt.file_size(published.size)] if published else []
    if published and published.seconds is not None:
        details += [fmt.seconds_text(published.seconds, like_a_player=True), *size]
    else:
        details += size
    pages = item.pages or (published.pages if published else None)
    if pages:
        details.append(f"{pages} trang")
    return f"{name} ({', '.join(details)})" if details else name


def downloads(
    items: list[Planned], published: Mapping[str, Published], posts: Mapping[str, str]
) -> Downloads:
    """``published``: path → what the build published there; ``posts``: a post's path → where
    its copy button is (the social page's anchor)."""
    links = []
    audio: Planned | None = None
    for item in items:
        found = published.get(item.path)
        text = link_text(item, found)
        if item.path.endswith(".pdf"):
            links.append(DownloadLink(item.path, text, "pdf"))
        elif item.path in posts:
            links.append(DownloadLink(item.path, text, "post", posts[item.path]))
        else:
            links.append(DownloadLink(item.path, text, "file"))
        if item.export == "audio" and audio is None:
            audio = item
    if audio is None:
        return Downloads(links)
    length = published.get(audio.path)
    seconds = length.seconds if length else None
    shown = f"MP3, {fmt.seconds_text(seconds, like_a_player=True)}" if seconds is not None else "tệp MP3"
    return Downloads(links, audio.path, shown)
