"""The calculation core: policy.md's worked examples, limits, dates of change, age schedule, rounding."""

from __future__ import annotations

import ast
import copy
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from generator.model import calculator as calc
from generator.model.amounts import AmountError, parse_amount
from generator.model.calculator import CalculationError

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = json.loads((ROOT / "tests" / "fixtures" / "policy_timeline.json").read_text(encoding="utf-8"))
TODAY = date(2026, 12, 2)


def net(
    income: int, groups: list[str], on: date = TODAY, months: int = 1, province: str | None = None
) -> int:
    return calc.contribution(TIMELINE, income, groups, on, months, province).net.amount or 0


# ---------------------------------------------------------------- policy.md worked examples


def test_ethnic_minority_monthly_and_every_three_months() -> None:
    result = calc.contribution(TIMELINE, 1_500_000, ["dan-toc-thieu-so"], TODAY, months=3)
    assert (result.gross.amount, result.state_support.amount, result.net.amount) == (330_000, 99_000, 231_000)
    assert result.total_net == 693_000
    assert result.total_gross == 990_000 and result.total_state_support == 297_000
    assert result.state_support.rule.startswith("30% × 22% × 1.500.000 đồng")
    assert "Nghị định 159/2025/NĐ-CP, Điều 5" in result.state_support.sources
    assert "policy/ho-tro-nha-nuoc" in result.state_support.records
    assert result.state_support.confirmed is False  # the fixture keeps the flags as first recorded
    assert result.gross.confirmed is True


@pytest.mark.parametrize(
    ("group", "expected"), [("ho-ngheo", 165_000), ("ho-can-ngheo", 198_000), ("khac", 264_000)]
)
def test_each_group_at_the_minimum_income(group: str, expected: int) -> None:
    assert net(1_500_000, [group]) == expected


def test_support_is_a_fixed_amount_not_a_share_of_the_chosen_income() -> None:
    result = calc.contribution(TIMELINE, 5_000_000, ["khac"], TODAY)
    assert (result.gross.amount, result.state_support.amount, result.net.amount) == (
        1_100_000,
        66_000,
        1_034_000,
    )


def test_several_groups_get_the_highest_support() -> None:
    result = calc.contribution(TIMELINE, 1_500_000, ["khac", "dan-toc-thieu-so", "ho-can-ngheo"], TODAY)
    assert result.support_group == "ho-can-ngheo" and result.net.amount == 198_000


def test_minimum_income_rises_on_1_january_2027() -> None:
    assert calc.income_limits(TIMELINE, date(2026, 12, 31))[0] == 1_500_000
    assert calc.income_limits(TIMELINE, date(2027, 1, 1))[0] == 2_200_000
    result = calc.contribution(TIMELINE, 2_200_000, ["ho-ngheo"], date(2027, 1, 1))
    assert result.net.amount == 242_000
    assert result.minimum_income.confirmed is False  # NĐ 351/2025: to confirm
    with pytest.raises(CalculationError, match=r"2\.200\.000"):
        calc.contribution(TIMELINE, 1_500_000, ["ho-ngheo"], date(2027, 1, 1))


def test_support_before_1_july_2025() -> None:
    before, after = date(2025, 6, 30), date(2025, 7, 1)
    assert net(1_500_000, ["ho-ngheo"], before) == 231_000  # 30%
    assert net(1_500_000, ["ho-can-ngheo"], before) == 247_500  # 25%
    assert net(1_500_000, ["khac"], before) == 297_000  # 10%
    assert net(1_500_000, ["dan-toc-thieu-so"], before) == 297_000  # no group of its own then: 10%
    assert net(1_500_000, ["ho-ngheo"], after) == 165_000
    assert net(1_500_000, ["dan-toc-thieu-so"], after) == 231_000
    old = calc.contribution(TIMELINE, 1_500_000, ["khac"], before)
    assert "Nghị định 134/2015/NĐ-CP, Điều 14 (đã sửa đổi)" in old.state_support.sources


