"""`lantoa contribution`, `lantoa pension`, `lantoa bhyt` (policy.md): every worked example through
`--json`, as outside tests call them (``python -m generator …`` from the project folder)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-12-02"  # the date policy.md's examples are worked for


def lantoa(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def as_json(*args: str) -> dict:
    done = lantoa(*args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("group", "net"),
    [("dan-toc-thieu-so", 231_000), ("ho-ngheo", 165_000), ("ho-can-ngheo", 198_000), ("khac", 264_000)],
)
def test_contribution_at_the_lowest_income(group: str, net: int) -> None:
    result = as_json("contribution", "--income", "1500000", "--group", group, "--date", DAY)
    assert result["gross"] == 330_000
    assert result["net"] == net
    assert result["state_support"] == 330_000 - net
    assert result["minimum_income"] == 1_500_000
    assert result["maximum_income"] == 50_600_000
    assert "policy/ho-tro-nha-nuoc" in result["records"]
    assert "policy/chuan-ngheo-nong-thon" in result["records"]


@pytest.mark.parametrize("income", ["1,5 triệu", "1tr5", "1500k", "1.500.000đ", "１５０００００"])
def test_income_as_people_write_it(income: str) -> None:
    result = as_json("contribution", "--income", income, "--group", "dan-toc-thieu-so", "--date", DAY)
    assert (result["income"], result["net"]) == (1_500_000, 231_000)


def test_every_three_months() -> None:
    result = as_json(
        "contribution", "--income", "1500000", "--group", "dan-toc-thieu-so", "--months", "3", "--date", DAY
    )
    assert (result["net"], result["total_net"], result["months"]) == (231_000, 693_000, 3)


def test_support_is_a_fixed_amount_not_a_share_of_the_income() -> None:
    result = as_json("contribution", "--income", "5000000", "--group", "khac", "--date", DAY)
    assert (result["gross"], result["state_support"], result["net"]) == (1_100_000, 66_000, 1_034_000)


def test_several_groups_get_the_highest_support() -> None:
    result = as_json("contribution", "--income", "1.500.000", "--group", "khac,ho-ngheo", "--date", DAY)
    assert (result["support_group"], result["net"]) == ("ho-ngheo", 165_000)


def test_minimum_income_rises_on_1_january_2027() -> None:
    result = as_json("contribution", "--income", "2200000", "--group", "ho-ngheo", "--date", "2027-01-01")
    assert (result["minimum_income"], result["gross"], result["net"]) == (2_200_000, 484_000, 242_000)
    assert result["confirmed"] is False  # NĐ 351/2025 as found, not yet confirmed


def test_support_before_1_july_2025() -> None:
    result = as_json("contribution", "--income", "1500000", "--group", "ho-ngheo", "--date", "2025-06-30")
    assert (result["state_support_percent"], result["net"]) == (30, 231_000)


TOP_UP_ARGS = ("--income", "1500000", "--group", "ho-ngheo", "--province", "quang-ngai", "--date", DAY)


def test_an_example_top_up_is_not_applied() -> None:
    """The sample's Quảng Ngãi top-up is only an example (example: true): nobody is told it is real."""
    result = as_json("contribution", *TOP_UP_ARGS)
    assert (result["province_support"], result["net"]) == (0, 165_000)
    assert "policy/ho-tro-tinh-quang-ngai" not in result["records"]


