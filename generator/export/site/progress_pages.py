"""The "Tiến độ" pages: national, and one per unit with a target (a province's lists every unit in it).

A table first, then a bar chart per indicator and period (inline SVG from a Jinja template,
with the table's numbers), then the targets' sources. The pages are shared (national) pages:
a province's build (``--only``) leaves them to the national part, like the index pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from generator.export.site.pages import Item, render_page
from generator.export.site.search import SearchMeta
from generator.model import formatting as fmt
from generator.model.records import Unit
from generator.present import progress as progress_module
from generator.present.progress import Progress, notes
from generator.present.templating import render
from generator.present.views import Views

CHART_WIDTH = 340  # px: fits a 390 px phone screen without scaling (labels stay >= 14 px)
ROW_HEIGHT = 70
CHART_TOP = 6
BAR_CAP = 150  # %: longer bars are cut at the chart's edge (their number is in the label)
GOOD, SHORT, NONE = "#1b7f3b", "#b35c00", "#6b7785"


@dataclass(frozen=True)
class ChartRow:
    y: int
    label: str
    percent: str
    bar: float
    colour: str
    detail: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    top: int  # where the bars start (the heading above the table names the chart)
    width: int
    height: int
    target_x: float
    rows: tuple[ChartRow, ...]


def _link(p: Progress, page_unit: str | None) -> str | None:
    """A row links to its unit's progress page, unless that is the page it is on."""
    return progress_module.page(p.unit_id) if p.unit_id != page_unit else None


def chart(items: list[Progress], key: str) -> Chart:
    """Bars of % achieved against the target line, for targets of one indicator and period."""
    first = items[0]
    top = min(BAR_CAP, max([110.0] + [(p.percent or 0) + 5 for p in items]))  # room right of the line
    scale = CHART_WIDTH / top
    rows = []
    for i, p in enumerate(items):
        percent = p.percent or 0
        colour = NONE if p.percent is None else GOOD if p.reached else SHORT
        detail = f"{p.latest_text} / {p.value_text}"
        detail += f", còn {p.remaining_text}" if p.remaining else ""
        rows.append(
            ChartRow(
                y=CHART_TOP + i * ROW_HEIGHT,
                label=p.unit_name,
                percent=p.percent_text,
                bar=round(min(percent, top) * scale, 1),
                colour=colour,
                detail=detail,
            )
        )
    return Chart(
        id=f"tien-do-{key}",
        title=f"{first.what}, {first.period_text}: kết quả so với kế hoạch",
        top=CHART_TOP,
        width=CHART_WIDTH,
        height=CHART_TOP + len(items) * ROW_HEIGHT + 20,
        target_x=round(100 * scale, 1),
        rows=tuple(rows),
    )


@dataclass(frozen=True)
class Group:
    """Targets of one indicator and period: a heading, the table, then the chart."""

    heading: str
    rows: tuple[progress_module.Row, ...]
    chart: Markup


def groups(items: list[Progress], unit_id: str | None) -> list[Group]:
    """Rows in rank order within each indicator and period."""
    by_key: dict[tuple, list[Progress]] = defaultdict(list)
    for p in items:
        by_key[(p.indicator, p.measure, p.period_start, p.period_end)].append(p)
    found = []
    for number, members in enumerate(by_key.values(), 1):
        ordered = progress_module.sheet_order(members)
        svg = render("site/progress-chart.svg.j2", c=chart(ordered, str(number)))
        first = ordered[0]
        found.append(
            Group(
                heading=f"{first.what}, {first.period_text}",
                rows=tuple(progress_module.row(p, link=_link(p, unit_id)) for p in ordered),
                chart=Markup("".join(line.strip() for line in svg.splitlines())),  # one HTML block
            )
        )
    return found


def _meta(province: str | None) -> SearchMeta:
    filters = {"Loại": ["Tiến độ"]} | ({"Tỉnh": [province]} if province else {})
    return SearchMeta(
        "progress", filters, {"kind": "Tiến độ kế hoạch", **({"place": province} if province else {})}
    )


def progress_pages(views: Views) -> dict[str, str]:
    items = views.progress
    content = views.content
    today = fmt.day_text(views.today)
    stale = views.settings.progress.stale_months
    pages: dict[str, str] = {}
    provinces = progress_module.by_province(items)
    national = [p for p in items if p.is_province]
    province_links = []
    for province_id, members in sorted(provinces.items()):
        unit = content.get(Unit, province_id)
        name = unit.record.name if unit else province_id
        reached = sum(1 for p in members if p.reached)
        province_links.append(
            Item(name, progress_module.page(province_id), f"{reached}/{len(members)} kế hoạch đạt")
        )
    pages[progress_module.page_source()] = render_page(
        "progress.md.j2",
        progress_module.page(),
        front={
            "title": "Tiến độ thực hiện kế hoạch",
            "description": "Kết quả so với kế hoạch của từng tỉnh.",
        },
        title="Tiến độ thực hiện kế hoạch",
        intro="Kết quả phát triển người tham gia BHXH, BHYT so với kế hoạch được giao: tỉnh, thành phố trên "
        "toàn quốc, rồi từng tỉnh.",
        up=None,
        today=today,
        stale_months=stale,
        groups=groups(national, None),
        notes=notes(national),
        links=province_links,
        links_heading="Theo tỉnh, thành phố",
        meta=_meta(None),
    )
    units = {p.unit_id for p in items} | set(provinces)
    for unit_id in sorted(units):
        unit = content.get(Unit, unit_id)
        if unit is None:
            continue
        below = content.subtree(unit_id)
        members = [p for p in items if p.unit_id in below]
        own = [p for p in members if p.unit_id == unit_id]
        others = [p for p in members if p.unit_id != unit_id]
        name = unit.record.name
        up_id = unit.record.parent if unit.record.parent in units else None
        up = (
            Item(f"Tiến độ: {content.get(Unit, up_id).record.name}", progress_module.page(up_id))
            if up_id
            else None
        )
        province = content.province(unit_id)
        pages[progress_module.page_source(unit_id)] = render_page(
            "progress.md.j2",
            progress_module.page(unit_id),
            front={
                "title": f"Tiến độ kế hoạch: {name}",
                "description": f"Kết quả so với kế hoạch của {name}.",
            },
            title=f"Tiến độ kế hoạch: {name}",
            intro=(
                f"Kết quả của {name} và các đơn vị trực thuộc so với kế hoạch được giao, xếp hạng trong tỉnh."
                if others
                else f"Kết quả của {name} so với kế hoạch được giao."
            ),
            up=up or Item("Tiến độ toàn quốc", progress_module.page()),
            today=today,
            stale_months=stale,
            groups=groups(own + others, unit_id),
            notes=notes(own + others),
            links=[],
            links_heading="",
            meta=_meta(province.record.name if province else None),
        )
    return pages
