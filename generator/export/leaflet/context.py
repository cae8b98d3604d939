"""What each leaflet template shows, picked from the views (already formatted there).

Nothing here formats a number or a name: figures, dates and people come from
``generator.present.views``; this module only chooses which of them fit on the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from generator.export.leaflet import media
from generator.export.leaflet.progress_sheet import progress_sheet
from generator.export.leaflet.qr import qr_svg
from generator.model import calculator as calc
from generator.model import formatting as fmt
from generator.model.settings import PREVIEW_STAMP
from generator.present import rates, urls
from generator.present.announcements import Minimums, for_province, minimums
from generator.present.templating import TEMPLATES
from generator.present.views import (
    ContactView,
    FigureView,
    ModelView,
    RecordView,
    StatisticView,
    StoryView,
    UnitView,
)

if TYPE_CHECKING:
    from generator.export.context import BuildContext

BENEFITS_FILE = TEMPLATES / "leaflet" / "benefits.yaml"
DEFAULT_COLOURS = {"primary": "#0b5ea8", "accent": "#e07b00", "text": "#1d2733", "background": "#ffffff"}
UNIT_FIGURES = 4  # the front of the A4 leaflet holds up to four figure boxes
UNIT_STORIES = 3
UNIT_MODELS = 4
AGENTS = 3  # collection agents listed in a call to action
AGENTS_LARGE = 1  # large print has room for the nearest one only
TALKING_BENEFITS = 5
TALKING_RESULTS = 2
HOW_TO = "Mang theo căn cước; đóng tiền tại điểm thu hoặc qua ứng dụng VssID."


@dataclass(frozen=True)
class Paper:
    name: str  # CSS class: a5, a4
    size: str  # CSS @page size
    margin: str


A5, A4 = Paper("a5", "A5", "9mm"), Paper("a4", "A4", "12mm")


@dataclass(frozen=True)
class Variant:
    template: str
    large: bool
    pages: int  # the design's exact page count
    paper: Paper


VARIANTS = {
    "a5": Variant("leaflet/story.html", False, 1, A5),
    "a5-large": Variant("leaflet/story.html", True, 1, A5),
    "a5-bilingual": Variant("leaflet/story-bilingual.html", False, 2, A5),  # Vietnamese, then translated
    "a4": Variant("leaflet/unit.html", False, 2, A4),
    "a4-large": Variant("leaflet/unit.html", True, 2, A4),
    "talking-points": Variant("leaflet/model.html", False, 1, A4),
    "rate-table": Variant("leaflet/rate-table.html", False, 1, A4),
    "bhyt-table": Variant("leaflet/bhyt-table.html", False, 1, A4),
    "progress-sheet": Variant("leaflet/progress-sheet.html", False, 1, A4),  # 1 page per PROGRESS_ROWS
}
TABLES = ("rate-table", "bhyt-table")


@dataclass(frozen=True)
class CallToAction:
    """Where and how to register, one printed line each (tests compare them verbatim)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    uri: str
    alt: str
    caption: str
    source: str


def printed_address(url: str) -> str:
    """An address as printed in a preview's margin (its QR code's): without "https://"."""
    return url.split("://", 1)[-1]


def keep_last_words(text: str, count: int = 2) -> str:
    """Tie the last syllables with no-break spaces so a title never ends on a lone syllable."""
    words = text.split(" ")
    if len(words) <= count + 1:
        return text
    return " ".join(words[:-count]) + " " + "\u00a0".join(words[-count:])


def call_to_action(contact: ContactView, hotline: str, agents: int = AGENTS) -> CallToAction:
    lines = [f"{contact.organisation} — {contact.address}" if contact.address else contact.organisation]
    if contact.phone:
        lines.append(f"Gọi: {contact.phone}" + (f" ({contact.hours})" if contact.hours else ""))
    elif contact.hours:
        lines.append(f"Giờ làm việc: {contact.hours}")
    for name, phone, place in contact.agents[:agents]:
        agent = name + (f", {place}" if place else "") + (f" — {phone}" if phone else "")
        lines.append(f"Điểm thu gần nhà: {agent}")
    if hotline and hotline != contact.phone:
        lines.append(f"Tổng đài hỗ trợ: {hotline}")
    lines.append(HOW_TO)
    return CallToAction("Đăng ký tham gia ở đâu?", tuple(lines))


