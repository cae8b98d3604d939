"""Policy figures in prose: ``[[name]]`` or ``[[name:group]]`` placeholders, resolved for a date.

Editors never type a policy figure by hand: a story or model writes
"chỉ từ [[muc-dong-thap-nhat:ho-ngheo]] mỗi tháng" and every output prints the figure in force
on the build date ("165.000 đồng"), formatted the Vietnamese way; the loudspeaker script then
writes it out in words. The syntax is deliberately not Jinja's, so text that looks like a
template ("{{ x }}") stays literal.

Names (the README lists them for the editors):

* ``[[PARAMETER]]`` / ``[[PARAMETER:GROUP]]`` — a nationwide policy parameter (vocabulary
  ``policy_parameters``): ``[[ty-le-dong]]`` → 22%, ``[[chuan-ngheo-nong-thon]]`` →
  1.500.000 đồng, ``[[ho-tro-nha-nuoc:ho-ngheo]]`` → 50%.
* ``[[can-cu:PARAMETER]]`` — its legal source ("Nghị định 159/2025/NĐ-CP, Điều 5");
  ``[[tu-ngay:PARAMETER]]`` — the day the value in force began ("1/7/2025").
* Amounts from the calculator, per month unless said: ``[[muc-dong-thap-nhat]]`` (22% of the
  lowest income, 330.000 đồng), ``[[muc-dong-thap-nhat:GROUP]]`` (what a person of the group pays
  at the lowest income after the state's support), ``[[tien-ho-tro:GROUP]]`` (the state's support
  in đồng), ``[[thu-nhap-cao-nhat]]`` (the highest income one may choose),
  ``[[bhyt-nguoi-thu-nhat]]`` (household health insurance of the first member, per year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.model import calculator as calc
from generator.model import formatting as fmt
from generator.model.vocabulary import vocabulary

PLACEHOLDER = re.compile(r"\[\[\s*([^\[\]\n]*?)\s*\]\]")
DERIVED = {
    "muc-dong-thap-nhat": "mức đóng ở mức thu nhập thấp nhất (đồng/tháng; thêm :nhóm để trừ tiền hỗ trợ)",
    "tien-ho-tro": "tiền Nhà nước hỗ trợ mỗi tháng (cần :nhóm)",
    "thu-nhap-cao-nhat": "thu nhập cao nhất được chọn để đóng (đồng/tháng)",
    "bhyt-nguoi-thu-nhat": "mức đóng BHYT hộ gia đình của người thứ nhất (đồng/năm)",
}
ABOUT = {"can-cu": "căn cứ pháp lý", "tu-ngay": "ngày bắt đầu áp dụng"}
NEEDS_GROUP = ("tien-ho-tro",)
# A change this close to the build date is printed beside every figure it changes (and announced).
CHANGE_WINDOW_DAYS = 60


class PlaceholderError(ValueError):
    """A placeholder that names nothing, or has no value on the date (Vietnamese message)."""


@dataclass(frozen=True)
class Placeholder:
    written: str  # "[[ho-tro-nha-nuoc:ho-ngheo]]"
    name: str
    argument: str | None  # a group, or the parameter of can-cu/tu-ngay
    start: int  # offset in the text


def placeholders(text: str) -> Iterator[Placeholder]:
    for match in PLACEHOLDER.finditer(text):
        name, _, argument = match.group(1).partition(":")
        yield Placeholder(match.group(0), name.strip(), argument.strip() or None, match.start())


def problem(placeholder: Placeholder) -> str | None:
    """Why a placeholder names nothing (None when it is known)."""
    parameters = vocabulary()["policy_parameters"]
    groups = vocabulary()["policy_groups"]
    name, argument = placeholder.name, placeholder.argument
    known = (*parameters, *DERIVED, *ABOUT)
    if name not in known:
        from generator.model.diagnostics import did_you_mean

        return (
            f'không có số liệu chính sách "{placeholder.written}".{did_you_mean(name, known)} '
            "Dùng tên tham số (generator/data/vocabulary.yaml, policy_parameters) hoặc: "
            + ", ".join((*DERIVED, *ABOUT))
        )
    if name in ABOUT:
        if argument not in parameters:
            example = f"[[{name}:ho-tro-nha-nuoc]]"
            return f'"{placeholder.written}": sau "{name}:" cần tên tham số chính sách, ví dụ {example}'
        return None
    if (name in calc.GROUP_PARAMETERS or name in NEEDS_GROUP) and argument is None:
        return (
            f'"{placeholder.written}": mức này khác nhau theo nhóm; viết [[{name}:ho-ngheo]] '
            f"(nhóm: {', '.join(groups)})"
        )
    if argument is not None and argument not in groups:
        return f'"{placeholder.written}": nhóm "{argument}" không có trong danh mục ({", ".join(groups)})'
    if argument is not None and name in parameters and name not in calc.GROUP_PARAMETERS:
        return f'"{placeholder.written}": tham số "{name}" không chia theo nhóm; bỏ ":{argument}"'
    if name == "ho-tro-tinh":
        return f'"{placeholder.written}": mức hỗ trợ của tỉnh khác nhau theo tỉnh, không dùng được trong bài'
    return None


def _entry(timeline: Mapping[str, Any], parameter: str, on: dt.date) -> Mapping[str, Any]:
    day = on.isoformat()
    for entry in timeline.get("parameters", {}).get(parameter, []):
        if entry["start"] <= day and (entry["end"] is None or day <= entry["end"]):
            return entry
    raise PlaceholderError(f'chưa có số liệu "{parameter}" áp dụng cho ngày {fmt.day_text(on)}')


def _parameter_text(parameter: str, value: Any) -> str:
    measure = calc.PARAMETERS[parameter][1]
    number = Decimal(str(value))
    if measure == "%":
        return f"{calc.percent(number)}%"
    if measure.startswith("đồng"):
        return fmt.money(float(number))
    return f"{fmt.number(float(number))} {measure}"


def value_of(placeholder: Placeholder, timeline: Mapping[str, Any], on: dt.date) -> str:
    """The figure a placeholder stands for on a date, as it is printed."""
    message = problem(placeholder)
    if message:
        raise PlaceholderError(message)
    name, argument = placeholder.name, placeholder.argument
    try:
        if name == "can-cu":
            return str(_entry(timeline, str(argument), on)["source"])
        if name == "tu-ngay":
            return fmt.day_text(dt.date.fromisoformat(_entry(timeline, str(argument), on)["start"]))
        if name in calc.PARAMETERS:
            value = _entry(timeline, name, on)["value"]
            if isinstance(value, Mapping):  # by group: only a valid record has every group
                if argument not in value:
                    raise PlaceholderError(f'chưa có số liệu "{name}" cho nhóm "{argument}"')
                value = value[argument]
            return _parameter_text(name, value)
        minimum, maximum = calc.income_limits(timeline, on)
        if name == "thu-nhap-cao-nhat":
            return fmt.money(maximum)
        if name == "bhyt-nguoi-thu-nhat":
            return fmt.money(calc.bhyt(timeline, 1, on).total_yearly)
        result = calc.contribution(timeline, minimum, [argument or "khac"], on)
        if name == "tien-ho-tro":
            return fmt.money(result.state_support.amount or 0)
        return fmt.money((result.net if argument else result.gross).amount or 0)
    except calc.CalculationError as exc:
        raise PlaceholderError(str(exc)) from None


def changes_ahead(timeline: Mapping[str, Any], on: dt.date) -> list[dt.date]:
    """The days after ``on``, within ``CHANGE_WINDOW_DAYS``, on which a nationwide value changes."""
    end = on + dt.timedelta(days=CHANGE_WINDOW_DAYS)
    return sorted({c.date for c in calc.changes_between(timeline, on, end) if c.province is None})


def dated_value(placeholder: Placeholder, timeline: Mapping[str, Any], on: dt.date) -> str:
    """The figure with its validity while a change of it is near: "165.000 đồng, đến 31/12/2026;
    từ 1/1/2027: 242.000 đồng". A printed figure must stay true for as long as the paper is read.
    No brackets: the loudspeaker reads the whole of it."""
    now = value_of(placeholder, timeline, on)
    if placeholder.name in ABOUT:
        return now
    later: list[tuple[dt.date, str]] = []
    current = now
    for day in changes_ahead(timeline, on):
        try:
            value = value_of(placeholder, timeline, day)
        except PlaceholderError:
            continue  # no value on that day yet: nothing true to add
        if value != current:
            later.append((day, value))
            current = value
    if not later:
        return now
    last_day = later[0][0] - dt.timedelta(days=1)
    return f"{now}, đến {fmt.day_text(last_day)}" + "".join(
        f"; từ {fmt.day_text(day)}: {value}" for day, value in later
    )


def resolve(text: str, timeline: Mapping[str, Any], on: dt.date) -> str:
    """Every placeholder of a text replaced by its figure on the date, with its validity while a
    change of the figure is within ``CHANGE_WINDOW_DAYS`` days."""
    if "[[" not in text:
        return text
    return PLACEHOLDER.sub(
        lambda match: dated_value(next(placeholders(match.group(0))), timeline, on),
        text,
    )


# ---------------------------------------------------------------- figures typed by hand (warnings)

# Heuristics, on the text without its placeholders; each names what it found so the editor can
# replace it. They look for the three kinds of figure that change with the law:
# 1. a support percentage: "hỗ trợ 30%", "hỗ trợ thêm 10%", or "25% cho hộ cận nghèo" (a share
#    "cho" a group: "99% là đồng bào dân tộc thiểu số" is a statistic, not a support level);
# 2. the contribution rate: "22%" anywhere;
# 3. a contribution amount: a sum in đồng ("165.000 đồng", "1.500.000đ") in a sentence about
#    paying, support or the chosen income ("đóng", "hỗ trợ", "thu nhập").
_GROUP_WORDS = r"hộ nghèo|hộ cận nghèo|cận nghèo|dân tộc thiểu số|người khác|đối tượng khác|người dân tộc"
HANDWRITTEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"(?i)hỗ\s+trợ(?:\s+thêm)?(?:\s+(?:mức|tiền|là|khoảng|đến|tới))?\s+\d{1,3}(?:,\d+)?\s?%"),
        "tỷ lệ hỗ trợ viết tay",
    ),
    (
        re.compile(
            rf"(?i)(?<![\d,.])\d{{1,3}}(?:,\d+)?\s?%[^.;:!?\n\d%]{{0,20}}?(?<!\w)cho\s+"
            rf"[^.;:!?\n\d%]{{0,15}}?(?:{_GROUP_WORDS})"
        ),
        "tỷ lệ hỗ trợ viết tay",
    ),
    (re.compile(r"(?<![\d,.])22\s?%"), "tỷ lệ đóng 22% viết tay"),
)
_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+\s?(?:đồng|đ)(?!\w)")
_ABOUT_PAYING = re.compile(r"(?i)đóng|hỗ\s+trợ|thu\s+nhập")
_SENTENCE = re.compile(r"[^.!?;\n]+(?:[.!?;]+|$)")


def handwritten(text: str) -> list[tuple[str, str]]:
    """(what was found, what it is) for every policy figure typed by hand into a text."""
    plain = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[int, int, str, str]] = []
    for pattern, what in HANDWRITTEN:
        found += [(m.start(), m.end(), m.group(0), what) for m in pattern.finditer(plain)]
    masked = re.sub(r"[.,](?=\d)", "\x00", plain)  # thousands dots do not end a sentence
    for sentence in _SENTENCE.finditer(masked):
        if _ABOUT_PAYING.search(sentence.group(0)):
            for m in _AMOUNT.finditer(plain, sentence.start(), sentence.end()):
                found.append((m.start(), m.end(), m.group(0), "số tiền đóng, hỗ trợ viết tay"))
    kept: list[tuple[int, int, str, str]] = []
    for item in found:  # one warning per figure, however many patterns saw it
        if not any(item[0] < end and start < item[1] for start, end, _, _ in kept):
            kept.append(item)
    return [(snippet, what) for _, _, snippet, what in sorted(kept)]


# ---------------------------------------------------------------- figures a scheduled change makes false


@dataclass(frozen=True)
class Expiring:
    """A figure in force today that a scheduled change replaces, and the placeholder that stays true."""

    printed: str  # "165.000" or "50%"
    placeholders: tuple[str, ...]  # "[[muc-dong-thap-nhat:ho-ngheo]]", and any other printing the same
    last_day: dt.date
    new: str  # "242.000 đồng"


def _candidates() -> Iterator[Placeholder]:
    groups = vocabulary()["policy_groups"]
    names = [n for n in (*vocabulary()["policy_parameters"], *DERIVED) if n != "ho-tro-tinh"]
    for name in names:
        needs = name in calc.GROUP_PARAMETERS or name in NEEDS_GROUP
        arguments: list[str | None] = list(groups) if needs else [None]
        if name == "muc-dong-thap-nhat":
            arguments = [None, *groups]
        for argument in arguments:
            written = f"[[{name}:{argument}]]" if argument else f"[[{name}]]"
            yield Placeholder(written, name, argument, 0)


def expiring(timeline: Mapping[str, Any], on: dt.date) -> list[Expiring]:
    """Every figure a placeholder prints on ``on`` that a later scheduled change makes false."""
    days = sorted({c.date for c in calc.changes_between(timeline, on, on + dt.timedelta(days=3653))})
    found: dict[str, Expiring] = {}
    for placeholder in _candidates():
        try:
            now = value_of(placeholder, timeline, on)
        except PlaceholderError:
            continue
        for day in days:
            try:
                later = value_of(placeholder, timeline, day)
            except PlaceholderError:
                continue
            if later != now:
                printed = now.removesuffix(" đồng")
                if printed in found:
                    same = found[printed]
                    found[printed] = Expiring(
                        printed, (*same.placeholders, placeholder.written), same.last_day, same.new
                    )
                else:
                    found[printed] = Expiring(
                        printed, (placeholder.written,), day - dt.timedelta(days=1), later
                    )
                break
    return list(found.values())


def expiring_in(text: str, figures: list[Expiring]) -> list[tuple[str, Expiring]]:
    """(the words found, the figure) for each expiring figure typed into a text: amounts in đồng
    anywhere, percentages only in a sentence about paying or support ("20% dân số" is a statistic)."""
    if not figures:
        return []
    plain = PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    masked = re.sub(r"[.,](?=\d)", "\x00", plain)
    paying = [s.span() for s in _SENTENCE.finditer(masked) if _ABOUT_PAYING.search(s.group(0))]
    found = []
    for figure in figures:
        percent = figure.printed.endswith("%")
        number = re.escape(figure.printed.removesuffix("%"))
        tail = r"\s?%" if percent else r"(?:\s?(?:đồng|đ)(?!\w))?"
        for m in re.finditer(rf"(?<![\d.,]){number}(?![\d]|[.,]\d){tail}", plain):
            if percent and not any(start <= m.start() < end for start, end in paying):
                continue
            if not percent and "." not in figure.printed:
                continue  # a small number ("15 năm") is too common to be sure it is the figure
            found.append((m.start(), m.group(0), figure))
    return [(words, figure) for _, words, figure in sorted(found, key=lambda f: f[0])]
