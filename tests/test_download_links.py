"""What a download link says of its file: size, pages, length, as the issue writes them."""

from __future__ import annotations

import pytest

from generator.model import formatting as fmt
from generator.present.catalogue import Planned, Published, downloads, link_text


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "1 KB"),  # never "0 KB"
        (999, "1 KB"),
        (1001, "2 KB"),  # rounded up: the file is never bigger than it says
        (25_300, "26 KB"),
        (240_000, "240 KB"),
        (999_999, "1 MB"),
        (1_234_567, "1,2 MB"),
        (12_345_678, "12 MB"),
    ],
)
def test_sizes_as_a_phone_shows_them(size: int, text: str) -> None:
    assert fmt.file_size(size) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.2, "1 giây"), (45, "45 giây"), (59.9, "1 phút"), (60, "1 phút"), (80, "1 phút 20 giây")],
)
def test_lengths_in_minutes_and_seconds(seconds: float, text: str) -> None:
    assert fmt.seconds_text(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.2, "1 giây"), (63.9, "1 phút 3 giây"), (290.5, "4 phút 50 giây")]
)
def test_a_files_length_as_its_player_shows_it(seconds: float, text: str) -> None:
    assert fmt.seconds_text(seconds, like_a_player=True) == text


A5 = Planned("leaflet", "a5", "to-roi/cau-chuyen/x-a5.pdf", "Tờ rơi A5 (PDF)", 1)
TABLE = Planned("leaflet", "rate-table", "to-roi/don-vi/y.pdf", "Bảng mức đóng BHXH tự nguyện (A4, PDF)", 1)
MP3 = Planned("audio", "espeak-ng", "loa/cau-chuyen/x.mp3", "Tệp âm thanh (MP3)")
TXT = Planned("script", "announcer", "loa/cau-chuyen/x.txt", "Kịch bản đọc loa (.txt)")
POST = Planned("social", "facebook", "mang-xa-hoi/cau-chuyen/x-facebook.txt", "Bài đăng Facebook")


def test_link_texts_say_size_pages_and_length_in_the_issues_order() -> None:
    assert link_text(A5, Published(25_000)) == "Tờ rơi A5 (PDF, 25 KB, 1 trang)"
    assert link_text(TABLE, Published(120_400)) == "Bảng mức đóng BHXH tự nguyện (A4, PDF, 121 KB, 1 trang)"
    assert link_text(MP3, Published(240_000, 60.4)) == "Tệp âm thanh (MP3, 1 phút, 240 KB)"
    assert link_text(TXT, Published(1_800)) == "Kịch bản đọc loa (.txt, 2 KB)"
    # the preview makes no files: only what the design fixes
    assert link_text(A5, None) == "Tờ rơi A5 (PDF, 1 trang)"
    assert link_text(POST, None) == "Bài đăng Facebook"


def test_a_post_opens_at_its_copy_button_and_the_player_says_its_length() -> None:
    place = "noi-dung/mang-xa-hoi/quang-ngai/#facebook-story-x"
    shown = downloads([A5, MP3, POST], {MP3.path: Published(240_000, 80.2)}, {POST.path: place})
    assert [(d.action, d.copy) for d in shown.links] == [("pdf", None), ("file", None), ("post", place)]
    assert shown.audio == MP3.path and shown.audio_text == "MP3, 1 phút 20 giây"
    assert downloads([A5], {}, {}).audio is None