def test_maximum_income_follows_the_reference_level() -> None:
    assert calc.income_limits(TIMELINE, date(2026, 6, 30)) == (1_500_000, 46_800_000)
    assert calc.income_limits(TIMELINE, date(2026, 7, 1)) == (1_500_000, 50_600_000)
    result = calc.contribution(TIMELINE, 50_600_000, ["khac"], TODAY)
    assert result.maximum_income.amount == 50_600_000
    assert "20 × mức tham chiếu 2.530.000 đồng" in result.maximum_income.rule
    assert "Nghị định 161/2026/NĐ-CP" in result.maximum_income.sources


def test_woman_twenty_years_average_five_million() -> None:
    # born 5/1970: retirement age 57y4m reached 9/2027; 230 months paid + 10 more months = 20 years
    result = calc.pension(TIMELINE, (1970, 5), "nữ", 230, 5_000_000, on=TODAY)
    assert result.months_paid == 240 and result.future_months == 10
    assert result.rate_percent == 55
    assert result.monthly_pension.amount == 2_750_000
    assert result.age_month == "2027-09" and result.pension_from == "2027-10"
    assert result.condition_met_at_age and result.condition_met_month is None  # 230 ≥ 180 already
    # paid without a gap up to 11/2026: 75 months before 2014 → 6 full years at 1,5 ×, 14 years at 2 ×
    assert result.months_before_2014 == 75
    assert result.lump_sum_gross == 5_000_000 * (6 * 3 + 14 * 4) // 2  # 185.000.000
    assert "giả định đã đóng liên tục đến nay" in result.lump_sum.rule
    assert result.support_deducted == 66_000 * 120
    assert result.lump_sum.amount == 177_080_000
    assert result.overtake_months == 65 and result.overtake_month == "2033-02"
    assert 64 * 2_750_000 <= 177_080_000 < 65 * 2_750_000
    # paying began in 2014: every year at 2 × (150 + 10 months to the age + 20 paid at once = 15 years)
    later = calc.pension(TIMELINE, (1970, 5), "nữ", 150, 5_000_000, on=TODAY, started=2014)
    assert (later.months_before_2014, later.bought_months, later.months_paid) == (0, 20, 180)
    assert later.lump_sum_gross == 2 * 5_000_000 * 15


def test_household_health_insurance_of_four_from_1_july_2026() -> None:
    result = calc.bhyt(TIMELINE, 4, date(2026, 7, 1))
    assert result.yearly == (1_366_200, 956_340, 819_720, 683_100)
    assert result.total.amount == result.total_yearly == 3_825_360
    assert result.total.rule.endswith("= 3.825.360 đồng/năm")


# ---------------------------------------------------------------- limits and errors


@pytest.mark.parametrize("on", [date(2025, 6, 30), date(2026, 7, 1), TODAY, date(2027, 1, 1)])
def test_income_at_the_limits_passes_and_just_outside_fails(on: date) -> None:
    low, high = calc.income_limits(TIMELINE, on)
    assert calc.contribution(TIMELINE, low, ["khac"], on).income == low
    assert calc.contribution(TIMELINE, high, ["khac"], on).income == high
    for income in (low - 1, high + 1):
        with pytest.raises(CalculationError, match="Thu nhập chọn đóng phải từ"):
            calc.contribution(TIMELINE, income, ["khac"], on)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": []}, "Chọn ít nhất một nhóm"),
        ({"groups": ["ho-giau"]}, "không có trong danh mục: ho-giau"),
        ({"months": 2}, "1, 3, 6 hoặc 12 tháng"),
        ({"on": date(2024, 6, 30)}, "Chưa có số liệu “Mức tham chiếu"),
    ],
)
def test_contribution_errors_are_vietnamese(kwargs: dict, message: str) -> None:
    args = {"income": 2_000_000, "groups": ["khac"], "on": TODAY, "months": 1} | kwargs
    with pytest.raises(CalculationError, match=message):
        calc.contribution(TIMELINE, **args)


