"""Progress against targets: every derived figure of spec-target.md, computed here and nowhere else.

Pure: content, build date and the stale setting in, numbers and ready-made Vietnamese
text out. Pages, the A4 sheet and the loudspeaker paragraph all read these.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, fields
from typing import Protocol

from generator.model import calculator as calc
from generator.model import formatting as fmt
from generator.model.content import Content
from generator.model.loader import Entry
from generator.model.records import CoverageTarget, PlanSource, Unit
from generator.model.settings import Settings
from generator.model.targets import PERCENT, ResultPoint, measure_of, results, split_units
from generator.model.vocabulary import label

PROGRESS_SECTION = "tien-do"  # noi-dung/tien-do/: the progress pages


def _month(day: dt.date) -> int:
    return calc.month_index(day.year, day.month)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    first = calc.month_start(_month(day) - months)
    return first.replace(day=min(day.day, calendar.monthrange(first.year, first.month)[1]))


class Views(Protocol):
    """What this module reads of ``present.views.Views`` (which imports this module: a
    structural type keeps the two out of an import circle)."""

    content: Content
    today: dt.date
    settings: Settings

    @property
    def progress(self) -> list[Progress]: ...


@dataclass(frozen=True)
class Former:
    id: str
    name: str
    until: str  # "30/6/2025"


@dataclass(frozen=True)
class Progress:
    target_id: str
    unit_id: str
    unit_name: str
    province_id: str
    is_province: bool
    indicator: str
    measure: str
    period_start: dt.date
    period_end: dt.date
    period_text: str  # "năm 2026"
    value: float
    source: PlanSource
    note: str | None
    results: tuple[ResultPoint, ...]
    latest: ResultPoint | None
    previous: ResultPoint | None
    percent: float | None  # of the target
    remaining: float | None  # still to do (0 when reached)
    change: float | None  # since the previous result
    months_left: int | None  # from the latest result's month to the period's last month
    pace_needed: float | None  # per month, to reach the target by the end of the period
    pace_recent: float | None  # per month, between the previous and the latest result
    stale: bool
    ended: bool
    formers: tuple[Former, ...]  # former units whose figures are part of the latest result
    split: tuple[str, ...]  # names of former units split among several successors: not counted
    became: str | None = None  # the unit itself is a former unit: "thôi tồn tại từ 1/7/2025, nay thuộc …"
    rank: int | None = None
    peers: int = 0

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= 100

    @property
    def what(self) -> str:
        return label("indicators", self.indicator)

    def amount(self, value: float | None) -> str:
        return "—" if value is None else fmt.quantity(value, self.measure)

    @property
    def value_text(self) -> str:
        return self.amount(self.value)

    @property
    def latest_text(self) -> str:
        if self.latest is None:
            return "chưa có"
        return ("khoảng " if self.latest.approx else "") + self.amount(self.latest.value)

    @property
    def as_of_text(self) -> str:
        return fmt.day_text(self.latest.as_of) if self.latest else "—"

    @property
    def percent_text(self) -> str:
        return "—" if self.percent is None else fmt.percent(self.percent)

    @property
    def remaining_text(self) -> str:
        if self.remaining is None:
            return "—"
        if self.remaining == 0:
            return "đã đạt"
        return fmt.points(self.remaining) if self.measure == PERCENT else self.amount(self.remaining)

    def _per_month(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.measure == PERCENT:
            return f"{fmt.number(value)} điểm %/tháng"
        return f"{fmt.number(value, 0)} {self.measure}/tháng"

    @property
    def pace_needed_text(self) -> str:
        if self.ended:
            return "hết kỳ"
        if self.remaining == 0:
            return "đã đạt"
        return self._per_month(self.pace_needed)

    @property
    def pace_recent_text(self) -> str:
        return self._per_month(self.pace_recent)

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "—"
        sign = "+" if self.change >= 0 else "-"
        if self.measure == PERCENT:
            return f"{sign}{fmt.points(abs(self.change))}"
        return f"{sign}{fmt.quantity(abs(self.change), self.measure)}"

    @property
    def rank_text(self) -> str:
        return f"{self.rank}/{self.peers}" if self.rank else "—"

    @property
    def behind(self) -> bool:
        """Not on track: the recent pace is below the pace needed."""
        if self.pace_needed is None or self.ended:
            return False
        return self.pace_recent is None or self.pace_recent < self.pace_needed


def _figures(content: Content, entry: Entry[CoverageTarget], today: dt.date, stale_months: int) -> Progress:
    target = entry.record
    unit = content.get(Unit, target.unit)
    assert unit is not None
    chain = content.chain(target.unit)
    measure = measure_of(content, target) or ""
    found = tuple(results(content, target, today))
    latest = found[-1] if found else None
    previous = found[-2] if len(found) > 1 else None
    end = target.period.last_day
    percent = latest.value / target.value * 100 if latest else None
    remaining = max(0.0, target.value - latest.value) if latest else None
    ended = today > end
    months_left = _month(end) - _month(latest.as_of) if latest else None
    pace_needed = None
    if remaining and months_left and months_left > 0 and not ended:
        pace_needed = remaining / months_left
    change = pace_recent = None
    if latest and previous:
        change = latest.value - previous.value
        gap = _month(latest.as_of) - _month(previous.as_of)
        pace_recent = change / gap if gap > 0 else None
    counted = {unit_id for unit_id, _ in latest.parts} - {target.unit} if latest else set()
    formers = tuple(
        Former(
            e.id, e.record.name, fmt.day_text(e.record.valid_until.last_day) if e.record.valid_until else ""
        )
        for unit_id in sorted(counted)
        if (e := content.get(Unit, unit_id)) is not None
    )
    return Progress(
        target_id=entry.id,
        unit_id=target.unit,
        unit_name=unit.record.name,
        province_id=chain[-1].id,
        is_province=not unit.record.parent,
        indicator=target.indicator,
        measure=measure,
        period_start=target.period.first_day,
        period_end=end,
        period_text=fmt.period_text(target.period),
        value=target.value,
        source=target.source,
        note=target.note,
        results=found,
        latest=latest,
        previous=previous,
        percent=percent,
        remaining=remaining,
        change=change,
        months_left=months_left,
        pace_needed=pace_needed,
        pace_recent=pace_recent,
        stale=latest is None or latest.as_of < months_before(today, stale_months),
        ended=ended,
        formers=formers,
        split=tuple(e.record.name for e in split_units(content, target.unit)),
        became=_became(content, unit.record),
    )


def _became(content: Content, unit: Unit) -> str | None:
    if not unit.valid_until:
        return None
    since = fmt.day_text(unit.valid_until.last_day + dt.timedelta(days=1))
    names = [u.name for i in unit.now_part_of if (u := content.unit(i)) is not None]
    return f"thôi tồn tại từ {since}" + (f", nay thuộc {', '.join(names)}" if names else "")


def _ranked(items: list[Progress]) -> list[Progress]:
    """Rank by % achieved among peers: same indicator, measure and period; provinces nationally,
    other units within their province."""
    from dataclasses import replace

    groups: dict[tuple, list[Progress]] = defaultdict(list)
    for item in items:
        scope = "" if item.is_province else item.province_id
        groups[
            (item.is_province, scope, item.indicator, item.measure, item.period_start, item.period_end)
        ].append(item)
    ranked: dict[str, Progress] = {}
    for group in groups.values():
        scored = sorted(
            (i for i in group if i.percent is not None), key=lambda i: (-(i.percent or 0), i.unit_name)
        )
        for position, item in enumerate(scored, 1):
            ranked[item.target_id] = replace(item, rank=position, peers=len(scored))
    return [ranked.get(item.target_id, item) for item in items]


def compute(content: Content, today: dt.date, stale_months: int = 3) -> list[Progress]:
    """Every published target's progress (examples and drafts are not published), by province,
    then unit, then period."""
    items = [_figures(content, entry, today, stale_months) for entry in content.of_kind(CoverageTarget)]
    items = _ranked(items)
    return sorted(
        items, key=lambda p: (p.province_id, not p.is_province, p.unit_name, p.period_start, p.indicator)
    )


def by_province(items: list[Progress]) -> dict[str, list[Progress]]:
    groups: dict[str, list[Progress]] = defaultdict(list)
    for item in items:
        groups[item.province_id].append(item)
    return dict(groups)


def sheet_order(items: list[Progress]) -> list[Progress]:
    """The A4 sheet's rows: highest % achieved first (the rank order), no result last."""
    return sorted(items, key=lambda p: (p.percent is None, -(p.percent or 0), p.unit_name))


