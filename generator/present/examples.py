"""Figures that only example records make: what the leak scan looks for in a build's output.

An example record (``example: true``) never feeds a build: the content the exports see leaves
it out (``Content.published``). To prove that nothing applied it anyway, this module computes
what the outputs would print if it had been applied — every amount the calculator, the rate
tables, the lowest payments and the announcements derive from the policy timeline with the
examples, on the dates around each change — and keeps only the figures that differ from
every real one: the same amounts computed without the examples, for every province, and every
number written in a public record. What remains cannot come from anything true.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from generator.model import calculator as calc
from generator.model.content import Content
from generator.model.loader import Entry
from generator.model.policy import timeline
from generator.model.privacy import string_fields
from generator.present.rates import BHYT_MEMBERS, HOUSEHOLD_SIZES, table_incomes

SMALLEST = 1_000  # smaller numbers (percentages, counts of months) are everywhere: no evidence
_WRITTEN_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d])|(?<![\d.,])\d{4,}(?![\d])")


def example_figures(content: Content, on: dt.date | None = None) -> dict[str, str]:
    """Figure as printed ("99.000") → what makes it (a Vietnamese label), for the examples of
    ``content``; ``on``: the build date, computed besides the dates of every change."""
    examples = [e for e in content.entries if e.record.published and e.record.example]
    if not examples:
        return {}
    real_entries = [e for e in content.entries if e.record.public]
    found: dict[int, str] = {}
    imagined = timeline(e for e in content.entries if e.record.published)
    real = timeline(real_entries)
    if imagined != real:
        label = _label([e for e in examples if e.kind == "policy"])
        days = _days(imagined, on)
        provinces = [None, *sorted(set(calc.provinces(imagined)) | set(calc.provinces(real)))]
        real_amounts = set(_amounts(real, days, provinces))
        for amount in _amounts(imagined, days, provinces):
            if amount >= SMALLEST and amount not in real_amounts:
                found.setdefault(amount, label)
    for entry in examples:
        if entry.kind != "policy":
            for amount in set(_numbers(entry.record)):
                found.setdefault(amount, _label([entry]))
    known = set(_written(real_entries))
    return {calc.money(amount): label for amount, label in sorted(found.items()) if amount not in known}


def _label(entries: list[Entry]) -> str:
    names = ", ".join(f"{e.id} ({e.shown})" for e in entries)
    return f"con số tính từ bản ghi ví dụ minh họa {names}, example: true"


def _days(found: Mapping[str, Any], on: dt.date | None) -> list[dt.date]:
    """Every date a figure of the timeline starts, the day before it, and the build date."""
    starts: set[dt.date] = set()
    for series in _all_series(found):
        for item in series:
            start = dt.date.fromisoformat(str(item["start"]))
            starts.update((start, start - dt.timedelta(days=1)))
    if on is not None:
        starts.add(on)
    return sorted(starts)


def _all_series(found: Mapping[str, Any]) -> Iterator[list[dict[str, Any]]]:
    yield from found.get("parameters", {}).values()
    for own in found.get("provinces", {}).values():
        yield from own.values()


def _amounts(found: Mapping[str, Any], days: list[dt.date], provinces: list[str | None]) -> Iterator[int]:
    """Every amount the exports print from the timeline on ``days``: payments and supports by
    group, income and months (rate tables, lowest payments, announcements), household BHYT."""
    for day in days:
        try:
            minimum, maximum = calc.income_limits(found, day)
        except calc.CalculationError:
            continue
        for province in provinces:
            for group in calc.GROUPS:
                for income in table_incomes(minimum, maximum):
                    for months in calc.MONTH_CHOICES:
                        try:
                            result = calc.contribution(found, income, [group], day, months, province)
                        except calc.CalculationError:
                            break
                        yield from (result.total_net, result.total_state_support)
                        yield from (result.total_province_support, result.net.amount or 0)
                        yield from (result.state_support.amount or 0, result.province_support.amount or 0)
        try:
            households = [calc.bhyt(found, n, day) for n in range(1, max(BHYT_MEMBERS, HOUSEHOLD_SIZES) + 1)]
        except calc.CalculationError:
            continue
        for household in households:
            yield household.total_yearly
            for monthly in (*household.monthly, sum(household.monthly)):
                yield from (monthly * months for months in calc.MONTH_CHOICES)


def _numbers(model: BaseModel) -> Iterator[int]:
    """The whole numbers of a record's own fields (a made-up target, a made-up count)."""
    for name in type(model).model_fields:
        yield from _numbers_in(getattr(model, name))


def _numbers_in(value: Any) -> Iterator[int]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float | Decimal):
        if value >= SMALLEST and value == int(value):
            yield int(value)
    elif isinstance(value, BaseModel):
        yield from _numbers(value)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _numbers_in(item)


def _written(entries: Iterable[Entry]) -> Iterator[int]:
    """Every number the public records hold, in their fields or written in their text."""
    for entry in entries:
        yield from _numbers(entry.record)
        for item in string_fields(entry.record):
            for number in _WRITTEN_NUMBER.findall(item.value):
                yield int(number.replace(".", ""))
