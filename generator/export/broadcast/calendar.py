"""A campaign's loudspeaker schedule as an .ics file (the schedule itself: present.schedule)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard

from generator.model import formatting as fmt
from generator.model.dates import LOCAL_TZ
from generator.present.schedule import Rule, rules
from generator.present.views import CampaignView

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
REMINDER = dt.timedelta(minutes=10)  # staff switch the amplifier on before the slot
DEFAULT_SLOT_MINUTES = 5.0  # calendar length of a slot when the record gives none


def _vietnam_timezone() -> Timezone:
    """VTIMEZONE for Asia/Ho_Chi_Minh: UTC+7 without daylight saving since 1975."""
    zone = Timezone()
    zone.add("tzid", "Asia/Ho_Chi_Minh")
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1975, 6, 13))
    standard.add("tzoffsetfrom", dt.timedelta(hours=7))
    standard.add("tzoffsetto", dt.timedelta(hours=7))
    standard.add("tzname", "+07")
    zone.add_component(standard)
    return zone


def _rrule(rule: Rule, last_slot: dt.datetime) -> dict[str, object]:
    until = last_slot.astimezone(dt.UTC)  # RFC 5545: UTC when DTSTART has a TZID
    if len(rule.weekdays) == 7:
        return {"freq": "daily", "until": until}
    return {"freq": "weekly", "byday": [ICAL_DAYS[d] for d in rule.weekdays], "until": until}


def _one_line(text: str) -> str:
    """Text for a one-line property: no line break or control character can end the line early."""
    return re.sub(r"[\s\x00-\x1f\x7f-\x9f]+", " ", text).strip()


def _unique(stem: str, host: str, used: set[str]) -> str:
    """A UID no other event of the file has: stable across builds, a number added on a repeat."""
    uid, n = f"{stem}@{host}", 1
    while uid in used:
        n += 1
        uid = f"{stem}-{n}@{host}"
    used.add(uid)
    return uid


def ics(
    view: CampaignView,
    *,
    site_url: str,
    script_url: str | None = None,
    stamp: dt.datetime | None = None,
) -> bytes:
    """The schedule as an iCalendar file: one recurring event per rule and time.

    Recurring events import into Google Calendar, iOS and Android as one series
    each, which staff can edit or delete at once (180 single events would not).
    """
    minutes = view.slot_minutes or DEFAULT_SLOT_MINUTES
    host = urlsplit(site_url).hostname or "lantoa"
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Lan Tỏa//Lịch phát thanh//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = _one_line(view.name)
    calendar.add("x-wr-calname", f"Phát thanh: {name}")
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    calendar.add_component(_vietnam_timezone())
    description = [_one_line(view.summary), f"Thời lượng mỗi buổi: {fmt.number(minutes)} phút.", view.url]
    if script_url:
        description.insert(2, f"Kịch bản: {script_url}")
    uids: set[str] = set()
    for rule in rules(view):
        for time in rule.times:
            occurrences = [dt.datetime.combine(d, time, LOCAL_TZ) for d in rule.dates()]
            if not occurrences:
                continue
            event = Event()
            event.add("uid", _unique(f"{view.id}-{rule.name}-{time:%H%M}", host, uids))
            event.add("dtstamp", stamp)
            event.add("summary", f"Phát thanh: {name}")
            event.add("dtstart", occurrences[0])
            event.add("duration", dt.timedelta(minutes=minutes))
            if len(occurrences) > 1:
                event.add("rrule", _rrule(rule, occurrences[-1]))
            event.add("location", _one_line(f"Loa truyền thanh {view.place}"))
            event.add("description", "\n".join(description))
            event.add("url", view.url)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Sắp đến giờ phát thanh: {name}")
            alarm.add("trigger", -REMINDER)
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