def test_province_top_up_example() -> None:
    result = calc.contribution(TIMELINE, 1_500_000, ["ho-ngheo"], TODAY, 12, "quang-ngai")
    assert (result.state_support.amount, result.province_support.amount, result.net.amount) == (
        165_000,
        66_000,
        99_000,
    )
    assert result.total_net == 99_000 * 12
    assert "Ví dụ minh hoạ — chưa có nghị quyết" in result.province_support.sources
    assert not result.province_support.confirmed
    other = calc.contribution(TIMELINE, 1_500_000, ["ho-ngheo"], TODAY, 1, "ha-noi")
    assert other.province_support.amount == 0
    assert other.province_support.rule == "Không có hỗ trợ thêm của tỉnh"
    # before the example top-up starts, nothing from the province
    assert calc.contribution(
        TIMELINE, 1_500_000, ["ho-ngheo"], date(2025, 6, 30), 1, "quang-ngai"
    ).net.amount == (231_000)


def test_province_part_never_makes_the_net_negative() -> None:
    timeline = copy.deepcopy(TIMELINE)
    timeline["provinces"]["quang-ngai"]["ho-tro-tinh"][0]["value"] = {"ho-ngheo": 80}
    result = calc.contribution(timeline, 1_500_000, ["ho-ngheo"], TODAY, 1, "quang-ngai")
    assert result.province_support.amount == 165_000 and result.net.amount == 0


# ---------------------------------------------------------------- rounding


def test_each_monthly_figure_is_rounded_half_up_once_then_multiplied() -> None:
    # 22% × 1,500,075 = 330,016.5 → 330,017 (half-up; half-even would give 330,016)
    result = calc.contribution(TIMELINE, 1_500_075, ["khac"], TODAY, months=12)
    assert result.gross.amount == 330_017
    assert result.net.amount == 330_017 - 66_000
    assert result.total_gross == 330_017 * 12 and result.total_net == (330_017 - 66_000) * 12


def test_bhyt_member_amount_rounded_once_from_the_base() -> None:
    timeline = copy.deepcopy(TIMELINE)
    timeline["parameters"]["muc-tham-chieu"][-1]["value"] = 2_530_011
    # 4.5% × 2,530,011 = 113,850.495 → 113,850; × 70% = 79,695.3465 → 79,695
    assert calc.bhyt(timeline, 2, TODAY).monthly == (113_850, 79_695)


def test_pension_average_rounded_before_the_rate() -> None:
    result = calc.pension(TIMELINE, (1970, 5), "nữ", 230, 5_000_001, plan_income=2_000_000, on=TODAY)
    assert result.average_income == round((230 * 5_000_001 + 10 * 2_000_000) / 240)
    assert result.monthly_pension.amount == int(
        (calc.Decimal(result.average_income) * 55 / 100).quantize(calc.ONE, rounding=calc.ROUND_HALF_UP)
    )


def test_formatting() -> None:
    assert calc.money(3_825_360) == "3.825.360" and calc.money(0) == "0"
    assert calc.percent(calc.Decimal("4.5")) == "4,5" and calc.percent(calc.Decimal("22.0")) == "22"


# ---------------------------------------------------------------- retirement schedule


@pytest.mark.parametrize(
    ("born", "gender", "age", "reached"),
    [
        ((1960, 12), "nam", "60 tuổi", "2020-12"),
        ((1961, 1), "nam", "60 tuổi 3 tháng", "2021-04"),
        ((1961, 9), "nam", "60 tuổi 3 tháng", "2021-12"),
        ((1961, 10), "nam", "60 tuổi 6 tháng", "2022-04"),
        ((1962, 6), "nam", "60 tuổi 6 tháng", "2022-12"),
        ((1962, 7), "nam", "60 tuổi 9 tháng", "2023-04"),
        ((1966, 3), "nam", "61 tuổi 9 tháng", "2027-12"),
        ((1966, 4), "nam", "62 tuổi", "2028-04"),
        ((1990, 5), "nam", "62 tuổi", "2052-05"),
        ((1965, 12), "nữ", "55 tuổi", "2020-12"),
        ((1966, 1), "nữ", "55 tuổi 4 tháng", "2021-05"),
        ((1966, 8), "nữ", "55 tuổi 4 tháng", "2021-12"),
        ((1966, 9), "nữ", "55 tuổi 8 tháng", "2022-05"),
        ((1970, 5), "nữ", "57 tuổi 4 tháng", "2027-09"),
        ((1975, 4), "nữ", "59 tuổi 8 tháng", "2034-12"),
        ((1975, 5), "nữ", "60 tuổi", "2035-05"),
        ((1980, 1), "nữ", "60 tuổi", "2040-01"),
    ],
)
def test_retirement_age_schedule(born: tuple[int, int], gender: str, age: str, reached: str) -> None:
    index = calc.age_month(born, gender)
    assert calc.month_iso(index) == reached
    assert calc._age_text(index - (born[0] * 12 + born[1] - 1)) == age


