"""Partial dates (``2025``, ``2025-05``, ``2025-05-01``) and periods (``A..B``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # every date and time the team writes is local

_DATE = re.compile(r"^(\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")  # 9 digits: a typo, not 5,000
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Period:
    start: PartialDate
    end: PartialDate

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return self.end.last_day


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("lantoa", message)


def parse_date(value: object) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    text = str(value).strip()
    match = _DATE.match(text)
    if isinstance(value, bool) or not match:
        raise _fail(f'"{text}" không phải ngày hợp lệ; viết YYYY-MM-DD, YYYY-MM hoặc YYYY')
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _fail(f"năm {year} không hợp lệ (phải từ {MIN_YEAR} đến {MAX_YEAR}); kiểm tra lỗi gõ")
    if month is not None and not 1 <= month <= 12:
        raise _fail(f'tháng {month} không tồn tại trong "{text}"')
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise _fail(f'ngày {day} không tồn tại trong tháng {month}/{year} ("{text}")')
    return PartialDate(year, month, day)


def parse_period(value: object) -> Period:
    if isinstance(value, Period):
        return value
    text = str(value).strip()
    if ".." in text:
        start_text, _, end_text = text.partition("..")
        start, end = parse_date(start_text), parse_date(end_text)
        if end.last_day < start.first_day:
            raise _fail(f'khoảng thời gian "{text}" kết thúc trước khi bắt đầu')
        return Period(start, end)
    single = parse_date(value)
    return Period(single, single)


@dataclass(frozen=True)
class OpenPeriod:
    """A period that may run on with no known end (``2027-01-01..``): policy figures."""

    start: PartialDate
    end: PartialDate | None

    def __str__(self) -> str:
        return f"{self.start}..{self.end or ''}"

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date | None:
        return self.end.last_day if self.end else None

    def contains(self, day: dt.date) -> bool:
        return self.first_day <= day and (self.end is None or day <= self.end.last_day)


def parse_open_period(value: object) -> OpenPeriod:
    """``START..END`` or ``START..`` (no end yet); a single date is a period of its own."""
    if isinstance(value, OpenPeriod):
        return value
    text = str(value).strip()
    if text.endswith("..") and text.count("..") == 1:
        return OpenPeriod(parse_date(text[:-2]), None)
    closed = parse_period(value)
    return OpenPeriod(closed.start, closed.end)
