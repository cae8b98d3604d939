"""The abbreviations a page uses, written out at its foot: search finds either spelling."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.present import abbreviated


def test_both_spellings_name_the_abbreviation() -> None:
    assert ("BHYT", "bảo hiểm y tế") in abbreviated.used("Thẻ BHYT hộ gia đình")
    assert ("BHYT", "bảo hiểm y tế") in abbreviated.used("Mua Bảo hiểm y tế cho cả nhà")
    assert ("BHXH", "bảo hiểm xã hội") in abbreviated.used("Đóng BHXH tự nguyện")


def test_a_spelling_out_for_the_loudspeaker_is_no_meaning() -> None:
    """The table also says how "VNeID" is read aloud: that is not what it stands for."""
    assert all(short != "VNeID" for short, _ in abbreviated.used("Cài VNeID"))


def test_only_whole_words() -> None:
    assert abbreviated.used("BHYTX, xBHXH, bhyt-ho-gia-dinh") == []


def test_footnote_is_one_escaped_line_or_nothing() -> None:
    assert abbreviated.footnote("Không có chữ viết tắt nào") == ""
    note = abbreviated.footnote("BHYT và BHXH")
    assert note.strip().startswith('<p class="lt-abbr"') and note.count("<abbr>") == 2
    assert "bảo hiểm y tế" in note and "bảo hiểm xã hội" in note


FORMS = [form for entry in abbreviated._table() for form in (entry.short, entry.long)]
PIECES = st.sampled_from(FORMS).flatmap(
    lambda form: st.sampled_from([form, form.upper(), form.capitalize(), form[:-1], form[1:]])
)
SEPARATORS = st.sampled_from([" ", "-", ", ", "x", "", "\n", "Đ"])


def _each_pattern_on_its_own(text: str) -> list[tuple[str, str]]:
    """What ``used`` means: either form as whole words, the words in any case (as before the
    substring test was added in front of the patterns)."""
    return [
        (short, long)
        for short, long in ((e.short, e.long) for e in abbreviated._table())
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", text)
        or re.search(rf"(?<!\w){re.escape(long)}(?!\w)", text, re.IGNORECASE)
    ]


@given(st.lists(st.tuples(PIECES, SEPARATORS), max_size=8))
def test_the_quick_test_finds_what_each_pattern_on_its_own_finds(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + separator for piece, separator in parts)
    assert abbreviated.used(text) == _each_pattern_on_its_own(text)