def test_pension_starts_the_month_after_the_age() -> None:
    result = calc.pension(TIMELINE, (1966, 4), "nam", 300, 3_000_000, on=TODAY)
    assert result.age_month == "2028-04" and result.pension_from == "2028-05"
    assert "62 tuổi" in result.retirement.rule


@pytest.mark.parametrize(
    ("gender", "months", "rate"),
    [
        ("nam", 180, "40"),
        ("nam", 186, "40.5"),
        ("nam", 187, "41"),
        ("nam", 204, "42"),
        ("nam", 234, "44.5"),
        ("nam", 240, "45"),
        ("nam", 252, "47"),
        ("nam", 420, "75"),
        ("nam", 500, "75"),
        ("nữ", 180, "45"),
        ("nữ", 181, "46"),
        ("nữ", 187, "47"),
        ("nữ", 246, "56"),
        ("nữ", 360, "75"),
        ("nữ", 174, "0"),
    ],
)
def test_pension_rate_with_odd_months(gender: str, months: int, rate: str) -> None:
    assert calc.pension_rate(gender, calc.half_years(months)) == calc.Decimal(rate)


def test_short_by_more_than_60_months_at_the_age_gets_no_projection() -> None:
    result = calc.pension(TIMELINE, (1966, 4), "nam", 100, 3_000_000, on=TODAY)
    # 17 more months to the age (4/2028): 117, short of 180 by 63 > 60 that may be paid at once
    assert (result.status, result.months_paid, result.short_months) == ("thieu", 117, 63)
    assert result.pension_from is None and result.monthly_pension.amount is None
    assert result.overtake_months is None
    assert "nhiều hơn 60 tháng" in result.missing.rule and "trợ cấp hưu trí xã hội" in result.missing.rule


def test_pension_condition_uses_the_rule_in_force_when_the_age_is_reached() -> None:
    # on 2025-06-30 a man reaching the age in 2026 already needs only 15 years
    later = calc.pension(TIMELINE, (1964, 6), "nam", 170, 3_000_000, on=date(2025, 6, 30))
    assert later.min_years == 15
    # past the age before 1/7/2025: the old 20 years
    past = calc.pension(TIMELINE, (1960, 1), "nam", 200, 3_000_000, on=date(2025, 6, 30))
    assert past.min_years == 20 and past.months_paid == 240


def test_eligible_since_the_15_year_rule_took_effect() -> None:
    # past the age since 1/2015 with 16 years 8 months: eligible once 15 years sufficed (7/2025)
    result = calc.pension(TIMELINE, (1960, 1), "nữ", 200, 3_000_000, on=TODAY)
    assert result.status == "du-dieu-kien" and result.future_months == 0
    assert (result.eligible_month, result.pension_from) == ("2025-07", "2025-08")


# ---------------------------------------------------------------- issue 18 item 7: outside the simple case


def test_woman_born_1940_is_never_told_a_pension_in_old_age() -> None:
    result = calc.pension(TIMELINE, (1940, 1), "nữ", 100, 3_000_000, on=TODAY)
    assert result.past_age and result.status == "thieu" and result.short_months == 80
    assert result.pension_from is None and result.monthly_pension.amount is None
    assert result.future_months == 0 and result.months_paid == 100  # nothing paid into old age
    assert result.social_pension.amount == 500_000
    assert "đã đủ 75 tuổi" in result.social_pension.rule
    assert "lương hưu thấp hơn mức này" in result.social_pension.rule  # NĐ 176 Đ2.1.b
    texts = " ".join(f.rule for f in (result.retirement, result.condition, result.missing))
    assert "2036" not in texts and "không ước tính lương hưu" in texts


