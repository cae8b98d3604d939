"""Vietnamese number and date formatting: ``1.805 người``, ``30,26%``, ``tháng 5/2025``."""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from generator.model.dates import PartialDate, Period


def number(value: float, decimals: int = 2) -> str:
    """Thousands with a dot, decimals with a comma, no trailing zeros; rounded half up.

    Decimal from the shortest text of the float: 2.675 is 2.67499999… in binary, and
    ``round()`` (half to even, on that binary value) would print 2,67 where a reader who
    rounds 2,675 by hand writes 2,68.
    """
    if not math.isfinite(value):
        return str(value)  # validation refuses these; never crash on the way to a message
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    whole, _, fraction = f"{rounded:,.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0")
    whole = whole.replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


def percent(value: float, decimals: int = 2) -> str:
    return f"{number(value, decimals)}%"


def quantity(value: float, measure: str) -> str:
    """A figure with its measure: ``1.500.000 đồng/tháng``, ``4,5%``, ``120 tháng``."""
    return percent(value) if measure == "%" else f"{number(value)} {measure}"


def points(value: float) -> str:
    """A difference between two percentages: "5 điểm phần trăm", not "5%" (that would be relative)."""
    return f"{number(value)} điểm phần trăm"


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


def money(value: float) -> str:
    """Whole đồng: ``165.000 đồng``."""
    return f"{number(round(value), 0)} đồng"


def day_text(day: dt.date) -> str:
    """``1/7/2025`` (the way dates of change are written on the site and leaflets)."""
    return f"{day.day}/{day.month}/{day.year}"


def seconds_text(seconds: float, like_a_player: bool = False) -> str:
    """A length of speech: "1 phút 5 giây", "45 giây", "5 phút", rounded up to the second (a
    reading time); ``like_a_player``: down, as an audio player shows a file's length (1:03)."""
    total = max(1, math.floor(seconds)) if like_a_player else math.ceil(round(seconds, 3))
    minutes, rest = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{number(minutes)} phút")
    if rest or not minutes:
        parts.append(f"{number(rest)} giây")
    return " ".join(parts)


def file_size(size: int) -> str:
    """A file's size as a phone shows it (1 KB = 1.000 bytes): "25 KB" (rounded up, never
    "0 KB") under a megabyte, "1,2 MB" from there (one decimal; none from 10 MB)."""
    kilobytes = max(1, math.ceil(size / 1000))
    if kilobytes < 1000:
        return f"{kilobytes} KB"
    megabytes = size / 1_000_000
    return f"{number(megabytes, 1 if megabytes < 10 else 0)} MB"
