"""Official administrative divisions, a thin cached wrapper over `vietnam-provinces`.

Two lists exist: the current one (from 1/7/2025: 34 provinces, province -> ward) and the
legacy one (63 provinces, province -> district -> ward). Units abolished before the
reorganisation carry legacy codes; everything else carries current codes.

Codes are strings. Their length says the level, because the same number can be a
province and a ward (4 is Tỉnh Cao Bằng and Phường Ba Đình): 1-2 digits is a province,
3 a district (legacy only), 4-5 a ward. Leading zeros are optional on input; returned
codes use the official widths ("01", "527", "04136").

Nothing is imported from the package until a function is called: the legacy tables
alone take about 0.2 s to load, and most builds never need them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

Level = Literal["province", "district", "ward"]

__all__ = [
    "Division",
    "find_current",
    "find_legacy",
    "names_match",
    "names_match_any",
    "search",
    "successors",
]


@dataclass(frozen=True)
class Division:
    code: str  # official width: "51", "527", "21133"
    name: str  # full official name, "Huyện Sơn Tịnh"
    short_name: str  # without the type prefix, "Sơn Tịnh"
    level: Level
    legacy: bool  # True for the pre-2025 (63-province) list
    province_code: str  # enclosing province in the same list (its own code for a province)


_WIDTH: dict[Level, int] = {"province": 2, "district": 3, "ward": 5}
_MAX_RESULTS = 5

# Longest first so "thị xã" wins over "xã"; abbreviations are what editors type.
_PREFIXES = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
    "tp.",
    "tp",
    "tx.",
    "tx",
    "tt.",
    "tt",
)
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p in _PREFIXES) + r")(?:\s+|(?<=\.))")

# Which level a typed prefix points at, to rank search results ("thành phố" is ambiguous).
_PREFIX_LEVEL: dict[str, Level] = {
    "tỉnh": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "tx": "district",
    "tx.": "district",
    "xã": "ward",
    "phường": "ward",
    "thị trấn": "ward",
    "tt": "ward",
    "tt.": "ward",
    "đặc khu": "ward",
}

# Names the legacy list no longer shows but that content written before 2025 uses:
# Thừa Thiên Huế became "Thành phố Huế" on 1/1/2025, just before the legacy snapshot.
_FORMER_NAMES: dict[tuple[bool, Level, str], tuple[str, ...]] = {
    (True, "province", "46"): ("Thừa Thiên Huế",),
}

# Vietnamese tone marks (after NFD). Everything else (circumflex, breve, horn) is a letter.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


# --- normalisation -------------------------------------------------------------------


def _clean(text: str) -> str:
    """NFC, lowercase, uniform spaces, hyphens and apostrophes."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ").replace("–", " ")
    return " ".join(text.split())


def _strip_prefix(cleaned: str) -> tuple[str, str | None]:
    """Drop one leading type word; numbered units keep it ("phường 14" is not "14")."""
    match = _PREFIX_RE.match(cleaned)
    if not match:
        return cleaned, None
    rest = cleaned[match.end() :].strip()
    if not rest or rest.isdigit():
        return cleaned, None
    return rest, match.group(0).strip()


def _tone_key(word: str) -> str:
    """A word with its tone moved to the end, so "hoà" and "hòa" (old/new placement) agree."""
    tones = ""
    letters = []
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES:
            tones += _TONES[char]
        else:
            letters.append(char)
    return unicodedata.normalize("NFC", "".join(letters)) + tones


def _match_key(name: str) -> str:
    """Key for names_match: tones kept (Hòa is not Hóa) but not where they sit."""
    bare, _ = _strip_prefix(_clean(name))
    return " ".join(_tone_key(word) for word in bare.split())


