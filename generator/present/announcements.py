"""Policy changes announced before they happen: what changes within ``WINDOW_DAYS`` of the build
date, from when, and what each group will pay before and after.

Computed once per build (``Views.announcements``) and read by every export: the site (home page, calculator
page, unit pages, one page per announcement), the loudspeaker (a bulletin) and social media (posts
and a card). Nothing here is written for one export only.

One announcement per date (and per province, for a province's own top-up): every parameter that
changes that day is listed, with the amounts people feel — the lowest monthly payment of each group,
and the highest chosen income or the household BHYT when those change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.model import calculator as calc
from generator.model.content import Content
from generator.model.formatting import day_text
from generator.model.placeholders import CHANGE_WINDOW_DAYS
from generator.model.settings import Settings
from generator.present import catalogue, urls
from generator.present.catalogue import Planned
from generator.present.rates import (
    GroupPayment,
    basis,
    dong,
    lowest_payments,
    value_text,
)

WINDOW_DAYS = CHANGE_WINDOW_DAYS  # the same window as the validity printed beside figures
KIND = "announcement"


# The parameter that names an announcement when several change on one day: the one people feel most.
PRIORITY = (
    "chuan-ngheo-nong-thon",
    "ho-tro-nha-nuoc",
    "ho-tro-tinh",
    "ty-le-dong",
    "muc-tham-chieu",
    "bhyt-ho-gia-dinh",
    "thoi-gian-ho-tro-toi-da",
    "so-nam-toi-thieu-huong-luong-huu",
    "tro-cap-thai-san",
    "tro-cap-huu-tri-xa-hoi",
)


# How a parameter is named in a sentence read aloud or posted (no brackets, plain words).
PLAIN_NAMES = {
    "chuan-ngheo-nong-thon": "mức thu nhập thấp nhất để đóng BHXH tự nguyện",
    "muc-tham-chieu": "mức tham chiếu bằng lương cơ sở",
    "ty-le-dong": "tỷ lệ đóng BHXH tự nguyện",
    "ho-tro-nha-nuoc": "mức Nhà nước hỗ trợ tiền đóng",
    "ho-tro-tinh": "mức tỉnh hỗ trợ thêm tiền đóng",
    "thoi-gian-ho-tro-toi-da": "thời gian được Nhà nước hỗ trợ tối đa",
    "so-nam-toi-thieu-huong-luong-huu": "số năm đóng tối thiểu để hưởng lương hưu",
    "bhyt-ho-gia-dinh": "mức đóng BHYT hộ gia đình của người thứ nhất",
    "tro-cap-thai-san": "trợ cấp thai sản BHXH tự nguyện",
    "tro-cap-huu-tri-xa-hoi": "trợ cấp hưu trí xã hội",
}


@dataclass(frozen=True)
class ParameterChange:
    parameter: str
    what: str  # "mức thu nhập thấp nhất để đóng BHXH tự nguyện"
    old: str  # "1.500.000 đồng/tháng"
    new: str
    source: str  # "Nghị định 351/2025/NĐ-CP"
    record: str
    confirmed: bool
    rises: bool | None  # None: neither up nor down (values by group)

    @property
    def words(self) -> str:
        """ "tăng từ 1.500.000 đồng/tháng lên 2.200.000 đồng/tháng" """
        if self.rises is None:
            return f"đổi từ {self.old} thành {self.new}"
        return f"tăng từ {self.old} lên {self.new}" if self.rises else f"giảm từ {self.old} xuống {self.new}"

    @property
    def sentence(self) -> str:
        """ "Mức thu nhập thấp nhất … tăng từ 1.500.000 đồng/tháng lên 2.200.000 đồng/tháng" """
        return f"{self.what[0].upper()}{self.what[1:]} {self.words}"


@dataclass(frozen=True)
class GroupChange:
    """The lowest monthly payment of one group, the day before and from the change."""

    group: str
    label: str  # "Hộ nghèo"
    before: int
    after: int

    @property
    def before_text(self) -> str:
        return dong(self.before)

    @property
    def after_text(self) -> str:
        return dong(self.after)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class FigureChange:
    """Another amount people feel: the highest chosen income, the household BHYT."""

    what: str
    before: str
    after: str


@dataclass
class Announcement:
    id: str  # "chuan-ngheo-nong-thon-2027-01-01"
    key: str  # manifest key: "announcement/chuan-ngheo-nong-thon-2027-01-01"
    date: dt.date
    date_text: str  # "1/1/2027"
    days_left: int
    province: str | None  # a province's own top-up; None nationwide
    province_name: str | None
    headline: str  # "Mức đóng BHXH tự nguyện thấp nhất tăng"
    title: str  # "Từ 1/1/2027: mức đóng BHXH tự nguyện thấp nhất tăng"
    before_text: str  # the last day of the old values: "31/12/2026"
    summary: str
    changes: tuple[ParameterChange, ...]
    groups: tuple[GroupChange, ...]  # nationwide (or the province's, for a province's change)
    by_province: dict[str, tuple[GroupChange, ...]]  # with each province's own top-up
    figures: tuple[FigureChange, ...]
    confirmed: bool  # false: a value not yet checked against its legal text (officials' copies say so)
    page: str
    url: str
    source_md: str
    kind: str = KIND
    place: str = ""
    downloads: list[Planned] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(c.source for c in self.changes))

    @property
    def expected(self) -> str:
        """Kept for templates written before; always "". The word for "planned" is for a decision not
        yet issued or a date not yet fixed, which no record says; a value not yet checked against its
        legal text is said in the officials' copies only (``unchecked``)."""
        return ""

    @property
    def unchecked(self) -> list[str]:
        """The sources of the values not yet checked against the legal text (officials' copies)."""
        return list(dict.fromkeys(c.source for c in self.changes if not c.confirmed))

    def groups_for(self, province: str | None) -> tuple[GroupChange, ...]:
        return self.by_province.get(province, self.groups) if province else self.groups

    def files(self, export: str) -> list[Planned]:
        return [d for d in self.downloads if d.export == export]

    def file(self, export: str, variant: str | None = None) -> Planned | None:
        return next((d for d in self.files(export) if variant in (None, d.variant)), None)


