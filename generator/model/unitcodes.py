"""Official codes of units, checked against vietnam-provinces (2025 and legacy lists)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from generator.model.diagnostics import Report
from generator.model.records import Unit

if TYPE_CHECKING:
    from generator.model.loader import Entry

REORGANISATION = dt.date(2025, 7, 1)
# Only administrative divisions have official codes; offices, villages and hamlets don't.
CODED_TYPES = {"tỉnh", "thành phố", "quận", "huyện", "thị xã", "xã", "phường", "thị trấn", "đặc khu"}


def abolished_before_reorganisation(unit: Unit) -> bool:
    return unit.valid_until is not None and unit.valid_until.last_day < REORGANISATION


def check_unit_code(entry: Entry[Unit], report: Report) -> None:
    from generator.model import provinces

    unit = entry.record
    if unit.type not in CODED_TYPES:
        return
    legacy = abolished_before_reorganisation(unit)
    which = "danh mục cũ (trước 1/7/2025)" if legacy else "danh mục hiện hành (từ 1/7/2025)"
    if unit.code:
        division = provinces.find_legacy(unit.code) if legacy else provinces.find_current(unit.code)
        if division is None:
            report.error_at(
                entry,
                "code",
                f'mã "{unit.code}" không có trong {which}.{_suggest(unit, legacy)}',
            )
            return
        if not provinces.names_match_any([unit.name, *unit.aliases], division):
            report.error_at(
                entry,
                "code",
                f'mã "{unit.code}" là {division.name}, không phải {unit.name}.{_suggest(unit, legacy)}',
            )
            return
    if legacy and not unit.now_part_of:
        after = provinces.successors(unit.code) if unit.code else []
        names = ", ".join(d.name for d in after[:8])
        report.warn(
            entry.shown,
            entry.line("valid_until"),
            "now_part_of",
            "đơn vị đã thôi tồn tại; ghi now_part_of các đơn vị tiếp nhận"
            + (f" (theo danh mục: {names})" if names else ""),
        )


def _suggest(unit: Unit, legacy: bool) -> str:
    from generator.model import provinces

    found = provinces.search(unit.name, legacy=legacy)
    if not found:
        return ""
    options = ", ".join(f'"{d.code}" ({d.name})' for d in found[:3])
    return f" Gợi ý: {options}"
