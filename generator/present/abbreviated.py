"""The abbreviations a page uses, written out once at its foot ("BHYT: bảo hiểm y tế").

The site writes "BHYT" where people search "bao hiem y te", and the other way round. The line
at the foot of the page makes both spellings part of the page (the search index reads it, a
reader who does not know an abbreviation learns it), from the table the loudspeaker scripts
use (generator/data/abbreviations.yaml): one table, one meaning of each abbreviation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from html import escape

from generator.speech.spoken import load_abbreviations

_LETTERS = re.compile(r"[A-ZĐ]{2,}[A-ZĐa-z]*")  # BHXH, UBND, VNeID; not "TP." (a place prefix)


@cache
def _table() -> tuple[tuple[str, str, re.Pattern[str], re.Pattern[str]], ...]:
    entries = []
    for short, long in load_abbreviations().items():
        if not _LETTERS.fullmatch(short) or not _initials_of(short, long):
            continue
        entries.append(
            (
                short,
                long,
                re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])"),
                re.compile(rf"(?<!\w){re.escape(long)}(?!\w)", re.IGNORECASE),
            )
        )
    return tuple(entries)


def _initials_of(short: str, long: str) -> bool:
    """Whether the abbreviation is made of the words' first letters ("BHYT", "bảo hiểm y tế"): the
    table also holds how a word is spelt out on the loudspeaker ("VNeID"), which is no meaning."""
    first = "".join(unicodedata.normalize("NFD", word)[0] for word in long.split())
    return len(long.split()) >= 2 and first.casefold() == unicodedata.normalize("NFD", short).casefold()


def used(text: str) -> list[tuple[str, str]]:
    """(abbreviation, its words) for each abbreviation of the table the text uses in either form."""
    return [
        (short, long)
        for short, long, short_form, long_form in _table()
        if short_form.search(text) or long_form.search(text)
    ]


def footnote(text: str) -> str:
    """The HTML line naming the abbreviations of ``text`` with their words; "" when it has none."""
    found = used(text)
    if not found:
        return ""
    items = "; ".join(f"<abbr>{escape(short)}</abbr>: {escape(long)}" for short, long in found)
    return f'\n\n<p class="lt-abbr" data-pagefind-weight="0.5">Chữ viết tắt: {items}.</p>\n'


SEARCHED_LETTERS = 3  # two-letter abbreviations ("TU") would find every word they begin ("tự")


def for_search() -> dict[str, str]:
    """The abbreviations the search page treats as their words and back ("BHYT" ↔ "bảo hiểm y
    tế"): those of three letters or more (the search matches the beginnings of words)."""
    return {short: long for short, long, _, _ in _table() if len(short) >= SEARCHED_LETTERS}
