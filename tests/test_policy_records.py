"""Policy records (policy.md): loading, the checks at their lines, and the calculator's timeline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.model.loading import load_content
from generator.model.policy import timeline
from tests import test_validation
from tests.test_validation import edit, expect, valid

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_POLICY = ROOT / "stories" / "toan-quoc" / "chinh-sach"
SUPPORT = "toan-quoc/chinh-sach/ho-tro-nha-nuoc.yaml"
MINIMUM = "toan-quoc/chinh-sach/chuan-ngheo-nong-thon.yaml"
REFERENCE = "toan-quoc/chinh-sach/muc-tham-chieu.yaml"
TOP_UP = "quang-ngai/chinh-sach/ho-tro-tinh-quang-ngai.yaml"
check = test_validation.check  # the `lantoa check stories` fixture

TOP_UP_TEXT = """kind: policy
id: ho-tro-tinh-quang-ngai
parameter: ho-tro-tinh
unit: quang-ngai
name: Quảng Ngãi hỗ trợ thêm
measure: "%"
values:
  - period: 2025-07-01..
    value: {ho-ngheo: 20, khac: 5}
    source: {publisher: Ví dụ, title: Ví dụ}
    confirmed: false
"""


@pytest.fixture
def policy_copy(mini_copy: Path) -> Path:
    """The mini tree plus the project's nationwide policy records and one province top-up."""
    shutil.copytree(SAMPLE_POLICY, mini_copy / "toan-quoc" / "chinh-sach")
    (mini_copy / "quang-ngai" / "chinh-sach").mkdir()
    (mini_copy / TOP_UP).write_text(TOP_UP_TEXT, encoding="utf-8")
    return mini_copy


def test_sample_records_are_valid(policy_copy: Path, check) -> None:
    valid(check())


def test_project_records_cover_every_parameter() -> None:
    from generator.model.vocabulary import vocabulary

    content = load_content(ROOT / "stories", "stories")
    assert not content.report.errors, content.report.errors
    found = timeline(content.entries)
    parameters = set(vocabulary()["policy_parameters"]) - {"ho-tro-tinh"}
    assert set(found["parameters"]) == parameters
    assert set(found["provinces"]) == {"quang-ngai"}


def test_vocabulary_lists_what_the_calculator_knows() -> None:
    from generator.model import calculator
    from generator.model.vocabulary import vocabulary

    assert set(vocabulary()["policy_parameters"]) == set(calculator.PARAMETERS)
    assert tuple(vocabulary()["policy_groups"]) == calculator.GROUPS


def test_project_timeline_has_no_calculator_problems() -> None:
    from generator.model.calculator import timeline_problems

    content = load_content(ROOT / "stories", "stories")
    assert timeline_problems(timeline(content.entries)) == []


def test_measure_must_fit_the_parameter(policy_copy: Path, check) -> None:
    edit(policy_copy, REFERENCE, "measure: đồng/tháng", 'measure: "%"')
    expect(check(), REFERENCE, 4, "measure", 'đo bằng "đồng/tháng"')


def test_overlapping_periods(policy_copy: Path, check) -> None:
    edit(policy_copy, MINIMUM, "period: 2027-01-01..", "period: 2026-12-01..")
    problem = expect(check(), MINIMUM, 14, "values[1].period", "chồng lên", "2022-01-01..2026-12-31")
    assert f"stories/{MINIMUM}, dòng 9" in problem.message


def test_overlap_across_two_records_of_one_parameter(policy_copy: Path, check) -> None:
    second = TOP_UP_TEXT.replace("ho-tro-tinh-quang-ngai", "ho-tro-tinh-quang-ngai-2").replace(
        "2025-07-01..", "2026-01-01.."
    )
    (policy_copy / "quang-ngai" / "chinh-sach" / "lan-2.yaml").write_text(second, encoding="utf-8")
    expect(check(), "quang-ngai/chinh-sach/lan-2.yaml", 8, "values[0].period", "chồng lên")


def test_gap_in_a_parameter_the_calculator_needs(policy_copy: Path, check) -> None:
    edit(policy_copy, REFERENCE, "period: 2026-07-01..", "period: 2026-08-01..")
    expect(check(), REFERENCE, 15, "values[1].period", "thiếu giá trị từ 1/7/2026 đến 31/7/2026")


