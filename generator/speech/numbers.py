"""Read integers, decimals and digit strings aloud in Vietnamese.

Small pure functions; `region` picks the Northern ("bac": nghìn, linh) or Southern
("nam": ngàn, lẻ) vocabulary. Both regions use mốt (21), tư (24) and lăm (25).
"""

from __future__ import annotations

from typing import Literal

Region = Literal["bac", "nam"]

DIGITS: tuple[str, ...] = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")

_THOUSAND: dict[str, str] = {"bac": "nghìn", "nam": "ngàn"}
_ZERO_TENS: dict[str, str] = {"bac": "linh", "nam": "lẻ"}
# Units after "mươi" change sound: 21 hai mươi mốt, 24 hai mươi tư, 25 hai mươi lăm.
_AFTER_MUOI: dict[int, str] = {1: "mốt", 4: "tư", 5: "lăm"}
_BILLION = 10**9
# Decimal parts longer than this are read digit by digit (a long number is not helpful).
_MAX_DECIMAL_AS_NUMBER = 3


def thousand_word(region: Region = "bac") -> str:
    """'nghìn' in the North, 'ngàn' in the South."""
    return _THOUSAND[region]


def read_digits(digits: str) -> str:
    """Read a digit string one digit at a time: '0912' -> 'không chín một hai'."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _read_tens_units(tens: int, units: int, region: Region, after_hundreds: bool) -> list[str]:
    if tens == 0:
        if units == 0:
            return []
        return [_ZERO_TENS[region], DIGITS[units]] if after_hundreds else [DIGITS[units]]
    if tens == 1:
        tail = {0: [], 5: ["lăm"]}.get(units, [DIGITS[units]])
        return ["mười", *tail]
    tail = [] if units == 0 else [_AFTER_MUOI.get(units, DIGITS[units])]
    return [DIGITS[tens], "mươi", *tail]


def read_triple(n: int, region: Region = "bac", *, full: bool = False) -> str:
    """Read 0 < n < 1000. `full` (a non-leading group) forces 'không trăm' and 'linh'."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    tens, units = divmod(rest, 10)
    words += _read_tens_units(tens, units, region, after_hundreds=bool(words))
    return " ".join(words)


def _read_below_billion(n: int, region: Region, *, full: bool) -> str:
    """Groups of three; empty groups are skipped, later groups are read in full."""
    scales = ("triệu", thousand_word(region), "")
    groups = (n // 1_000_000, n // 1000 % 1000, n % 1000)
    words: list[str] = []
    for group, scale in zip(groups, scales, strict=True):
        if group == 0:
            continue
        words.append(read_triple(group, region, full=full or bool(words)))
        if scale:
            words.append(scale)
    return " ".join(words)


def read_integer(n: int, region: Region = "bac") -> str:
    """1805 -> 'một nghìn tám trăm linh năm'; 1000083 -> 'một triệu không trăm tám mươi ba'."""
    if n < 0:
        return "âm " + read_integer(-n, region)
    if n == 0:
        return DIGITS[0]
    return _read_integer(n, region, full=False)


def _read_integer(n: int, region: Region, *, full: bool) -> str:
    if n < _BILLION:
        return _read_below_billion(n, region, full=full)
    high, low = divmod(n, _BILLION)
    words = _read_integer(high, region, full=full) + " tỷ"
    if low:
        words += " " + _read_below_billion(low, region, full=True)
    return words


def read_number_string(digits: str, region: Region = "bac") -> str:
    """Read a plain digit string as an integer ('08' -> 'tám')."""
    return read_integer(int(digits), region)


def read_fraction_digits(digits: str, region: Region = "bac") -> str:
    """Digits after the decimal comma: leading zeros are read, the rest as a number."""
    stripped = digits.lstrip("0")
    zeros = [DIGITS[0]] * (len(digits) - len(stripped))
    if not stripped:
        return " ".join(zeros)
    if len(stripped) > _MAX_DECIMAL_AS_NUMBER:
        return " ".join([*zeros, read_digits(stripped)])
    return " ".join([*zeros, read_integer(int(stripped), region)])


def read_grouped(number: str, region: Region = "bac") -> str:
    """Read a written number: '1.805' (thousands dot), '30,26' (decimal comma)."""
    integer_part, _, fraction = number.partition(",")
    value = read_number_string(integer_part.replace(".", ""), region)
    if fraction:
        return f"{value} phẩy {read_fraction_digits(fraction, region)}"
    return value


def read_ordinal(n: int, region: Region = "bac") -> str:
    """After 'thứ': 1 -> 'nhất', 4 -> 'tư', otherwise the cardinal."""
    return {1: "nhất", 4: "tư"}.get(n) or read_integer(n, region)


def read_month(n: int, region: Region = "bac") -> str:
    """Month numbers: 4 -> 'tư' (tháng tư), otherwise the cardinal (tháng một ... mười hai)."""
    return "tư" if n == 4 else read_integer(n, region)


def read_day(n: int, region: Region = "bac") -> str:
    """Day of month: 'mùng' for 1-10 (ngày mùng hai), otherwise the cardinal."""
    word = read_integer(n, region)
    return f"mùng {word}" if 1 <= n <= 10 else word


ROMAN_VALUES: dict[str, int] = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(numeral: str) -> int:
    """Value of a (well-formed) Roman numeral; callers validate the form first."""
    total = 0
    for current, following in zip(numeral, [*numeral[1:], ""], strict=True):
        value = ROMAN_VALUES[current]
        total += -value if following and ROMAN_VALUES[following] > value else value
    return total
