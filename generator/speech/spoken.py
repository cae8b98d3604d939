"""Turn a written Vietnamese script into its spoken form for loudspeakers.

Contract: /work/shared/spec/speech.md. Numbers, dates, clock times, phone numbers,
document numbers, Roman numerals and abbreviations are written out as words so a
reader (or a speech engine) can read the script without guessing. The result contains
no digits; ordinary words keep their casing and punctuation. Already-spoken text is
left unchanged, so the function is safe to run twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from generator.speech.numbers import (
    Region,
    read_day,
    read_digits,
    read_fraction_digits,
    read_grouped,
    read_integer,
    read_month,
    read_number_string,
    read_ordinal,
    roman_to_int,
)

__all__ = ["Region", "SpokenText", "count_syllables", "load_abbreviations", "to_spoken"]

DEFAULT_TABLE = Path(__file__).resolve().parent.parent / "data" / "abbreviations.yaml"


@dataclass(frozen=True)
class SpokenText:
    """The spoken form and the problems an editor should fix (in Vietnamese)."""

    text: str
    warnings: tuple[str, ...]


# ---------------------------------------------------------------------------
# Abbreviation table


def _read_table(path: Path) -> dict[str, str]:
    # BaseLoader keeps every scalar a string: "NO" or "ON" must not become booleans.
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.BaseLoader)
    if data is None or data == "":
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in data.items()
    ):
        raise ValueError(
            f"Bảng chữ viết tắt {path} không đúng dạng: mỗi dòng phải là 'CHỮ VIẾT TẮT: cách đọc'."
        )
    return {key.strip(): value.strip() for key, value in data.items() if key.strip()}


@lru_cache(maxsize=1)
def _default_table() -> tuple[tuple[str, str], ...]:
    return tuple(_read_table(DEFAULT_TABLE).items())


def load_abbreviations(extra: Path | None = None) -> dict[str, str]:
    """The default table merged with an optional team file (team entries win)."""
    table = dict(_default_table())
    if extra is not None:
        table.update(_read_table(Path(extra)))
    return table


# ---------------------------------------------------------------------------
# Shared state of one conversion

LETTER_NAMES: dict[str, str] = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e-lờ", "M": "em-mờ", "N": "en-nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e-rờ", "S": "ét-xì", "T": "tê", "U": "u",
    "V": "vê", "W": "vê kép", "X": "ích-xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip


def spell_letters(abbreviation: str) -> str:
    """'XYZ' -> 'ích-xì i dài dét' (Vietnamese letter names)."""
    return " ".join(LETTER_NAMES.get(letter, letter.lower()) for letter in abbreviation)


@dataclass
class _Context:
    region: Region
    table: Mapping[str, str]
    friendly_times: bool
    warnings: list[str] = field(default_factory=list)

    def spell(self, abbreviation: str) -> str:
        message = f"chữ viết tắt chưa có trong bảng: {abbreviation} (đọc từng chữ cái)"
        if message not in self.warnings:
            self.warnings.append(message)
        return spell_letters(abbreviation)

    def expand(self, abbreviation: str) -> str:
        known = self.table.get(abbreviation)
        return known if known is not None else self.spell(abbreviation)

    def number(self, written: str) -> str:
        """A written number: thousands dot, decimal comma, or a stray dot ('2.1' chấm)."""
        if "," in written or _THOUSANDS.fullmatch(written):
            return read_grouped(written, self.region)
        if "." in written:
            whole, _, rest = written.partition(".")
            spoken = read_fraction_digits(rest, self.region)
            return f"{read_number_string(whole, self.region)} chấm {spoken}"
        return read_number_string(written, self.region)


Replacer = Callable[[re.Match[str]], str | None]


def _sub(pattern: re.Pattern[str], text: str, replace: Replacer) -> str:
    """re.sub that keeps the written form when `replace` returns None."""

    def wrapper(match: re.Match[str]) -> str:
        spoken = replace(match)
        return match.group(0) if spoken is None else spoken

    return pattern.sub(wrapper, text)


def _pad(match: re.Match[str], spoken: str) -> str:
    """Keep words apart when a number was glued to letters ('1A', 'x2')."""
    text, start, end = match.string, match.start(), match.end()
    before = " " if start > 0 and text[start - 1].isalpha() else ""
    after = " " if end < len(text) and text[end].isalpha() else ""
    return f"{before}{spoken}{after}"


# ---------------------------------------------------------------------------
# Patterns

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
# Thousands with dots (1.805), then a stray dot (2.1), then plain/decimal comma (30,26).
_NUM = r"(?:\d{1,3}(?:\.\d{3})+(?!\d)(?:,\d+)?|\d+\.\d+|\d+(?:,\d+)?)"
_NUM_END = r"(?![\d/]|[.,]\d)"
_YEAR = r"(?:1[89]|2\d)\d{2}"
_CODE = r"[A-ZĐ][A-ZĐa-z]+\d*"

DOCUMENT_TYPES: frozenset[str] = frozenset(
    {"QĐ", "CT", "NQ", "NĐ", "TT", "TTLT", "KH", "TB", "BC", "HD", "CV", "TTr", "CĐ", "KL", "ĐA"}
)

# Words that name a kind of document: "Nghị định 159/2025/NĐ-CP" already says what it is, so the
# reading goes on with the number and the issuer instead of repeating "nghị định".
DOCUMENT_WORDS = (
    "bộ luật", "luật", "pháp lệnh", "nghị định", "nghị quyết", "quyết định", "thông tư liên tịch",
    "thông tư", "chỉ thị", "công văn", "công điện", "kế hoạch", "thông báo", "hướng dẫn", "kết luận",
    "báo cáo", "tờ trình", "đề án", "văn bản",
)  # fmt: skip
# ... possibly with its name between ("Luật Bảo hiểm xã hội 41/2024/QH15"), within the clause.
_DOCUMENT_WORD_BEFORE = re.compile(rf"(?i)(?<!\w)(?:{'|'.join(DOCUMENT_WORDS)})(?:\s+[^\W\d_]+){{0,6}}\s+$")
_DOCUMENT = re.compile(
    rf"(?<![\w/.,])(?P<pre>[Ss]ố\s+)?(?P<num>\d{{1,5}})(?:/(?P<year>{_YEAR}))?[/-]"
    rf"(?P<codes>{_CODE}(?:[-/]{_CODE})*)(?!\w)"
)
_NUMBER_OF_YEAR = re.compile(
    rf"(?<!\w)(?:(?P<pre>[Ss]ố\s+)|(?P<word>(?i:{'|'.join(DOCUMENT_WORDS)})|{'|'.join(sorted(DOCUMENT_TYPES))})\s+)"
    rf"(?P<num>\d{{1,5}})/(?P<year>{_YEAR}){_NUM_END}"
)
_ISSUER_WITH_TERM = re.compile(r"(?P<code>\D+?)(?P<term>\d+)")

_PHONE = re.compile(r"(?<![\w.,])(?:\(?0\d{1,3}\)?(?:[ .]?\d{2,4}){1,4}|1[89]00(?:[ .]?\d{2,4}){1,3})(?!\w)")

_ROMAN_CONTEXT = "khu vực|đại hội|lần thứ|thứ|khóa|khoá|phần|chương|quý|giai đoạn|thế kỷ|mục|đợt|kỳ|tập"
_ROMAN = re.compile(
    rf"(?<!\w)(?P<ctx>(?i:{_ROMAN_CONTEXT}))(?P<sp>\s+)(?P<num>[IVX]+|[1-4](?=\s*/))(?!\w)"
    rf"(?:\s*/\s*(?P<year>{_YEAR})(?!\d))?"
)
# Only I, V and X (1-39): letters such as C, D, M in "CD", "DI", "MC" stay abbreviations.
_VALID_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")

_CLOCK = (
    r"(?P<h{n}>\d{{1,2}})(?:h(?P<a{n}>\d{{2}})?|g(?P<b{n}>\d{{2}})|:(?P<c{n}>\d{{2}}))"
    r"(?:phút|ph|p|')?"
)
_TIME = re.compile(
    rf"(?<![\w.,:/]){_CLOCK.format(n=1)}(?:[ \t]*[-–][ \t]*{_CLOCK.format(n=2)})?(?![\w:]|[.,]\d)"
)
_DAY_PERIOD = re.compile(r"\s+(?:sáng|trưa|chiều|tối|đêm)(?!\w)")

_DATE_CONTEXT = r"[Nn]gày|[Hh]ôm|[Tt]ừ|[Đđ]ến|[Tt]ới|[Ss]áng|[Tt]rưa|[Cc]hiều|[Tt]ối|[Đđ]êm"
_DATE_HEAD = (
    rf"(?<![\w.,/])(?:(?P<word>{_DATE_CONTEXT})\s+)?(?:(?P<mung>[Mm][ùồ]ng)\s+)?"
    r"(?P<d>\d{1,2})(?:[ \t]*[-–][ \t]*(?P<d2>\d{1,2}))?"
)
_FULL_DATE = re.compile(rf"{_DATE_HEAD}(?P<sep>[/.-])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}}){_NUM_END}")
_DAY_MONTH = re.compile(rf"{_DATE_HEAD}/(?P<m>\d{{1,2}}){_NUM_END}")
_MONTH_YEAR = re.compile(
    rf"(?<![\w.,/])(?:(?P<word>[Tt]háng)\s+)?(?P<m>\d{{1,2}})(?:[ \t]*[-–][ \t]*(?P<m2>\d{{1,2}}))?"
    rf"/(?P<y>{_YEAR}){_NUM_END}"
)
_MONTH = re.compile(
    rf"(?<!\w)(?P<word>[Tt]háng)(?P<sp>\s+)(?P<m>\d{{1,2}})(?:[ \t]*[-–][ \t]*(?P<m2>\d{{1,2}}))?"
    rf"(?!\w){_NUM_END}"
)
_DAY = re.compile(
    r"(?<!\w)(?P<word>[Nn]gày)(?P<sp>\s+)(?P<d>\d{1,2})(?:[ \t]*[-–][ \t]*(?P<d2>\d{1,2}))?"
    r"(?=\s+(?:tháng|hằng|hàng)(?!\w))"
)

# "2 lần/tuần": a slash before one of these words, after a number, reads "mỗi".
RATE_UNITS: frozenset[str] = frozenset(
    {"ngày", "tuần", "tháng", "quý", "năm", "người", "hộ", "lượt", "buổi", "lần", "giờ",
     "phút", "giây", "ca", "kỳ", "đợt", "suất", "thẻ", "hồ sơ"}
)  # fmt: skip
_LETTER_SLASH = re.compile(r"(?<=[^\W\d_]|%)[ \t]*/[ \t]*(?=(?P<next>[^\W\d_]+))")
_CLAUSE_BREAK = re.compile(r"[;:!?\n]|[.,](?!\d)")
_COUNT = re.compile(rf"(?<![\w.,/])(?P<a>{_NUM})[ \t]*/[ \t]*(?P<b>{_NUM})(?![\w/]|[.,]\d)")
_ORDINAL = re.compile(r"(?<!\w)(?P<word>[Tt]hứ)(?P<sp>\s+)(?P<n>\d{1,3})(?!\w)" + _NUM_END)

UNITS: dict[str, str] = {
    "km/h": "ki-lô-mét trên giờ", "km²": "ki-lô-mét vuông", "km2": "ki-lô-mét vuông",
    "km": "ki-lô-mét", "m²": "mét vuông", "m2": "mét vuông", "m³": "mét khối",
    "m3": "mét khối", "ha": "héc-ta", "kg": "ki-lô-gam", "cm": "xăng-ti-mét", "%": "phần trăm",
    "đ": "đồng", "tr.": "triệu", "tr": "triệu",
}  # fmt: skip
_UNIT = "|".join(
    r"tr\.(?=[ \t]+đ)" if unit == "tr." else re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True)
)
_NUMBER = re.compile(
    rf"(?<![\d.,])(?P<a>{_NUM})(?:[ \t]*[-–][ \t]*(?P<b>{_NUM}))?"
    rf"(?:[ \t]?(?P<unit>{_UNIT})(?!\w))?"
)
_DIGITS = re.compile(r"\d+")
_CAPITALS = re.compile(r"(?<!\w)[A-ZĐ]{2,}(?!\w)")
_SYLLABLE = re.compile(
    r"(?:NGH|NG|NH|CH|GH|GI|KH|PH|QU|TH|TR|[BCDĐGHKLMNPRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?"
)
_WORD = re.compile(r"[^\W\d_]+")


# Web addresses: "baohiemxahoi.gov.vn" → "baohiemxahoi chấm gờ o vê chấm vê en", as announcers read
# them; the team can set a whole phrase for an address in its abbreviation table.
WEB_LABELS: dict[str, str] = {
    "www": "vê kép vê kép vê kép", "vn": "vê en", "gov": "gờ o vê", "com": "com", "org": "o rờ gờ",
    "net": "nét", "edu": "e đu", "info": "in phô", "http": "", "https": "",
}  # fmt: skip
_TLDS = "vn|com|org|net|gov|edu|info|io"
_WEB = re.compile(
    rf"(?<![\w@./-])(?P<scheme>https?://)?(?P<host>(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS}))"
    r"(?P<path>/[\w\-./%?=&#~]*[\w/])?(?![\w@-])",
    re.IGNORECASE,
)


_LEFT_OUT = "\x00web\x00"
_WEB_LEAD = re.compile(
    r"(?i)(?:[ \t]*,)?(?:[ \t]*(?<!\w)(?:xem|tại|ở|trên|qua|vào|truy\s+cập|tra\s+cứu|trang|web|website"
    r"|trang\s+web|trang\s+tin|cổng|cổng\s+thông\s+tin|điện\s+tử|địa\s+chỉ|hoặc)(?!\w))*[ \t]*\x00web\x00"
)
# An aside in brackets is for the eye ("(chín mươi phẩy sáu phần trăm)", "(tra cứu tại …)"):
# read aloud it breaks the sentence ("(90,6%)" too). Brackets around digits only are an area code,
# kept: "(0234) 3822 111".
_ASIDE = re.compile(r"[ \t]*\((?![\d \t.]*\))[^()]*\)")
# "(cũ)", "(mới)" name which of two places is meant ("Sơn Tịnh (cũ)", the former district, beside
# today's commune Sơn Tịnh): part of the name, said without the brackets.
_NAME_MARK = re.compile(r"\((cũ|mới)\)")
# "15 năm 5 tháng": read "mười lăm năm và năm tháng", or the listener hears "năm năm".
_YEARS_MONTHS = re.compile(r"(?<![\w.,])(\d+)(\s+năm)\s+(\d+)(\s+tháng)(?!\w)")
# Not after an initial ("Chị G. chia sẻ") or inside an abbreviation ("v.v.").
_SENTENCE_START = re.compile(r"((?<!(?<!\w)\w)(?<!\w\.\w)[.!?…][ \t]+|[.!?][”\"][ \t]+)([a-zđà-ỹ])")


# ---------------------------------------------------------------------------
# Passes, in the order they run: each handles one written form.


def _asides(text: str, _ctx: _Context) -> str:
    """Leave out asides in brackets, and the space before them; "(cũ)" is said as "cũ"."""
    text = _NAME_MARK.sub(r"\1", text)
    while True:
        shorter = _ASIDE.sub("", text)
        if shorter == text:
            return text
        text = shorter


def _years_and_months(text: str, _ctx: _Context) -> str:
    return _YEARS_MONTHS.sub(r"\1\2 và \3\4", text)


def _sentence_case(text: str, _ctx: _Context) -> str:
    """A sentence after a full stop starts with a capital ("… đồng. còn lại" → "Còn lại"); the start
    of the text is left as written (a fragment may be spoken on its own)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _web_addresses(text: str, ctx: _Context) -> str:
    def label(part: str) -> str:
        lower = part.lower()
        if lower in WEB_LABELS:
            return WEB_LABELS[lower]
        if any(char.isdigit() for char in part):
            return " ".join(
                read_digits(piece) if piece.isdigit() else piece for piece in re.findall(r"\d+|\D+", part)
            )
        return part

    def replace(match: re.Match[str]) -> str:
        host, path = match["host"], (match["path"] or "").rstrip("/")
        for key in (match.group(0), f"{host}{path}", host):
            if key in ctx.table:  # the team's own phrase for this address
                return ctx.table[key]
        if re.search(r"(?i)ứng\s+dụng\s+$", match.string[: match.start()]):
            return label(host.split(".")[0])  # "ứng dụng vssid.vn": the app's name
        return _LEFT_OUT

    original = text
    text = _sub(_WEB, text, replace)
    if _LEFT_OUT not in text:
        return text
    # A listener cannot write an address down: it is left out with the words that lead to it
    # ("xem tại …"); the bulletin gives the phone number instead.
    text = _WEB_LEAD.sub("", text)
    text = re.sub(rf"{_LEFT_OUT}[ \t]*(?:,[ \t]*)?(?:hoặc[ \t]+)?", "", text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text)).strip()
    text = re.sub(r"(^|[.!?])(?:[ \t]*[.,;:])+", r"\1", text).strip()  # a sentence that was only the address
    text = re.sub(r"(?i)(^|[.!?][ \t]+)(?:hoặc|,)[ \t]+", r"\1", text)  # "Xem tại … hoặc gọi" → "gọi"
    return text[:1].upper() + text[1:] if original[:1].isupper() else text