def _rises(old: Any, new: Any) -> bool | None:
    """Up or down for a number; a value by group rises only when every group's does."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        steps = [(old.get(g, 0), new.get(g, 0)) for g in calc.GROUPS]
        if all(b >= a for a, b in steps) and any(b > a for a, b in steps):
            return True
        if all(b <= a for a, b in steps) and any(b < a for a, b in steps):
            return False
        return None
    if isinstance(old, (int, float)) and isinstance(new, (int, float)) and old != new:
        return new > old
    return None


def _value_text(parameter: str, value: Any) -> str:
    return "chưa có" if value is None else value_text(parameter, value, ", ")


def _group_changes(
    before: tuple[GroupPayment, ...], after: tuple[GroupPayment, ...]
) -> tuple[GroupChange, ...]:
    return tuple(GroupChange(b.group, b.label, b.net, a.net) for b, a in zip(before, after, strict=True))


def _payments(
    timeline: Mapping[str, Any], day: dt.date, province: str | None
) -> tuple[GroupPayment, ...] | None:
    try:
        return lowest_payments(timeline, day, province)
    except calc.CalculationError:
        return None


def _figures(timeline: Mapping[str, Any], day: dt.date) -> tuple[FigureChange, ...]:
    """The highest chosen income and household BHYT (first member, a year), where they change."""
    before_day = day - dt.timedelta(days=1)
    found = []
    try:
        high = [calc.income_limits(timeline, d)[1] for d in (before_day, day)]
        if high[0] != high[1]:
            found.append(
                FigureChange(
                    "Thu nhập cao nhất được chọn để đóng", dong(high[0]) + "/tháng", dong(high[1]) + "/tháng"
                )
            )
        first = [calc.bhyt(timeline, 1, d).total_yearly for d in (before_day, day)]
        if first[0] != first[1]:
            found.append(
                FigureChange(
                    "BHYT hộ gia đình, người thứ nhất", dong(first[0]) + "/năm", dong(first[1]) + "/năm"
                )
            )
    except calc.CalculationError:
        pass
    return tuple(found)


def announcement_id(parameters: list[str], day: dt.date, province: str | None) -> str:
    """ "chuan-ngheo-nong-thon-2027-01-01"; several parameters: "chinh-sach-2027-01-01"."""
    name = parameters[0] if len(parameters) == 1 else "chinh-sach"
    return "-".join(p for p in (province, name, day.isoformat()) if p)


def _headline(changes: list[ParameterChange], groups: tuple[GroupChange, ...]) -> str:
    """What the change means in a few words: "Mức đóng BHXH tự nguyện thấp nhất tăng"."""
    moved = [g for g in groups if g.changed]
    if moved:
        rises = all(g.after > g.before for g in moved)
        verb = "tăng" if rises else "giảm" if all(g.after < g.before for g in moved) else "thay đổi"
        return f"Mức đóng BHXH tự nguyện thấp nhất {verb}"
    if len(changes) == 1:
        return f"Thay đổi {changes[0].what}"
    return "Thay đổi chính sách BHXH tự nguyện, BHYT"


def _summary(
    changes: list[ParameterChange], groups: tuple[GroupChange, ...], day: dt.date, confirmed: bool
) -> str:
    when = f"Từ ngày {day_text(day)}"  # public text: whether a source was checked is for officials
    text = f"{when}, " + "; ".join(f"{c.what} {c.words}" for c in changes) + "."
    cheapest = next((g for g in groups if g.changed), None)
    if cheapest:
        text += (
            f" Mức đóng thấp nhất mỗi tháng của {cheapest.label.lower()} từ {cheapest.before_text} "
            f"{'lên' if cheapest.after > cheapest.before else 'xuống'} {cheapest.after_text}."
        )
    return text


def compute(
    timeline: Mapping[str, Any], today: dt.date, content: Content, settings: Settings
) -> list[Announcement]:
    """Every change taking effect after ``today`` and within ``WINDOW_DAYS`` days, one per date
    (``Views.announcements``: the build's, derived once)."""
    changes = calc.changes_between(timeline, today, today + dt.timedelta(days=WINDOW_DAYS))
    by_day: dict[tuple[dt.date, str | None], list[calc.Change]] = {}
    for change in changes:
        by_day.setdefault((change.date, change.province), []).append(change)
    provinces = [p for p in calc.provinces(timeline) if content.get("unit", p)]
    found = []
    for (day, province), items in sorted(by_day.items(), key=lambda i: (i[0][0], i[0][1] or "")):
        if province is not None and not content.get("unit", province):
            continue  # a top-up of a province the site does not show
        items.sort(key=lambda c: PRIORITY.index(c.parameter) if c.parameter in PRIORITY else len(PRIORITY))
        parameter_changes = [_parameter_change(c) for c in items]
        before_day = day - dt.timedelta(days=1)
        by_province: dict[str, tuple[GroupChange, ...]] = {}
        for unit in [province] if province else provinces:
            before, after = _payments(timeline, before_day, unit), _payments(timeline, day, unit)
            if before and after:
                by_province[unit] = _group_changes(before, after)
        if province:
            groups = by_province.get(province, ())
        else:
            before, after = _payments(timeline, before_day, None), _payments(timeline, day, None)
            groups = _group_changes(before, after) if before and after else ()
        confirmed = all(c.confirmed for c in parameter_changes)
        id_ = announcement_id([c.parameter for c in parameter_changes], day, province)
        page = urls.page(KIND, id_)
        name = None
        if province:
            entry = content.get("unit", province)
            name = entry.record.name if entry else province  # type: ignore[union-attr]
        headline = _headline(parameter_changes, groups)
        if name:
            headline += f" ở {name}"
        title = f"Từ {day_text(day)}: {headline[0].lower()}{headline[1:]}"
        found.append(
            Announcement(
                id=id_,
                key=f"{KIND}/{id_}",
                date=day,
                date_text=day_text(day),
                days_left=(day - today).days,
                province=province,
                province_name=name,
                headline=headline,
                title=title,
                before_text=day_text(before_day),
                summary=_summary(parameter_changes, groups, day, confirmed),
                changes=tuple(parameter_changes),
                groups=groups,
                by_province=by_province,
                figures=_figures(timeline, day),
                confirmed=confirmed,
                page=page,
                url=urls.absolute(settings.site_url, page),
                source_md=urls.page_source(KIND, id_),
                place=name or "Toàn quốc",
                downloads=catalogue.planned(KIND, id_, settings.speech.engine),
            )
        )
    return found


def for_province(announcements: list[Announcement], province: str | None) -> list[Announcement]:
    """Of the build's ``announcements``, what a unit in ``province`` shows: nationwide ones and
    its province's own."""
    return [a for a in announcements if a.province is None or a.province == province]


# ---------------------------------------------------------------- the lowest amounts, with their validity


@dataclass(frozen=True)
class Minimums:
    """Each group's lowest monthly payment on a date and, while a change is within
    ``WINDOW_DAYS``, the last day of these amounts, what changes and what each group pays from
    then: every leaflet and bulletin that asks people to join says how much, and until when."""

    on: dt.date
    on_text: str  # "6/12/2026"
    minimum: str  # the lowest income one may choose: "1.500.000 đồng"
    payments: tuple[GroupPayment, ...]
    until: str | None = None  # the last day of these amounts: "31/12/2026"
    change_date: str | None = None  # "1/1/2027"
    changes: tuple[ParameterChange, ...] = ()
    after: tuple[GroupPayment, ...] = ()
    unchecked: tuple[str, ...] = ()  # sources of the values used not yet checked (officials' copies)

    @property
    def moved(self) -> list[tuple[GroupPayment, GroupPayment]]:
        """(before, after) of each group whose lowest payment changes (none without a change)."""
        if not self.after:
            return []
        return [(b, a) for b, a in zip(self.payments, self.after, strict=True) if b.net != a.net]

    @property
    def top_up(self) -> bool:
        return any(p.province_support for p in self.payments)

    @property
    def columns(self) -> list[tuple[str, str, str]]:
        """(short group name, amount now, amount from the change or "") for a small printed table."""
        after = {a.group: calc.money(a.net) for a in self.after}
        return [(SHORT_LABELS[p.group], calc.money(p.net), after.get(p.group, "")) for p in self.payments]


def _parameter_change(c: calc.Change) -> ParameterChange:
    return ParameterChange(
        parameter=c.parameter,
        what=PLAIN_NAMES.get(c.parameter, c.parameter),
        old=_value_text(c.parameter, c.old_value),
        new=_value_text(c.parameter, c.new_value),
        source=c.source,
        record=c.record,
        confirmed=c.confirmed,
        rises=_rises(c.old_value, c.new_value),
    )


SHORT_LABELS = {
    "ho-ngheo": "Hộ nghèo",
    "ho-can-ngheo": "Hộ cận nghèo",
    "dan-toc-thieu-so": "Dân tộc thiểu số",
    "khac": "Đối tượng khác",
}
MINIMUM_PARAMETERS = ("ty-le-dong", "chuan-ngheo-nong-thon", "ho-tro-nha-nuoc")


def minimums(timeline: Mapping[str, Any], on: dt.date, province: str | None = None) -> Minimums | None:
    """The lowest monthly payments on ``on`` (None without the figures), with the first change
    within ``WINDOW_DAYS`` that moves one of them."""
    try:
        payments = lowest_payments(timeline, on, province)
        low = calc.income_limits(timeline, on)[0]
    except calc.CalculationError:
        return None
    in_force = basis(timeline, on, MINIMUM_PARAMETERS, province)
    unchecked = tuple(dict.fromkeys(b.source for b in in_force if not b.confirmed))
    now = Minimums(on, day_text(on), dong(low), payments, unchecked=unchecked)
    end = on + dt.timedelta(days=WINDOW_DAYS)
    found = [c for c in calc.changes_between(timeline, on, end) if c.province in (None, province)]
    for day in sorted({c.date for c in found}):
        after = _payments(timeline, day, province)
        if after is None or [p.net for p in after] == [p.net for p in payments]:
            continue
        items = sorted(
            (c for c in found if c.date == day),
            key=lambda c: PRIORITY.index(c.parameter) if c.parameter in PRIORITY else len(PRIORITY),
        )
        return Minimums(
            on,
            day_text(on),
            dong(low),
            payments,
            until=day_text(day - dt.timedelta(days=1)),
            change_date=day_text(day),
            changes=tuple(_parameter_change(c) for c in items),
            after=after,
            unchecked=tuple(dict.fromkeys((*unchecked, *(c.source for c in items if not c.confirmed)))),
        )
    return now