def page_source(unit_id: str | None = None) -> str:
    """The progress page's Markdown file: national (no unit) or a unit's."""
    return f"noi-dung/{PROGRESS_SECTION}/{unit_id or 'index'}.md"


def page(unit_id: str | None = None) -> str:
    return f"noi-dung/{PROGRESS_SECTION}/{unit_id + '/' if unit_id else ''}"


def flags(p: Progress) -> str:
    """What a reader must notice about a row: no or old result, period over, behind."""
    found = []
    if p.latest is None:
        found.append("Chưa có kết quả")
    elif p.stale:
        found.append("Số liệu cũ")
    if p.ended:
        found.append("Hết kỳ: " + ("đạt" if p.reached else "không đạt"))
    elif p.reached:
        found.append("Đã đạt")
    elif p.behind:
        found.append("Chậm hơn mức cần")
    if p.formers:
        found.append("Gồm đơn vị cũ")
    return "; ".join(found)


@dataclass(frozen=True)
class Row:
    """One target's line in a table, on the progress pages and the A4 sheet: its texts, what a
    reader must notice (``flags``), its number in the sheet's list, its unit's page on the site."""

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
    rank_text: str
    flags: str
    stale: bool
    number: int = 0  # the sheet's numbering: 1, 2, …
    link: str | None = None  # the unit's progress page, where a table links it