def _documents(text: str, ctx: _Context) -> str:
    def issuer(code: str) -> str:
        term = _ISSUER_WITH_TERM.fullmatch(code)  # QH15: Quốc hội khóa mười lăm
        if term:
            return f"{ctx.expand(term['code'])} khóa {read_integer(int(term['term']), ctx.region)}"
        return ctx.expand(code)

    def replace(match: re.Match[str]) -> str | None:
        codes = re.split(r"[-/]", match["codes"])
        if sum(char.isupper() for char in codes[0]) < 2:
            return None
        head = (match["pre"] or "số ") + read_number_string(match["num"], ctx.region)
        if match["year"]:
            head += f" năm {read_integer(int(match['year']), ctx.region)}"
        typed = codes[0] in DOCUMENT_TYPES
        if typed:
            kind, issuers = ctx.expand(codes[0]), codes[1:]
        else:  # "123/UBND-VX": issuer then its department, which listeners do not need
            kind, issuers = "văn bản", codes[:1]
        by = f" của {' và '.join(issuer(code) for code in issuers)}" if issuers else ""
        if _DOCUMENT_WORD_BEFORE.search(match.string, 0, match.start()):
            return f"{head}{by}"  # "Nghị định số một trăm năm mươi chín năm … của Chính phủ"
        if typed:
            return f"{kind} {head}{by}"
        return f"{head}, {kind}{by}"

    def number_of_year(match: re.Match[str]) -> str:
        number = read_number_string(match["num"], ctx.region)
        lead = match["pre"] or f"{match['word']} số "
        return f"{lead}{number} năm {read_integer(int(match['year']), ctx.region)}"

    text = _sub(_DOCUMENT, text, replace)
    return _sub(_NUMBER_OF_YEAR, text, number_of_year)


