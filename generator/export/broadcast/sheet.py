"""The announcer sheet: the spoken script in large type, with timing and schedule (PDF)."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from generator.export.broadcast.script import Script
from generator.export.broadcast.timing import minutes_text
from generator.export.pdf import render_pdf
from generator.present.templating import render

KIND_LABELS = {
    "story": "câu chuyện",
    "unit": "bản tin địa phương",
    "campaign": "bản tin chiến dịch",
    "announcement": "thông báo thay đổi chính sách",
}
DEFAULT_PRIMARY = "#0b5ea8"


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
) -> None:
    render_pdf(sheet_html(script, primary, stamp), target)
