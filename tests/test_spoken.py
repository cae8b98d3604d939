"""Spoken form for loudspeaker scripts (contract: /work/shared/spec/speech.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.speech.numbers import read_integer, roman_to_int
from generator.speech.spoken import (
    Region,
    SpokenText,
    count_syllables,
    load_abbreviations,
    to_spoken,
)

# --- integers ---------------------------------------------------------------

INTEGERS_BAC: list[tuple[int, str]] = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (54, "năm mươi tư"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (1000, "một nghìn"),
    (1180, "một nghìn một trăm tám mươi"),
    (1805, "một nghìn tám trăm linh năm"),
    (2005, "hai nghìn không trăm linh năm"),
    (2021, "hai nghìn không trăm hai mươi mốt"),
    (2024, "hai nghìn không trăm hai mươi tư"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (2083, "hai nghìn không trăm tám mươi ba"),
    (7555, "bảy nghìn năm trăm năm mươi lăm"),
    (10_000, "mười nghìn"),
    (40_000, "bốn mươi nghìn"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (1_000_083, "một triệu không trăm tám mươi ba"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (2_000_500, "hai triệu năm trăm"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (3_200_000_000, "ba tỷ hai trăm triệu"),
]

INTEGERS_NAM: list[tuple[int, str]] = [
    (105, "một trăm lẻ năm"),
    (1000, "một ngàn"),
    (1805, "một ngàn tám trăm lẻ năm"),
    (2005, "hai ngàn không trăm lẻ năm"),
    (2025, "hai ngàn không trăm hai mươi lăm"),
    (21, "hai mươi mốt"),
    (15, "mười lăm"),
    (10, "mười"),
]


@pytest.mark.parametrize(("number", "expected"), INTEGERS_BAC)
def test_read_integer_north(number: int, expected: str) -> None:
    assert read_integer(number) == expected


@pytest.mark.parametrize(("number", "expected"), INTEGERS_NAM)
def test_read_integer_south(number: int, expected: str) -> None:
    assert read_integer(number, "nam") == expected


@pytest.mark.parametrize(("numeral", "value"), [("II", 2), ("IV", 4), ("IX", 9), ("XIII", 13), ("XXIII", 23)])
def test_roman_to_int(numeral: str, value: int) -> None:
    assert roman_to_int(numeral) == value


# --- whole texts, Northern (default) ----------------------------------------

SPOKEN_BAC: list[tuple[str, str]] = [
    # written numbers: thousands dot, decimal comma
    ("1.805", "một nghìn tám trăm linh năm"),
    ("2.083", "hai nghìn không trăm tám mươi ba"),
    ("1.180", "một nghìn một trăm tám mươi"),
    ("7.555", "bảy nghìn năm trăm năm mươi lăm"),
    ("40.000", "bốn mươi nghìn"),
    ("1.250.000", "một triệu hai trăm năm mươi nghìn"),
    ("1.000.083", "một triệu không trăm tám mươi ba"),
    ("2.005", "hai nghìn không trăm linh năm"),
    ("0", "không"),
    ("21", "hai mươi mốt"),
    ("105", "một trăm linh năm"),
    ("30,26", "ba mươi phẩy hai mươi sáu"),
    ("6,04", "sáu phẩy không bốn"),
    ("6,5", "sáu phẩy năm"),
    ("0,5", "không phẩy năm"),
    ("1.234,5", "một nghìn hai trăm ba mươi tư phẩy năm"),
    (
        "Toàn tỉnh phát triển mới được 7.555 người, vượt 30,26% so với kế hoạch",
        "Toàn tỉnh phát triển mới được bảy nghìn năm trăm năm mươi lăm người, "
        "vượt ba mươi phẩy hai mươi sáu phần trăm so với kế hoạch",
    ),
    ("Có 15 hộ và 25 người.", "Có mười lăm hộ và hai mươi lăm người."),
    ("năm 2025", "năm hai nghìn không trăm hai mươi lăm"),
    ("tăng 14 người", "tăng mười bốn người"),
    # percentages and units
    ("đạt 30,26%", "đạt ba mươi phẩy hai mươi sáu phần trăm"),
    ("đạt 100%", "đạt một trăm phần trăm"),
    ("đạt 45 %", "đạt bốn mươi lăm phần trăm"),
    ("tăng 5-10%", "tăng năm đến mười phần trăm"),
    ("tỷ lệ % hộ", "tỷ lệ phần trăm hộ"),
    ("mức 1,5 triệu đồng", "mức một phẩy năm triệu đồng"),
    ("mức 500.000đ", "mức năm trăm nghìn đồng"),
    ("mức 500.000 đ", "mức năm trăm nghìn đồng"),
    ("mức 2 tr. đồng", "mức hai triệu đồng"),
    ("cách 5 km", "cách năm ki-lô-mét"),
    ("trồng 3 ha lúa", "trồng ba héc-ta lúa"),
    ("rộng 12 m2", "rộng mười hai mét vuông"),
    ("nặng 50kg", "nặng năm mươi ki-lô-gam"),
    ("chạy 40 km/h", "chạy bốn mươi ki-lô-mét trên giờ"),
    ("từ 3-5 người", "từ ba đến năm người"),
    ("Quốc lộ 1A", "Quốc lộ một A"),
    # ordinals
    ("thứ 2", "thứ hai"),
    ("thứ 4", "thứ tư"),
    ("lần thứ 1", "lần thứ nhất"),
    ("Thứ 7 tuần này", "Thứ bảy tuần này"),
    # months and days
    ("tháng 1", "tháng một"),
    ("tháng 4", "tháng tư"),
    ("tháng 10", "tháng mười"),
    ("tháng 11", "tháng mười một"),
    ("tháng 12 năm 2024", "tháng mười hai năm hai nghìn không trăm hai mươi tư"),
    ("tháng 4-5", "tháng tư đến tháng năm"),
    ("ngày 2 tháng 7", "ngày mùng hai tháng bảy"),
    ("ngày 10 tháng 10", "ngày mùng mười tháng mười"),
    ("ngày 15 tháng 4", "ngày mười lăm tháng tư"),
    ("ngày 24 hằng tháng", "ngày hai mươi tư hằng tháng"),
    # slash dates
    ("5/2025", "tháng năm năm hai nghìn không trăm hai mươi lăm"),
    ("tháng 5/2025", "tháng năm năm hai nghìn không trăm hai mươi lăm"),
    ("Tháng 4/2024", "Tháng tư năm hai nghìn không trăm hai mươi tư"),
    (
        "tháng 4-5/2024",
        "tháng tư đến tháng năm năm hai nghìn không trăm hai mươi tư",
    ),
    (
        "ngày 02/7/2021",
        "ngày mùng hai tháng bảy năm hai nghìn không trăm hai mươi mốt",
    ),
    (
        "02/7/2021",
        "ngày mùng hai tháng bảy năm hai nghìn không trăm hai mươi mốt",
    ),
    (
        "Ngày 31/12/2024",
        "Ngày ba mươi mốt tháng mười hai năm hai nghìn không trăm hai mươi tư",
    ),
    (
        "ngày 01.07.2025",
        "ngày mùng một tháng bảy năm hai nghìn không trăm hai mươi lăm",
    ),
    (
        "ngày 1-5/7/2024",
        "ngày mùng một đến mùng năm tháng bảy năm hai nghìn không trăm hai mươi tư",
    ),
    (
        "từ 01/7 đến 15/7/2024",
        "từ ngày mùng một tháng bảy đến ngày mười lăm tháng bảy năm hai nghìn không trăm hai mươi tư",
    ),
    ("ngày 2/9", "ngày mùng hai tháng chín"),
    ("mùng 2/9", "mùng hai tháng chín"),
    ("sáng 15/8", "sáng ngày mười lăm tháng tám"),
    ("hôm 5/7", "hôm mùng năm tháng bảy"),
    ("ngày 21/4", "ngày hai mươi mốt tháng tư"),
    (
        "giai đoạn 2021-2025",
        "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm",
    ),
    # clock times
    ("lúc 5h30", "lúc năm giờ ba mươi phút"),
    ("lúc 5:30", "lúc năm giờ ba mươi phút"),
    ("lúc 17h30", "lúc mười bảy giờ ba mươi phút"),
    ("lúc 7h", "lúc bảy giờ"),
    ("lúc 7h00", "lúc bảy giờ"),
    ("lúc 7h05", "lúc bảy giờ năm phút"),
    ("lúc 14g15", "lúc mười bốn giờ mười lăm phút"),
    ("lúc 8h30'", "lúc tám giờ ba mươi phút"),
    ("từ 7h30-11h", "từ bảy giờ ba mươi phút đến mười một giờ"),
    ("lúc 7h sáng", "lúc bảy giờ sáng"),
    ("tỷ lệ 1:50.000", "tỷ lệ một:năm mươi nghìn"),
    # slashes: counts, rates, alternatives
    (
        "1.805/3.229 người",
        "một nghìn tám trăm linh năm trên ba nghìn hai trăm hai mươi chín người",
    ),
    ("1/3 số hộ", "một trên ba số hộ"),
    ("2 lần/tuần", "hai lần mỗi tuần"),
    ("2 buổi/ngày", "hai buổi mỗi ngày"),
    ("500.000 đồng/tháng", "năm trăm nghìn đồng mỗi tháng"),
    ("500.000đ/tháng", "năm trăm nghìn đồng mỗi tháng"),
    (
        "1,5 triệu đồng/người/tháng",
        "một phẩy năm triệu đồng mỗi người mỗi tháng",
    ),
    ("xã/phường", "xã, phường"),
    ("cá nhân/hộ gia đình", "cá nhân, hộ gia đình"),
    ("và/hoặc", "và hoặc"),
    ("BHXH/BHYT", "bảo hiểm xã hội, bảo hiểm y tế"),
    # document numbers
    (
        "Quyết định số 449/QĐ-UBND",
        "Quyết định số bốn trăm bốn mươi chín của ủy ban nhân dân",
    ),
    ("Chỉ thị số 08-CT/TU", "Chỉ thị số tám của tỉnh ủy"),
    ("Nghị quyết số 21-NQ/TW", "Nghị quyết số hai mươi mốt của Trung ương"),
    (
        "Nghị định 134/2015/NĐ-CP",
        "Nghị định số một trăm ba mươi tư năm hai nghìn không trăm mười lăm của Chính phủ",
    ),
    (
        "Quyết định số 05/QĐ-TTg",
        "Quyết định số năm của Thủ tướng Chính phủ",
    ),
    (
        "Thông tư liên tịch 05/2024/TTLT-BYT-BTC",
        "Thông tư liên tịch số năm năm hai nghìn không trăm hai mươi tư của Bộ Y tế và Bộ Tài chính",
    ),
    (
        "Luật số 41/2024/QH15",
        "Luật số bốn mươi mốt năm hai nghìn không trăm hai mươi tư của Quốc hội khóa mười lăm",
    ),
    (
        "Công văn 123/BHXH-TST",
        "Công văn số một trăm hai mươi ba của bảo hiểm xã hội",
    ),
    ("Kế hoạch 12/KH-BCĐ", "Kế hoạch số mười hai của ban chỉ đạo"),
    ("Thông báo số 12/2024", "Thông báo số mười hai năm hai nghìn không trăm hai mươi tư"),
    # legal references as announcers read them: number, year, issuing body (no "NĐ gạch CP")
    (
        "Nghị định 159/2025/NĐ-CP",
        "Nghị định số một trăm năm mươi chín năm hai nghìn không trăm hai mươi lăm của Chính phủ",
    ),
    (
        "theo Luật Bảo hiểm xã hội 41/2024/QH15",
        "theo Luật Bảo hiểm xã hội số bốn mươi mốt năm hai nghìn không trăm hai mươi tư "
        "của Quốc hội khóa mười lăm",
    ),
    (
        "Thông tư 01/2025/TT-BLĐTBXH",
        "Thông tư số một năm hai nghìn không trăm hai mươi lăm của Bộ Lao động - Thương binh và Xã hội",
    ),
    (
        "Bộ luật Lao động 45/2019/QH14",
        "Bộ luật Lao động số bốn mươi lăm năm hai nghìn không trăm mười chín của Quốc hội khóa mười bốn",
    ),
    (
        "căn cứ 07/2021/NĐ-CP",
        "căn cứ nghị định số bảy năm hai nghìn không trăm hai mươi mốt của Chính phủ",
    ),
    ("NĐ 159/2025", "nghị định số một trăm năm mươi chín năm hai nghìn không trăm hai mươi lăm"),
    # web addresses: a listener cannot write them down, so they are left out with the words leading
    # to them (issue 18 item 6; the bulletin gives the phone number); an app is named
    ("Đóng 1.500.000 đồng, tra cứu tại baohiemxahoi.gov.vn.", "Đóng một triệu năm trăm nghìn đồng."),
    ("Xem tại www.vss.gov.vn hoặc gọi 1900 9068.", "Gọi một chín không không, chín không sáu tám."),
    (
        "Gọi 1900 9068 hoặc xem https://dichvucong.gov.vn/p/home.",
        "Gọi một chín không không, chín không sáu tám.",
    ),
    ("ứng dụng vssid.vn", "ứng dụng vssid"),
    # asides in brackets are for the eye; years and months are told apart; sentences start upper case
    ("đạt 90,6% (chín mươi phẩy sáu phần trăm) kế hoạch", "đạt chín mươi phẩy sáu phần trăm kế hoạch"),
    (
        "Liên hệ UBND xã (tra cứu tại baohiemxahoi.gov.vn), gọi (0234) 3822 111",
        "Liên hệ ủy ban nhân dân xã, gọi không hai ba bốn, ba tám hai hai, một một một",
    ),
    ("đã đóng 15 năm 5 tháng", "đã đóng mười lăm năm và năm tháng"),
    # "(cũ)" tells the former district from today's commune of the same name: said, not left out
    ("huyện Sơn Tịnh (cũ) và xã Sơn Tịnh", "huyện Sơn Tịnh cũ và xã Sơn Tịnh"),
    ("đạt 99,34% kế hoạch (90,6%).", "đạt chín mươi chín phẩy ba mươi tư phần trăm kế hoạch."),
    ("hộ nghèo 165.000 đồng. còn lại đóng đủ", "hộ nghèo một trăm sáu mươi lăm nghìn đồng. Còn lại đóng đủ"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    # amounts and dates of change, as the policy figures print them
    ("165.000 đồng", "một trăm sáu mươi lăm nghìn đồng"),
    ("2.200.000 đồng", "hai triệu hai trăm nghìn đồng"),
    ("3.825.360 đồng/năm", "ba triệu tám trăm hai mươi lăm nghìn ba trăm sáu mươi đồng mỗi năm"),
    ("từ ngày 1/1/2027", "từ ngày mùng một tháng một năm hai nghìn không trăm hai mươi bảy"),
    ("hỗ trợ 50%", "hỗ trợ năm mươi phần trăm"),
    ("4,5%", "bốn phẩy năm phần trăm"),
    # phone numbers and hotlines
    ("Gọi 1900 9068", "Gọi một chín không không, chín không sáu tám"),
    ("Gọi 1900.9068", "Gọi một chín không không, chín không sáu tám"),
    ("Gọi 19009068", "Gọi một chín không không chín không sáu tám"),
    ("Gọi 0912.345.678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912 345 678", "Gọi không chín một hai, ba bốn năm, sáu bảy tám"),
    ("Gọi 0912345678", "Gọi không chín một hai ba bốn năm sáu bảy tám"),
    (
        "Gọi (024) 3824 5678",
        "Gọi không hai bốn, ba tám hai bốn, năm sáu bảy tám",
    ),
    (
        "Gọi 0912 345 678 2 lần",
        "Gọi không chín một hai, ba bốn năm, sáu bảy tám hai lần",
    ),
    ("năm 1900 có 1000 người", "năm một nghìn chín trăm có một nghìn người"),
    # Roman numerals after a context word only
    ("Khu vực XXIII", "Khu vực hai mươi ba"),
    ("khu vực XXIII", "khu vực hai mươi ba"),
    ("khu vực II", "khu vực hai"),
    ("Đại hội XIII", "Đại hội mười ba"),
    ("khóa XV", "khóa mười lăm"),
    ("lần thứ IV", "lần thứ tư"),
    ("lần thứ I", "lần thứ nhất"),
    ("Chương III", "Chương ba"),
    ("phần IX", "phần chín"),
    ("thế kỷ XXI", "thế kỷ hai mươi mốt"),
    ("quý IV/2025", "quý bốn năm hai nghìn không trăm hai mươi lăm"),
    ("quý 1/2025", "quý một năm hai nghìn không trăm hai mươi lăm"),
    ("KV II", "khu vực hai"),
    # abbreviations from the table
    ("BHXH tự nguyện", "bảo hiểm xã hội tự nguyện"),
    ("thẻ BHYT", "thẻ bảo hiểm y tế"),
    ("UBND tỉnh", "ủy ban nhân dân tỉnh"),
    ("HĐND xã", "hội đồng nhân dân xã"),
    ("các HTX", "các hợp tác xã"),
    ("MTTQ tỉnh", "Mặt trận Tổ quốc tỉnh"),
    ("NLĐ và DN", "người lao động và doanh nghiệp"),
    ("CBVC", "cán bộ, viên chức"),
    ("TP. Vinh", "thành phố Vinh"),
    ("TX. Hồng Lĩnh", "thị xã Hồng Lĩnh"),
    ("TT. Phong Điền", "thị trấn Phong Điền"),
    ("TP.HCM", "Thành phố Hồ Chí Minh"),
    ("TK 5", "tiểu khu năm"),
    ("BCĐ huyện", "ban chỉ đạo huyện"),
    ("CTV thu", "cộng tác viên thu"),
    ("KT-XH", "kinh tế, xã hội"),
    ("ĐVHC cấp xã", "đơn vị hành chính cấp xã"),
    ("học sinh THPT", "học sinh trung học phổ thông"),
    ("BHTN", "bảo hiểm thất nghiệp"),
    ("chế độ TNLĐ-BNN", "chế độ tai nạn lao động, bệnh nghề nghiệp"),
    ("dịch COVID-19", "dịch cô-vít mười chín"),
    ("ứng dụng VNeID", "ứng dụng vê en e ai đi"),
    ("QĐ của TTg", "quyết định của Thủ tướng Chính phủ"),
    ("CT của TU", "chỉ thị của tỉnh ủy"),
    ("THAM GIA BHXH TỰ NGUYỆN", "THAM GIA bảo hiểm xã hội TỰ NGUYỆN"),
    # symbols, untouched text
    ("Ông A & bà B", "Ông A và bà B"),
    ("Đã viết bằng chữ: không đổi.", "Đã viết bằng chữ: không đổi."),
    ("Hỏi: Ai được tham gia?", "Hỏi: Ai được tham gia?"),
]


@pytest.mark.parametrize(("written", "expected"), SPOKEN_BAC)
def test_to_spoken_north(written: str, expected: str) -> None:
    result = to_spoken(written)
    assert result.text == expected
    assert result.warnings == ()


# --- Southern region --------------------------------------------------------

SPOKEN_NAM: list[tuple[str, str]] = [
    ("105 người", "một trăm lẻ năm người"),
    ("1.000 hộ", "một ngàn hộ"),
    ("1.805", "một ngàn tám trăm lẻ năm"),
    ("2.083", "hai ngàn không trăm tám mươi ba"),
    ("7.555 người", "bảy ngàn năm trăm năm mươi lăm người"),
    ("năm 2025", "năm hai ngàn không trăm hai mươi lăm"),
    ("40.000", "bốn mươi ngàn"),
    ("21 xã, 24 phường", "hai mươi mốt xã, hai mươi tư phường"),
    ("ngày 02/7/2021", "ngày mùng hai tháng bảy năm hai ngàn không trăm hai mươi mốt"),
    ("5/2025", "tháng năm năm hai ngàn không trăm hai mươi lăm"),
    ("1.805/3.229 người", "một ngàn tám trăm lẻ năm trên ba ngàn hai trăm hai mươi chín người"),
    ("vượt 30,26%", "vượt ba mươi phẩy hai mươi sáu phần trăm"),
    ("Gọi 1900 9068", "Gọi một chín không không, chín không sáu tám"),
    ("lúc 17h30", "lúc mười bảy giờ ba mươi phút"),
    ("Khu vực XXIII", "Khu vực hai mươi ba"),
    ("Quyết định số 105/QĐ-UBND", "Quyết định số một trăm lẻ năm của ủy ban nhân dân"),
]


@pytest.mark.parametrize(("written", "expected"), SPOKEN_NAM)
def test_to_spoken_south(written: str, expected: str) -> None:
    assert to_spoken(written, region="nam").text == expected


# --- listener-friendly clock times ------------------------------------------

FRIENDLY_TIMES: list[tuple[str, str]] = [
    ("lúc 5h30", "lúc năm giờ rưỡi sáng"),
    ("lúc 17h30", "lúc năm giờ rưỡi chiều"),
    ("lúc 7h", "lúc bảy giờ sáng"),
    ("lúc 12h", "lúc mười hai giờ trưa"),
    ("lúc 13h15", "lúc một giờ mười lăm phút chiều"),
    ("lúc 19:00", "lúc bảy giờ tối"),
    ("lúc 22h", "lúc mười giờ đêm"),
    ("lúc 5h chiều", "lúc năm giờ chiều"),
    ("từ 7h30-11h", "từ bảy giờ rưỡi sáng đến mười một giờ trưa"),
]


@pytest.mark.parametrize(("written", "expected"), FRIENDLY_TIMES)
def test_friendly_times(written: str, expected: str) -> None:
    assert to_spoken(written, friendly_times=True).text == expected


# --- unknown abbreviations --------------------------------------------------

UNKNOWN: list[tuple[str, str, tuple[str, ...]]] = [
    ("XYZ", "ích-xì i dài dét", ("XYZ",)),
    ("Ông ABC", "Ông a bê xê", ("ABC",)),
    ("đĩa CD", "đĩa xê dê", ("CD",)),
    ("DI sản", "dê i sản", ("DI",)),
    ("MC dẫn", "em-mờ xê dẫn", ("MC",)),
    ("Phần MC", "Phần em-mờ xê", ("MC",)),
    ("LHQ và WHO", "e-lờ hát quy và vê kép hát o", ("LHQ", "WHO")),
    ("ĐKKD, ĐKKD", "đê ca ca dê, đê ca ca dê", ("ĐKKD",)),
    ("Kế hoạch 5/KH-ABC", "Kế hoạch số năm của a bê xê", ("ABC",)),
]


@pytest.mark.parametrize(("written", "expected", "names"), UNKNOWN)
def test_unknown_abbreviation_is_spelled_and_reported(
    written: str, expected: str, names: tuple[str, ...]
) -> None:
    result = to_spoken(written)
    assert result.text == expected
    assert result.warnings == tuple(
        f"chữ viết tắt chưa có trong bảng: {name} (đọc từng chữ cái)" for name in names
    )


def test_custom_table_replaces_default() -> None:
    result = to_spoken("XYZ và BHXH", abbreviations={"XYZ": "ích xì dét"})
    assert result.text == "ích xì dét và bê hát ích-xì hát"
    assert result.warnings == ("chữ viết tắt chưa có trong bảng: BHXH (đọc từng chữ cái)",)


# --- invariants over every example ------------------------------------------

ALL_INPUTS = [written for written, _ in SPOKEN_BAC] + [written for written, *_ in UNKNOWN]


@pytest.mark.parametrize("written", ALL_INPUTS)
def test_idempotent_and_digit_free(written: str) -> None:
    once = to_spoken(written)
    twice = to_spoken(once.text)
    assert not re.search(r"\d", once.text)
    assert twice == SpokenText(text=once.text, warnings=())


@pytest.mark.parametrize("region", ["bac", "nam"])
def test_expansions_are_already_spoken(region: Region) -> None:
    for abbreviation, expansion in load_abbreviations().items():
        result = to_spoken(expansion, region=region)
        assert result.text == expansion, abbreviation
        assert result.warnings == (), abbreviation


# --- syllables --------------------------------------------------------------

SYLLABLES: list[tuple[str, int]] = [
    ("", 0),
    ("bảo hiểm xã hội", 4),
    ("một nghìn tám trăm linh năm", 6),
    ("e-lờ hát quy", 4),
    ("cô-vít mười chín", 4),
    ("Toàn tỉnh , vượt - kế hoạch.", 5),
    ("  nhiều   khoảng\ttrắng\n", 3),
    ("ích-xì i dài dét", 5),
    ("100 %", 0),
    ("A", 1),
]


@pytest.mark.parametrize(("text", "expected"), SYLLABLES)
def test_count_syllables(text: str, expected: int) -> None:
    assert count_syllables(text) == expected


def test_count_syllables_of_spoken_sentence() -> None:
    spoken = to_spoken("Toàn tỉnh phát triển mới được 7.555 người").text
    assert count_syllables(spoken) == 14


# --- abbreviation table -----------------------------------------------------

REQUIRED = {
    "BHXH": "bảo hiểm xã hội",
    "BHYT": "bảo hiểm y tế",
    "UBND": "ủy ban nhân dân",
    "HTX": "hợp tác xã",
    "MTTQ": "Mặt trận Tổ quốc",
    "NLĐ": "người lao động",
    "DN": "doanh nghiệp",
    "CBVC": "cán bộ, viên chức",
    "TP.": "thành phố",
    "TX.": "thị xã",
    "TT.": "thị trấn",
    "TU": "tỉnh ủy",
    "CTV": "cộng tác viên",
    "COVID-19": "cô-vít mười chín",
}


@pytest.mark.parametrize(("abbreviation", "expansion"), sorted(REQUIRED.items()))
def test_default_table_entries(abbreviation: str, expansion: str) -> None:
    assert load_abbreviations()[abbreviation] == expansion


def test_default_table_is_large_and_clean() -> None:
    table = load_abbreviations()
    assert len(table) >= 40
    assert all(isinstance(key, str) and isinstance(value, str) for key, value in table.items())
    assert all(not re.search(r"\d", value) for value in table.values())


def test_extra_table_is_merged(tmp_path: Path) -> None:
    extra = tmp_path / "viet-tat.yaml"
    extra.write_text("XYZ: ích xì dét\nNO: số\nBHXH: Bảo hiểm xã hội\n", encoding="utf-8")
    table = load_abbreviations(extra)
    assert table["XYZ"] == "ích xì dét"
    assert table["NO"] == "số"  # YAML booleans stay strings
    assert table["BHXH"] == "Bảo hiểm xã hội"
    assert table["UBND"] == "ủy ban nhân dân"
    assert to_spoken("XYZ", abbreviations=table) == SpokenText("ích xì dét", ())


def test_empty_extra_table(tmp_path: Path) -> None:
    extra = tmp_path / "empty.yaml"
    extra.write_text("# chưa có dòng nào\n", encoding="utf-8")
    assert load_abbreviations(extra) == load_abbreviations()


def test_malformed_extra_table_is_reported(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text("- BHXH\n- BHYT\n", encoding="utf-8")
    with pytest.raises(ValueError, match="không đúng dạng"):
        load_abbreviations(extra)


def test_load_returns_a_copy() -> None:
    load_abbreviations()["BHXH"] = "sai"
    assert load_abbreviations()["BHXH"] == "bảo hiểm xã hội"


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        (  # not in brackets: an aside in brackets is not read aloud (issue 18 item 6)
            "+903 người, +76,53%",
            "tăng chín trăm linh ba người, tăng bảy mươi sáu phẩy năm mươi ba phần trăm",
        ),
        ("+903 người (+76,53%)", "tăng chín trăm linh ba người"),
        ("Tân Yên +1.204 người", "Tân Yên tăng một nghìn hai trăm linh bốn người"),
        ("gọi +84 912 345 678", None),
    ],
)
def test_plus_sign_before_a_figure_reads_as_an_increase(text: str, spoken: str | None) -> None:
    result = to_spoken(text).text
    if spoken is None:
        assert "tăng" not in result
    else:
        assert result == spoken


def test_team_phrase_for_a_web_address(tmp_path: Path) -> None:
    table = tmp_path / "chu-viet-tat.yaml"
    table.write_text("baohiemxahoi.gov.vn: trang bảo hiểm xã hội Việt Nam\n", encoding="utf-8")
    spoken = to_spoken("Xem baohiemxahoi.gov.vn nhé", abbreviations=load_abbreviations(table))
    assert spoken.text == "Xem trang bảo hiểm xã hội Việt Nam nhé"
    assert not spoken.warnings