def _phone_length_ok(digits: str) -> bool:
    if digits.startswith("0"):
        return 10 <= len(digits) <= 11
    return len(digits) in (8, 10)  # 1800/1900 hotlines


def _phones(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str | None:
        written = match.group(0)
        if written.startswith("1") and re.search(r"năm\s+$", match.string[: match.start()]):
            return None  # "năm 1900 ..." is a year
        groups = list(_DIGITS.finditer(written))
        for count in range(len(groups), 0, -1):  # longest prefix that is a phone number
            if _phone_length_ok("".join(group.group(0) for group in groups[:count])):
                spoken = ", ".join(read_digits(group.group(0)) for group in groups[:count])
                return spoken + written[groups[count - 1].end() :]
        return None

    return _sub(_PHONE, text, replace)


@lru_cache(maxsize=16)
def _abbreviation_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    # Longest first so "COVID-19" wins over "COVID" and "TP.HCM" over "TP.".
    parts = [re.escape(key) + ("" if key.endswith(".") else r"(?!\w)") for key in keys]
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})")


def _known_abbreviations(text: str, ctx: _Context) -> str:
    keys = tuple(sorted((key for key in ctx.table if key), key=lambda key: (-len(key), key)))
    pattern = _abbreviation_pattern(keys)
    if pattern is None:
        return text
    return _sub(pattern, text, lambda match: ctx.table[match.group(0)])


