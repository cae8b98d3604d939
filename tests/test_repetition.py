"""Likeness of a summary and the first paragraph of the body (the `check` warning's measure)."""

from __future__ import annotations

from generator.model.repetition import NEAR_COPY, first_paragraph, likeness, summary_repeated

SUMMARY = "Chị G. ở xã Nà Bó đã tham gia BHXH tự nguyện hơn 10 năm và đóng thêm cho cả chồng."


def test_first_paragraph_skips_headings_images_and_html() -> None:
    body = "## Mở đầu\n\n![ảnh](a.jpg)\n\n<div>x</div>\n\n> Đoạn trích\n> tiếp\n\nĐoạn sau."
    assert first_paragraph(body) == "Đoạn trích\ntiếp"


def test_folding_and_order_do_not_hide_a_copy() -> None:
    copy = "Hơn 10 năm nay chị G. (xa Na Bo) tham gia BHXH tu nguyen, và đóng thêm cho cả chồng."
    assert likeness(SUMMARY, copy) >= NEAR_COPY
    assert summary_repeated(SUMMARY, copy + "\n\nĐoạn hai.") is not None


def test_a_paragraph_that_tells_something_new_is_not_a_copy() -> None:
    new = "Ủy ban nhân dân xã phát động phong trào nuôi heo đất, mua hơn 70 con chia về các chi hội."
    assert likeness(SUMMARY, new) < NEAR_COPY
    assert summary_repeated(SUMMARY, new) is None
    assert summary_repeated(SUMMARY, "") is None
