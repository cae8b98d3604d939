"""Small truths: rounding half-up, percentage points, a week across New Year, content warnings in `check`."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model import formatting as fmt
from generator.model.dates import LOCAL_TZ
from generator.model.figures import figures
from generator.model.records import Statistic
from generator.present import schedule


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (0.125, 2, "0,13"),
        (2.675, 2, "2,68"),  # 2.67499999… as a float: round() gives 2,67
        (1.005, 2, "1,01"),
        (0.124, 2, "0,12"),
        (0.135, 2, "0,14"),
        (-0.125, 2, "-0,13"),  # half away from zero, as people round
        (-0.001, 2, "0"),  # never "-0"
        (30.255, 2, "30,26"),
        (1805, 2, "1.805"),
        (1234567.5, 2, "1.234.567,5"),
        (2083.0, 2, "2.083"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),  # banker's rounding would give 2
        (76.525, 2, "76,53"),
        (1e15, 2, "1.000.000.000.000.000"),
    ],
)
def test_numbers_round_half_up(value: float, decimals: int, text: str) -> None:
    assert fmt.number(value, decimals) == text


def test_percent_rounds_half_up() -> None:
    assert fmt.percent(30.255) == "30,26%"
    assert fmt.percent(12.345) == "12,35%"


def statistic(measure: str, *values: float) -> Statistic:
    return Statistic.model_validate(
        {
            "kind": "statistic",
            "id": "thu",
            "unit": "son-tinh",
            "indicator": "bhyt_ty_le" if measure == "%" else "bhxh_tu_nguyen",
            "measure": measure,
            "series": [{"period": 2020 + i, "value": v} for i, v in enumerate(values)],
            "source": {"publisher": "A", "title": "B"},
        }
    )


def test_a_change_in_a_rate_is_in_percentage_points() -> None:
    derived = figures(statistic("%", 85.5, 90.5, 88))
    assert [step.change for step in derived.steps] == [None, "+5 điểm phần trăm", "-2,5 điểm phần trăm"]
    assert derived.increase_text == "+2,5 điểm phần trăm"
    assert derived.latest_text == "88%"


def test_a_change_in_a_count_keeps_its_percentage() -> None:
    derived = figures(statistic("người", 1180, 2083))
    assert derived.increase_text == "+903 người (+76,53%)"


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (dt.date(2025, 12, 31), "29/12/2025 - 4/1/2026"),
        (dt.date(2026, 1, 2), "29/12/2025 - 4/1/2026"),
        (dt.date(2025, 5, 14), "12/5 - 18/5/2025"),
        (dt.date(2025, 4, 30), "28/4 - 4/5/2025"),
    ],
)
def test_a_week_across_new_year_shows_both_years(today: dt.date, text: str) -> None:
    assert schedule.week_text(*schedule.week_of(today)) == text


def test_bulletin_days_across_new_year_show_their_year() -> None:
    slots = tuple(
        dt.datetime.combine(day, dt.time(17, 30), LOCAL_TZ)
        for day in (dt.date(2025, 12, 29), dt.date(2026, 1, 1))
    )
    bulletin = schedule.WeekBulletin(campaign=None, slots=slots, active=True)  # type: ignore[arg-type]
    assert bulletin.schedule == "Thứ Hai 29/12/2025: 17:30; Thứ Năm 1/1/2026: 17:30"
    same_year = schedule.WeekBulletin(None, slots[:1], True)  # type: ignore[arg-type]
    assert same_year.schedule == "Thứ Hai 29/12: 17:30"


def test_a_model_without_doubts_is_warned_by_check(mini_copy: Path) -> None:
    model = mini_copy / "toan-quoc/doi-thoai-nhom-nho.yaml"
    model.write_text(re.sub(r"doubts:\n(  .*\n)+", "", model.read_text(encoding="utf-8")), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "stories"],
        cwd=mini_copy.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("cảnh báo: ")]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith("cảnh báo: stories/toan-quoc/doi-thoai-nhom-nho.yaml:1: doubts: ")
    assert "băn khoăn thường gặp" in warnings[0]
