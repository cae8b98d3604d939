"""A percentage of a policy page in đồng: what it comes to for a real person on that date.

"22%" alone means little on a phone; "= 330.000 đồng/tháng với thu nhập 1.500.000" does. The
other figures (lowest income, rate, reference amount) come from the calculator's timeline for
the first day of the period, so the line is what the calculator would say that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from generator.model import calculator as calc

BHYT_MEMBERS = 5  # from the fifth member on every one pays the same share


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _lowest_income(timeline: Mapping[str, Any], on: dt.date) -> int:
    return calc.income_limits(timeline, on)[0]


def _rate(timeline: Mapping[str, Any], on: dt.date) -> Decimal:
    return calc.contribution(timeline, _lowest_income(timeline, on), ["khac"], on).rate_percent


def money_line(parameter: str, value: float, on: dt.date, timeline: Mapping[str, Any]) -> str | None:
    """``= 66.000 đồng/tháng với thu nhập 1.500.000`` for a percentage; None when the page's
    figure is not a share of money or the timeline has no figures for that day."""
    percent = Decimal(str(value))
    try:
        if parameter == "ty-le-dong":
            income = _lowest_income(timeline, on)
            amount = _round(percent * income / 100)
            return f"= {calc.money(amount)} đồng/tháng với thu nhập {calc.money(income)}"
        if parameter in ("ho-tro-nha-nuoc", "ho-tro-tinh"):
            income = _lowest_income(timeline, on)
            amount = _round(percent * _rate(timeline, on) * income / 10000)
            return f"= {calc.money(amount)} đồng/tháng với thu nhập {calc.money(income)}"
        if parameter == "bhyt-ho-gia-dinh":
            base = calc.bhyt(timeline, 1, on).base
            shares = [
                _round(percent * base * calc.bhyt_ratio(order) / 10000)
                for order in range(1, BHYT_MEMBERS + 1)
            ]
            others = "; ".join(f"người thứ {order}: {calc.money(a)}" for order, a in enumerate(shares[1:], 2))
            return (
                f"= {calc.money(shares[0])} đồng/tháng cho người thứ nhất với mức tham chiếu "
                f"{calc.money(base)} ({others}; từ người thứ {BHYT_MEMBERS + 1} như người thứ {BHYT_MEMBERS})"
            )
    except calc.CalculationError:
        return None
    return None