def test_province_top_up_from_its_record(tmp_path: Path) -> None:
    """The same record once the province's resolution makes it real (example: true removed)."""
    import shutil

    stories = tmp_path / "stories"
    shutil.copytree(ROOT / "stories", stories)
    record = stories / "quang-ngai" / "chinh-sach" / "ho-tro-tinh-quang-ngai.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("example: true\n", ""), encoding="utf-8")
    done = lantoa("contribution", *TOP_UP_ARGS, "--content", str(stories), "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["province_support"] == 66_000  # 20% × 22% × 1.500.000
    assert "policy/ho-tro-tinh-quang-ngai" in result["records"]


def test_pension_of_a_woman_with_20_years() -> None:
    result = as_json(
        "pension", "--born", "1966-01", "--gender", "nữ", "--paid-months", "240", "--income", "5000000",
        "--date", DAY,
    )  # fmt: skip
    assert (result["rate_percent"], result["monthly_pension"]) == (55, 2_750_000)
    assert result["condition_met_at_age"] is True
    assert "policy/so-nam-toi-thieu-huong-luong-huu" in result["records"]


def test_years_and_months_paid_as_two_fields() -> None:
    common = ("pension", "--born", "1965-03", "--gender", "nam", "--income", "4000000", "--date", DAY)
    by_months = as_json(*common, "--paid-months", "175")
    by_both = as_json(*common, "--paid-years", "14", "--paid-months", "7")
    assert by_months == by_both and by_both["paid_months"] == 175
    # 14 years 7 months past the age: not eligible (full years), 5 months to pay at once
    assert (by_both["status"], by_both["short_months"], by_both["pension_from"]) == ("dong-bu", 5, "2027-01")
    eligible = as_json(*common, "--paid-years", "20")
    assert (eligible["status"], eligible["pension_from"]) == ("du-dieu-kien", "2026-10")
    began = as_json(*common, "--paid-years", "20", "--started", "2000")
    assert began["started"] == 2000 and began["months_before_2014"] == 14 * 12


def test_woman_born_1940_is_told_her_options_not_a_pension_in_old_age() -> None:
    done = lantoa(
        "pension", "--born", "1940-01", "--gender", "nữ", "--paid-years", "8", "--paid-months", "4",
        "--income", "3000000", "--date", DAY,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "không đủ 15 năm đóng để hưởng lương hưu" in done.stdout
    assert "Trợ cấp hưu trí xã hội: 500.000 đồng/tháng" in done.stdout
    assert "Lương hưu hằng tháng" not in done.stdout and "2036" not in done.stdout
    assert "sổ BHXH hoặc ứng dụng VssID" in done.stdout


def test_pension_without_years_or_months_paid() -> None:
    done = lantoa("pension", "--born", "1970-05", "--gender", "nữ", "--income", "3000000", "--date", DAY)
    assert done.returncode == 1 and "--paid-years" in done.stderr


def test_household_health_insurance_of_four() -> None:
    result = as_json("bhyt", "--members", "4", "--date", "2026-07-01")
    assert result["yearly"] == [1_366_200, 956_340, 819_720, 683_100]
    assert result["total"] == 3_825_360
    assert result["records"] == ["policy/bhyt-ho-gia-dinh", "policy/muc-tham-chieu"]


def test_text_output_names_rule_and_source() -> None:
    done = lantoa("contribution", "--income", "1500000", "--group", "dan-toc-thieu-so", "--date", DAY)
    assert done.returncode == 0, done.stderr
    assert "Người tham gia đóng: 231.000 đồng/tháng" in done.stdout
    assert "Căn cứ: Nghị định 159/2025/NĐ-CP, Điều 5" in done.stdout
    assert "chưa đối chiếu văn bản gốc" in done.stdout and "dự kiến" not in done.stdout
    pension = lantoa(
        "pension", "--born", "1966-01", "--gender", "nữ", "--paid-months", "240", "--income", "5000000",
        "--date", DAY,
    )  # fmt: skip
    assert "2.750.000 đồng/tháng" in pension.stdout
    bhyt = lantoa("bhyt", "--members", "4", "--date", DAY)
    assert "Cả hộ: 3.825.360 đồng/năm" in bhyt.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["contribution", "--income", "1400000", "--group", "khac"], "Thu nhập chọn đóng phải từ 1.500.000"),
        (["contribution", "--income", "60000000", "--group", "khac"], "đến 50.600.000"),
        (["contribution", "--income", "mười", "--group", "khac"], "không phải số tiền"),
        (["contribution", "--income", "9999999999999999", "--group", "khac"], "quá lớn"),
        (["contribution", "--income", "1500000", "--group", "ho-giau"], "không có trong danh mục"),
        (["contribution", "--income", "1500000", "--group", "khac", "--months", "2"], "1, 3, 6 hoặc 12"),
        (
            ["contribution", "--income", "1500000", "--group", "khac", "--province", "son-tinh"],
            "không có tỉnh",
        ),
        (
            ["pension", "--born", "1975-13", "--gender", "nữ", "--paid-months", "0", "--income", "0"],
            "tháng sinh",
        ),
        (["pension", "--born", "1975-05", "--gender", "khác", "--paid-months", "0", "--income", "0"], "nam"),
        (["bhyt", "--members", "0"], "từ 1 đến 50"),
        (["bhyt", "--members", "2", "--date", "02/12/2026"], "YYYY-MM-DD"),
    ],
)
def test_invalid_input_exits_1_with_a_vietnamese_message(args: list[str], message: str) -> None:
    done = lantoa(*args, *([] if "--date" in args else ["--date", DAY]))
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in done.stderr
    assert done.stdout == ""


def test_content_without_policy_records(tmp_path: Path) -> None:
    done = lantoa(
        "bhyt", "--members", "2", "--content", str(ROOT / "tests" / "fixtures" / "mini"), "--date", DAY
    )
    assert done.returncode == 1
    assert "số liệu chính sách" in done.stderr