def test_closed_last_period_of_a_needed_parameter(policy_copy: Path, check) -> None:
    edit(policy_copy, REFERENCE, "period: 2026-07-01..", "period: 2026-07-01..2027-06-30")
    expect(check(), REFERENCE, 15, "values[1].period", "hết hiệu lực 30/6/2027", '"2026-07-01.."')


def test_gap_in_a_top_up_is_allowed(policy_copy: Path, check) -> None:
    text = TOP_UP_TEXT.replace("2025-07-01..", "2025-07-01..2025-12-31") + (
        "  - period: 2026-06-01..\n    value: {ho-ngheo: 10}\n    source: {publisher: Ví dụ, title: Ví dụ}\n"
    )
    (policy_copy / TOP_UP).write_text(text, encoding="utf-8")
    valid(check())


def test_group_the_vocabulary_lacks(policy_copy: Path, check) -> None:
    edit(policy_copy, SUPPORT, "ho-can-ngheo: 40,", "ho-can-ngheo: 40, ho-ngeo-vung-cao: 60,")
    expect(
        check(), SUPPORT, 18, "values[1].value.ho-ngeo-vung-cao", "không có trong danh mục", "policy_groups"
    )


def test_missing_group_in_state_support(policy_copy: Path, check) -> None:
    edit(policy_copy, SUPPORT, "dan-toc-thieu-so: 30, ", "")
    expect(check(), SUPPORT, 18, "values[1].value", "thiếu mức cho nhóm: dan-toc-thieu-so")


def test_value_without_source(policy_copy: Path, check) -> None:
    edit(
        policy_copy,
        REFERENCE,
        '    source: {publisher: Chính phủ, title: "Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2", '
        "date: 2026-05-15}\n",
        "",
    )
    expect(check(), REFERENCE, 15, "values[1]", "thiếu nguồn")


def test_unknown_parameter(policy_copy: Path, check) -> None:
    edit(policy_copy, REFERENCE, "id: muc-tham-chieu", "id: muc-tham-chieu-moi")
    result = check()
    expect(
        result,
        REFERENCE,
        2,
        "id",
        '"muc-tham-chieu-moi" không có trong danh mục',
        "muc-tham-chieu",
        alone=False,
    )
    # the parameter the calculator needs is now missing too
    assert any('thiếu bản ghi chính sách "muc-tham-chieu"' in p.message for p in result.errors)


def test_unknown_parameter_field(policy_copy: Path, check) -> None:
    edit(policy_copy, TOP_UP, "parameter: ho-tro-tinh", "parameter: ho-tro-thanh-pho")
    expect(check(), TOP_UP, 3, "parameter", '"ho-tro-thanh-pho" không có trong danh mục')


def test_top_up_needs_a_province(policy_copy: Path, check) -> None:
    edit(policy_copy, TOP_UP, "unit: quang-ngai", "unit: son-tinh")
    expect(check(), TOP_UP, 4, "unit", "không phải tỉnh")


def test_nationwide_parameter_with_a_unit(policy_copy: Path, check) -> None:
    edit(policy_copy, REFERENCE, "measure: đồng/tháng", "measure: đồng/tháng\nunit: quang-ngai")
    expect(check(), REFERENCE, 5, "unit", "áp dụng toàn quốc")


def test_value_that_is_not_a_number(policy_copy: Path, check) -> None:
    edit(policy_copy, MINIMUM, "value: 1500000", 'value: "1.500.000"')
    expect(check(), MINIMUM, 10, "values[0].value", "không phải số", "1500000")


def test_group_value_for_a_plain_parameter(policy_copy: Path, check) -> None:
    edit(policy_copy, MINIMUM, "value: 1500000", "value: {ho-ngheo: 1500000}")
    expect(check(), MINIMUM, 10, "values[0].value", "không chia theo nhóm")