def row(p: Progress, number: int = 0, link: str | None = None) -> Row:
    """The row of a target: the Progress's texts under the same names."""
    texts = {f.name: getattr(p, f.name) for f in fields(Row) if f.name not in ("flags", "number", "link")}
    return Row(**texts, flags=flags(p), number=number, link=link)


def notes(items: list[Progress]) -> list[str]:
    """The targets' sources, and which former units are counted (or could not be)."""
    found = []
    for p in items:
        source = p.source
        found.append(
            f"{p.unit_name}, {p.what} ({p.period_text}): {fmt.number(p.value)}"
            f"{'%' if p.measure == '%' else ' ' + p.measure} theo {source.title} ({source.publisher}, "
            f"{fmt.date_text(source.date)})." + (f" {p.note}" if p.note else "")
        )
        if p.formers:
            names = ", ".join(f"{f.name} (đến {f.until})" for f in p.formers)
            found.append(
                f"Kết quả của {p.unit_name} gồm cả số liệu của đơn vị cũ nay thuộc {p.unit_name}: {names}."
            )
        if p.became:
            found.append(f"{p.unit_name} {p.became}; kết quả trên là của {p.unit_name} trước khi sáp nhập.")
        if p.split:
            found.append(
                f"Số liệu của {', '.join(p.split)} (đơn vị cũ chia cho nhiều nơi) "
                f"không cộng vào {p.unit_name}."
            )
    return found


def has_targets(views: Views, province_id: str) -> bool:
    """Whether a province (or a unit below it) has a published target: it gets a progress sheet."""
    return any(p.province_id == province_id for p in views.progress)


def _until(day: dt.date, today: dt.date) -> str:
    """ "hết tháng 11" (this year), "hết tháng 11/2025", "hết năm 2024", "ngày 15/3/2026"."""
    if day.day != calendar.monthrange(day.year, day.month)[1]:
        return f"ngày {fmt.day_text(day)}"
    if day.month == 12:
        return f"hết năm {day.year}"
    return f"hết tháng {day.month}" + ("" if day.year == today.year else f"/{day.year}")


