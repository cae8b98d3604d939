"""The A4 progress sheet of a province: the template's variables (rows cut into pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.export.leaflet.qr import qr_svg
from generator.model import formatting as fmt
from generator.present import progress, urls
from generator.present.views import UnitView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

ROWS_PER_PAGE = 18  # rows of two lines each on an A4 page under the header


def rows(items: list[progress.Progress]) -> list[progress.Row]:
    """One row per target, numbered, highest % achieved first (the rank order)."""
    return [progress.row(p, number=i) for i, p in enumerate(progress.sheet_order(items), 1)]


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