def test_past_the_age_short_by_at_most_60_months_pays_them_at_once() -> None:
    result = calc.pension(TIMELINE, (1960, 1), "nữ", 120, 3_000_000, on=TODAY)
    assert (result.status, result.short_months, result.bought_months) == ("dong-bu", 60, 60)
    assert result.eligible_month == "2026-12" and result.pension_from == "2027-01"
    assert result.months_paid == 180 and result.rate_percent == 45
    assert result.missing.amount == 60 * 660_000  # 22 % × 3.000.000 a month, before interest
    assert "tiền lãi" in result.missing.rule and "Nghị định 159/2025/NĐ-CP, Điều 7" in result.missing.sources
    poor = calc.pension(TIMELINE, (1960, 1), "nữ", 110, 3_000_000, on=TODAY, groups=["ho-can-ngheo"])
    assert poor.status == "thieu" and poor.social_pension_month == "2030-01"  # 70 for near-poor


def test_already_eligible_man_gets_the_month_after_the_conditions() -> None:
    # born 3/1965: 61 y 6 m reached in 9/2026 with 20 years → from 10/2026, not from today
    result = calc.pension(TIMELINE, (1965, 3), "nam", 240, 4_000_000, on=TODAY)
    assert result.status == "du-dieu-kien"
    assert (result.age_month, result.eligible_month, result.pension_from) == ("2026-09", "2026-09", "2026-10")
    assert "trả bù" in result.retirement.rule
    assert "Luật Bảo hiểm xã hội 41/2024/QH15, Điều 101" in result.retirement.sources


def test_eligible_in_the_future() -> None:
    result = calc.pension(TIMELINE, (1970, 5), "nữ", 175, 3_000_000, on=TODAY)
    assert (result.status, result.pension_from, result.months_paid) == ("se-du", "2027-10", 185)


def test_fourteen_years_seven_months_does_not_qualify() -> None:
    # Luật Đ5.6: a year counts only with 12 full months; half years only for the amount
    at_age = calc.pension(TIMELINE, (1970, 5), "nữ", 175, 3_000_000, on=date(2027, 10, 1))
    assert at_age.past_age and at_age.status == "dong-bu" and at_age.short_months == 5
    assert not at_age.condition_met_at_age
    assert "còn thiếu 5 tháng" in at_age.condition.rule
    assert calc.half_years(175) == 30  # would count as 15 years for the amount once eligible
    by_age = calc.pension(TIMELINE, (1970, 5), "nữ", 165, 3_000_000, on=TODAY)  # 175 at the age
    assert (by_age.status, by_age.short_months, by_age.pension_from) == ("dong-bu", 5, "2027-10")


# ---------------------------------------------------------------- issue 18 item 8: rules in the legal texts


def test_allowance_for_years_above_30_for_a_woman() -> None:
    # 33 years, average 4.000.000: 75 % and 3 × 0,5 × 4.000.000 = 6.000.000 on retirement
    result = calc.pension(TIMELINE, (1965, 3), "nữ", 396, 4_000_000, on=TODAY)
    assert result.rate_percent == 75 and result.monthly_pension.amount == 3_000_000
    assert result.retirement_allowance.amount == 6_000_000 and result.extra_years == 3
    assert "Điều 100" in result.retirement_allowance.sources[0]


@pytest.mark.parametrize(
    ("gender", "halves", "after", "amount"),
    [
        ("nữ", 64, 0, 5_000_000),  # 32 years: 2 × 0,5 × 5.000.000
        ("nữ", 64, 4, 20_000_000),  # both paid after becoming eligible: 2 × 2 × 5.000.000
        ("nữ", 60, 0, 0),
        ("nam", 74, 0, 5_000_000),  # men: above 35 years
        ("nam", 71, 0, 1_250_000),  # half a year: half of 0,5
        ("nam", 70, 0, 0),
    ],
)
def test_extra_year_allowance(gender: str, halves: int, after: int, amount: int) -> None:
    assert calc.extra_year_allowance(gender, halves, 5_000_000, after) == amount


