"""What a person pays, ready to print: a province's rate table, the household BHYT table and the
lowest monthly payment per group — every amount computed by ``generator.model.calculator``.

The figures follow a timeline (``Views.policy_timeline``: the published policy records) and a
date (the build's); without policy records there is nothing to print and ``available`` says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.model import calculator as calc
from generator.model.formatting import day_text

ROUND_INCOMES = (2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 30_000_000)
ROUND_STEPS = 5  # incomes between the minimum and the maximum in the rate table
BHYT_MEMBERS = 5  # the table's last row is "5th member and each one after"


def available(timeline: Mapping[str, Any], on: dt.date) -> bool:
    """Whether the figures the tables need are in force on the date."""
    try:
        calc.income_limits(timeline, on)
        calc.contribution(timeline, calc.income_limits(timeline, on)[0], ["khac"], on)
        calc.bhyt(timeline, 1, on)
    except calc.CalculationError:
        return False
    return True


def dong(amount: int) -> str:
    """165000 → '165.000 đồng'."""
    return f"{calc.money(amount)} đồng"


@dataclass(frozen=True)
class GroupPayment:
    """The lowest monthly payment of one group on a date: minimum income × rate − supports."""

    group: str
    label: str  # "Hộ nghèo"
    support_percent: str  # "50%"
    state_support: int
    province_support: int
    net: int

    @property
    def net_text(self) -> str:
        return dong(self.net)

    @property
    def support_words(self) -> str:
        """In a sentence: "được Nhà nước hỗ trợ 50%, tức 165.000 đồng" (and the province's top-up)."""
        text = f"được Nhà nước hỗ trợ {self.support_percent}, tức {dong(self.state_support)}"
        if self.province_support:
            text += f", tỉnh hỗ trợ thêm {dong(self.province_support)}"
        return text

    @property
    def support_text(self) -> str:
        text = f"{self.support_percent} = {dong(self.state_support)}"
        if self.province_support:
            text += f" + tỉnh {dong(self.province_support)}"
        return text


def lowest_payments(
    timeline: Mapping[str, Any], on: dt.date, province: str | None = None
) -> tuple[GroupPayment, ...]:
    """Each group's monthly payment at the minimum income on ``on`` (with the province's top-up)."""
    minimum = calc.income_limits(timeline, on)[0]
    found = []
    for group in calc.GROUPS:
        result = calc.contribution(timeline, minimum, [group], on, province=province)
        found.append(
            GroupPayment(
                group=group,
                label=calc.GROUP_LABELS[group][0].upper() + calc.GROUP_LABELS[group][1:],
                support_percent=f"{calc.percent(result.state_support_percent)}%",
                state_support=result.state_support.amount or 0,
                province_support=result.province_support.amount or 0,
                net=result.net.amount or 0,
            )
        )
    return tuple(found)


@dataclass(frozen=True)
class RateRow:
    income: int
    income_text: str  # "1.500.000"
    note: str  # "thấp nhất", "cao nhất" or ""
    amounts: tuple[str, ...]  # what the person pays for 1, 3, 6, 12 months, "165.000"


@dataclass(frozen=True)
class RateBlock:
    """One group's part of the rate table."""

    group: str
    label: str
    support: str  # "Nhà nước hỗ trợ 50% × 22% × 1.500.000 = 165.000 đồng/tháng"
    rows: tuple[RateRow, ...]


@dataclass(frozen=True)
class Basis:
    """A figure the table rests on, with its legal source."""

    what: str
    value: str
    source: str
    since: str  # "1/7/2026"
    confirmed: bool


@dataclass(frozen=True)
class ChangeNote:
    """The next known change after the build date, in one sentence per line."""

    date: str
    lines: tuple[str, ...]
    confirmed: bool


@dataclass(frozen=True)
class RateTable:
    on: dt.date
    on_text: str  # "2/12/2026"
    effective: str  # the latest date one of the figures used took effect: "1/7/2026"
    province: str | None
    province_name: str | None
    months: tuple[int, ...]
    minimum: str
    maximum: str
    rate: str  # "22%"
    blocks: tuple[RateBlock, ...]
    basis: tuple[Basis, ...]
    next_change: ChangeNote | None
    confirmed: bool  # false: some figure is not yet checked against its legal text
    province_support: bool  # the province pays a top-up of its own
    until: str = ""  # the last day before the next known change: "31/12/2026" ("" when none is known)


def table_incomes(minimum: int, maximum: int) -> tuple[int, ...]:
    """The minimum, a few round incomes between, and the maximum."""
    steps = [i for i in ROUND_INCOMES if minimum < i < maximum][:ROUND_STEPS]
    return (minimum, *steps, maximum)


def _entry(timeline: Mapping[str, Any], parameter: str, on: dt.date, province: str | None = None):
    entries = (
        timeline.get("provinces", {}).get(province, {}).get(parameter, [])
        if province
        else timeline.get("parameters", {}).get(parameter, [])
    )
    day = on.isoformat()
    return next(
        (e for e in entries if str(e["start"]) <= day and (e.get("end") is None or day <= str(e["end"]))),
        None,
    )


def value_text(parameter: str, value: Any, separator: str = "; ") -> str:
    """A policy value in words: "1.500.000 đồng/tháng", "22%", or each group's level."""
    measure = calc.PARAMETERS.get(parameter, ("", ""))[1]
    if isinstance(value, Mapping):
        return separator.join(
            f"{calc.GROUP_LABELS[g]} {calc.percent(value[g])}%" for g in calc.GROUPS if g in value
        )
    if measure == "%":
        return f"{calc.percent(value)}%"
    if measure.startswith("đồng"):
        return f"{calc.money(round(value))} {measure}"
    return f"{calc.percent(value)} {measure}"


def basis(
    timeline: Mapping[str, Any], on: dt.date, parameters: tuple[str, ...], province: str | None = None
) -> tuple[Basis, ...]:
    found = []
    for parameter in parameters:
        entry = _entry(timeline, parameter, on)
        if entry is not None:
            found.append(
                Basis(
                    what=calc.PARAMETERS[parameter][0],
                    value=value_text(parameter, entry["value"]),
                    source=str(entry["source"]),
                    since=day_text(dt.date.fromisoformat(str(entry["start"]))),
                    confirmed=bool(entry.get("confirmed", True)),
                )
            )
    entry = _entry(timeline, "ho-tro-tinh", on, province) if province else None
    if entry is not None:
        found.append(
            Basis(
                what=calc.PARAMETERS["ho-tro-tinh"][0],
                value=value_text("ho-tro-tinh", entry["value"]),
                source=str(entry["source"]),
                since=day_text(dt.date.fromisoformat(str(entry["start"]))),
                confirmed=bool(entry.get("confirmed", True)),
            )
        )
    return tuple(found)


RATE_PARAMETERS = (
    "ty-le-dong",
    "chuan-ngheo-nong-thon",
    "muc-tham-chieu",
    "ho-tro-nha-nuoc",
    "thoi-gian-ho-tro-toi-da",
)
BHYT_PARAMETERS = ("bhyt-ho-gia-dinh", "muc-tham-chieu")


def _until(note: ChangeNote | None) -> str:
    """The last day of a table's figures: the day before its next known change."""
    if note is None:
        return ""
    d, m, y = (int(p) for p in note.date.split("/"))
    return day_text(dt.date(y, m, d) - dt.timedelta(days=1))


def _effective(found: tuple[Basis, ...]) -> str:
    def key(b: Basis) -> tuple[int, int, int]:
        d, m, y = (int(p) for p in b.since.split("/"))
        return (y, m, d)

    return max(found, key=key).since if found else ""


def next_change(
    timeline: Mapping[str, Any], on: dt.date, parameters: tuple[str, ...], province: str | None = None
) -> ChangeNote | None:
    """The first change after ``on`` of one of ``parameters`` (nationwide or the province's own)."""
    far = on.replace(year=on.year + 10)
    changes = [
        c
        for c in calc.changes_between(timeline, on, far)
        if (c.parameter in parameters and c.province is None)
        or (c.parameter == "ho-tro-tinh" and province is not None and c.province == province)
    ]
    if not changes:
        return None
    first = changes[0].date
    same_day = [c for c in changes if c.date == first]
    lines = [
        f"{calc.PARAMETERS[c.parameter][0]}: từ {value_text(c.parameter, c.old_value)} thành "
        f"{value_text(c.parameter, c.new_value)} ({c.source})"
        for c in same_day
    ]
    return ChangeNote(day_text(first), tuple(lines), all(c.confirmed for c in same_day))


# Printed texts use words, not arrows: Noto Sans, the leaflets' font, has no "→".


def _with_payments(
    note: ChangeNote | None, timeline: Mapping[str, Any], province: str | None
) -> ChangeNote | None:
    """Add each group's lowest monthly payment before and after the change, when it moves."""
    if note is None:
        return None
    d, m, y = (int(p) for p in note.date.split("/"))
    day = dt.date(y, m, d)
    try:
        before = lowest_payments(timeline, day - dt.timedelta(days=1), province)
        after = lowest_payments(timeline, day, province)
    except calc.CalculationError:
        return note
    moved = [(b, a) for b, a in zip(before, after, strict=True) if b.net != a.net]
    if not moved:
        return note
    line = "Mức đóng thấp nhất mỗi tháng: " + "; ".join(
        f"{b.label.lower()} từ {calc.money(b.net)} {'lên' if a.net > b.net else 'xuống'} {calc.money(a.net)}"
        for b, a in moved
    )
    return ChangeNote(note.date, (*note.lines, line + " đồng"), note.confirmed)


def rate_table(
    timeline: Mapping[str, Any], on: dt.date, province: str | None = None, name: str | None = None
) -> RateTable:
    """Groups × incomes × 1/3/6/12 months: what the person pays, with the support, on ``on``."""
    minimum, maximum = calc.income_limits(timeline, on)
    blocks = []
    confirmed = True
    for group in calc.GROUPS:
        rows = []
        support = ""
        for income in table_incomes(minimum, maximum):
            amounts = []
            for months in calc.MONTH_CHOICES:
                result = calc.contribution(timeline, income, [group], on, months, province)
                amounts.append(calc.money(result.total_net))
                confirmed = confirmed and result.as_json()["confirmed"]
            if not support:
                support = _support_text(result)
            note = "thấp nhất" if income == minimum else "cao nhất" if income == maximum else ""
            rows.append(RateRow(income, calc.money(income), note, tuple(amounts)))
        label = calc.GROUP_LABELS[group]
        blocks.append(RateBlock(group, label[0].upper() + label[1:], support, tuple(rows)))
    found = basis(timeline, on, RATE_PARAMETERS, province)
    rate = calc.contribution(timeline, minimum, ["khac"], on).rate_percent
    change = _with_payments(next_change(timeline, on, RATE_PARAMETERS, province), timeline, province)
    return RateTable(
        on=on,
        on_text=day_text(on),
        effective=_effective(found),
        province=province,
        province_name=name,
        months=calc.MONTH_CHOICES,
        minimum=dong(minimum),
        maximum=dong(maximum),
        rate=f"{calc.percent(rate)}%",
        blocks=tuple(blocks),
        basis=found,
        next_change=change,
        confirmed=confirmed,
        province_support=any(
            calc.contribution(timeline, minimum, [g], on, province=province).province_support.amount
            for g in calc.GROUPS
        ),
        until=_until(change),
    )


def _support_text(result: calc.Contribution) -> str:
    """ "Nhà nước hỗ trợ 50% × 22% × 1.500.000 = 165.000 đồng/tháng, tối đa 120 tháng" """
    minimum = result.minimum_income.amount or 0
    rate = calc.percent(result.rate_percent)
    text = (
        f"Nhà nước hỗ trợ {calc.percent(result.state_support_percent)}% × {rate}% × {calc.money(minimum)} "
        f"= {dong(result.state_support.amount or 0)}/tháng"
    )
    if result.province_support.amount:
        text += (
            f"; tỉnh hỗ trợ thêm {calc.percent(result.province_support_percent)}% = "
            f"{dong(result.province_support.amount)}/tháng"
        )
    return text + f"; tối đa {result.support_months_max} tháng"


@dataclass(frozen=True)
class BhytRow:
    order: str  # "1", "2", …, "5 trở đi"
    ratio: str  # "70%"
    monthly: str
    amounts: tuple[str, ...]  # this member for 3, 6, 12 months
    household_year: str  # a household of this many members, per year


@dataclass(frozen=True)
class BhytTable:
    on: dt.date
    on_text: str
    effective: str
    base: str  # "2.530.000 đồng"
    rate: str  # "4,5%"
    months: tuple[int, ...]
    rows: tuple[BhytRow, ...]
    households: tuple[tuple[str, tuple[str, ...]], ...]  # (members, the household's 3, 6, 12 months)
    basis: tuple[Basis, ...]
    rule: str
    next_change: ChangeNote | None
    confirmed: bool
    until: str = ""  # the last day before the next known change ("" when none is known)


BHYT_MONTHS = (3, 6, 12)  # households pay for 3, 6 or 12 months at once
HOUSEHOLD_SIZES = 8


def bhyt_table(timeline: Mapping[str, Any], on: dt.date) -> BhytTable:
    """Members 1 to 5+: each member's amount and the household's total a year."""
    result = calc.bhyt(timeline, BHYT_MEMBERS, on)
    rows = []
    for index, monthly in enumerate(result.monthly):
        household = sum(result.yearly[: index + 1])
        order = f"{index + 1} trở đi" if index + 1 == BHYT_MEMBERS else str(index + 1)
        rows.append(
            BhytRow(
                order=order,
                ratio=f"{result.ratios[index]}%",
                monthly=calc.money(monthly),
                amounts=tuple(calc.money(monthly * m) for m in BHYT_MONTHS),
                household_year=calc.money(household),
            )
        )
    households = []
    for members in range(1, HOUSEHOLD_SIZES + 1):
        monthly_total = sum(calc.bhyt(timeline, members, on).monthly)
        households.append((str(members), tuple(calc.money(monthly_total * m) for m in BHYT_MONTHS)))
    found = basis(timeline, on, BHYT_PARAMETERS)
    change = next_change(timeline, on, BHYT_PARAMETERS)
    return BhytTable(
        on=on,
        on_text=day_text(on),
        effective=_effective(found),
        base=dong(result.base),
        rate=f"{calc.percent(result.rate_percent)}%",
        months=BHYT_MONTHS,
        rows=tuple(rows),
        households=tuple(households),
        basis=found,
        rule=(
            f"Người thứ nhất đóng {calc.percent(result.rate_percent)}% × mức tham chiếu {dong(result.base)} "
            "mỗi tháng; người thứ 2, 3, 4 đóng 70%, 60%, 50% mức của người thứ nhất; từ người thứ 5 "
            f"đóng 40% ({calc.SOURCE_BHYT_RATIOS})."
        ),
        next_change=change,
        confirmed=result.total.confirmed,
        until=_until(change),
    )
