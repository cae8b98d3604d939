"""The announcer sheet: the spoken script in large type, with timing and schedule (PDF)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.export.broadcast.bilingualscript import Bilingual
from generator.export.broadcast.parts import Paragraph, Pause
from generator.export.broadcast.script import Script
from generator.export.broadcast.timing import duration_text, minutes_text, speech_seconds
from generator.export.output import Cache
from generator.export.pdf import render_pdf
from generator.model.settings import PREVIEW_CSS, PREVIEW_STAMP, Settings
from generator.present.templating import render

KIND_LABELS = {
    "story": "câu chuyện",
    "unit": "bản tin địa phương",
    "campaign": "bản tin chiến dịch",
    "announcement": "thông báo thay đổi chính sách",
}
DEFAULT_PRIMARY = "#0b5ea8"


def look(settings: Settings) -> tuple[str, str | None, str | None]:
    """What every announcer sheet is printed with: the primary colour, the preview stamp while
    site_url is a placeholder, and the stamp's CSS (part of a sheet's key: it is outside broadcast/)."""
    primary = settings.colours.get("primary", DEFAULT_PRIMARY)
    stamp = PREVIEW_STAMP if settings.preview else None
    return primary, stamp, render(PREVIEW_CSS, preview_stamp=stamp) if stamp else None


def sheet_html(script: Script, primary: str = DEFAULT_PRIMARY, stamp: str | None = None) -> str:
    """``stamp``: "BẢN XEM TRƯỚC" while site_url is a placeholder (printed on every page)."""
    css = render("broadcast/sheet.css", primary=primary)
    return render(
        "broadcast/sheet.html",
        script=script,
        css=Markup(css),
        preview_stamp=stamp,
        kind_label=KIND_LABELS.get(script.kind, script.kind),
        slot=minutes_text(script.slot_minutes) if script.slot_minutes else "",
    )


def render_sheet(
    script: Script, target: Path, primary: str = DEFAULT_PRIMARY, stamp: str | None = None
) -> int:
    """The sheet's PDF at ``target``; its number of pages."""
    return render_pdf(sheet_html(script, primary, stamp), target)


@dataclass(frozen=True)
class Row:
    """One line of the bilingual sheet: a paragraph to read, a pause, or a recording to play."""

    kind: str  # "read", "pause", "recording"
    text: str  # the paragraph, the pause mark, or the translation (HTML, sanitised)
    time: str = ""  # the timing column: estimated for a paragraph, measured for a recording
    speaker: str = ""


def bilingual_rows(bilingual: Bilingual) -> list[Row]:
    rate = bilingual.script.rate
    rows = []
    for segment in bilingual.segments:
        if isinstance(segment, Paragraph):
            rows.append(Row("read", segment.text, duration_text(speech_seconds(segment.syllables, rate))))
        elif isinstance(segment, Pause):
            rows.append(Row("pause", segment.mark))
        else:
            rows.append(Row("recording", segment.html, segment.duration_text, segment.speaker))
    return rows


def bilingual_sheet_html(
    bilingual: Bilingual, primary: str = DEFAULT_PRIMARY, stamp: str | None = None
) -> str:
    """Each Vietnamese paragraph, then its translation with the recording's length (issue 22)."""
    script = bilingual.script
    css = render("broadcast/sheet.css", primary=primary)
    return render(
        "broadcast/sheet-bilingual.html",
        script=script,
        bilingual=bilingual,
        rows=bilingual_rows(bilingual),
        css=Markup(css),
        primary=primary,
        preview_stamp=stamp,
        kind_label=KIND_LABELS.get(script.kind, script.kind),
        slot=minutes_text(script.slot_minutes) if script.slot_minutes else "",
        recordings_text=duration_text(bilingual.recordings_s),
    )


def render_bilingual_sheet(
    bilingual: Bilingual, target: Path, primary: str = DEFAULT_PRIMARY, stamp: str | None = None
) -> int:
    return render_pdf(bilingual_sheet_html(bilingual, primary, stamp), target)


def keep(store: Cache, namespace: str, key: str, render: Callable[[Path], int]) -> int:
    """In a worker: a sheet's PDF into the cache, its page count noted first (a sheet in the
    cache always has its note: the pages that link it say how many pages it has)."""
    pages: list[int] = []

    def produce(target: Path) -> None:
        pages.append(render(target))
        store.write_json(namespace, key, {"pages": pages[0]})

    store.make(namespace, key, ".pdf", produce)
    if not pages:  # the PDF was in the cache without its note (a cache an older build wrote)
        with tempfile.TemporaryDirectory() as folder:
            produce(Path(folder) / "sheet.pdf")
    return pages[0]


def kept_pages(store: Cache, namespace: str, key: str) -> int | None:
    """The page count of a sheet in the cache, None when it must be rendered."""
    note = store.read_json(namespace, key)
    if note is None or store.get(namespace, key, ".pdf") is None:
        return None
    return int(note["pages"])