def test_lump_sum_counts_years_before_2014_at_one_and_a_half() -> None:
    # 33 years paid up to 11/2026: at least 20 full years before 2014
    result = calc.pension(TIMELINE, (1965, 3), "nữ", 396, 4_000_000, on=TODAY)
    assert result.lump_sum_gross == 4_000_000 * (20 * 3 + 13 * 4) // 2
    began = calc.pension(TIMELINE, (1965, 3), "nữ", 396, 4_000_000, on=TODAY, started=1990)
    assert began.months_before_2014 == 288 and "bắt đầu đóng năm 1990" in began.lump_sum.rule
    assert began.lump_sum_gross == 4_000_000 * (24 * 3 + 9 * 4) // 2
    assert calc.lump_sum_halves(190, 30) == (4, 28)  # 2 full years before; the 6 odd months carried over
    assert "không trừ khi nhận vì mắc bệnh hiểm nghèo" in result.lump_sum.rule  # Luật Đ102.1.c–d


@pytest.mark.parametrize(
    ("started", "message"), [(1980, "Năm bắt đầu đóng phải từ 1985"), (2020, "chưa đến 33 năm")]
)
def test_year_paying_began_is_checked(started: int, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        calc.pension(TIMELINE, (1970, 5), "nữ", 396, 4_000_000, on=TODAY, started=started)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (((1970, 5), "khác", 0, 3_000_000), "Giới tính"),
        (((2015, 1), "nam", 0, 3_000_000), "đủ 15 tuổi"),
        (((1970, 13), "nam", 0, 3_000_000), "Tháng sinh"),
        (((1970, 5), "nam", -1, 3_000_000), "Số tháng đã đóng"),
        (((1970, 5), "nam", 0, 1_000_000), "Thu nhập sẽ đóng từ nay"),
    ],
)
def test_pension_errors(args: tuple, message: str) -> None:
    with pytest.raises(CalculationError, match=message):
        calc.pension(TIMELINE, *args, on=TODAY)


# ---------------------------------------------------------------- household health insurance


@pytest.mark.parametrize(
    ("members", "total"),
    [
        (1, 1_366_200),
        (2, 1_366_200 + 956_340),
        (3, 1_366_200 + 956_340 + 819_720),
        (4, 3_825_360),
        (5, 3_825_360 + 546_480),
        (6, 3_825_360 + 2 * 546_480),
    ],
)
def test_bhyt_one_to_six_members(members: int, total: int) -> None:
    result = calc.bhyt(TIMELINE, members, date(2026, 7, 1))
    assert result.total_yearly == total and len(result.yearly) == members
    assert result.ratios == (100, 70, 60, 50, 40, 40)[:members]


def test_bhyt_before_the_new_base() -> None:
    assert calc.bhyt(TIMELINE, 1, date(2026, 6, 30)).yearly == (1_263_600,)  # 4.5% × 2,340,000 × 12
    with pytest.raises(CalculationError):
        calc.bhyt(TIMELINE, 0, TODAY)


# ---------------------------------------------------------------- changes, JSON, timeline checks


def test_changes_in_the_next_sixty_days() -> None:
    changes = calc.changes_between(TIMELINE, TODAY, date(2027, 1, 31))
    assert [(c.parameter, c.date, c.old_value, c.new_value) for c in changes] == [
        ("chuan-ngheo-nong-thon", date(2027, 1, 1), 1_500_000, 2_200_000)
    ]
    assert changes[0].confirmed is False and changes[0].source == "Nghị định 351/2025/NĐ-CP"
    assert calc.changes_between(TIMELINE, date(2027, 1, 1), date(2027, 3, 1)) == []  # start is excluded