def loudspeaker(items: list[Progress], place: str, today: dt.date) -> list[str]:
    """The bulletin's paragraph per target of one unit, as written for the eye: the spoken
    normaliser reads it out ("Đến hết tháng 11, xã ta có 360 người tham gia BHXH tự nguyện,
    đạt 75% kế hoạch năm, còn 120 người.")."""
    lines = []
    for p in items:
        if p.latest is None:
            continue
        what = p.what[:1].lower() + p.what[1:]
        approx = "khoảng " if p.latest.approx else ""
        if p.measure == PERCENT:
            said = f"{what} của {place} là {approx}{fmt.percent(p.latest.value)}"
        elif what.startswith("người"):
            said = f"{place} có {approx}{fmt.number(p.latest.value)} {what}"
        else:
            said = f"{place} có {approx}{fmt.quantity(p.latest.value, p.measure)} ({what})"
        one_year = p.period_start.year == p.period_end.year and p.period_text.startswith("năm ")
        plan = (
            "kế hoạch năm"
            if one_year and p.latest.as_of.year == p.period_end.year
            else f"kế hoạch {p.period_text}"
        )
        text = f"Đến {_until(p.latest.as_of, today)}, {said}, đạt {p.percent_text} {plan}"
        if p.remaining and p.ended:
            text += f", kỳ kế hoạch đã hết, còn thiếu {p.remaining_text}."
        elif p.remaining:
            text += f", còn {p.remaining_text}."
        else:
            over = p.latest.value - p.value
            text += "." if over <= 0 or p.measure == PERCENT else f", vượt {fmt.quantity(over, p.measure)}."
        if p.pace_needed and not p.ended:
            text += f" Mỗi tháng cần thêm khoảng {p._per_month(p.pace_needed).replace('/tháng', '')}."
        if p.formers:
            text += " Số liệu gồm cả " + ", ".join(f"{f.name} cũ" for f in p.formers) + "."
        lines.append(text)
    return lines


def of_unit(views: Views, unit_id: str) -> list[Progress]:
    """The unit's own targets: the one running on the build date first, then the latest ended."""
    own = [p for p in views.progress if p.unit_id == unit_id]
    running = [p for p in own if p.period_start <= views.today <= p.period_end]
    ended = sorted((p for p in own if p.ended), key=lambda p: p.period_end, reverse=True)
    return running or ended[:1]


@dataclass(frozen=True)
class News:
    """A province's new results (``extra.progress.social``): one post and card, named by the
    newest result's date, so that a new result makes a new post."""

    id: str  # "bac-ninh-2026-11-30"
    key: str  # manifest key: "progress/bac-ninh-2026-11-30"
    province_id: str
    province_name: str
    as_of: str  # "30/11/2026"
    title: str
    items: tuple[Progress, ...]  # the targets whose latest result is the new one, rank order
    reached: str  # "2/5 kế hoạch đạt"
    page: str
    url: str
    kind: str = "progress"

    def files(self, export: str) -> list:
        from generator.present.catalogue import progress_social

        return progress_social(self.id) if export == "social" else []


def news(views: Views) -> list[News]:
    """Provinces whose newest result is recent (not stale) — when the setting asks for posts."""
    settings = views.settings.progress
    if not settings.social:
        return []
    from generator.present import urls

    found = []
    cutoff = months_before(views.today, settings.stale_months)
    for province_id, items in sorted(by_province(views.progress).items()):
        dated = [p for p in items if p.latest is not None]
        if not dated:
            continue
        newest = max(p.latest.as_of for p in dated if p.latest)
        if newest < cutoff:
            continue
        fresh = tuple(sheet_order([p for p in dated if p.latest and p.latest.as_of == newest]))
        unit = views.content.get(Unit, province_id)
        name = unit.record.name if unit else province_id
        id_ = f"{province_id}-{newest.isoformat()}"
        found.append(
            News(
                id=id_,
                key=f"progress/{id_}",
                province_id=province_id,
                province_name=name,
                as_of=fmt.day_text(newest),
                title=f"Tiến độ kế hoạch ở {name}: kết quả đến ngày {fmt.day_text(newest)}",
                items=fresh,
                reached=f"{sum(1 for p in items if p.reached)}/{len(items)} kế hoạch đạt",
                page=page(province_id),
                url=urls.absolute(views.settings.site_url, page(province_id)),
            )
        )
    return found