def _fold(name: str) -> str:
    """Accent-insensitive key for search: "Đắk Lắk" -> "dak lak"."""
    decomposed = unicodedata.normalize("NFD", _clean(name).replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _short_name(name: str) -> str:
    match = _PREFIX_RE.match(name.casefold())
    if not match:
        return name
    rest = name[match.end() :].strip()
    return name if not rest or rest.isdigit() else rest


# The prefixes typed without accents ("huyen" -> "huyện"); search only, see _query_variants.
_ASCII_PREFIXES = {_fold(p): p for p in _PREFIXES if not p.isascii()}


# --- tables --------------------------------------------------------------------------


class _Table:
    """Divisions by code; by folded name only when a search needs it (a build checking
    codes never does, and folding ~11,000 names costs more than reading them)."""

    def __init__(self, divisions: list[Division]) -> None:
        self.divisions = divisions
        self.by_code = {(d.level, int(d.code)): d for d in divisions}

    @cached_property
    def by_fold(self) -> dict[str, list[Division]]:  # folded short name -> divisions
        by_fold: dict[str, list[Division]] = {}
        for division in self.divisions:
            former = _FORMER_NAMES.get((division.legacy, division.level, division.code), ())
            for name in {_fold(division.short_name), *(_fold(_short_name(n)) for n in former)}:
                by_fold.setdefault(name, []).append(division)
        return by_fold

    @cached_property
    def folds(self) -> list[str]:  # keys of by_fold, for partial and fuzzy matching
        return list(self.by_fold)


def _division(code: int, name: str, level: Level, legacy: bool, province: int) -> Division:
    return Division(
        code=str(code).zfill(_WIDTH[level]),
        name=name,
        short_name=_short_name(name),
        level=level,
        legacy=legacy,
        province_code=str(province).zfill(_WIDTH["province"]),
    )


def _table(divisions: Iterable[Division]) -> _Table:
    return _Table(list(divisions))


@cache
def _current() -> _Table:
    from vietnam_provinces._lookup import PROVINCE_MAPPING, WARD_MAPPING

    provinces = (_division(c, p.name, "province", False, c) for c, p in PROVINCE_MAPPING.items())
    wards = (_division(c, w.name, "ward", False, int(w.province_code)) for c, w in WARD_MAPPING.items())
    return _table([*provinces, *wards])


@cache
def _legacy() -> _Table:
    from vietnam_provinces.legacy._lookup import DISTRICT_MAPPING, PROVINCE_MAPPING, WARD_MAPPING

    # Ward.province_code is a property doing a dict lookup per call; resolve it once here.
    district_province = {c: int(d.province_code) for c, d in DISTRICT_MAPPING.items()}
    provinces = (_division(c, p.name, "province", True, c) for c, p in PROVINCE_MAPPING.items())
    districts = (
        _division(c, d.name, "district", True, district_province[c]) for c, d in DISTRICT_MAPPING.items()
    )
    wards = (
        _division(c, w.name, "ward", True, district_province[int(w.district_code)])
        for c, w in WARD_MAPPING.items()
    )
    return _table([*provinces, *districts, *wards])


@cache
def _district_successors() -> dict[int, frozenset[int]]:
    """Legacy district code -> current ward codes, from the ward conversion table.

    Grouping the conversion rows by their own district code also covers legacy wards
    the conversion table knows but the legacy list has already dropped.
    """
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

    found: dict[int, set[int]] = {}
    for entry in OLD_TO_NEW.values():
        found.setdefault(entry.old_ward.district_code, set()).update(ref.code for ref in entry.new_wards)
    return {district: frozenset(wards) for district, wards in found.items()}


def _parse(code: str) -> tuple[Level, int] | None:
    code = str(code).strip()  # str(): YAML may hand over an int
    if not code.isascii() or not code.isdigit() or len(code) > 5:
        return None
    width = len(code)
    level: Level = "province" if width <= 2 else "district" if width == 3 else "ward"
    return level, int(code)


# --- public API ----------------------------------------------------------------------


def find_current(code: str) -> Division | None:
    """Province or ward of the current (2025) list, or None."""
    key = _parse(code)
    if key is None or key[0] == "district":  # districts no longer exist
        return None
    return _current().by_code.get(key)


def find_legacy(code: str) -> Division | None:
    """Province, district or ward of the legacy (pre-1/7/2025) list, or None."""
    key = _parse(code)
    return None if key is None else _legacy().by_code.get(key)


def _sorted(divisions: Iterable[Division]) -> list[Division]:
    return sorted(set(divisions), key=lambda d: (_fold(d.short_name), d.name, d.code))


def successors(legacy_code: str) -> list[Division]:
    """Current divisions that took over a legacy province, district or ward.

    A province gives its current province (Tiền Giang gives two: it was split); a
    district or ward gives current wards, sorted by name. Unknown codes, and the few
    legacy wards the official conversion table leaves out, give [].
    """
    key = _parse(legacy_code)
    if key is None:
        return []
    level, number = key
    current = _current().by_code
    if level == "province":
        from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCES

        entry = PROVINCES.get(number)
        refs = [ref.code for ref in entry.new_provinces] if entry else []
        return _sorted(current[("province", c)] for c in refs if ("province", c) in current)
    if level == "district":
        codes: Iterable[int] = _district_successors().get(number, ())
    else:
        from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARDS

        ward_entry = WARDS.get(number)
        codes = [ref.code for ref in ward_entry.new_wards] if ward_entry else []
    return _sorted(current[("ward", c)] for c in codes if ("ward", c) in current)


_Variant = tuple[str, str, int, Level | None]


def _query_variants(name: str) -> list[_Variant]:
    """(folded query, match key, penalty, level the prefix implies) for each reading of `name`.

    A prefix typed without accents is ambiguous ("quan hoa" may be Quan Hóa, not Quận Hoa),
    so both readings are tried and the stripped one is ranked lower.
    """
    cleaned = _clean(name)
    bare, prefix = _strip_prefix(cleaned)
    if prefix is not None:
        return [(_fold(bare), _match_key(bare), 0, _PREFIX_LEVEL.get(prefix))]
    variants: list[_Variant] = [(_fold(cleaned), _match_key(cleaned), 0, None)]
    words = cleaned.split()
    for size in (2, 1):
        head, rest = " ".join(words[:size]), " ".join(words[size:])
        if rest and head in _ASCII_PREFIXES:
            if not rest.isdigit():
                level = _PREFIX_LEVEL.get(_ASCII_PREFIXES[head])
                variants.append((_fold(rest), _match_key(rest), 1, level))
            break
    return variants


def _rank(key: str, query: str) -> int | None:
    """0 same name, 1 starts with the query, 2 contains it as words, 3 anywhere."""
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    if f" {query} " in f" {key} ":
        return 2
    return 3 if query in key else None


def search(name: str, *, legacy: bool, level: str | None = None) -> list[Division]:
    """Divisions whose short name resembles `name` (accents ignored), best first, at most 5.

    Ranking: same name, then names starting with it, then containing it as words, then
    anywhere; close spellings ("Nà Bó" -> "Nà Pó") only when nothing else matched. Ties
    go to the exact accents, then to the level a typed prefix implies ("huyện Sơn Tịnh"),
    then to larger units.
    """
    if level is not None and level not in _WIDTH:
        raise ValueError(f"unknown level {level!r}; use province, district or ward")
    table = _legacy() if legacy else _current()
    variants = [v for v in _query_variants(name) if v[0]]

    # folded key -> (rank, penalty, match key, level), the best over all readings
    best: dict[str, tuple[int, int, str, Level | None]] = {}
    for query, match_key, penalty, wanted in variants:
        for key in table.folds:
            rank = _rank(key, query)
            if rank is not None and (key not in best or (rank, penalty) < best[key][:2]):
                best[key] = (rank, penalty, match_key, wanted)
    if not best:
        import difflib  # only for typos; keeps the module import light

        for query, match_key, penalty, wanted in variants:
            close = difflib.get_close_matches(query, table.folds, n=_MAX_RESULTS * 2, cutoff=0.75)
            for i, key in enumerate(close):
                best.setdefault(key, (4 + i, penalty, match_key, wanted))

    order = {"province": 0, "district": 1, "ward": 2}
    scored: list[tuple[tuple[int, int, int, int, int, str, str], Division]] = []
    for key, (rank, penalty, match_key, wanted) in best.items():
        for division in table.by_fold[key]:
            if level is not None and division.level != level:
                continue
            sort_key = (
                rank,
                penalty,
                int(_match_key(division.short_name) != match_key),  # "Hòa" before "Hóa"
                int(wanted is not None and division.level != wanted),
                order[division.level],
                key,
                division.code,
            )
            scored.append((sort_key, division))
    scored.sort(key=lambda item: item[0])
    return [division for _, division in scored[:_MAX_RESULTS]]


def names_match(unit_name: str, division: Division) -> bool:
    """Loose equality: NFC, case, type prefixes and tone placement (hoà/hòa) are ignored."""
    key = _match_key(unit_name)
    if not key:
        return False
    former = _FORMER_NAMES.get((division.legacy, division.level, division.code), ())
    known = (division.name, *former)
    return any(key == _match_key(name) for name in known)


def names_match_any(names: Iterable[str], division: Division) -> bool:
    """True if the unit's name or one of its aliases matches (aliases: "Nà Bó" for "Nà Pó")."""
    return any(names_match(name, division) for name in names)
