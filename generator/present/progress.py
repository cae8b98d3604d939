"""Progress against targets: every derived figure of spec-target.md, computed here and nowhere else.

Pure: content, build date and the stale setting in, numbers and ready-made Vietnamese
text out. Pages, the A4 sheet and the loudspeaker paragraph all read these.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator.model import formatting as fmt
from generator.model.content import Content
from generator.model.loader import Entry
from generator.model.records import CoverageTarget, PlanSource, Unit
from generator.model.targets import PERCENT, ResultPoint, measure_of, results, split_units
from generator.model.vocabulary import label


def _month(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    index = _month(day) - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


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
    formers: tuple[Former, ...]  # former units whose results are counted here
    split: tuple[str, ...]  # names of former units split among several successors: not counted
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
        return "—" if self.percent is None else fmt.percent(self.percent, 1)

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
    counted = {unit_id for point in found for unit_id, _ in point.parts} - {target.unit}
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
    )


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