def _roman(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str | None:
        written = match["num"]
        if written.isdigit():
            value = int(written)
        elif _VALID_ROMAN.fullmatch(written):
            value = roman_to_int(written)
        else:
            return None
        is_ordinal = match["ctx"].lower().endswith("thứ")
        number = read_ordinal(value, ctx.region) if is_ordinal else read_integer(value, ctx.region)
        spoken = f"{match['ctx']}{match['sp']}{number}"
        if match["year"]:
            spoken += f" năm {read_integer(int(match['year']), ctx.region)}"
        return spoken

    return _sub(_ROMAN, text, replace)


def _clock_parts(match: re.Match[str], n: int) -> tuple[int, int] | None:
    hour = int(match[f"h{n}"])
    minute = int(match[f"a{n}"] or match[f"b{n}"] or match[f"c{n}"] or 0)
    return (hour, minute) if hour <= 24 and minute <= 59 else None


def _day_period(hour: int) -> str:
    if hour in (0, 22, 23, 24):
        return "đêm"
    if hour <= 10:
        return "sáng"
    if hour <= 12:
        return "trưa"
    return "chiều" if hour <= 17 else "tối"


def _read_clock(hour: int, minute: int, ctx: _Context, *, add_period: bool) -> str:
    if not ctx.friendly_times:
        spoken = f"{read_integer(hour, ctx.region)} giờ"
        return spoken + (f" {read_integer(minute, ctx.region)} phút" if minute else "")
    spoken = f"{read_integer(hour % 12 or 12, ctx.region)} giờ"
    if minute == 30:
        spoken += " rưỡi"
    elif minute:
        spoken += f" {read_integer(minute, ctx.region)} phút"
    return f"{spoken} {_day_period(hour)}" if add_period else spoken


def _times(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str | None:
        first = _clock_parts(match, 1)
        second = _clock_parts(match, 2) if match["h2"] else None
        if first is None or (match["h2"] and second is None):
            return None
        has_period = bool(_DAY_PERIOD.match(match.string, match.end()))
        if second is None:
            return _read_clock(*first, ctx, add_period=not has_period)
        start = _read_clock(*first, ctx, add_period=True)
        return f"{start} đến {_read_clock(*second, ctx, add_period=not has_period)}"

    return _sub(_TIME, text, replace)


def _valid_days(match: re.Match[str]) -> bool:
    day, until = int(match["d"]), int(match["d2"] or 0)
    return 1 <= day <= 31 and (not until or day < until <= 31) and 1 <= int(match["m"]) <= 12


def _day_phrase(match: re.Match[str], ctx: _Context) -> str:
    """'ngày mùng hai' / 'từ ngày mùng một đến mùng năm' with the context word kept."""
    word, mung = match["word"], match["mung"]
    lead = f"{word} " if word else ""
    if not mung and (not word or word.lower() not in ("ngày", "hôm")):
        lead += "ngày "
    day = int(match["d"])
    spoken = f"{mung} {read_integer(day, ctx.region)}" if mung else read_day(day, ctx.region)
    if match["d2"]:
        spoken += f" đến {read_day(int(match['d2']), ctx.region)}"
    return lead + spoken


def _dates(text: str, ctx: _Context) -> str:
    def full_date(match: re.Match[str]) -> str | None:
        if not _valid_days(match) or (match["d2"] and match["sep"] == "-"):
            return None
        month = read_month(int(match["m"]), ctx.region)
        year = read_integer(int(match["y"]), ctx.region)
        return f"{_day_phrase(match, ctx)} tháng {month} năm {year}"

    def day_month(match: re.Match[str]) -> str | None:
        if not (match["word"] or match["mung"]) or not _valid_days(match):
            return None  # "1/3" alone is a count, not the first of March
        return f"{_day_phrase(match, ctx)} tháng {read_month(int(match['m']), ctx.region)}"

    text = _sub(_FULL_DATE, text, full_date)
    text = _sub(_DAY_MONTH, text, day_month)
    text = _sub(_MONTH_YEAR, text, lambda match: _month_phrase(match, ctx, with_year=True))
    text = _sub(_MONTH, text, lambda match: _month_phrase(match, ctx, with_year=False))
    return _sub(_DAY, text, lambda match: _day_only(match, ctx))


def _month_phrase(match: re.Match[str], ctx: _Context, *, with_year: bool) -> str | None:
    month, until = int(match["m"]), int(match["m2"] or 0)
    if not 1 <= month <= 12 or (until and not month < until <= 12):
        return None
    before = match.string[max(0, match.start() - 8) : match.start()]
    if with_year and re.search(r"[Ss]ố\s+$", before):
        return None  # "số 5/2025" is a document number, handled earlier
    word = match["word"] or "tháng"
    spoken = f"{word}{match.groupdict().get('sp') or ' '}{read_month(month, ctx.region)}"
    if until:
        spoken += f" đến tháng {read_month(until, ctx.region)}"
    if with_year:
        spoken += f" năm {read_integer(int(match['y']), ctx.region)}"
    return spoken


def _day_only(match: re.Match[str], ctx: _Context) -> str | None:
    day, until = int(match["d"]), int(match["d2"] or 0)
    if not 1 <= day <= 31 or (until and not day < until <= 31):
        return None
    spoken = f"{match['word']}{match['sp']}{read_day(day, ctx.region)}"
    return spoken + (f" đến {read_day(until, ctx.region)}" if until else "")


def _number_before(text: str, start: int) -> bool:
    """Is there a number earlier in the same clause ('2 lần/tuần', '500.000 đ/tháng')?"""
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60) : start])[-1]
    return any(char.isdigit() for char in clause)