def test_timeline_matches_the_calculator_format(policy_copy: Path) -> None:
    content = load_content(policy_copy, "stories")
    found = timeline(content.entries)
    minimum = found["parameters"]["chuan-ngheo-nong-thon"]
    assert minimum == [
        {
            "start": "2022-01-01",
            "end": "2026-12-31",
            "value": 1500000,
            "source": "Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1",
            "publisher": "Chính phủ",
            "confirmed": False,  # a secondary copy only (policy-sources.md)
            "record": "policy/chuan-ngheo-nong-thon",
        },
        {
            "start": "2027-01-01",
            "end": None,
            "value": 2200000,
            "source": "Nghị định 351/2025/NĐ-CP",
            "publisher": "Chính phủ",
            "confirmed": False,
            "record": "policy/chuan-ngheo-nong-thon",
        },
    ]
    assert found["parameters"]["bhyt-ho-gia-dinh"][1]["value"] == 4.5
    assert found["provinces"]["quang-ngai"]["ho-tro-tinh"][0]["value"] == {"ho-ngheo": 20, "khac": 5}


def test_draft_policy_is_left_out(policy_copy: Path) -> None:
    edit(policy_copy, TOP_UP, "kind: policy", "kind: policy\nstatus: draft")
    content = load_content(policy_copy, "stories")
    assert timeline(content.entries)["provinces"] == {}


# What policy-sources.md says was read in the text ("text") is confirmed; secondary copies, texts not
# found and texts not checked stay unconfirmed (issue 18 item 8).
CONFIRMED = [
    ("ty-le-dong", "2018-01-01", False, "Luật Bảo hiểm xã hội 58/2014/QH13, Điều 87"),
    ("ty-le-dong", "2025-07-01", True, "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 32 khoản 2, Điều 36 khoản 1"),
    ("chuan-ngheo-nong-thon", "2022-01-01", False, "Nghị định 07/2021/NĐ-CP, Điều 3 khoản 1"),
    ("chuan-ngheo-nong-thon", "2027-01-01", False, "Nghị định 351/2025/NĐ-CP"),
    ("muc-tham-chieu", "2024-07-01", False, "Nghị định 73/2024/NĐ-CP, Điều 3 khoản 2"),
    ("muc-tham-chieu", "2026-07-01", True, "Nghị định 161/2026/NĐ-CP, Điều 3 khoản 2"),
    ("ho-tro-nha-nuoc", "2018-01-01", False, "Nghị định 134/2015/NĐ-CP, Điều 14 (đã sửa đổi)"),
    ("ho-tro-nha-nuoc", "2025-07-01", True, "Nghị định 159/2025/NĐ-CP, Điều 5 khoản 1"),
    ("thoi-gian-ho-tro-toi-da", "2018-01-01", False, "Nghị định 134/2015/NĐ-CP, Điều 14 (đã sửa đổi)"),
    ("thoi-gian-ho-tro-toi-da", "2025-07-01", True, "Nghị định 159/2025/NĐ-CP, Điều 5 khoản 2"),
    ("so-nam-toi-thieu-huong-luong-huu", "2018-01-01", False, "Luật Bảo hiểm xã hội 58/2014/QH13, Điều 73"),
    ("so-nam-toi-thieu-huong-luong-huu", "2025-07-01", True, "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 98"),
    ("bhyt-ho-gia-dinh", "2018-12-01", True, "Nghị định 146/2018/NĐ-CP, Điều 7 khoản 1 điểm e"),
    ("bhyt-ho-gia-dinh", "2025-08-15", False, "Nghị định 188/2025/NĐ-CP"),  # in force 15/8/2025
    (
        "tro-cap-thai-san",
        "2025-07-01",
        True,
        "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 94 khoản 1, Điều 95 khoản 1",
    ),
    ("tro-cap-huu-tri-xa-hoi", "2025-07-01", True, "Nghị định 176/2025/NĐ-CP, Điều 2, Điều 3"),
]


def test_records_are_confirmed_only_where_the_text_was_read() -> None:
    content = load_content(ROOT / "stories", "stories")
    found = timeline(content.entries)["parameters"]
    actual = [(p, e["start"], e["confirmed"], e["source"]) for p in found for e in found[p]]
    assert sorted(actual) == sorted(CONFIRMED)
