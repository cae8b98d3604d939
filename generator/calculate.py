"""`lantoa contribution`, `lantoa pension`, `lantoa bhyt`: the calculator on the command line.

Every figure comes from the policy records in force on ``--date`` (policy.md). Text output is
Vietnamese, each amount followed by its rule and legal source; ``--json`` prints the
calculator's result object (integer đồng, the ids of the policy records used).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.model import calculator as calc
from generator.model.amounts import AmountError, parse_amount
from generator.model.calculator import CalculationError, Figure
from generator.model.dates import LOCAL_TZ

if TYPE_CHECKING:
    from generator.model.content import Content

DEFAULT_CONTENT = "stories"
_DOTS = re.compile(r"[.\s_]")


class InputError(Exception):
    """Input the calculator cannot take; the message is Vietnamese."""


def _whole(text: str, what: str) -> int:
    """'1500000', '1.500.000' or '1 500 000' → 1500000."""
    cleaned = _DOTS.sub("", text.strip())
    if not cleaned.isdigit():
        raise InputError(f'{what} "{text}" không phải số nguyên; viết ví dụ 1500000 hoặc 1.500.000')
    return int(cleaned)


def _amount(text: str, what: str) -> int:
    """An amount as people write it: "1.500.000", "1,5 triệu", "1tr5", "1500k" (model/amounts.py)."""
    try:
        return parse_amount(text)
    except AmountError as error:
        if error.cause == "too-large":
            raise InputError(f'{what} "{text}" quá lớn') from None
        raise InputError(
            f'{what} "{text}" không phải số tiền; viết ví dụ 1.500.000, 1,5 triệu, 1tr5 hoặc 1500k'
        ) from None


def _paid_months(years: str | None, months: str | None) -> int:
    """--paid-years Y [--paid-months M] → 12 × Y + M; --paid-months N alone → N (policy.md)."""
    if years is None and months is None:
        raise InputError("thiếu số năm, tháng đã đóng: --paid-years và/hoặc --paid-months")
    total = 12 * _whole(years, "số năm đã đóng") if years is not None else 0
    return total + (_whole(months, "số tháng đã đóng") if months is not None else 0)


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.datetime.now(LOCAL_TZ).date()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f'ngày "{text}" không hợp lệ; viết YYYY-MM-DD, ví dụ 2027-01-01') from None


def _born(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise InputError(f'tháng sinh "{text}" không hợp lệ; viết YYYY-MM, ví dụ 1975-05')
    return int(match[1]), int(match[2])


def load_timeline(content_dir: str) -> tuple[dict[str, Any], Content]:
    """The policy timeline of a content folder; problems in its policy records stop the command."""
    from generator.model.loading import load_content
    from generator.model.policy import policy_entries, timeline

    root = Path(content_dir)
    if not root.is_dir():
        raise InputError(f"không tìm thấy thư mục nội dung {content_dir}")
    content = load_content(root, content_dir)
    policy_files = {e.shown for e in policy_entries(content.entries)}
    located = [d for d in content.report.errors if d.path in policy_files or "chính sách" in d.message]
    for diagnostic in located:
        print(diagnostic, file=sys.stderr)
    found = timeline(content.published)  # without drafts and examples, as the calculator page
    problems = calc.timeline_problems(found)
    if located or problems or not found["parameters"]:
        details = "".join(f"\n  {p}" for p in problems)
        raise InputError(
            f"số liệu chính sách trong {content_dir} chưa đủ hoặc có lỗi "
            f"(chạy: lantoa check {content_dir}){details}"
        )
    return found, content


# ---------------------------------------------------------------- text output


def _source_line(figure: Figure) -> str:
    if not figure.sources:
        return ""
    planned = " (chưa đối chiếu văn bản gốc)" if not figure.confirmed else ""
    return f"    Căn cứ: {'; '.join(figure.sources)}{planned}"


def _lines(label: str, figure: Figure, amount: str | None = None) -> list[str]:
    head = f"{label}: {amount}" if amount else f"{label}:"
    lines = [head, f"    {figure.rule}"]
    source = _source_line(figure)
    return lines + ([source] if source else [])


def _money(amount: int | None) -> str:
    return f"{calc.money(amount or 0)} đồng"


def _monthly(figure: Figure) -> str:
    return f"{_money(figure.amount)}/tháng"


def contribution_text(result: calc.Contribution, province_name: str | None) -> str:
    groups = ", ".join(calc.GROUP_LABELS[g] for g in result.groups)
    lines = [
        f"MỨC ĐÓNG BHXH TỰ NGUYỆN — áp dụng ngày {result.date:%d/%m/%Y}",
        f"Thu nhập chọn đóng: {_money(result.income)}/tháng; nhóm: {groups}"
        + (f"; tỉnh: {province_name}" if province_name else ""),
        "",
        *_lines("Thu nhập thấp nhất", result.minimum_income, _monthly(result.minimum_income)),
        *_lines("Thu nhập cao nhất", result.maximum_income, _monthly(result.maximum_income)),
        *_lines(
            f"Mức đóng ({calc.percent(result.rate_percent)}%)",
            result.gross,
            _monthly(result.gross),
        ),
        *_lines(
            f"Nhà nước hỗ trợ ({calc.percent(result.state_support_percent)}%)",
            result.state_support,
            _monthly(result.state_support),
        ),
        *_lines("Tỉnh hỗ trợ thêm", result.province_support, _monthly(result.province_support)),
        *_lines("Người tham gia đóng", result.net, _monthly(result.net)),
    ]
    if result.months > 1:
        lines += [
            "",
            f"Đóng {result.months} tháng một lần: {_money(result.total_net)} "
            f"(mức đóng {_money(result.total_gross)}, Nhà nước hỗ trợ {_money(result.total_state_support)}, "
            f"tỉnh hỗ trợ {_money(result.total_province_support)})",
        ]
    return "\n".join([*lines, "", ESTIMATE])


STATUS_TEXT = {
    "du-dieu-kien": "đã đủ điều kiện hưởng lương hưu",
    "se-du": "sẽ đủ điều kiện khi đến tuổi nghỉ hưu",
    "dong-bu": "đủ điều kiện nếu đóng một lần những tháng còn thiếu",
    "thieu": "không đủ 15 năm đóng để hưởng lương hưu",
}
WHERE_PAID = "Số năm, tháng đã đóng xem trong sổ BHXH hoặc ứng dụng VssID (mục Quá trình tham gia)."


def pension_text(result: calc.Pension) -> str:
    born = calc.month_text(calc.month_index(int(result.born[:4]), int(result.born[5:])))
    began = f"; bắt đầu đóng năm {result.started}" if result.started is not None else ""
    lines = [
        f"ƯỚC TÍNH LƯƠNG HƯU — tính ngày {result.date:%d/%m/%Y}",
        f"{result.gender.capitalize()}, sinh {born}; "
        f"đã đóng {calc.duration_text(result.paid_months)}{began}; thu nhập {_money(result.income)}/tháng, "
        f"từ nay đóng theo {_money(result.plan_income)}/tháng",
        WHERE_PAID,
        "",
        f"Kết quả: {STATUS_TEXT[result.status]}",
        *_lines("Tuổi nghỉ hưu", result.retirement, _month(result.age_month)),
        *_lines("Điều kiện số năm đóng", result.condition, _condition(result)),
    ]
    if result.status in ("dong-bu", "thieu"):
        amount = _money(result.missing.amount) if result.missing.amount else None
        lines += _lines("Đóng một lần những tháng còn thiếu", result.missing, amount)
    if result.pension_from is not None:
        lines += [
            *_lines("Tỷ lệ hưởng", result.rate, f"{calc.percent(result.rate_percent)}%"),
            *_lines(
                "Lương hưu hằng tháng (tiền hôm nay)",
                result.monthly_pension,
                f"{_money(result.monthly_pension.amount)}/tháng từ {_month(result.pension_from)}",
            ),
            *_lines(
                "Trợ cấp một lần khi nghỉ hưu",
                result.retirement_allowance,
                _money(result.retirement_allowance.amount),
            ),
            *_lines("Nếu nhận một lần thay lương hưu", result.lump_sum, _money(result.lump_sum.amount)),
            *_lines("So sánh", result.overtake),
        ]
    else:
        lines += _lines("Nếu nhận BHXH một lần", result.lump_sum, _money(result.lump_sum.amount))
    social = _money(result.social_pension.amount) + "/tháng" if result.social_pension.amount else None
    lines += _lines("Trợ cấp hưu trí xã hội", result.social_pension, social)
    return "\n".join([*lines, "", ESTIMATE])


def _month(iso: str) -> str:
    year, month = iso.split("-")
    return f"tháng {int(month)}/{year}"


def _condition(result: calc.Pension) -> str:
    if result.short_months:
        return f"còn thiếu {calc.duration_text(result.short_months)}"
    if result.condition_met_month is None:
        return f"đã đủ {result.min_years} năm"
    return f"đủ {result.min_years} năm vào {_month(result.condition_met_month)}"


def bhyt_text(result: calc.Bhyt) -> str:
    lines = [
        f"BHYT HỘ GIA ĐÌNH — áp dụng ngày {result.date:%d/%m/%Y}",
        f"Mức tham chiếu {_money(result.base)}/tháng; "
        f"người thứ nhất đóng {calc.percent(result.rate_percent)}%",
        "",
    ]
    for order, (ratio, monthly, yearly) in enumerate(
        zip(result.ratios, result.monthly, result.yearly, strict=True), start=1
    ):
        lines.append(f"Người thứ {order} ({ratio}%): {_money(monthly)}/tháng, {_money(yearly)}/năm")
    lines += ["", *_lines("Cả hộ", result.total, f"{_money(result.total_yearly)}/năm")]
    return "\n".join([*lines, "", ESTIMATE])


ESTIMATE = (
    "Đây là ước tính theo số liệu chính sách của Lan Tỏa; mức chính thức do cơ quan BHXH xác định "
    "(tổng đài 1900 9068, đại lý thu BHXH ở xã, phường hoặc bưu điện)."
)


# ---------------------------------------------------------------- commands


def _run(args: argparse.Namespace, compute: Callable[[dict[str, Any], Content], tuple[Any, str]]) -> int:
    try:
        timeline, content = load_timeline(args.content)
        result, text = compute(timeline, content)
    except (InputError, CalculationError) as exc:
        print(f"lantoa: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


def cmd_contribution(args: argparse.Namespace) -> int:
    def compute(timeline: dict[str, Any], content: Content) -> tuple[Any, str]:
        income = _amount(args.income, "thu nhập")
        groups = [g.strip() for g in args.group.split(",") if g.strip()]
        months = _whole(args.months, "số tháng")
        province = args.province or None
        name = _province_name(content, province) if province else None
        result = calc.contribution(timeline, income, groups, _date(args.date), months, province)
        return result, contribution_text(result, name)

    return _run(args, compute)


def _province_name(content: Content, province: str) -> str:
    entry = content.get("unit", province)
    if entry is None or entry.record.parent:  # type: ignore[union-attr]
        raise InputError(f'không có tỉnh, thành phố nào mã "{province}" trong {content.shown_root}')
    return entry.record.name  # type: ignore[union-attr]


def cmd_pension(args: argparse.Namespace) -> int:
    def compute(timeline: dict[str, Any], _content: Content) -> tuple[Any, str]:
        plan = _amount(args.plan_income, "thu nhập sẽ đóng từ nay") if args.plan_income else None
        started = _whole(args.started, "năm bắt đầu đóng") if args.started else None
        result = calc.pension(
            timeline,
            _born(args.born),
            args.gender,
            _paid_months(args.paid_years, args.paid_months),
            _amount(args.income, "thu nhập"),
            plan,
            _date(args.date),
            started=started,
        )
        return result, pension_text(result)

    return _run(args, compute)


def cmd_bhyt(args: argparse.Namespace) -> int:
    def compute(timeline: dict[str, Any], _content: Content) -> tuple[Any, str]:
        result = calc.bhyt(timeline, _whole(args.members, "số người"), _date(args.date))
        return result, bhyt_text(result)

    return _run(args, compute)


def add_commands(commands: Any) -> None:
    """The three sub-commands, for ``lantoa``'s parser (values are checked here, in Vietnamese)."""
    groups = ", ".join(calc.GROUPS)

    def common(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--date", help="tính theo ngày này (YYYY-MM-DD); mặc định hôm nay")
        parser.add_argument("--content", default=DEFAULT_CONTENT, help="thư mục nội dung (mặc định stories/)")
        parser.add_argument(
            "--json", action="store_true", help="in kết quả dạng JSON (số tiền là số nguyên đồng)"
        )

    contribution = commands.add_parser(
        "contribution", help="tính mức đóng BHXH tự nguyện và tiền được hỗ trợ"
    )
    contribution.add_argument(
        "--income", required=True, help="thu nhập chọn đóng, đồng/tháng: 1500000, 1.500.000, 1,5 triệu, 1tr5…"
    )
    contribution.add_argument("--group", required=True, help=f"nhóm, nhiều nhóm cách nhau dấu phẩy: {groups}")
    contribution.add_argument("--province", help="mã tỉnh, thành phố (để tính hỗ trợ thêm của tỉnh)")
    contribution.add_argument("--months", default="1", help="đóng mấy tháng một lần: 1, 3, 6 hoặc 12")
    common(contribution)
    contribution.set_defaults(func=cmd_contribution)

    pension = commands.add_parser("pension", help="ước tính lương hưu và so sánh với nhận một lần")
    pension.add_argument("--born", required=True, help="tháng sinh YYYY-MM")
    pension.add_argument("--gender", required=True, help="nam hoặc nữ")
    pension.add_argument(
        "--paid-years", help="số năm đã đóng BHXH (xem sổ BHXH hoặc ứng dụng VssID); cộng với --paid-months"
    )
    pension.add_argument(
        "--paid-months", help="số tháng đã đóng BHXH; dùng cùng --paid-years thì là số tháng lẻ ngoài số năm"
    )
    pension.add_argument(
        "--started", help="năm bắt đầu đóng BHXH (để tính nhận một lần: năm trước 2014 tính 1,5 tháng)"
    )
    pension.add_argument("--income", required=True, help="thu nhập bình quân đã đóng, đồng/tháng")
    pension.add_argument("--plan-income", help="thu nhập sẽ đóng từ nay, đồng/tháng (mặc định như --income)")
    common(pension)
    pension.set_defaults(func=cmd_pension)

    bhyt = commands.add_parser("bhyt", help="tính mức đóng BHYT hộ gia đình")
    bhyt.add_argument("--members", required=True, help="số người trong hộ tham gia")
    common(bhyt)
    bhyt.set_defaults(func=cmd_bhyt)
