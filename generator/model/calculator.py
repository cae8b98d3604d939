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
``confirmed`` is marked "chưa đối chiếu văn bản gốc" (not yet checked against the original text).

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
  no later change applied) — Luật Đ36. Paying 2 to 5 years ahead is discounted at the fund's monthly
  average investment rate of the previous year, published yearly (NĐ 159/2025 Điều 6): not modelled,
  the page says so; a change of group or poverty line during a prepaid period changes nothing already
  paid (Điều 5 khoản 5).
* Retirement age (Bộ luật Lao động 45/2019/QH14 Điều 169; Nghị định 135/2020/NĐ-CP Phụ lục I):
  men 60 years until 2020, 60y3m in 2021, +3 months a year to 62 in 2028; women 55 until 2020,
  55y4m in 2021, +4 months a year to 60 in 2035. The age is reached in the first month M with
  (M − birth month) ≥ the age required in M's year; the pension starts the month after
  (NĐ 135/2020 Điều 4). Only normal working conditions are modelled.
* Pension rate (Luật Điều 99 — applies to pensions from 1/7/2025): women 45% at 15 years, +2% per
  further year; men 40% at 15 years, +1% per year to 19, 45% at 20 years, +2% per further year;
  at most 75%. Odd months (Luật Điều 5): 1–6 months count as half a year, 7–11 as a full year; a
  half year earns half of that year's step (men 19½ years → 44.5%, women 20½ years → 56%).
* Pension condition: retirement age and ``so-nam-toi-thieu-huong-luong-huu`` full years — a year counts
  only with 12 months (Luật Điều 98, Điều 5 khoản 6: 14 years 7 months is not 15 years; half years
  count only for the amount). The rule is the one in force when the age is reached, or on the
  calculation date for a person already past the age.
* Estimate (``paid_months`` = months paid before the month of the calculation date). Before the age:
  the person pays every month from that month to the month the age is reached. Never a projection
  of monthly payments after the age (``status``):
  - ``se-du`` — enough years by the age: pension from the month after the age;
  - ``du-dieu-kien`` — past the age with enough years: pension from the month after the conditions were
    met (the age, or the date a rule of fewer years took effect), earlier months paid in arrears
    (Luật Điều 101);
  - ``dong-bu`` — short by at most 60 months at the age (or now, past it): those months paid at once
    (NĐ 159/2025 Điều 7: only at retirement age, at most 60 months, plus the fund's interest — not
    modelled), pension from the month after;
  - ``thieu`` — short by more: no pension; the lump sum and the social pension are shown.
  Average income = (paid_months × income + later months × plan_income) / all months, rounded to the
  đồng; contributions are revalued by the consumer price index, so the average is "today's money".
* Allowance on retirement (Luật Điều 100): 0,5 × average income per year above 30 (women) / 35 (men)
  years, 2 × for a year paid after becoming eligible (:func:`extra_year_allowance`; the estimate has
  no such year), half years counting half.
* Lump sum (Luật Điều 102; paid only in the cases that article lists — shown as a comparison): 1,5 ×
  average income per full year before 2014, 2 × per year from 2014 (odd months before 2014 carried
  into the later period); the years before 2014 follow from ``started`` (the year paying began) or,
  without it, from payments without a gap up to the calculation date; minus the state (and province)
  support received, estimated as today's monthly support for the group × the months paid, up to
  ``thoi-gian-ho-tro-toi-da`` — not deducted for serious illness or ≥ 81 % loss of working capacity
  (Điều 102 khoản 1 c–d; said in the rule).
* Social pension (NĐ 176/2025 Điều 2, 3): ``tro-cap-huu-tri-xa-hoi`` from 75 (70 for poor and
  near-poor households) for people without a pension or with a pension below it.
