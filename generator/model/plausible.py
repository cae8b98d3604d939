"""Values each well-typed on its own that cannot be true together, in one record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from generator.model import formatting as fmt
from generator.model.dates import LOCAL_TZ
from generator.model.loader import Entry
from generator.model.records import Broadcast, Campaign, Otherwise, Statistic, Story

RATE_MEASURE = "%"  # a share of people or cards: never above 100


def impossible(entry: Entry, today: dt.date | None = None) -> Iterator[tuple[str, str]]:
    """(field, Vietnamese message) for each value of the record that cannot be true."""
    today = today or dt.datetime.now(LOCAL_TZ).date()
    record = entry.record
    if isinstance(record, Story):
        yield from _story(record, today)
    elif isinstance(record, Statistic):
        yield from _statistic(record, today)
    elif isinstance(record, Campaign):
        for name, plan in (("broadcast", record.broadcast), ("otherwise", record.otherwise)):
            yield from _repeated_times(name, plan)


def _story(story: Story, today: dt.date) -> Iterator[tuple[str, str]]:
    if story.date.first_day > today:
        yield "date", f"{fmt.date_text(story.date)} chưa đến; câu chuyện phải là việc đã xảy ra"
    for i, person in enumerate(story.people):
        if person.born is not None and person.born > story.date.year:
            yield (
                f"people[{i}].born",
                f"năm sinh {person.born} sau thời điểm câu chuyện ({fmt.date_text(story.date)})",
            )


def _statistic(stat: Statistic, today: dt.date) -> Iterator[tuple[str, str]]:
    for i, point in enumerate(stat.series):
        if point.period.first_day > today:
            yield f"series[{i}].period", f"{fmt.period_text(point.period)} chưa đến; số liệu phải là số đã có"
        if stat.measure == RATE_MEASURE and point.value > 100:
            yield f"series[{i}].value", f"tỷ lệ {fmt.percent(point.value)} vượt 100%"
    if stat.target and stat.measure == RATE_MEASURE and stat.target.value > 100:
        yield "target.value", f"tỷ lệ kế hoạch {fmt.percent(stat.target.value)} vượt 100%"


def _repeated_times(name: str, plan: Broadcast | Otherwise | None) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for i, time in enumerate((plan.times or []) if plan else []):
        if time in seen:
            yield f"{name}.times[{i}]", f'giờ "{time}" đã ghi ở trên; mỗi giờ phát chỉ ghi một lần'
        seen.add(time)
