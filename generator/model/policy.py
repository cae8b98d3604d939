"""Policy records → the calculator's timeline, and the checks that span them.

A policy record is one parameter over time (policy.md). The calculator
(``generator.model.calculator``) reads a plain "timeline" built here from the published
records; the same timeline is written to JSON for the calculator page, and the figures in
prose (placeholders) are looked up in it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# GROUP_PARAMETERS: values by group; REQUIRED_PARAMETERS: the calculator needs a value on every date.
from generator.model.calculator import GROUP_PARAMETERS, PARAMETERS, REQUIRED_PARAMETERS
from generator.model.diagnostics import Report, did_you_mean
from generator.model.loader import Entry
from generator.model.records import Policy
from generator.model.vocabulary import vocabulary

# Parameters a province may top up; every other parameter is nationwide.
PROVINCE_PARAMETERS = ("ho-tro-tinh",)
POLICY_FOLDER = "toan-quoc/chinh-sach"


def parameter_of(policy: Policy, id_: str) -> str:
    return policy.parameter or id_


def policy_entries(entries: Iterable[Entry]) -> list[Entry]:
    return [e for e in entries if isinstance(e.record, Policy)]


# ---------------------------------------------------------------- checks


def check_policies(entries: list[Entry], units: dict[str, Entry], report: Report) -> None:
    """Each record on its own, then periods per parameter and unit (overlaps, gaps)."""
    policies = policy_entries(entries)
    for entry in policies:
        _check_record(entry, units, report)
    by_series: dict[tuple[str, str | None], list[Entry]] = defaultdict(list)
    for entry in policies:
        record: Policy = entry.record  # type: ignore[assignment]
        if entry.record.published:
            by_series[(parameter_of(record, entry.id), record.unit)].append(entry)
    for (parameter, unit), series in sorted(
        by_series.items(), key=lambda item: (item[0][0], item[0][1] or "")
    ):
        _check_periods(parameter, unit, series, report)
    if not by_series:
        return  # a content folder without policy records has no calculator: nothing is missing
    present = {parameter for parameter, _unit in by_series}  # a misplaced one is reported on its own
    for parameter in REQUIRED_PARAMETERS:
        if parameter not in present and not {f"policy/{parameter}", f"*/{parameter}"} & report.unloaded:
            first = min(policies, key=lambda e: e.shown)
            report.error(
                first.shown,
                1,
                "-",
                f'thiếu bản ghi chính sách "{parameter}" ({vocabulary()["policy_parameters"][parameter]}): '
                f"máy tính mức đóng cần nó; thêm tệp stories/{POLICY_FOLDER}/{parameter}.yaml",
            )


def _check_record(entry: Entry, units: dict[str, Entry], report: Report) -> None:
    policy: Policy = entry.record  # type: ignore[assignment]
    parameters = vocabulary()["policy_parameters"]
    groups = vocabulary()["policy_groups"]
    parameter = parameter_of(policy, entry.id)
    field = "parameter" if policy.parameter else "id"
    if parameter not in parameters:
        report.error_at(
            entry,
            field,
            f'tham số chính sách "{parameter}" không có trong danh mục.'
            f"{did_you_mean(parameter, tuple(parameters))} (danh mục policy_parameters: "
            "generator/data/vocabulary.yaml)",
        )
        return
    expected = PARAMETERS.get(parameter, ("", policy.measure))[1]
    if policy.measure != expected:
        message = f'"{parameter}" đo bằng "{expected}", không phải "{policy.measure}"'
        report.error_at(entry, "measure", message)
    if parameter in PROVINCE_PARAMETERS and not policy.unit:
        report.error_at(entry, field, f'"{parameter}" là mức hỗ trợ riêng của một tỉnh: cần trường unit')
    if policy.unit and parameter not in PROVINCE_PARAMETERS:
        report.error_at(
            entry,
            "unit",
            f'"{parameter}" áp dụng toàn quốc; tỉnh chỉ có thể có bản ghi riêng cho: '
            + ", ".join(PROVINCE_PARAMETERS),
        )
    if policy.unit and policy.unit in units and units[policy.unit].record.parent:  # type: ignore[union-attr]
        report.error_at(
            entry, "unit", f'"{policy.unit}" không phải tỉnh, thành phố; hỗ trợ thêm do tỉnh quyết định'
        )
    for i, value in enumerate(policy.values):
        where = f"values[{i}]"
        if value.source is None:
            report.error_at(
                entry,
                where,
                "thiếu nguồn: mỗi giá trị cần source (publisher: cơ quan ban hành, "
                "title: tên văn bản, điều, khoản)",
            )
        if parameter in GROUP_PARAMETERS:
            _check_groups(entry, f"{where}.value", value.value, groups, parameter, report)
        elif isinstance(value.value, dict):
            report.error_at(
                entry, f"{where}.value", f'"{parameter}" không chia theo nhóm đối tượng: ghi một số'
            )


def _check_groups(
    entry: Entry, where: str, value: Any, groups: dict[str, str], parameter: str, report: Report
) -> None:
    if not isinstance(value, dict):
        report.error_at(
            entry,
            where,
            "mức này khác nhau theo nhóm: ghi dạng "
            "{ho-ngheo: 50, ho-can-ngheo: 40, dan-toc-thieu-so: 30, khac: 20}",
        )
        return
    for group in value:
        if group not in groups:
            report.error_at(
                entry,
                f"{where}.{group}",
                f'nhóm "{group}" không có trong danh mục.{did_you_mean(group, tuple(groups))} '
                "(danh mục policy_groups: generator/data/vocabulary.yaml)",
            )
    missing = [g for g in groups if g not in value]
    if parameter in REQUIRED_PARAMETERS and missing:
        report.error_at(entry, where, f"thiếu mức cho nhóm: {', '.join(missing)} (ghi 0 nếu không hỗ trợ)")


def _check_periods(parameter: str, unit: str | None, series: list[Entry], report: Report) -> None:
    values = sorted(
        ((entry, i) for entry in series for i in range(len(entry.record.values))),  # type: ignore[union-attr]
        key=lambda item: item[0].record.values[item[1]].period.first_day,  # type: ignore[union-attr]
    )
    for (before, i), (after, j) in itertools.pairwise(values):
        first = before.record.values[i].period  # type: ignore[union-attr]
        second = after.record.values[j].period  # type: ignore[union-attr]
        field = f"values[{j}].period"
        where = f"{before.shown}, dòng {before.line(f'values[{i}].period')}"
        if first.last_day is None or first.last_day >= second.first_day:
            report.error_at(
                after,
                field,
                f"giai đoạn {second} chồng lên giai đoạn {first} ({where}); "
                "mỗi ngày chỉ có một giá trị (kết thúc giai đoạn trước vào ngày trước đó)",
            )
        elif unit is None and parameter in REQUIRED_PARAMETERS:
            gap_start = first.last_day + dt.timedelta(days=1)
            if gap_start != second.first_day:
                gap_end = second.first_day - dt.timedelta(days=1)
                report.error_at(
                    after,
                    field,
                    f"thiếu giá trị từ {_day(gap_start)} đến {_day(gap_end)} "
                    f"(giữa giai đoạn {first} ở {where} "
                    f"và giai đoạn này); máy tính mức đóng cần giá trị cho mọi ngày",
                )
    if unit is None and parameter in REQUIRED_PARAMETERS and values:
        last, k = values[-1]
        period = last.record.values[k].period  # type: ignore[union-attr]
        if period.end is not None:
            report.error_at(
                last,
                f"values[{k}].period",
                f"giá trị mới nhất hết hiệu lực {_day(period.last_day)} mà chưa có giá trị tiếp theo; "
                f'nếu chưa có văn bản mới, để trống ngày kết thúc: "{period.start}.."',
            )


def _day(day: dt.date | None) -> str:
    return f"{day.day}/{day.month}/{day.year}" if day else "?"


# ---------------------------------------------------------------- timeline


def _plain(value: Decimal | dict[str, Decimal]) -> Any:
    if isinstance(value, dict):
        return {group: _plain(number) for group, number in sorted(value.items())}
    return int(value) if value == value.to_integral_value() else float(value)


def timeline(entries: Iterable[Entry]) -> dict[str, Any]:
    """The calculator's policy timeline (see generator.model.calculator) from published records."""
    nationwide: dict[str, list[dict[str, Any]]] = defaultdict(list)
    provinces: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for entry in policy_entries(entries):
        policy: Policy = entry.record  # type: ignore[assignment]
        if not policy.published:
            continue
        target = provinces[policy.unit] if policy.unit else nationwide
        for value in policy.values:
            source = value.source
            item: dict[str, Any] = {
                "start": value.period.first_day.isoformat(),
                "end": value.period.last_day.isoformat() if value.period.last_day else None,
                "value": _plain(value.value),
                "source": source.title if source else "",
                "publisher": source.publisher if source else "",
                "confirmed": value.confirmed,
                "record": entry.key,
            }
            if source and source.url:
                item["url"] = source.url
            target[parameter_of(policy, entry.id)].append(item)
    for series in itertools.chain(nationwide.values(), *(p.values() for p in provinces.values())):
        series.sort(key=lambda item: item["start"])
    return {
        "parameters": {k: nationwide[k] for k in sorted(nationwide)},
        "provinces": {p: {k: v[k] for k in sorted(v)} for p, v in sorted(provinces.items())},
    }
