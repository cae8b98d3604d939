"""The A4 progress sheet of a province: the template's variables (rows cut into pages)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.export.leaflet.qr import qr_svg
from generator.model import formatting as fmt
from generator.present import progress, urls
from generator.present.views import UnitView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

ROWS_PER_PAGE = 18  # rows of two lines each on an A4 page under the header


@dataclass(frozen=True)
class SheetRow:
    number: int
    unit_name: str
    what: str
    period_text: str
    value_text: str
    latest_text: str
    as_of_text: str
    percent_text: str
    remaining_text: str
    pace_needed_text: str
    pace_recent_text: str
    flags: str
    stale: bool


def rows(items: list[progress.Progress]) -> list[SheetRow]:
    """One row per target, highest % achieved first (the rank order)."""
    return [
        SheetRow(
            number=i,
            unit_name=p.unit_name,
            what=p.what,
            period_text=p.period_text,
            value_text=p.value_text,
            latest_text=p.latest_text,
            as_of_text=p.as_of_text,
            percent_text=p.percent_text,
            remaining_text=p.remaining_text,
            pace_needed_text=p.pace_needed_text,
            pace_recent_text=p.pace_recent_text,
            flags=progress.flags(p),
            stale=p.stale,
        )
        for i, p in enumerate(progress.sheet_order(items), 1)
    ]


def progress_sheet(ctx: BuildContext, view: UnitView) -> dict[str, Any]:
    views = ctx.views
    items = [p for p in views.progress if p.province_id == view.id]
    found = rows(items)
    sheets = [found[i : i + ROWS_PER_PAGE] for i in range(0, len(found), ROWS_PER_PAGE)] or [[]]
    reached = sum(1 for p in items if p.reached)
    page = urls.absolute(ctx.settings.site_url, progress.page(view.id))
    return {
        "sheets": sheets,
        "sheet_pages": len(sheets),
        "today": fmt.day_text(views.today),
        "stale_months": views.settings.progress.stale_months,
        "reached": f"{reached}/{len(items)} kế hoạch đạt",
        "notes": progress.notes(items),
        "qr": qr_svg(ctx.cache, page),
    }
