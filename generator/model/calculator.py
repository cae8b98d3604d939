"""Contribution, pension and household health-insurance arithmetic over a policy timeline.

Pure standard library; no import from the rest of ``generator``. ``docs/assets/calculator.js`` is
its twin in the browser and must give the same numbers to the đồng (``tests/test_calculator_browser.py``).

Policy timeline
---------------
A plain structure (also written to JSON for the page by :func:`timeline_json`)::

    {"parameters": {PARAM_ID: [ENTRY, ...]},
     "provinces": {PROVINCE_ID: {PARAM_ID: [ENTRY, ...]}}}
    ENTRY = {"start": "2025-07-01", "end": "2026-06-30" | None, "value": number | {group: number},
             "source": "Nghị định 159/2025/NĐ-CP, Điều 5", "publisher": "Chính phủ",
             "confirmed": bool, "record": "policy/ho-tro-nha-nuoc"}

``start`` and ``end`` are inclusive; ``end: None`` is open. A figure whose entries are not all
``confirmed`` is shown as "dự kiến" (expected).

Parameters (closed list; the figure is data, the arithmetic around it is law written here)
-------------------------------------------------------------------------------------------
=================================  ==========  ======================================================
id                                 measure     meaning
=================================  ==========  ======================================================
ty-le-dong                         %           contribution rate on chosen income (22)
chuan-ngheo-nong-thon              đồng/tháng  rural poverty line = minimum chosen income (Luật Đ31.2)
muc-tham-chieu                     đồng/tháng  mức tham chiếu (= lương cơ sở until it is set apart)
ho-tro-nha-nuoc                    % by group  state support, % of rate × minimum income
thoi-gian-ho-tro-toi-da            tháng       longest period the state support is paid
so-nam-toi-thieu-huong-luong-huu   năm         years of contributions needed for a pension
bhyt-ho-gia-dinh                   %           household health insurance, % of muc-tham-chieu a month
tro-cap-thai-san                   đồng/con    maternity grant (shown, not computed)
tro-cap-huu-tri-xa-hoi             đồng/tháng  social pension (shown, not computed)
ho-tro-tinh                        % by group  a province's extra support (under "provinces" only)
=================================  ==========  ======================================================

Groups: ``ho-ngheo`` (also island communes and special zones), ``ho-can-ngheo``,
``dan-toc-thieu-so``, ``khac``. A person in several groups gets the highest support.

Legal rules written in code, with their source
----------------------------------------------
* Maximum chosen income = 20 × mức tham chiếu (Luật BHXH 41/2024/QH15, Điều 31 khoản 2, Điều 141
  khoản 13: lương cơ sở serves as mức tham chiếu until the latter is set).
* Contribution = rate × chosen income; state support = group % × rate × **minimum income** (a fixed
  amount, not a share of the chosen income); province support likewise with its own %
  (NĐ 159/2025/NĐ-CP Điều 5; before 1/7/2025 NĐ 134/2015/NĐ-CP Điều 14). Before 1/7/2025 ethnic
  minorities were no group of their own: the records give them the "khác" level (10%).
  If state and province support together would exceed the contribution, the province part is cut.
* Paying for 3, 6 or 12 months at once: every month is priced as on the day of payment (no discount,
  no later change applied) — Luật Đ36; the 5-year advance payment with discount is not modelled.
* Retirement age (Bộ luật Lao động 45/2019/QH14 Điều 169; Nghị định 135/2020/NĐ-CP Phụ lục I):
  men 60 years until 2020, 60y3m in 2021, +3 months a year to 62 in 2028; women 55 until 2020,
  55y4m in 2021, +4 months a year to 60 in 2035. The age is reached in the first month M with
  (M − birth month) ≥ the age required in M's year; the pension starts the month after
  (NĐ 135/2020 Điều 4). Only normal working conditions are modelled.
* Pension rate (Luật Điều 99 — applies to pensions from 1/7/2025): women 45% at 15 years, +2% per
  further year; men 40% at 15 years, +1% per year to 19, 45% at 20 years, +2% per further year;
  at most 75%. Odd months (Luật Điều 5): 1–6 months count as half a year, 7–11 as a full year; a
  half year earns half of that year's step (men 19½ years → 44.5%, women 20½ years → 56%).
* Pension condition: retirement age and ``so-nam-toi-thieu-huong-luong-huu`` years, the value in
  force on the later of the calculation date and the month the age is reached. A person short of the
  years keeps paying monthly after the age until the condition is met.
* Estimate assumptions: ``paid_months`` are the months paid before the month of the calculation date;
  the person pays every month from that month up to the month the age is reached (or later, until the
  condition is met). Average income = (paid_months × income + future months × plan_income) / all
  months, rounded to the đồng; contributions are revalued by the consumer price index, so the average
  is read as "today's money".
* Pension start: the month after both the age and the years are reached; when both were reached before
  the month of the calculation date, the estimate starts the pension in that month (apply now).
* Lump sum (Luật Điều 102; paid only in the cases that article lists — shown as a comparison): 2 ×
  average income per year of contributions, every year treated as paid from 2014 (1.5× before 2014 is
  not modelled), years counted with the odd-month rule, minus the state (and province) support the
  person received, estimated as today's monthly support for their group × the months paid, up to
  ``thoi-gian-ho-tro-toi-da``.
* Household health insurance (NĐ 188/2025/NĐ-CP, replacing NĐ 146/2018/NĐ-CP Điều 7): first member
  ``bhyt-ho-gia-dinh`` % × mức tham chiếu a month; the 2nd, 3rd, 4th pay 70%, 60%, 50% of that;
  the 5th and later 40%.

Results
-------
Each function returns a frozen dataclass; ``as_json()`` gives the ``--json`` shape (integer đồng, ISO
dates, "YYYY-MM" months) that ``window.lantoaCalc`` returns in the browser: the amounts at top level,
``figures`` = {name: {amount, rule, sources, records, confirmed}}, ``records`` (sorted ids used) and
``confirmed`` (false if any figure rests on an unconfirmed value: show "dự kiến").

Rounding (the browser does exactly the same)
--------------------------------------------
Amounts are whole đồng, ROUND_HALF_UP, rounded once per monthly figure from its exact product
(e.g. 30% × 22% × 1,500,000); totals are the rounded monthly figure × months (net = gross −
supports in whole đồng). BHYT: each member's monthly amount is rounded once from
rate × base × ratio, the year is that × 12. Pension: the average income is rounded first, then
pension = round(rate × average); lump sum = average × half-years (2 × average per year) − support.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

GROUPS = ("ho-ngheo", "ho-can-ngheo", "dan-toc-thieu-so", "khac")
GROUP_LABELS = {
    "ho-ngheo": "hộ nghèo",
    "ho-can-ngheo": "hộ cận nghèo",
    "dan-toc-thieu-so": "người dân tộc thiểu số",
    "khac": "đối tượng khác",
}
GENDERS = ("nam", "nữ")
MONTH_CHOICES = (1, 3, 6, 12)

PARAMETERS: dict[str, tuple[str, str]] = {
    "ty-le-dong": ("Tỷ lệ đóng BHXH tự nguyện", "%"),
    "chuan-ngheo-nong-thon": ("Chuẩn hộ nghèo khu vực nông thôn (thu nhập thấp nhất để đóng)", "đồng/tháng"),
    "muc-tham-chieu": ("Mức tham chiếu (bằng lương cơ sở)", "đồng/tháng"),
    "ho-tro-nha-nuoc": ("Nhà nước hỗ trợ tiền đóng, % theo nhóm", "%"),
    "thoi-gian-ho-tro-toi-da": ("Thời gian được Nhà nước hỗ trợ tối đa", "tháng"),
    "so-nam-toi-thieu-huong-luong-huu": ("Số năm đóng tối thiểu để hưởng lương hưu", "năm"),
    "bhyt-ho-gia-dinh": ("Mức đóng BHYT hộ gia đình, người thứ nhất, % mức tham chiếu", "%"),
    "tro-cap-thai-san": ("Trợ cấp thai sản BHXH tự nguyện", "đồng/con"),
    "tro-cap-huu-tri-xa-hoi": ("Trợ cấp hưu trí xã hội", "đồng/tháng"),
    "ho-tro-tinh": ("Tỉnh hỗ trợ thêm tiền đóng, % theo nhóm", "%"),
}
GROUP_PARAMETERS = ("ho-tro-nha-nuoc", "ho-tro-tinh")
REQUIRED_PARAMETERS = (
    "ty-le-dong",
    "chuan-ngheo-nong-thon",
    "muc-tham-chieu",
    "ho-tro-nha-nuoc",
    "thoi-gian-ho-tro-toi-da",
    "so-nam-toi-thieu-huong-luong-huu",
    "bhyt-ho-gia-dinh",
)

MAX_INCOME_FACTOR = 20
BHYT_RATIOS = (100, 70, 60, 50)  # % of the first member's amount; 40 from the 5th
BHYT_RATIO_LATER = 40
LAW = "Luật Bảo hiểm xã hội 41/2024/QH15"
SOURCE_MAX = f"{LAW}, Điều 31, Điều 141"
SOURCE_AGE = "Bộ luật Lao động 45/2019/QH14, Điều 169; Nghị định 135/2020/NĐ-CP"
SOURCE_RATE = f"{LAW}, Điều 99, Điều 5"
SOURCE_LUMP = f"{LAW}, Điều 102"
SOURCE_BHYT_RATIOS = "Nghị định 188/2025/NĐ-CP"
MAX_PAID_MONTHS = 720
ONE = Decimal(1)


class CalculationError(ValueError):
    """A request the calculator cannot answer; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class Figure:
    """One result with its explanation: the rule in Vietnamese, legal sources, records used."""

    amount: int | None
    rule: str
    sources: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    confirmed: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "rule": self.rule,
            "sources": list(self.sources),
            "records": list(self.records),
            "confirmed": self.confirmed,
        }


