"""Vietnamese number and date formatting: ``1.805 người``, ``30,26%``, ``tháng 5/2025``."""

from __future__ import annotations

from generator.model.dates import PartialDate, Period


def number(value: float, decimals: int = 2) -> str:
    """Thousands with a dot, decimals with a comma, no trailing zeros."""
    rounded = round(value, decimals)
    if rounded == int(rounded):
        return f"{int(rounded):,}".replace(",", ".")
    whole, _, fraction = f"{rounded:,.{decimals}f}".partition(".")
    return f"{whole.replace(',', '.')},{fraction.rstrip('0')}"


def percent(value: float, decimals: int = 2) -> str:
    return f"{number(value, decimals)}%"


def quantity(value: float, measure: str) -> str:
    return percent(value) if measure == "%" else f"{number(value)} {measure}"


def date_text(date: PartialDate) -> str:
    if date.day:
        return f"ngày {date.day}/{date.month}/{date.year}"
    if date.month:
        return f"tháng {date.month}/{date.year}"
    return f"năm {date.year}"


def short_date(date: PartialDate) -> str:
    """Without the leading word: ``2/7/2021``, ``5/2025``, ``2024``."""
    return date_text(date).split(" ", 1)[1]


def period_text(period: Period) -> str:
    start, end = period.start, period.end
    if start == end:
        return date_text(start)
    if start.day and end.day:
        if start.year == end.year:
            return f"từ {start.day}/{start.month} đến {end.day}/{end.month}/{end.year}"
        return f"từ {short_date(start)} đến {short_date(end)}"
    if start.month and end.month and not start.day and not end.day and start.year == end.year:
        return f"tháng {start.month}-{end.month}/{end.year}"
    if not start.month and not end.month:
        return f"năm {start.year}-{end.year}"
    return f"từ {short_date(start)} đến {short_date(end)}"
