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
        "kind: target\nunit: xa-tay\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 90\n" + PLAN, encoding="utf-8"
    )
    (error,) = _errors(tree)
    assert error.startswith("stories/bac-ninh/ke-hoach-moi.yaml:3: indicator: chưa có số liệu")
    assert "Xã Tây" in error


def test_overlapping_targets_for_one_unit_and_indicator_are_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-trung.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhxh_tu_nguyen\nperiod: 2026-07..2027-06\nvalue: 900\n" + PLAN,
        encoding="utf-8",
    )
    (error,) = _errors(tree)
    assert error.startswith("stories/bac-ninh/ke-hoach-xa-dong-2026.yaml:4: period: kỳ 2026 trùng với kế hoạch ")
    assert "2026-07..2027-06 ở stories/bac-ninh/ke-hoach-trung.yaml (dòng 4)" in error


def test_a_percentage_target_over_100_is_an_error(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-dong-bhyt-2026.yaml").write_text(
        "kind: target\nunit: xa-dong\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 101\n" + PLAN, encoding="utf-8"
    )
    (error,) = _errors(tree)
    assert error.endswith(":5: value: kế hoạch tỷ lệ 101% vượt quá 100%")


def test_a_result_newer_than_the_build_date_is_an_error(tree: Path) -> None:
    content = load_content(tree, "stories")
    report = Report()
    check_targets(content, report, dt.date(2026, 10, 15))  # built as of 15/10/2026: Nov figures are ahead
    messages = [str(e) for e in report.errors]
    assert any("ke-hoach-xa-dong-2026.yaml:3: indicator:" in m and "mới hơn ngày dựng 15/10/2026" in m for m in messages)


def test_an_example_target_is_checked_but_never_published(tree: Path) -> None:
    (tree / "bac-ninh/ke-hoach-xa-tay-2026.yaml").write_text(
        "kind: target\nunit: xa-tay\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 500\nexample: true\n" + PLAN,
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
