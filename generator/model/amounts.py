"""Amounts of money as people write them: "1.500.000", "1500000đ", "2 triệu", "1,5 triệu", "1tr5",
"1500k", "1 triệu 500 nghìn", "1 triệu rưỡi", full-width digits.

Standard library only. ``docs/assets/calculator.js`` (``parseAmount``) is its twin in the browser; both
read the same table of cases, ``tests/fixtures/amounts.json`` (``tests/test_amounts.py``).

Rules, so that a reader can predict the result:

* Unicode NFKC first (full-width digits and letters, no-break spaces), lower case, spaces collapsed;
  a trailing currency (đ, đồng, vnđ, vnd, dong) and "/tháng" are dropped.
* Without a unit word the text is whole đồng: digits, optionally grouped by threes with dots, commas
  or spaces ("1.500.000", "1,500,000", "1 500 000"). "1,5" alone is refused: 1,5 what?
* With units (tỷ, triệu/tr/m, nghìn/ngàn/k), each part is a number and its unit, units falling:
  "1 triệu 500 nghìn". In a number before a unit, a comma or a dot followed by other than three digits
  is a decimal mark ("1,5 triệu", "1.5tr"); a dot before three digits groups thousands ("1.500 nghìn").
* After the last unit, bare digits continue it as people say it: "1tr5" = 1.500.000, "1tr25" =
  1.250.000, "1 nghìn 5" = 1.500; "rưỡi" adds half the unit.
* The result is a whole number of đồng ≥ 0; a fraction of a đồng, a sign, letters that are not units,
  or more than 15 digits are refused.
"""

from __future__ import annotations

import re
import unicodedata

UNITS = {
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "m": 10**6,
    "nghìn": 10**3,
    "nghin": 10**3,
    "ngàn": 10**3,
    "ngan": 10**3,
    "k": 10**3,
}
HALF = ("rưỡi", "ruoi")
LIMIT = 10**15  # above this an amount is no amount anyone pays (and still exact in JavaScript)
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TOKEN = re.compile(rf"\s*(?:([0-9][0-9.,]*)\s*({_UNIT})?|({'|'.join(HALF)}))")
_SUFFIX = re.compile(r"\s*(?:/\s*(?:tháng|thang|th))?\s*$")
_CURRENCY = re.compile(r"\s*(?:vnđ|vnd|đồng|dong|đ)\s*$")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+")
_DECIMAL = re.compile(r"([0-9]+)[.,]([0-9]+)")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only, as in JavaScript (NFKC has made full-width ones ASCII)
_DOT_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


class AmountError(ValueError):
    """Not an amount; ``cause`` is "format" (not a number of đồng) or "too-large"."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


def normalize(text: str) -> str:
    """NFKC, lower case, spaces collapsed, currency and "/tháng" dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    text = _SUFFIX.sub("", text)
    return _CURRENCY.sub("", text).strip()


def parse_amount(text: str) -> int:
    """Whole đồng from what a person typed; :class:`AmountError` when it is no amount."""
    text = normalize(text)
    if not text:
        raise AmountError("format")
    if _GROUPED.fullmatch(text):
        return _checked(int(re.sub(r"[., ]", "", text)), len(re.sub(r"[^0-9]", "", text)))
    return _with_units(text)


def _checked(value: int, digits: int = 0) -> int:
    if digits > 15 or value > LIMIT:
        raise AmountError("too-large")
    return value


def _with_units(text: str) -> int:
    position, total, last_unit, done = 0, 0, 0, False
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position or done:
            raise AmountError("format")
        position = match.end()
        number, unit, half = match.groups()
        if half:  # "1 triệu rưỡi"
            if not last_unit:
                raise AmountError("format")
            total += last_unit // 2
            done = True
        elif unit:
            scale = UNITS[unit]
            if last_unit and scale >= last_unit:
                raise AmountError("format")  # units must fall: "500 nghìn 1 triệu" is no amount
            total += _scaled(number, scale)
            last_unit = scale
        else:  # "1tr5": bare digits continue the last unit
            if not last_unit or not _DIGITS.fullmatch(number) or 10 ** len(number) > last_unit:
                raise AmountError("format")
            total += int(number) * (last_unit // 10 ** len(number))
            done = True
    if not last_unit:
        raise AmountError("format")
    return _checked(total)


def _scaled(number: str, scale: int) -> int:
    """A number before a unit word: "1,5" and "1.5" decimal, "1.500" grouped, "15" whole."""
    if _DIGITS.fullmatch(number):
        whole, fraction = number, ""
    elif _DOT_GROUPED.fullmatch(number):
        whole, fraction = number.replace(".", ""), ""
    elif match := _DECIMAL.fullmatch(number):
        whole, fraction = match[1], match[2].rstrip("0")
    else:
        raise AmountError("format")
    if len(whole.lstrip("0")) > 15:
        raise AmountError("too-large")
    if 10 ** len(fraction) > scale:
        raise AmountError("format")  # a fraction of a đồng
    return int(whole) * scale + (int(fraction) * (scale // 10 ** len(fraction)) if fraction else 0)
