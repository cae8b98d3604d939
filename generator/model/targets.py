"""Targets (``kind: target``) and their results, read from the statistics (spec-target.md).

A target names no figure of its own result: the results are the points of the published
statistics of the same unit and indicator. Units of the 2025 reorganisation: a former unit
whose whole area went to one unit (``now_part_of: [one]``) counts towards that successor,
unless the successor already contains it (a district whose area stayed in its province).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from generator.model import formatting as fmt
from generator.model.content import Content
from generator.model.diagnostics import Report
from generator.model.loader import Entry, narrow
from generator.model.records import CoverageTarget, Statistic, Unit

PERCENT = "%"


@dataclass(frozen=True)
class ResultPoint:
    """One result: the sum, at one as-of date, of the points of the unit and its former units."""

    as_of: dt.date  # the last day of the points' period
    value: float
    approx: bool
    parts: tuple[tuple[str, float], ...]  # (unit id, value): what the value is made of
    statistics: tuple[str, ...]  # ids of the statistics read


def former_units(content: Content, unit_id: str) -> list[Entry[Unit]]:
    """Former units whose whole area went to this unit, transitively (not those already inside it)."""
    found: list[Entry[Unit]] = []
    todo = [unit_id]
    while todo:
        current = todo.pop()
        for former in content.merged_into.get(current, []):
            if former.record.now_part_of != [current] or former in found:
                continue
            if unit_id in {e.id for e in content.chain(former.id)}:
                continue  # a district of this very province: its figures are part of the province's
            found.append(former)
            todo.append(former.id)
    ids = {e.id for e in found}
    # a former district of a former province: the province's figure already holds it
    return [e for e in found if not ({c.id for c in content.chain(e.id)[1:]} & ids)]


def split_units(content: Content, unit_id: str) -> list[Entry[Unit]]:
    """Former units split among several successors, this one included: their figures cannot count."""
    return [e for e in content.merged_into.get(unit_id, []) if len(e.record.now_part_of) > 1]


def measure_of(content: Content, target: CoverageTarget) -> str | None:
    """The target's measure: as written, else the measure of the unit's statistics of the indicator."""
    if target.measure:
        return target.measure
    for entry in _statistics(content, target.unit, target.indicator, None):
        return entry.record.measure
    return None


def counted_units(content: Content, target: CoverageTarget) -> list[str]:
    """The unit and the former units whose results count towards it (rates are never added up)."""
    if measure_of(content, target) == PERCENT:
        return [target.unit]
    return [target.unit, *(e.id for e in former_units(content, target.unit))]


def _statistics(
    content: Content, unit_id: str, indicator: str, measure: str | None
) -> list[Entry[Statistic]]:
    return sorted(
        (
            e
            for e in content.records_at(Statistic, unit_id)
            if e.record.indicator == indicator and (measure is None or e.record.measure == measure)
        ),
        key=lambda e: e.id,
    )


def matching_statistics(content: Content, target: CoverageTarget) -> list[Entry[Statistic]]:
    measure = measure_of(content, target)
    return [
        entry
        for unit_id in counted_units(content, target)
        for entry in _statistics(content, unit_id, target.indicator, measure)
    ]


def results(content: Content, target: CoverageTarget, today: dt.date | None = None) -> list[ResultPoint]:
    """The target's results, oldest first: points up to the end of its period (and ``today``).

    A point covering a range (new participants in a campaign) counts only when it starts
    within the target's period; a point at a date (participants at the end of a month) counts
    whenever it is not after the period's end (earlier ones show the way there).
    """
    start, end = target.period.first_day, target.period.last_day
    by_date: dict[dt.date, dict[str, tuple[float, bool, str]]] = defaultdict(dict)
    for entry in matching_statistics(content, target):
        for point in entry.record.series:
            if point.period.last_day > end or (today and point.period.first_day > today):
                continue
            if point.period.start != point.period.end and point.period.first_day < start:
                continue
            # one figure per unit and date: the first statistic (by id) that gives it
            by_date[point.period.last_day].setdefault(
                entry.record.unit, (point.value, point.approx, entry.id)
            )
    order = counted_units(content, target)
    found = []
    for as_of in sorted(by_date):
        units = sorted(by_date[as_of].items(), key=lambda item: order.index(item[0]))
        found.append(
            ResultPoint(
                as_of=as_of,
                value=sum(value for _, (value, _, _) in units),
                approx=any(approx for _, (_, approx, _) in units),
                parts=tuple((unit_id, value) for unit_id, (value, _, _) in units),
                statistics=tuple(dict.fromkeys(stat for _, (_, _, stat) in units)),
            )
        )
    return found


def _overlap(a: CoverageTarget, b: CoverageTarget) -> bool:
    return a.period.first_day <= b.period.last_day and b.period.first_day <= a.period.last_day


def check_targets(content: Content, report: Report, today: dt.date) -> None:
    """Errors of every target not in draft: see spec-target.md, "Validation"."""
    targets = [t for e in content.entries if (t := narrow(e, CoverageTarget)) and e.record.status != "draft"]
    seen: dict[tuple[str, str, str | None], list[Entry[CoverageTarget]]] = defaultdict(list)
    for entry in targets:
        target = entry.record
        if content.get(Unit, target.unit) is None:
            continue  # reported as a missing reference
        measure = measure_of(content, target)
        if measure == PERCENT and target.value > 100:
            report.error_at(entry, "value", f"kế hoạch tỷ lệ {fmt.percent(target.value)} vượt quá 100%")
        stats = matching_statistics(content, target)
        if not stats:
            unit = content.get(Unit, target.unit)
            name = unit.record.name if unit else target.unit
            what = f'chỉ tiêu "{target.indicator}"' + (f" ({measure})" if target.measure else "")
            report.error_at(
                entry,
                "indicator",
                f"chưa có số liệu (kind: statistic) nào về {what} của {name}: kết quả của kế hoạch lấy từ số "
                "liệu, không ghi ở đây; hãy thêm số liệu cùng đơn vị, cùng chỉ tiêu",
            )
        for stat in stats:
            future = [p for p in stat.record.series if p.period.first_day > today]
            if future:
                report.error_at(
                    entry,
                    "indicator",
                    f'kết quả lấy từ số liệu "{stat.id}" có mốc {future[0].period} mới hơn ngày dựng '
                    f"{fmt.day_text(today)}; sửa mốc thời gian của số liệu ({stat.shown})",
                )
        key = (target.unit, target.indicator, measure)
        for other in seen[key]:
            if _overlap(other.record, target):
                report.error_at(
                    entry,
                    "period",
                    f"kỳ {target.period} trùng với kế hoạch {other.record.period} ở {other.shown} "
                    f"(dòng {other.line('period')}) cho cùng đơn vị và chỉ tiêu; mỗi kỳ chỉ một kế hoạch",
                )
                break
        seen[key].append(entry)