@dataclass(frozen=True)
class _Found:
    value: Any
    entries: tuple[Mapping[str, Any], ...]

    def figure(self, amount: int | None, rule: str, extra_sources: Sequence[str] = ()) -> Figure:
        return _figure(amount, rule, self.entries, extra_sources)


def _figure(
    amount: int | None, rule: str, entries: Iterable[Mapping[str, Any]], extra: Sequence[str] = ()
) -> Figure:
    entries = list(entries)
    sources = _unique([str(e["source"]) for e in entries] + list(extra))
    records = _unique([str(e["record"]) for e in entries if e.get("record")])
    confirmed = all(bool(e.get("confirmed", True)) for e in entries)
    return Figure(amount, rule, tuple(sources), tuple(records), confirmed)


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _json_dict(result: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in asdict(result).items():
        if isinstance(value, dict) and "rule" in value:
            continue
        out[key] = _plain(value)
    out["figures"] = {
        key: getattr(result, key).as_json()
        for key in result.__dataclass_fields__
        if isinstance(getattr(result, key), Figure)
    }
    figures = out["figures"].values()
    out["records"] = sorted({r for f in figures for r in f["records"]})
    out["confirmed"] = all(f["confirmed"] for f in figures)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- formatting (same in calculator.js)


def money(amount: int) -> str:
    """1500000 → '1.500.000' (Vietnamese thousands separator)."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def percent(value: Decimal | int) -> str:
    """Decimal('4.5') → '4,5'; 22 → '22'."""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def month_text(index: int) -> str:
    """Month index (year × 12 + month − 1) → 'tháng 5/2027'."""
    return f"tháng {index % 12 + 1}/{index // 12}"


def month_iso(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def duration_text(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} năm {rest} tháng"
    return f"{years} năm" if years else f"{rest} tháng"


def _round(value: Decimal) -> int:
    return int(value.quantize(ONE, rounding=ROUND_HALF_UP))


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# ---------------------------------------------------------------- timeline lookup


def _entries(timeline: Mapping[str, Any], parameter: str, province: str | None) -> list[Mapping[str, Any]]:
    if province is None:
        return list(timeline.get("parameters", {}).get(parameter, []))
    return list(timeline.get("provinces", {}).get(province, {}).get(parameter, []))


def _in_force(entry: Mapping[str, Any], day: str) -> bool:
    return str(entry["start"]) <= day and (entry.get("end") is None or day <= str(entry["end"]))


def _find(timeline: Mapping[str, Any], parameter: str, on: date, province: str | None = None) -> _Found:
    day = on.isoformat()
    for entry in _entries(timeline, parameter, province):
        if _in_force(entry, day):
            return _Found(entry["value"], (entry,))
    name = PARAMETERS.get(parameter, (parameter, ""))[0]
    raise CalculationError(f"Chưa có số liệu “{name}” áp dụng cho ngày {on:%d/%m/%Y}.")


def _find_optional(
    timeline: Mapping[str, Any], parameter: str, on: date, province: str | None
) -> _Found | None:
    try:
        return _find(timeline, parameter, on, province)
    except CalculationError:
        return None


def _group_value(value: Any, group: str) -> Decimal:
    if isinstance(value, Mapping):
        return _dec(value.get(group, 0))
    return _dec(value)


def provinces(timeline: Mapping[str, Any]) -> list[str]:
    return sorted(timeline.get("provinces", {}))


def timeline_json(timeline: Mapping[str, Any]) -> str:
    """The timeline as stable JSON (sorted keys, entries by start date) for the page's script."""

    def ordered(entries: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return sorted(entries, key=lambda e: str(e["start"]))

    provinces_ = timeline.get("provinces", {})
    data = {
        "parameters": {k: ordered(v) for k, v in timeline.get("parameters", {}).items()},
        "provinces": {p: {k: ordered(v) for k, v in params.items()} for p, params in provinces_.items()},
    }
    return json.dumps(_plain(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def timeline_problems(timeline: Mapping[str, Any]) -> list[str]:
    """Unknown ids and groups, values without a source, overlapping periods, and gaps in the
    parameters the calculator needs (Vietnamese messages; the record loader reports them at the line)."""
    problems: list[str] = []
    units: list[tuple[str | None, Mapping[str, Any]]] = [(None, timeline.get("parameters", {}))]
    units += sorted(timeline.get("provinces", {}).items())
    for unit, params in units:
        for parameter, entries in sorted(params.items()):
            where = f"{unit}/{parameter}" if unit else parameter
            if parameter not in PARAMETERS:
                problems.append(f"{where}: tham số không có trong danh mục")
            for entry in entries:
                problems += _value_problems(where, parameter, entry)
            ordered = sorted(entries, key=lambda e: str(e["start"]))
            for before, after in itertools.pairwise(ordered):
                end = before.get("end")
                if end is None or str(end) >= str(after["start"]):
                    problems.append(f"{where}: giai đoạn {before['start']} chồng lên {after['start']}")
                elif unit is None and parameter in REQUIRED_PARAMETERS:
                    next_day = (date.fromisoformat(str(end)) + timedelta(days=1)).isoformat()
                    if next_day != str(after["start"]):
                        problems.append(f"{where}: thiếu số liệu từ {next_day} đến trước {after['start']}")
    for parameter in REQUIRED_PARAMETERS:
        if not timeline.get("parameters", {}).get(parameter):
            problems.append(f"{parameter}: chưa có số liệu")
    return problems


def _value_problems(where: str, parameter: str, entry: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    value = entry.get("value")
    at = f"{where} từ {entry.get('start')}"
    if not entry.get("source"):
        problems.append(f"{at}: thiếu căn cứ pháp lý (source)")
    if parameter in GROUP_PARAMETERS:
        if not isinstance(value, Mapping):
            problems.append(f"{at}: giá trị phải theo từng nhóm")
            return problems
        unknown = sorted(set(value) - set(GROUPS))
        if unknown:
            problems.append(f"{at}: nhóm không có trong danh mục: {', '.join(unknown)}")
        missing = [g for g in GROUPS if g not in value]
        if parameter == "ho-tro-nha-nuoc" and missing:
            problems.append(f"{at}: thiếu mức cho nhóm {', '.join(missing)}")
        numbers = list(value.values())
    else:
        numbers = [value]
    if not all(isinstance(n, (int, float, Decimal)) and not isinstance(n, bool) and n >= 0 for n in numbers):
        problems.append(f"{at}: giá trị phải là số không âm")
    return problems


# ---------------------------------------------------------------- contribution


@dataclass(frozen=True)
class Contribution:
    date: date
    income: int
    groups: tuple[str, ...]
    support_group: str
    province: str | None
    months: int
    rate_percent: Decimal
    state_support_percent: Decimal
    province_support_percent: Decimal
    support_months_max: int
    minimum_income: Figure
    maximum_income: Figure
    gross: Figure
    state_support: Figure
    province_support: Figure
    net: Figure
    total_gross: int
    total_state_support: int
    total_province_support: int
    total_net: int

    def as_json(self) -> dict[str, Any]:
        out = _json_dict(self)
        for key in ("minimum_income", "maximum_income", "gross", "state_support", "province_support", "net"):
            out[key] = getattr(self, key).amount
        return out


@dataclass(frozen=True)
class _Limits:
    minimum: _Found
    reference: _Found
    maximum: int


def _limits(timeline: Mapping[str, Any], on: date) -> _Limits:
    minimum = _find(timeline, "chuan-ngheo-nong-thon", on)
    reference = _find(timeline, "muc-tham-chieu", on)
    return _Limits(minimum, reference, _round(_dec(reference.value) * MAX_INCOME_FACTOR))


def _check_groups(groups: Sequence[str]) -> tuple[str, ...]:
    groups = tuple(groups)
    if not groups:
        raise CalculationError("Chọn ít nhất một nhóm đối tượng.")
    unknown = [g for g in groups if g not in GROUPS]
    if unknown:
        raise CalculationError(f"Nhóm đối tượng không có trong danh mục: {', '.join(unknown)}.")
    return groups


@dataclass(frozen=True)
class _Support:
    group: str
    percent: Decimal
    amount: int
    found: _Found
    province_percent: Decimal
    province_amount: int
    province_found: _Found | None


def _support(
    timeline: Mapping[str, Any], groups: Sequence[str], on: date, province: str | None, gross: int
) -> _Support:
    rate = _dec(_find(timeline, "ty-le-dong", on).value)
    minimum = _dec(_find(timeline, "chuan-ngheo-nong-thon", on).value)
    state = _find(timeline, "ho-tro-nha-nuoc", on)
    # highest support among the person's groups; ties keep the order of GROUPS
    group = max(sorted(groups, key=GROUPS.index), key=lambda g: _group_value(state.value, g))
    percent_ = _group_value(state.value, group)
    amount = _round(percent_ * rate * minimum / 10000)
    province_found = _find_optional(timeline, "ho-tro-tinh", on, province) if province else None
    province_percent = Decimal(0)
    province_amount = 0
    if province_found is not None:
        province_percent = max(_group_value(province_found.value, g) for g in groups)
        province_amount = min(_round(province_percent * rate * minimum / 10000), max(gross - amount, 0))
    return _Support(group, percent_, amount, state, province_percent, province_amount, province_found)


def contribution(
    timeline: Mapping[str, Any],
    income: int,
    groups: Sequence[str],
    on: date,
    months: int = 1,
    province: str | None = None,
) -> Contribution:
    """What a voluntary participant pays, and what the state and the province pay, on a date."""
    groups = _check_groups(groups)
    if months not in MONTH_CHOICES:
        raise CalculationError("Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng một lần.")
    limits = _limits(timeline, on)
    minimum = _round(_dec(limits.minimum.value))
    if not isinstance(income, int) or income < minimum or income > limits.maximum:
        raise CalculationError(
            f"Thu nhập chọn đóng phải từ {money(minimum)} đến {money(limits.maximum)} đồng/tháng "
            f"(áp dụng ngày {on:%d/%m/%Y})."
        )
    rate_found = _find(timeline, "ty-le-dong", on)
    rate = _dec(rate_found.value)
    gross = _round(rate * income / 100)
    support = _support(timeline, groups, on, province, gross)
    duration = _find(timeline, "thoi-gian-ho-tro-toi-da", on)
    support_months = _round(_dec(duration.value))
    net = gross - support.amount - support.province_amount

    minimum_fig = limits.minimum.figure(
        minimum, f"Thu nhập thấp nhất = chuẩn hộ nghèo khu vực nông thôn: {money(minimum)} đồng/tháng"
    )
    reference = _round(_dec(limits.reference.value))
    maximum_fig = limits.reference.figure(
        limits.maximum,
        f"Thu nhập cao nhất = {MAX_INCOME_FACTOR} × mức tham chiếu {money(reference)} đồng "
        f"= {money(limits.maximum)} đồng/tháng",
        [SOURCE_MAX],
    )
    gross_fig = rate_found.figure(
        gross, f"{percent(rate)}% × {money(income)} đồng = {money(gross)} đồng/tháng"
    )
    group_label = GROUP_LABELS[support.group]
    state_fig = _figure(
        support.amount,
        f"{percent(support.percent)}% × {percent(rate)}% × {money(minimum)} đồng (thu nhập thấp nhất) "
        f"= {money(support.amount)} đồng/tháng, mức của nhóm {group_label}; "
        f"tối đa {support_months} tháng",
        support.found.entries + rate_found.entries + limits.minimum.entries + duration.entries,
    )
    if support.province_found is not None:
        province_fig = _figure(
            support.province_amount,
            f"{percent(support.province_percent)}% × {percent(rate)}% × {money(minimum)} đồng "
            f"= {money(support.province_amount)} đồng/tháng",
            support.province_found.entries + limits.minimum.entries,
        )
    else:
        province_fig = Figure(0, "Không có hỗ trợ thêm của tỉnh")
    supports = f"{money(support.amount)} − {money(support.province_amount)}"
    net_rule = f"{money(gross)} − {supports} = {money(net)} đồng/tháng"
    if months > 1:
        net_rule += f"; {months} tháng: {money(net * months)} đồng"
    net_fig = _figure(net, net_rule, [])
    return Contribution(
        date=on,
        income=income,
        groups=groups,
        support_group=support.group,
        province=province,
        months=months,
        rate_percent=rate,
        state_support_percent=support.percent,
        province_support_percent=support.province_percent,
        support_months_max=support_months,
        minimum_income=minimum_fig,
        maximum_income=maximum_fig,
        gross=gross_fig,
        state_support=state_fig,
        province_support=province_fig,
        net=net_fig,
        total_gross=gross * months,
        total_state_support=support.amount * months,
        total_province_support=support.province_amount * months,
        total_net=net * months,
    )


def income_limits(timeline: Mapping[str, Any], on: date) -> tuple[int, int]:
    """(minimum, maximum) chosen monthly income on a date."""
    limits = _limits(timeline, on)
    return _round(_dec(limits.minimum.value)), limits.maximum


# ---------------------------------------------------------------- retirement age and pension


def required_age_months(gender: str, year: int) -> int:
    """Retirement age in months for a year (BLLĐ Điều 169, NĐ 135/2020)."""
    base, step, cap = (720, 3, 744) if gender == "nam" else (660, 4, 720)
    if year <= 2020:
        return base
    return min(base + step * (year - 2020), cap)


def age_month(born: tuple[int, int], gender: str) -> int:
    """Month index in which the retirement age is reached."""
    born_index = born[0] * 12 + born[1] - 1
    index = born_index + required_age_months(gender, 2020)
    while index - born_index < required_age_months(gender, index // 12):
        index += 1
    return index


def _age_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def half_years(months: int) -> int:
    """Years of contributions in half years (Luật Điều 5: 1–6 odd months = ½, 7–11 = 1)."""
    years, rest = divmod(months, 12)
    return years * 2 + (0 if rest == 0 else 1 if rest <= 6 else 2)


def pension_rate(gender: str, halves: int) -> Decimal:
    """Rate in % for a number of half years (0 below 15 years), Luật Điều 99."""
    if halves < 30:
        return Decimal(0)
    if gender == "nam" and halves < 40:
        rate = Decimal(40) + Decimal(halves - 30) / 2
    elif gender == "nam":
        rate = Decimal(45) + Decimal(halves - 40)
    else:
        rate = Decimal(45) + Decimal(halves - 30)
    return min(rate, Decimal(75))


@dataclass(frozen=True)
class Pension:
    date: date
    born: str
    gender: str
    paid_months: int
    income: int
    plan_income: int
    required_age_months: int
    age_month: str
    pension_from: str
    future_months: int
    months_paid: int
    min_years: int
    condition_met_at_age: bool
    condition_met_month: str | None
    years_for_rate: Decimal
    rate_percent: Decimal
    average_income: int
    lump_sum_gross: int
    support_deducted: int
    overtake_months: int | None
    overtake_month: str | None
    retirement: Figure
    condition: Figure
    rate: Figure
    monthly_pension: Figure
    lump_sum: Figure
    overtake: Figure

    def as_json(self) -> dict[str, Any]:
        out = _json_dict(self)
        out["monthly_pension"] = self.monthly_pension.amount
        out["lump_sum"] = self.lump_sum.amount
        for key in ("retirement", "condition", "rate", "overtake"):
            out.pop(key, None)
        return out


def _parse_gender(gender: str) -> str:
    text = gender.strip().lower()
    if text in ("nu", "nữ"):
        return "nữ"
    if text == "nam":
        return "nam"
    raise CalculationError("Giới tính phải là “nam” hoặc “nữ”.")


def pension(
    timeline: Mapping[str, Any],
    born: tuple[int, int],
    gender: str,
    paid_months: int,
    income: int,
    plan_income: int | None = None,
    on: date | None = None,
    groups: Sequence[str] = ("khac",),
    province: str | None = None,
) -> Pension:
    """Estimate of the pension, the month it starts, and the lump-sum alternative."""
    if on is None:
        raise CalculationError("Thiếu ngày tính.")
    gender = _parse_gender(gender)
    groups = _check_groups(groups)
    year, month = born
    if not 1 <= month <= 12 or year < 1900:
        raise CalculationError("Tháng sinh không hợp lệ.")
    on_index = on.year * 12 + on.month - 1
    born_index = year * 12 + month - 1
    if born_index >= on_index - 15 * 12:
        raise CalculationError("Người tham gia phải từ đủ 15 tuổi trở lên.")
    if not isinstance(paid_months, int) or not 0 <= paid_months <= MAX_PAID_MONTHS:
        raise CalculationError(f"Số tháng đã đóng phải từ 0 đến {MAX_PAID_MONTHS}.")
    plan = income if plan_income is None else plan_income
    low, high = income_limits(timeline, on)
    if paid_months and (not isinstance(income, int) or not 0 < income <= high):
        raise CalculationError(f"Thu nhập đã đóng phải lớn hơn 0 và không quá {money(high)} đồng/tháng.")
    if not isinstance(plan, int) or not low <= plan <= high:
        raise CalculationError(
            f"Thu nhập dự kiến đóng phải từ {money(low)} đến {money(high)} đồng/tháng "
            f"(áp dụng ngày {on:%d/%m/%Y})."
        )

    reached = age_month(born, gender)
    required = reached - born_index
    lookup_index = max(on_index, reached)
    lookup_day = on if lookup_index == on_index else date(lookup_index // 12, lookup_index % 12 + 1, 1)
    min_found = _find(timeline, "so-nam-toi-thieu-huong-luong-huu", lookup_day)
    min_years = _round(_dec(min_found.value))
    needed = min_years * 12

    future = max(reached - on_index + 1, 0)
    by_age = paid_months + future
    met_at_age = by_age >= needed
    if paid_months >= needed:
        met_month: int | None = None
        future_total = future
    else:
        met_month = on_index + (needed - paid_months) - 1
        future_total = max(future, needed - paid_months)
    months_paid = paid_months + future_total
    eligible = max(reached, met_month if met_month is not None else reached)
    start = max(eligible + 1, on_index)

    total_income = Decimal(paid_months) * (income if paid_months else 0) + Decimal(future_total) * plan
    average = _round(total_income / months_paid) if months_paid else 0
    halves = half_years(months_paid)
    rate = pension_rate(gender, halves)
    monthly = _round(rate * average / 100)

    support = _support(timeline, groups, on, province, 10**12)
    duration = _find(timeline, "thoi-gian-ho-tro-toi-da", on)
    supported = min(months_paid, _round(_dec(duration.value)))
    deducted = (support.amount + support.province_amount) * supported
    lump_gross = average * halves
    lump = max(lump_gross - deducted, 0)
    overtake_n: int | None = None
    overtake_at: int | None = None
    if monthly > 0:
        overtake_n = lump // monthly + 1
        overtake_at = start + overtake_n - 1

    retirement_fig = Figure(
        None,
        f"Tuổi nghỉ hưu của {gender} sinh {month_text(born_index)}: {_age_text(required)}, "
        f"đủ tuổi vào {month_text(reached)}; lương hưu từ tháng sau khi đủ điều kiện: "
        f"{month_text(start)}",
        (SOURCE_AGE,),
    )
    when = "đã đủ từ trước" if met_month is None else f"đủ vào {month_text(met_month)}"
    condition_fig = min_found.figure(
        None,
        f"Cần ít nhất {min_years} năm đóng; đến khi hưởng có {duration_text(months_paid)} ({when})"
        + ("" if met_at_age else "; chưa đủ khi đến tuổi nên cần đóng tiếp sau tuổi nghỉ hưu"),
    )
    step = (
        "45% cho 15 năm, thêm 2% mỗi năm"
        if gender == "nữ"
        else ("40% cho 15 năm, thêm 1% mỗi năm đến 19 năm; 45% cho 20 năm, thêm 2% mỗi năm")
    )
    rate_fig = Figure(
        None,
        f"{duration_text(months_paid)} tính là {percent(Decimal(halves) / 2)} năm; {gender}: {step}, "
        f"tối đa 75% → {percent(rate)}%",
        (SOURCE_RATE,),
    )
    pension_fig = Figure(
        monthly,
        f"{percent(rate)}% × {money(average)} đồng (thu nhập bình quân) = {money(monthly)} đồng/tháng",
        (SOURCE_RATE,),
    )
    lump_fig = _figure(
        lump,
        f"2 × {money(average)} đồng × {percent(Decimal(halves) / 2)} năm = {money(lump_gross)} đồng, "
        f"trừ tiền Nhà nước đã hỗ trợ ước {money(deducted)} đồng = {money(lump)} đồng",
        support.found.entries
        + duration.entries
        + (support.province_found.entries if support.province_found else ()),
        [SOURCE_LUMP],
    )
    if overtake_n is None or overtake_at is None:
        overtake_fig = Figure(None, "Chưa đủ điều kiện hưởng lương hưu")
    else:
        overtake_fig = Figure(
            None,
            f"Sau {overtake_n} tháng nhận lương hưu ({month_text(overtake_at)}), "
            f"tổng lương hưu vượt số tiền nhận một lần",
        )
    return Pension(
        date=on,
        born=month_iso(born_index),
        gender=gender,
        paid_months=paid_months,
        income=income,
        plan_income=plan,
        required_age_months=required,
        age_month=month_iso(reached),
        pension_from=month_iso(start),
        future_months=future_total,
        months_paid=months_paid,
        min_years=min_years,
        condition_met_at_age=met_at_age,
        condition_met_month=None if met_month is None else month_iso(met_month),
        years_for_rate=Decimal(halves) / 2,
        rate_percent=rate,
        average_income=average,
        lump_sum_gross=lump_gross,
        support_deducted=deducted,
        overtake_months=overtake_n,
        overtake_month=None if overtake_at is None else month_iso(overtake_at),
        retirement=retirement_fig,
        condition=condition_fig,
        rate=rate_fig,
        monthly_pension=pension_fig,
        lump_sum=lump_fig,
        overtake=overtake_fig,
    )


# ---------------------------------------------------------------- household health insurance


@dataclass(frozen=True)
class Bhyt:
    date: date
    members: int
    base: int
    rate_percent: Decimal
    ratios: tuple[int, ...]
    monthly: tuple[int, ...]
    yearly: tuple[int, ...]
    total_yearly: int
    total: Figure

    def as_json(self) -> dict[str, Any]:
        out = _json_dict(self)
        out["total"] = self.total.amount
        return out


def bhyt_ratio(order: int) -> int:
    """% of the first member's amount paid by the member at this position (1-based)."""
    return BHYT_RATIOS[order - 1] if order <= len(BHYT_RATIOS) else BHYT_RATIO_LATER


def bhyt(timeline: Mapping[str, Any], members: int, on: date) -> Bhyt:
    """Yearly household health-insurance contribution for each member and in total."""
    if not isinstance(members, int) or not 1 <= members <= 50:
        raise CalculationError("Số thành viên hộ gia đình phải từ 1 đến 50.")
    rate_found = _find(timeline, "bhyt-ho-gia-dinh", on)
    base_found = _find(timeline, "muc-tham-chieu", on)
    rate = _dec(rate_found.value)
    base = _round(_dec(base_found.value))
    ratios = tuple(bhyt_ratio(i) for i in range(1, members + 1))
    monthly = tuple(_round(rate * base * r / 10000) for r in ratios)
    yearly = tuple(m * 12 for m in monthly)
    total = sum(yearly)
    parts = " + ".join(money(y) for y in yearly)
    total_fig = _figure(
        total,
        f"Người thứ nhất {percent(rate)}% × {money(base)} đồng × 12 tháng; người thứ 2, 3, 4 đóng 70%, 60%, "
        f"50% mức người thứ nhất, từ người thứ 5 đóng 40%: {parts} = {money(total)} đồng/năm",
        rate_found.entries + base_found.entries,
        [SOURCE_BHYT_RATIOS],
    )
    return Bhyt(on, members, base, rate, ratios, monthly, yearly, total, total_fig)


# ---------------------------------------------------------------- changes


@dataclass(frozen=True)
class Change:
    parameter: str
    province: str | None
    date: date
    old_value: Any
    new_value: Any
    source: str
    record: str
    confirmed: bool

    def as_json(self) -> dict[str, Any]:
        return _plain(asdict(self))


def changes_between(timeline: Mapping[str, Any], start: date, end: date) -> list[Change]:
    """Parameter values taking effect after ``start`` and on or before ``end``."""
    units: list[tuple[str | None, Mapping[str, Any]]] = [(None, timeline.get("parameters", {}))]
    units += sorted(timeline.get("provinces", {}).items())
    changes: list[Change] = []
    low, high = start.isoformat(), end.isoformat()
    for unit, params in units:
        for parameter, entries in params.items():
            for entry in entries:
                begins = str(entry["start"])
                if not low < begins <= high:
                    continue
                previous_day = (date.fromisoformat(begins) - timedelta(days=1)).isoformat()
                old = next((e["value"] for e in entries if _in_force(e, previous_day)), None)
                if old == entry["value"]:
                    continue
                changes.append(
                    Change(
                        parameter=parameter,
                        province=unit,
                        date=date.fromisoformat(begins),
                        old_value=old,
                        new_value=entry["value"],
                        source=str(entry["source"]),
                        record=str(entry.get("record", "")),
                        confirmed=bool(entry.get("confirmed", True)),
                    )
                )
    return sorted(changes, key=lambda c: (c.date, c.province or "", c.parameter))