@cache
def _benefits_data(mtime: float) -> dict[str, Any]:
    return yaml.safe_load(BENEFITS_FILE.read_text(encoding="utf-8")) or {}


def benefits(audience_ids: list[str] | tuple[str, ...] = (), limit: int | None = None) -> list[str]:
    """Plain-words benefits: the ones for the given audiences first, then the general ones."""
    data = _benefits_data(BENEFITS_FILE.stat().st_mtime)
    by_audience = data.get("theo_doi_tuong") or {}
    items = [str(b) for a in audience_ids for b in by_audience.get(a) or []]
    items += [str(b) for b in data.get("chung") or [] if str(b) not in items]
    return items[:limit] if limit else items


def pick_figures(figures: list[FigureView], count: int) -> list[FigureView]:
    """Up to ``count`` figures, one per indicator first so the boxes do not repeat themselves."""
    chosen: list[FigureView] = []
    for figure in figures:
        if figure.what not in {f.what for f in chosen}:
            chosen.append(figure)
    chosen += [f for f in figures if f not in chosen]
    return chosen[:count]


class Contexts:
    """Template variables for every leaflet of one build."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.colours = {**DEFAULT_COLOURS, **ctx.settings.colours}

    def common(self, view: StoryView | UnitView | ModelView, variant: str) -> dict[str, Any]:
        spec = VARIANTS[variant]
        contact = view.contact or self.ctx.views.contact(None)
        return {
            "v": view,
            "variant": variant,
            "large": spec.large,
            "paper": spec.paper.name,
            "page_size": spec.paper.size,
            "page_margin": spec.paper.margin,
            "colours": self.colours,
            "site_name": self.ctx.settings.site_name,
            "organisation": self.ctx.settings.contact.organisation,
            "title": keep_last_words(view.title),
            "qr": qr_svg(self.ctx.cache, view.url),
            **self.preview(view.url),
            "cta": call_to_action(
                contact, self.ctx.settings.contact.phone, AGENTS_LARGE if spec.large else AGENTS
            ),
        }

    def of(self, view: RecordView, variant: str) -> dict[str, Any]:
        if variant in TABLES and isinstance(view, UnitView):
            extra = self.table(view, variant)
        elif variant == "progress-sheet" and isinstance(view, UnitView):
            extra = progress_sheet(self.ctx, view)
        elif isinstance(view, StoryView):
            extra = self.story(view)
        elif isinstance(view, UnitView):
            extra = self.unit(view, variant)
        elif isinstance(view, ModelView):
            extra = self.model(view)
        else:
            raise ValueError(f"{view.key}: không có tờ rơi cho loại bản ghi này")
        return {**self.common(view, variant), **extra}

    # --- per kind ------------------------------------------------------------------
    def story(self, view: StoryView) -> dict[str, Any]:
        return {
            "figures": view.figures,
            "photo": self.photo(view),
            "minimums": self.minimums(view),
            "translation": view.translations[0] if view.translations else None,  # a5-bilingual's
        }

    def minimums(self, view: StoryView) -> Minimums | None:
        """A story invites people to join: how much the least is on the build date, for the
        story's province (its own top-up included), and until when."""
        views = self.ctx.views
        unit = views.get("unit", view.unit.id) if view.unit else None
        province = unit.within[-1] if isinstance(unit, UnitView) and unit.within else None
        return minimums(views.policy_timeline, views.today, province)

    def unit(self, view: UnitView, variant: str) -> dict[str, Any]:
        own = bool(view.figures)
        figures = pick_figures(view.figures or self.ctx.views.key_figures(view.id), UNIT_FIGURES)
        stories = self.ctx.views.records_in("story", view.id)
        models = self.ctx.views.records_in("model", view.id)
        generic = f"{view.type} {view.title}"  # views' stand-in when the unit has no summary
        return {
            "summary": view.summary if view.summary != generic else None,
            "figures": figures,
            "figures_own": own,
            "chart": self.chart(figures, VARIANTS[variant].large),
            "stories": stories[:UNIT_STORIES],
            "story_titles": {s.id: keep_last_words(s.title) for s in stories[:UNIT_STORIES]},
            "models": models[:UNIT_MODELS],
            "benefits": benefits(),
            "amounts": self.amounts(view),
        }

    def table(self, view: StoryView | UnitView | ModelView, variant: str) -> dict[str, Any]:
        """A province's printed rate table, its QR code opening the calculator."""
        views = self.ctx.views
        timeline, today = views.policy_timeline, views.today
        if variant == "rate-table":
            table: Any = rates.rate_table(timeline, today, view.id, view.title)
        else:
            table = rates.bhyt_table(timeline, today)
        calculator = urls.absolute(self.ctx.settings.site_url, urls.calculator())
        return {"table": table, "qr": qr_svg(self.ctx.cache, calculator), **self.preview(calculator)}

    def preview(self, qr_url: str) -> dict[str, Any]:
        """While site_url is a placeholder, every page says "BẢN XEM TRƯỚC" and prints the address
        its QR code holds (templates/preview-stamp.css), so a proof reader sees where it leads."""
        if not self.ctx.settings.preview:
            return {"preview_stamp": None, "qr_address": None}
        return {"preview_stamp": PREVIEW_STAMP, "qr_address": printed_address(qr_url)}

    def amounts(self, view: UnitView) -> dict[str, Any] | None:
        """The front page's current amounts for the unit's province: lowest payment per group,
        the support, the limits, where to pay and a change ahead."""
        views = self.ctx.views
        timeline, today = views.policy_timeline, views.today
        if not rates.available(timeline, today):
            return None
        province_id = view.within[-1] if view.within else None  # the outermost unit: the province
        low, high = calc.income_limits(timeline, today)
        payments = rates.lowest_payments(timeline, today, province_id)
        contact = view.contact or views.contact(None)
        where = [contact.address or contact.organisation]
        where += [name + (f" ({place})" if place else "") for name, _phone, place in contact.agents[:AGENTS]]
        household = calc.bhyt(timeline, rates.BHYT_MEMBERS, today)
        changes = for_province(views.announcements, province_id)
        return {
            "on": fmt.day_text(today),
            "payments": payments,
            "top_up": any(p.province_support for p in payments),
            "rate": f"{calc.percent(calc.contribution(timeline, low, ['khac'], today).rate_percent)}%",
            "minimum": rates.dong(low),
            "maximum": rates.dong(high),
            "where": where,
            "bhyt": [
                (str(n), calc.money(sum(household.yearly[:n]))) for n in range(1, 1 + rates.BHYT_MEMBERS)
            ],
            "change": changes[0] if changes else None,
            "province_id": province_id,
        }

    def model(self, view: ModelView) -> dict[str, Any]:
        return {
            "benefits": benefits(view.audience_ids, TALKING_BENEFITS),
            "results": view.results[:TALKING_RESULTS],
            "example": view.example,
        }

    # --- pieces ----------------------------------------------------------------------
    def photo(self, view: StoryView) -> dict[str, Any] | None:
        """The story's first photo, ready for print (validation already checked it exists)."""
        for image in view.images:
            source = Path(image.source)
            if source.is_file():
                uri = media.photo_uri(self.ctx.cache, source)
                return {"uri": uri, "alt": image.alt, "credit": image.credit}
        return None

    def chart(self, figures: list[FigureView], large: bool = False) -> Chart | None:
        """The bar chart of the first figure with at least two points in time."""
        for figure in figures:
            stat = self.ctx.views.get("statistic", figure.id)
            if isinstance(stat, StatisticView) and len(stat.series) >= 2:
                uri = media.chart_uri(
                    self.ctx.cache, stat.series, stat.measure, self.colours["primary"], large
                )
                caption = f"{figure.what} tại {figure.place}"
                source = stat.source.text if stat.source else figure.source.text
                return Chart(uri, stat.chart_alt, caption, source)
        return None
