"""A campaign's loudspeaker schedule: slot list, Vietnamese summary rows, this week's bulletins.

Two rules make the schedule (content-model.md): ``broadcast`` during the period
(times on the given days), and ``otherwise`` from the day after the period until the
end of that year (N times a week). Times are local, Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import formatting as fmt
from generator.model.dates import LOCAL_TZ, PartialDate, Period
from generator.present.catalogue import Planned
from generator.present.text import join_words
from generator.present.views import WEEKDAY_NAMES, WEEKDAYS, CampaignView, Slot, Views

WEEKDAY_CODES = WEEKDAYS


@dataclass(frozen=True)
class Rule:
    """One part of a schedule: these weekdays at these times, between two dates."""

    name: str  # "during" | "otherwise"
    first: dt.date
    last: dt.date
    weekdays: tuple[int, ...]  # 0 = Monday
    times: tuple[dt.time, ...]

    def dates(self) -> list[dt.date]:
        days = (self.last - self.first).days + 1
        every = (self.first + dt.timedelta(d) for d in range(max(days, 0)))
        return [d for d in every if d.weekday() in self.weekdays]

    def slots(self) -> list[dt.datetime]:
        return [dt.datetime.combine(d, t, LOCAL_TZ) for d in self.dates() for t in self.times]


@dataclass(frozen=True)
class ScheduleRow:
    """One line of the schedule table on the campaign page."""

    period: str  # "từ 1/4 đến 31/5/2024"
    days: str  # "hằng ngày" | "Thứ Hai, Thứ Năm hằng tuần"
    times: str  # "05:30 và 17:30"
    count: int  # number of slots

    @property
    def short(self) -> str:
        """ "05:30 và 17:30 hằng ngày, từ 1/4 đến 31/5/2024" """
        return f"{self.times} {self.days}, {self.period}"

    @property
    def text(self) -> str:
        return f"{self.short} ({self.count} buổi)"


def _weekdays(slot: Slot) -> tuple[int, ...]:
    return tuple(WEEKDAY_CODES.index(code) for code in slot.weekdays)


def _clock(text: str) -> dt.time:
    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))


def _clocks(times: Iterable[str]) -> tuple[dt.time, ...]:
    """Each time once (validation reports repeats): one slot, one calendar event per time."""
    return tuple(_clock(t) for t in dict.fromkeys(times))


def rules(view: CampaignView) -> list[Rule]:
    start, end = dt.date.fromisoformat(view.start), dt.date.fromisoformat(view.end)
    found: list[Rule] = []
    if view.during and view.during.times:
        found.append(
            Rule(
                "during",
                start,
                end,
                _weekdays(view.during),
                _clocks(view.during.times),
            )
        )
    year_end = dt.date(end.year, 12, 31)
    if view.otherwise and view.otherwise.times and end < year_end:
        found.append(
            Rule(
                "otherwise",
                end + dt.timedelta(days=1),
                year_end,
                _weekdays(view.otherwise),
                _clocks(view.otherwise.times),
            )
        )
    return found


def slots(view: CampaignView) -> list[dt.datetime]:
    """Every broadcast slot of the campaign, in local time, in order."""
    return sorted(s for rule in rules(view) for s in rule.slots())


def _date_span(first: dt.date, last: dt.date) -> str:
    return fmt.period_text(Period(PartialDate.of(first), PartialDate.of(last)))


def _times_text(times: Iterable[str]) -> str:
    return join_words(list(times))


def _days_text(rule: Rule) -> str:
    if len(rule.weekdays) == 7:
        return "hằng ngày"
    return ", ".join(WEEKDAY_NAMES[WEEKDAY_CODES[d]] for d in rule.weekdays) + " hằng tuần"


def schedule_rows(view: CampaignView) -> list[ScheduleRow]:
    """The schedule in words, one row per rule with at least one slot."""
    rows = []
    for rule in rules(view):
        slot = view.during if rule.name == "during" else view.otherwise
        assert slot is not None
        count = len(rule.dates()) * len(rule.times)  # times are distinct: no datetimes needed
        if count:
            rows.append(
                ScheduleRow(
                    _date_span(rule.first, rule.last),
                    _days_text(rule),
                    _times_text(slot.times),
                    count,
                )
            )
    return rows


def schedule_summary(view: CampaignView) -> str:
    """One short sentence for cards and the announcer's header."""
    rows = schedule_rows(view)
    if not rows:
        return "Chưa có lịch phát thanh."
    return "; ".join(r.short for r in rows) + "."


# --- this week ----------------------------------------------------------------------


@dataclass(frozen=True)
class WeekBulletin:
    """A campaign on air this week, for the "Phát thanh" page."""

    campaign: CampaignView
    slots: tuple[dt.datetime, ...]  # this week's slots, in order
    active: bool  # today lies within the campaign's period

    @property
    def schedule(self) -> str:
        """ "Thứ Hai 05:30, 17:30; Thứ Ba 05:30, 17:30; …" """
        by_day: dict[dt.date, list[str]] = {}
        for slot in self.slots:
            by_day.setdefault(slot.date(), []).append(f"{slot:%H:%M}")
        new_year = len({d.year for d in by_day}) > 1  # 29/12 and 1/1 in one week: say which year
        return "; ".join(
            f"{WEEKDAY_NAMES[WEEKDAY_CODES[d.weekday()]]} {d.day}/{d.month}"
            f"{f'/{d.year}' if new_year else ''}: {', '.join(times)}"
            for d, times in by_day.items()
        )

    @property
    def audio(self) -> list[Planned]:
        return self.campaign.files("audio")

    @property
    def files(self) -> list[Planned]:
        """Scripts, audio and the calendar, in the order the campaign page lists them."""
        return [d for d in self.campaign.downloads if d.export in ("script", "audio", "calendar")]


def week_of(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def week_text(monday: dt.date, sunday: dt.date) -> str:
    """ "12/5 - 18/5/2025"; a week across New Year names both years: "29/12/2025 - 4/1/2026"."""
    first = f"{monday.day}/{monday.month}" + (f"/{monday.year}" if monday.year != sunday.year else "")
    return f"{first} - {sunday.day}/{sunday.month}/{sunday.year}"


def this_week(views: Views, today: dt.date | None = None) -> list[WeekBulletin]:
    """Campaigns with a slot in the week (Monday–Sunday) of ``today`` (default: the build date), or active
    today, by first slot."""
    today = today or views.today
    campaigns = views.all("campaign")
    monday, sunday = week_of(today)
    found = []
    for view in campaigns:
        week = tuple(s for s in slots(view) if monday <= s.date() <= sunday)
        active = dt.date.fromisoformat(view.start) <= today <= dt.date.fromisoformat(view.end)
        if week or active:
            found.append(WeekBulletin(view, week, active))
    far = dt.datetime.max.replace(tzinfo=LOCAL_TZ)
    return sorted(found, key=lambda b: (b.slots[0] if b.slots else far, b.campaign.id))
