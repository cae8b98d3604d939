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
from typing import NamedTuple

from generator.speech.spoken import load_abbreviations

_LETTERS = re.compile(r"[A-ZĐ]{2,}[A-ZĐa-z]*")  # BHXH, UBND, VNeID; not "TP." (a place prefix)


class _Entry(NamedTuple):
    short: str
    long: str
    short_form: re.Pattern[str]  # searched in the text
    long_folded: str  # the words casefolded ("Bảo hiểm" and "BẢO HIỂM" are "bảo hiểm")
    long_form: re.Pattern[str]  # searched in the casefolded text


@cache
def _table() -> tuple[_Entry, ...]:
    entries = []
    for short, long in load_abbreviations().items():
        if not _LETTERS.fullmatch(short) or not _initials_of(short, long):
            continue
        folded = long.casefold()
        entries.append(
            _Entry(
                short,
                long,
                re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])"),
                folded,
                re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)"),
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
    folded = text.casefold()
    # A plain substring test first: a page holds a few of the table's ~190 entries, and running
    # both patterns of each on every page was most of the site's page-writing time.
    return [
        (entry.short, entry.long)
        for entry in _table()
        if (entry.short in text and entry.short_form.search(text))
        or (entry.long_folded in folded and entry.long_form.search(folded))
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
    return {entry.short: entry.long for entry in _table() if len(entry.short) >= SEARCHED_LETTERS}