def test_changes_on_1_july_2025_skip_unchanged_values() -> None:
    changes = calc.changes_between(TIMELINE, date(2025, 6, 1), date(2025, 7, 31))
    found = {(c.province, c.parameter) for c in changes}
    assert (None, "ho-tro-nha-nuoc") in found and (None, "so-nam-toi-thieu-huong-luong-huu") in found
    assert ("quang-ngai", "ho-tro-tinh") in found and (None, "tro-cap-thai-san") in found
    assert (None, "ty-le-dong") not in found and (None, "bhyt-ho-gia-dinh") not in found
    support = next(c for c in changes if c.parameter == "ho-tro-nha-nuoc")
    assert support.old_value["ho-ngheo"] == 30 and support.new_value["ho-ngheo"] == 50


def test_timeline_json_is_stable_and_complete() -> None:
    text = calc.timeline_json(TIMELINE)
    assert text == calc.timeline_json(json.loads(text))
    assert json.loads(text) == TIMELINE
    assert set(json.loads(text)["parameters"]) <= set(calc.PARAMETERS)


def test_fixture_has_every_parameter_and_no_problem() -> None:
    assert calc.timeline_problems(TIMELINE) == []
    assert set(TIMELINE["parameters"]) == set(calc.PARAMETERS) - {"ho-tro-tinh"}
    assert set(calc.REQUIRED_PARAMETERS) <= set(TIMELINE["parameters"])
    for entries in TIMELINE["parameters"].values():
        assert all(e["source"] and e["record"].startswith("policy/") for e in entries)


def test_timeline_problems_finds_gaps_and_overlaps() -> None:
    timeline = copy.deepcopy(TIMELINE)
    timeline["parameters"]["muc-tham-chieu"][0]["end"] = "2026-05-31"
    timeline["parameters"]["ty-le-dong"][0]["end"] = "2025-07-15"
    problems = calc.timeline_problems(timeline)
    assert any("muc-tham-chieu: thiếu số liệu từ 2026-06-01" in p for p in problems)
    assert any("ty-le-dong: giai đoạn" in p for p in problems)


def test_module_uses_the_standard_library_only() -> None:
    tree = ast.parse(Path(calc.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert all(m.split(".")[0] in sys.stdlib_module_names or m == "__future__" for m in modules), modules


def test_json_shape_has_integer_amounts_and_records() -> None:
    data = calc.contribution(TIMELINE, 1_500_000, ["dan-toc-thieu-so"], TODAY, 3).as_json()
    for key in ("gross", "state_support", "province_support", "net", "total_net", "minimum_income"):
        assert isinstance(data[key], int)
    assert data["records"] == sorted(data["records"]) and "policy/ho-tro-nha-nuoc" in data["records"]
    assert data["confirmed"] is False
    assert json.loads(json.dumps(data)) == data


def test_timeline_problems_finds_unknown_groups_missing_levels_and_sources() -> None:
    timeline = copy.deepcopy(TIMELINE)
    support = timeline["parameters"]["ho-tro-nha-nuoc"][-1]
    support["value"] = {"ho-ngheo": 50, "ho-giau": 10}
    support["source"] = ""
    problems = calc.timeline_problems(timeline)
    assert any("nhóm không có trong danh mục: ho-giau" in p for p in problems)
    assert any("thiếu mức cho nhóm ho-can-ngheo" in p for p in problems)
    assert any("thiếu căn cứ pháp lý" in p for p in problems)


# ---------------------------------------------------------------- amounts as people write them


AMOUNTS = json.loads((ROOT / "tests" / "fixtures" / "amounts.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", AMOUNTS, ids=[row["note"] for row in AMOUNTS])
def test_amount_parser_on_the_shared_table(row: dict) -> None:
    """The same table runs through calculator.js in Chromium (test_calculator_browser.py)."""
    if "value" in row:
        assert parse_amount(row["text"]) == row["value"]
    else:
        with pytest.raises(AmountError) as caught:
            parse_amount(row["text"])
        assert caught.value.cause == row["error"]


def test_amount_table_covers_the_forms_of_issue_19() -> None:
    texts = {row["text"] for row in AMOUNTS}
    assert {
        "2 triệu",
        "1,5 triệu",
        "1500000đ",
        "1tr5",
        "1.500.000",
        "1500k",
        "1 nghìn 5",
        "１５０００００",
    } <= texts
    assert {"", "abc", "-1500000", "999999999999"} <= texts
