"""Targets (kind: target, spec-target.md): validation, derived figures worked out by hand, outputs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model.content import load_content
from generator.model.diagnostics import Report
from generator.model.records import CoverageTarget
from generator.model.targets import check_targets, results
from tests.targettree import PLAN, write_tree

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "stories")


def _errors(root: Path) -> list[str]:
    return [str(e) for e in load_content(root, "stories").report.errors]


def test_the_hand_worked_tree_is_valid(tree: Path) -> None:
    assert _errors(tree) == []


def test_a_target_without_a_matching_statistic_is_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-moi.yaml").write_text(
        "kind: target\nunit: xa-tay\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 90\n" + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.startswith("stories/bac-ninh/ke-hoach-moi.yaml:3: indicator: chưa có số liệu")
    assert "Xã Tây" in error


def test_overlapping_targets_for_one_unit_and_indicator_are_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-trung.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhxh_tu_nguyen\nperiod: 2026-07..2027-06\nvalue: 900\n"
        + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.startswith(
        "stories/bac-ninh/ke-hoach-xa-dong-2026.yaml:4: period: kỳ 2026 trùng với kế hoạch "
    )
    assert "2026-07..2027-06 ở stories/bac-ninh/ke-hoach-trung.yaml (dòng 4)" in error


def test_a_percentage_target_over_100_is_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-dong-bhyt-2026.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 101\n" + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.endswith(":5: value: kế hoạch tỷ lệ 101% vượt quá 100%")


def test_a_result_newer_than_the_build_date_is_an_error(tree: Path) -> None:
    content = load_content(tree, "stories")
    report = Report()
    check_targets(content, report, dt.date(2026, 10, 15))  # built as of 15/10/2026: Nov figures are ahead
    messages = [str(e) for e in report.errors]
    assert any(
        "ke-hoach-xa-dong-2026.yaml:3: indicator:" in m and "mới hơn ngày dựng 15/10/2026" in m
        for m in messages
    )


def test_an_example_target_is_checked_but_never_published(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-tay-2026.yaml").write_text(
        "kind: target\nunit: xa-tay\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 500\nexample: true\n"
        + PLAN,
        encoding="utf-8",
    )
    content = load_content(tree, "stories")
    assert not content.report.errors
    assert content.get(CoverageTarget, "ke-hoach-xa-tay-2026") is None
    assert any(e.id == "ke-hoach-xa-tay-2026" for e in content.entries)


def test_former_units_count_towards_their_successor_once(tree: Path) -> None:
    content = load_content(tree, "stories")
    target = content.get(CoverageTarget, "ke-hoach-bac-ninh-2025")
    assert target is not None
    found = results(content, target.record, TODAY)
    # Bắc Giang's 52.000 are added to Bắc Ninh's 30.000; Hiệp Hòa (inside Bắc Giang) is not added again
    assert [(p.as_of, p.value, p.parts) for p in found] == [
        (dt.date(2025, 3, 31), 50000, (("bac-giang", 50000),)),
        (dt.date(2025, 6, 30), 82000, (("bac-ninh", 30000), ("bac-giang", 52000))),
    ]


# --- derived figures, worked out by hand (build date 7/12/2026, stale after 3 months) ------------


@pytest.fixture
def progress(tree: Path) -> dict[str, object]:
    from generator.present.progress import compute

    content = load_content(tree, "stories")
    return {p.target_id: p for p in compute(content, TODAY, stale_months=3)}


def test_successor_counts_its_former_unit_and_the_period_ended_exceeded(progress) -> None:
    p = progress["ke-hoach-bac-ninh-2025"]
    # 30.000 (Bắc Ninh) + 52.000 (Bắc Giang, former) at 30/6/2025; target 80.000
    assert (p.latest.value, p.latest.as_of) == (82000, dt.date(2025, 6, 30))
    assert p.percent == pytest.approx(102.5) and p.remaining == 0 and p.reached
    assert p.ended and p.pace_needed is None and p.pace_needed_text == "hết kỳ"
    assert p.change == 32000 and p.pace_recent == pytest.approx(32000 / 3)  # 31/3 → 30/6: 3 months
    assert [f.name for f in p.formers] == ["Bắc Giang"] and p.formers[0].until == "30/6/2025"
    assert p.stale  # 30/6/2025 is before 7/9/2026


def test_successor_on_track_for_this_year(progress) -> None:
    p = progress["ke-hoach-bac-ninh-2026"]
    assert (p.latest.value, p.previous.value) == (97000, 95000)
    assert p.percent == pytest.approx(97.0) and p.remaining == 3000
    assert p.months_left == 1 and p.pace_needed == 3000  # December left
    assert p.pace_recent == 1000 and p.change == 2000  # +2.000 in two months
    assert not p.stale and not p.ended and p.behind
    assert (p.rank, p.peers) == (1, 1)  # the only province with a 2026 target
    assert (p.percent_text, p.remaining_text, p.pace_needed_text, p.pace_recent_text) == (
        "97%",
        "3.000 người",
        "3.000 người/tháng",
        "1.000 người/tháng",
    )


def test_communes_ranked_within_their_province_and_a_stale_result(progress) -> None:
    dong, tay = progress["ke-hoach-xa-dong-2026"], progress["ke-hoach-xa-tay-2026"]
    assert (dong.percent, dong.remaining, dong.pace_needed, dong.pace_recent) == (75.0, 120, 120, 20)
    assert (tay.percent, tay.remaining, tay.pace_needed) == (104.0, 0, None)  # already exceeded
    assert (tay.rank, dong.rank, tay.peers) == (1, 2, 2)
    assert tay.stale and not dong.stale  # 31/7/2026 is before 7/9/2026; 30/11/2026 is not
    assert tay.pace_needed_text == "đã đạt"


def test_a_rate_target_counts_in_percentage_points(progress) -> None:
    p = progress["ke-hoach-xa-dong-bhyt-2026"]
    assert p.percent == pytest.approx(93.5 / 95 * 100) and p.remaining == pytest.approx(1.5)
    assert p.months_left == 2 and p.pace_needed == pytest.approx(0.75) and p.pace_recent is None
    assert p.remaining_text == "1,5 điểm phần trăm" and p.pace_needed_text == "0,75 điểm %/tháng"