* Household health insurance (NĐ 146/2018/NĐ-CP Điều 7 khoản 1 điểm e; NĐ 188/2025/NĐ-CP from 15/8/2025
  — the source is the rate record's, whose decree also sets the ratios): first member
  ``bhyt-ho-gia-dinh`` % × mức tham chiếu a month; the 2nd, 3rd, 4th pay 70%, 60%, 50% of that;
  the 5th and later 40%.

Results
-------
Each function returns a frozen dataclass; ``as_json()`` gives the ``--json`` shape (integer đồng, ISO
dates, "YYYY-MM" months) that ``window.lantoaCalc`` returns in the browser: the amounts at top level,
``figures`` = {name: {amount, rule, sources, records, confirmed}}, ``records`` (sorted ids used) and
``confirmed`` (false if any figure rests on a value not yet checked against the original text: the page
says "chưa đối chiếu văn bản gốc").

Rounding (the browser does exactly the same)
--------------------------------------------
Amounts are whole đồng, ROUND_HALF_UP, rounded once per monthly figure from its exact product
(e.g. 30% × 22% × 1,500,000); totals are the rounded monthly figure × months (net = gross −
supports in whole đồng). BHYT: each member's monthly amount is rounded once from
rate × base × ratio, the year is that × 12. Pension: the average income is rounded first, then
pension = round(rate × average); lump sum = round(average × (3 × half years before 2014 + 4 × half
years from 2014) / 4) − support; allowance = round(average × half years above the limit / 4).
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
SOURCE_BHYT_RATIOS = "Nghị định 188/2025/NĐ-CP"  # for the rate tables; the calculator cites the rate record
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


def month_index(year: int, month: int) -> int:
    """A month as one number (year × 12 + month − 1): months apart are a subtraction."""
    return year * 12 + month - 1


def month_start(index: int) -> date:
    """The first day of the month ``index`` (``month_index``) names."""
    return date(index // 12, index % 12 + 1, 1)


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
    born_index = month_index(*born)
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


MAX_MISSING_MONTHS = 60  # NĐ 159/2025 Điều 7: missing months paid at once, only at retirement age
SOCIAL_PENSION_AGE = 75 * 12
SOCIAL_PENSION_AGE_POOR = 70 * 12  # poor and near-poor households (NĐ 176/2025 Điều 2)
LUMP_SPLIT_YEAR = 2014  # Luật Điều 102: 1,5 months a year before, 2 from this year
SOURCE_MISSING = "Nghị định 159/2025/NĐ-CP, Điều 7"
SOURCE_START = f"{LAW}, Điều 101"
SOURCE_FULL_YEARS = f"{LAW}, Điều 5 khoản 6"
SOURCE_EXTRA = f"{LAW}, Điều 100"
SOURCE_SOCIAL = "Nghị định 176/2025/NĐ-CP, Điều 2, Điều 3"
# where the pension estimate stands: already eligible, eligible at the age, eligible after paying the
# missing months at once, or short by more than those 60 months (no pension to estimate)
STATUSES = ("du-dieu-kien", "se-du", "dong-bu", "thieu")


@dataclass(frozen=True)
class Pension:
    date: date
    born: str
    gender: str
    paid_months: int
    income: int
    plan_income: int
    started: int | None
    status: str
    past_age: bool
    required_age_months: int
    age_month: str
    eligible_month: str | None
    pension_from: str | None
    future_months: int
    short_months: int
    bought_months: int
    months_paid: int
    min_years: int
    condition_met_at_age: bool
    condition_met_month: str | None
    years_for_rate: Decimal
    rate_percent: Decimal
    average_income: int
    extra_years: Decimal
    months_before_2014: int
    lump_sum_gross: int
    support_deducted: int
    overtake_months: int | None
    overtake_month: str | None
    social_pension_month: str
    retirement: Figure
    condition: Figure
    missing: Figure
    rate: Figure
    monthly_pension: Figure
    retirement_allowance: Figure
    lump_sum: Figure
    overtake: Figure
    social_pension: Figure

    def as_json(self) -> dict[str, Any]:
        out = _json_dict(self)
        for key in ("monthly_pension", "retirement_allowance", "lump_sum", "social_pension", "missing"):
            out[key] = getattr(self, key).amount
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


def _month_index(day: str) -> int:
    return month_index(int(day[:4]), int(day[5:7]))


def _eligible_since(timeline: Mapping[str, Any], reached: int, paid_months: int, on_index: int) -> int:
    """First month from the age on in which the years rule in force is met by ``paid_months`` (the
    earliest rule on record is taken to reach back before its start)."""
    ordered = sorted(
        _entries(timeline, "so-nam-toi-thieu-huong-luong-huu", None), key=lambda e: str(e["start"])
    )
    for position, entry in enumerate(ordered):
        end = entry.get("end")
        if _round(_dec(entry["value"])) * 12 > paid_months or (
            end is not None and _month_index(str(end)) < reached
        ):
            continue
        return reached if position == 0 else max(reached, _month_index(str(entry["start"])))
    return on_index


def extra_year_allowance(gender: str, halves: int, average: int, halves_after_eligible: int = 0) -> int:
    """Allowance on retirement (Luật Điều 100): 0,5 × average income for each year above 30 (women) or
    35 (men) years, 2 × for each such year paid after the person became eligible; half years count half."""
    above = max(halves - (60 if gender == "nữ" else 70), 0)
    after = min(halves_after_eligible, above)
    return _round(Decimal(average) * ((above - after) + 4 * after) / 4)


def lump_sum_halves(months: int, months_before_2014: int) -> tuple[int, int]:
    """(half years before 2014, half years from 2014) for the lump sum (Luật Điều 102): full years before
    2014 count there; odd months before 2014 are carried into the later period."""
    total = half_years(months)
    before = min(2 * (min(months_before_2014, months) // 12), total)
    return before, total - before


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
    started: int | None = None,
) -> Pension:
    """Estimate of the pension, the month it starts, and the lump-sum alternative — or, past the
    retirement age without enough years, the options the law gives (never a projection into old age)."""
    if on is None:
        raise CalculationError("Thiếu ngày tính.")
    gender = _parse_gender(gender)
    groups = _check_groups(groups)
    year, month = born
    if not 1 <= month <= 12 or year < 1900:
        raise CalculationError("Tháng sinh không hợp lệ.")
    on_index = month_index(on.year, on.month)
    born_index = month_index(year, month)
    if born_index >= on_index - 15 * 12:
        raise CalculationError("Người tham gia phải từ đủ 15 tuổi trở lên.")
    if not isinstance(paid_months, int) or not 0 <= paid_months <= MAX_PAID_MONTHS:
        raise CalculationError(f"Số tháng đã đóng phải từ 0 đến {MAX_PAID_MONTHS}.")
    if started is not None and (not isinstance(started, int) or not year + 15 <= started <= on.year):
        raise CalculationError(f"Năm bắt đầu đóng phải từ {year + 15} đến {on.year}.")
    if started is not None and paid_months > on_index - started * 12:
        raise CalculationError(f"Từ năm {started} đến nay chưa đến {duration_text(paid_months)}.")
    plan = income if plan_income is None else plan_income
    low, high = income_limits(timeline, on)
    if paid_months and (not isinstance(income, int) or not 0 < income <= high):
        raise CalculationError(f"Thu nhập đã đóng phải lớn hơn 0 và không quá {money(high)} đồng/tháng.")
    if not isinstance(plan, int) or not low <= plan <= high:
        raise CalculationError(
            f"Thu nhập sẽ đóng từ nay phải từ {money(low)} đến {money(high)} đồng/tháng "
            f"(áp dụng ngày {on:%d/%m/%Y})."
        )

    reached = age_month(born, gender)
    required = reached - born_index
    past = reached < on_index
    min_found = _find(timeline, "so-nam-toi-thieu-huong-luong-huu", on if past else month_start(reached))
    min_years = _round(_dec(min_found.value))
    needed = min_years * 12
    future = 0 if past else reached - on_index + 1
    have = paid_months + future  # months paid by the age, or now when past it
    short = max(needed - have, 0)
    met_month: int | None = None
    if short == 0:
        status = "du-dieu-kien" if past else "se-du"
        eligible: int | None = _eligible_since(timeline, reached, paid_months, on_index) if past else reached
        if not past and paid_months < needed:
            met_month = on_index + (needed - paid_months) - 1
    elif short <= MAX_MISSING_MONTHS:
        status = "dong-bu"
        eligible = on_index if past else reached
        met_month = eligible
    else:
        status = "thieu"
        eligible = None
    bought = short if status == "dong-bu" else 0
    months_paid = have + bought
    start = None if eligible is None else eligible + 1

    total_income = Decimal(paid_months) * (income if paid_months else 0) + Decimal(future + bought) * plan
    average = _round(total_income / months_paid) if months_paid else 0
    halves = half_years(months_paid)
    rate = pension_rate(gender, halves) if start is not None else Decimal(0)
    monthly = _round(rate * average / 100)
    allowance = extra_year_allowance(gender, halves, average) if start is not None else 0
    extra_halves = max(halves - (60 if gender == "nữ" else 70), 0) if start is not None else 0

    if started is None:  # paid without a gap up to the month before the calculation date
        before_2014 = max(paid_months - (on_index - LUMP_SPLIT_YEAR * 12), 0)
    else:
        before_2014 = min(paid_months, max(LUMP_SPLIT_YEAR - started, 0) * 12)
    halves_before, halves_after = lump_sum_halves(months_paid, before_2014)
    support = _support(timeline, groups, on, province, 10**12)
    duration = _find(timeline, "thoi-gian-ho-tro-toi-da", on)
    supported = min(months_paid, _round(_dec(duration.value)))
    deducted = (support.amount + support.province_amount) * supported
    lump_gross = _round(Decimal(average) * (3 * halves_before + 4 * halves_after) / 4)
    lump = max(lump_gross - deducted, 0)
    overtake_n: int | None = None
    overtake_at: int | None = None
    if monthly > 0 and start is not None:
        overtake_n = lump // monthly + 1
        overtake_at = start + overtake_n - 1

    poor = any(g in ("ho-ngheo", "ho-can-ngheo") for g in groups)
    social_age = SOCIAL_PENSION_AGE_POOR if poor else SOCIAL_PENSION_AGE
    social_at = born_index + social_age
    social_found = _find_optional(
        timeline, "tro-cap-huu-tri-xa-hoi", month_start(max(social_at, on_index)), None
    )

    return Pension(
        date=on,
        born=month_iso(born_index),
        gender=gender,
        paid_months=paid_months,
        income=income,
        plan_income=plan,
        started=started,
        status=status,
        past_age=past,
        required_age_months=required,
        age_month=month_iso(reached),
        eligible_month=None if eligible is None else month_iso(eligible),
        pension_from=None if start is None else month_iso(start),
        future_months=future,
        short_months=short,
        bought_months=bought,
        months_paid=months_paid,
        min_years=min_years,
        condition_met_at_age=short == 0,
        condition_met_month=None if met_month is None else month_iso(met_month),
        years_for_rate=Decimal(halves) / 2,
        rate_percent=rate,
        average_income=average,
        extra_years=Decimal(extra_halves) / 2,
        months_before_2014=before_2014,
        lump_sum_gross=lump_gross,
        support_deducted=deducted,
        overtake_months=overtake_n,
        overtake_month=None if overtake_at is None else month_iso(overtake_at),
        social_pension_month=month_iso(social_at),
        retirement=_retirement_figure(gender, born_index, required, reached, status, eligible, on_index),
        condition=min_found.figure(None, _condition_rule(min_years, past, have, short), [SOURCE_FULL_YEARS]),
        missing=_missing_figure(timeline, on, status, short, plan, past),
        rate=_rate_figure(gender, months_paid, halves, rate, start),
        monthly_pension=Figure(
            monthly if start is not None else None,
            f"{percent(rate)}% × {money(average)} đồng (thu nhập bình quân) = {money(monthly)} đồng/tháng"
            if start is not None
            else "Chưa đủ điều kiện hưởng lương hưu",
            (SOURCE_RATE,),
        ),
        retirement_allowance=_allowance_figure(gender, extra_halves, average, allowance, start),
        lump_sum=_figure(
            lump,
            _lump_rule(average, halves_before, halves_after, lump_gross, deducted, lump, started),
            support.found.entries
            + duration.entries
            + (support.province_found.entries if support.province_found else ()),
            [SOURCE_LUMP],
        ),
        overtake=Figure(None, "Chưa đủ điều kiện hưởng lương hưu")
        if overtake_n is None or overtake_at is None
        else Figure(
            None,
            f"Sau {overtake_n} tháng nhận lương hưu ({month_text(overtake_at)}), "
            f"tổng lương hưu vượt số tiền nhận một lần",
        ),
        social_pension=_social_figure(social_found, social_age, social_at, on_index),
    )


def _retirement_figure(
    gender: str,
    born_index: int,
    required: int,
    reached: int,
    status: str,
    eligible: int | None,
    on_index: int,
) -> Figure:
    head = f"Tuổi nghỉ hưu của {gender} sinh {month_text(born_index)}: {_age_text(required)}"
    if status == "du-dieu-kien" and eligible is not None:
        rule = (
            f"{head}, đã đủ tuổi từ {month_text(reached)}; đủ điều kiện từ {month_text(eligible)} "
            f"nên lương hưu tính từ {month_text(eligible + 1)} (tháng sau khi đủ điều kiện); "
            "những tháng trước khi làm hồ sơ được trả bù theo quy định"
        )
    elif status == "se-du":
        rule = f"{head}, đủ tuổi vào {month_text(reached)}; lương hưu từ tháng sau: {month_text(reached + 1)}"
    elif status == "dong-bu" and eligible is not None:
        when = "khi đủ tuổi" if eligible == reached else f"trong {month_text(on_index)}"
        rule = (
            f"{head}, đủ tuổi vào {month_text(reached)}; đóng một lần những tháng còn thiếu {when} "
            f"thì lương hưu từ tháng sau: {month_text(eligible + 1)}"
        )
    else:
        rule = f"{head}, đủ tuổi vào {month_text(reached)}; chưa đủ số năm đóng nên không ước tính lương hưu"
    return Figure(None, rule, (SOURCE_AGE, SOURCE_START))


def _condition_rule(min_years: int, past: bool, have: int, short: int) -> str:
    head = f"Cần đủ {min_years} năm đóng, mỗi năm tính đủ 12 tháng"
    by = "đã đóng" if past else "đến khi đủ tuổi có"
    if short == 0:
        return f"{head}; {by} {duration_text(have)}: đủ"
    if short <= MAX_MISSING_MONTHS:
        return f"{head}; {by} {duration_text(have)}: còn thiếu {short} tháng"
    return (
        f"{head}; {by} {duration_text(have)}: còn thiếu {duration_text(short)}, "
        f"nhiều hơn {MAX_MISSING_MONTHS} tháng được đóng một lần"
    )


def _missing_figure(
    timeline: Mapping[str, Any], on: date, status: str, short: int, plan: int, past: bool
) -> Figure:
    if status == "dong-bu":
        rate_found = _find(timeline, "ty-le-dong", on)
        per_month = _round(_dec(rate_found.value) * plan / 100)
        when = "ngay bây giờ" if past else "khi đủ tuổi nghỉ hưu"
        return rate_found.figure(
            per_month * short,
            f"Đóng một lần {short} tháng còn thiếu ({when}; chỉ người đã đủ tuổi nghỉ hưu, tối đa "
            f"{MAX_MISSING_MONTHS} tháng): {short} × {money(per_month)} đồng = "
            f"{money(per_month * short)} đồng, cộng thêm tiền lãi theo lãi suất đầu tư bình quân tháng "
            "của quỹ năm trước",
            [SOURCE_MISSING],
        )
    if status == "thieu":
        return Figure(
            None,
            f"Còn thiếu {duration_text(short)}: nhiều hơn {MAX_MISSING_MONTHS} tháng được đóng một lần "
            "nên không đủ 15 năm để hưởng lương hưu; có thể nhận trợ cấp hưu trí xã hội khi đủ tuổi, "
            "hoặc hỏi cơ quan BHXH về việc nhận BHXH một lần",
            (SOURCE_MISSING,),
        )
    return Figure(0, "Không phải đóng bù")


def _rate_figure(gender: str, months_paid: int, halves: int, rate: Decimal, start: int | None) -> Figure:
    if start is None:
        return Figure(None, "Chưa đủ điều kiện hưởng lương hưu", (SOURCE_RATE,))
    step = (
        "45% cho 15 năm, thêm 2% mỗi năm"
        if gender == "nữ"
        else "40% cho 15 năm, thêm 1% mỗi năm đến 19 năm; 45% cho 20 năm, thêm 2% mỗi năm"
    )
    return Figure(
        None,
        f"{duration_text(months_paid)} tính là {percent(Decimal(halves) / 2)} năm; {gender}: {step}, "
        f"tối đa 75% → {percent(rate)}%",
        (SOURCE_RATE,),
    )


def _allowance_figure(
    gender: str, extra_halves: int, average: int, allowance: int, start: int | None
) -> Figure:
    limit = 30 if gender == "nữ" else 35
    if start is None or extra_halves == 0:
        return Figure(
            0 if start is not None else None,
            f"Không có: trợ cấp một lần khi nghỉ hưu chỉ cho những năm đóng trên {limit} năm",
            (SOURCE_EXTRA,),
        )
    return Figure(
        allowance,
        f"{percent(Decimal(extra_halves) / 2)} năm đóng trên {limit} năm × 0,5 × {money(average)} đồng = "
        f"{money(allowance)} đồng, nhận một lần cùng lương hưu; mỗi năm đóng sau khi đã đủ điều kiện hưởng "
        f"lương hưu được 2 lần thu nhập bình quân",
        (SOURCE_EXTRA,),
    )


def _lump_rule(
    average: int, before: int, after: int, gross: int, deducted: int, lump: int, started: int | None
) -> str:
    assumption = f"bắt đầu đóng năm {started}" if started is not None else "giả định đã đóng liên tục đến nay"
    return (
        f"1,5 × {money(average)} đồng × {percent(Decimal(before) / 2)} năm trước 2014 "
        f"+ 2 × {money(average)} đồng × {percent(Decimal(after) / 2)} năm từ 2014 ({assumption}) "
        f"= {money(gross)} đồng, trừ tiền Nhà nước đã hỗ trợ ước {money(deducted)} đồng "
        f"= {money(lump)} đồng; không trừ khi nhận vì mắc bệnh hiểm nghèo "
        "hoặc suy giảm khả năng lao động từ 81%"
    )


def _social_figure(found: _Found | None, social_age: int, social_at: int, on_index: int) -> Figure:
    amount = None if found is None else _round(_dec(found.value))
    level = "" if amount is None else f": {money(amount)} đồng/tháng"
    when = (
        f"đã đủ {social_age // 12} tuổi"
        if social_at <= on_index
        else f"đủ {social_age // 12} tuổi vào {month_text(social_at)}"
    )
    rule = (
        f"Trợ cấp hưu trí xã hội{level}, cho người từ đủ 75 tuổi (70 tuổi nếu thuộc hộ nghèo, hộ cận nghèo) "
        f"không có lương hưu hoặc có lương hưu thấp hơn mức này; {when}"
    )
    if found is None:
        return Figure(None, rule, (SOURCE_SOCIAL,))
    return found.figure(amount, rule)


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
        rate_found.entries + base_found.entries,  # the ratios are in the rate's own decree
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
