"""The abbreviations a page uses, written out at its foot: search finds either spelling."""

from __future__ import annotations

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