def _rates(text: str, _ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str | None:
        unit = match["next"].lower()
        if unit in RATE_UNITS and _number_before(match.string, match.start()):
            return " mỗi "
        return None

    return _sub(_LETTER_SLASH, text, replace)


def _counts(text: str, ctx: _Context) -> str:
    return _sub(_COUNT, text, lambda m: f"{ctx.number(m['a'])} trên {ctx.number(m['b'])}")


def _ordinals(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str:
        return f"{match['word']}{match['sp']}{read_ordinal(int(match['n']), ctx.region)}"

    return _sub(_ORDINAL, text, replace)


def _numbers(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str:
        spoken = ctx.number(match["a"])
        if match["b"]:
            spoken += f" đến {ctx.number(match['b'])}"
        if match["unit"]:
            spoken += " " + UNITS[match["unit"]]
        return _pad(match, spoken)

    text = _sub(_NUMBER, text, replace)
    # Anything left (digits glued to letters such as "H5N1") is read as plain integers.
    return _sub(_DIGITS, text, lambda m: _pad(m, read_integer(int(m.group(0)), ctx.region)))


def _heading_word(text: str, start: int, end: int) -> bool:
    """An all-caps heading ('THAM GIA BHXH TỰ NGUYỆN') keeps its Vietnamese words."""
    if not _SYLLABLE.fullmatch(text[start:end]):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    capitals = [word for word in _WORD.findall(line) if word.isupper() and len(word) > 1]
    accented = any(not char.isascii() and char != "Đ" for word in capitals for char in word)
    return len(capitals) >= 2 and accented


def _unknown_abbreviations(text: str, ctx: _Context) -> str:
    def replace(match: re.Match[str]) -> str | None:
        if _heading_word(match.string, match.start(), match.end()):
            return None
        return ctx.expand(match.group(0))

    return _sub(_CAPITALS, text, replace)


def _word_slashes(text: str, _ctx: _Context) -> str:
    """'xã/phường' -> 'xã, phường' (a pause); 'và/hoặc' -> 'và hoặc'."""
    text = re.sub(r"(?<!\w)và\s*/\s*hoặc(?!\w)", "và hoặc", text)
    return _sub(_LETTER_SLASH, text, lambda match: ", ")


def _increases(text: str, _ctx: _Context) -> str:
    """'+903 người' -> 'tăng 903 người': a change, as the figures write it (phones come first)."""
    return re.sub(r"(?<![\w+])\+(?!84[\s.]?\d)(?=\d)", "tăng ", text)  # +84: a phone


def _symbols(text: str, _ctx: _Context) -> str:
    text = re.sub(r"(?<=\S)%", " phần trăm", text)
    text = text.replace("%", "phần trăm")
    return re.sub(r"(?<=\s)&(?=\s)", "và", text)


_PASSES: tuple[Callable[[str, _Context], str], ...] = (
    _asides,
    _web_addresses,
    _years_and_months,
    _documents,
    _phones,
    _increases,
    _known_abbreviations,
    _roman,
    _times,
    _dates,
    _rates,
    _counts,
    _ordinals,
    _numbers,
    _unknown_abbreviations,
    _word_slashes,
    _symbols,
    _sentence_case,
)


@lru_cache(maxsize=1)
def _default_mapping() -> Mapping[str, str]:
    return dict(_default_table())


def to_spoken(
    text: str,
    *,
    region: Region = "bac",
    abbreviations: Mapping[str, str] | None = None,
    friendly_times: bool = False,
) -> SpokenText:
    """Write out every number, date, time and abbreviation of `text` as spoken words.

    `abbreviations` replaces the default table (use `load_abbreviations(extra)` to merge);
    `friendly_times` reads "17h30" as "năm giờ rưỡi chiều" instead of "mười bảy giờ ba mươi phút".
    """
    table = _default_mapping() if abbreviations is None else abbreviations
    ctx = _Context(region=region, table=table, friendly_times=friendly_times)
    for spoken_pass in _PASSES:
        text = spoken_pass(text, ctx)
    return SpokenText(text=text, warnings=tuple(ctx.warnings))


def count_syllables(text: str) -> int:
    """Syllables (tiếng): space-separated tokens with a letter; 'e-lờ' counts two."""
    return sum(
        1 for token in text.split() for part in token.split("-") if any(char.isalpha() for char in part)
    )
