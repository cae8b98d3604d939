"""Hostile and broken records: each ends in one clear `path:LINE: field: message`, fast, no traceback.

Every case breaks a copy of tests/fixtures/mini and runs the real command,
`python -m generator check stories`, from the folder that holds the copy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pytest
from icalendar import Calendar

from generator.export.broadcast.calendar import ics
from generator.model.diagnostics import Report
from generator.model.loader import load_file
from generator.model.loading import load_content
from generator.present import schedule
from generator.present.views import Views
from tests.test_validation import CAMPAIGN, HUY, STAT, set_line

PREFIX_TIMEOUT = 60


@dataclasses.dataclass
class Checked:
    code: int
    stderr: str
    seconds: float

    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if ": " in line and not line.endswith("cảnh báo.")]


def lantoa_check(folder: Path, *extra: str) -> Checked:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "stories", *extra],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=PREFIX_TIMEOUT,
    )
    return Checked(done.returncode, done.stderr, time.perf_counter() - started)


def refused(folder: Path, prefix: str, *fragments: str) -> Checked:
    """The check failed with exactly one error, starting with `prefix`, and no traceback."""
    result = lantoa_check(folder)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code == 1, result.stderr
    errors = [line for line in result.lines() if not line.startswith("cảnh báo: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(prefix), result.stderr
    for fragment in fragments:
        assert fragment in errors[0], result.stderr
    return result


def passes(folder: Path) -> None:
    result = lantoa_check(folder)
    assert "Traceback" not in result.stderr
    assert result.code == 0, result.stderr


def write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def replace(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def timed_load(root: Path, path: Path) -> tuple[float, Report]:
    report = Report()
    started = time.perf_counter()
    load_file(root, "stories", path, report)
    return time.perf_counter() - started, report


# --- structure that explodes ---------------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 10) -> str:
    lines = ["kind: model", "name: Cười", 'a0: &a0 "lol"']
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    return "\n".join(lines) + "\nsummary: x\n"


def test_alias_bomb_is_refused_at_its_first_anchor_fast(mini_copy: Path) -> None:
    bomb = write(mini_copy, "toan-quoc/cuoi.yaml", billion_laughs())  # 10^9 "lol" if expanded
    seconds, report = timed_load(mini_copy, bomb)
    result = refused(mini_copy.parent, "stories/toan-quoc/cuoi.yaml:3: a0: ", 'neo YAML ("&a0")')
    print(f"alias bomb: refused in {seconds * 1000:.1f} ms in-process, {result.seconds:.2f} s by the command")
    assert [str(d) for d in report.errors] == [result.lines()[0]]
    assert seconds < 0.5 and result.seconds < 10  # the command's own start-up dominates


def test_an_alias_is_refused_where_it_is_used(mini_copy: Path) -> None:
    write(mini_copy, "toan-quoc/bi-danh.yaml", "kind: model\nname: A\nsummary: B\nsteps:\n  - *x\n")
    prefix = "stories/toan-quoc/bi-danh.yaml:5: steps[0]: "
    refused(mini_copy.parent, prefix, 'bí danh YAML ("*x")', "ngoặc kép")


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("kind: model\nname: " + "[" * 10_000 + "]" * 10_000 + "\nsummary: x\n", 2, "name"),
        ("kind: model\nname: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\nsummary: x\n", 2, "name"),
        ("kind: model\nname: A\nsummary: x\nsteps:\n  " + "- " * 10_000 + "x\n", 5, "steps"),
    ],
    ids=["flow-lists", "flow-maps", "block-lists"],
)
def test_ten_thousand_deep_nesting_is_refused_fast(mini_copy: Path, text: str, line: int, field: str) -> None:
    deep = write(mini_copy, "toan-quoc/sau.yaml", text)
    seconds, _ = timed_load(mini_copy, deep)
    refused(mini_copy.parent, f"stories/toan-quoc/sau.yaml:{line}: {field}: ", "lồng nhau quá sâu")
    assert seconds < 0.5


STAT_HEAD = "kind: statistic\nunit: son-tinh\nindicator: bhxh_tu_nguyen\nmeasure: người\nseries:\n"


def test_a_hundred_thousand_point_series_is_refused(mini_copy: Path) -> None:
    points = "".join(f"  - {{period: 2020, value: {i}}}\n" for i in range(100_000))
    path = write(mini_copy, "quang-ngai/son-tinh/lon.yaml", STAT_HEAD + points)
    seconds, _ = timed_load(mini_copy, path)
    refused(mini_copy.parent, "stories/quang-ngai/son-tinh/lon.yaml:1: -: ", "tệp quá lớn")
    assert seconds < 0.1


def test_too_many_values_are_refused_while_reading(mini_copy: Path) -> None:
    path = write(mini_copy, "quang-ngai/son-tinh/lon.yaml", STAT_HEAD + "  - [" + "0, " * 150_000 + "0]\n")
    seconds, _ = timed_load(mini_copy, path)
    refused(mini_copy.parent, "stories/quang-ngai/son-tinh/lon.yaml:6: -: ", "quá nhiều giá trị (hơn 20,000)")
    assert seconds < 2


def test_a_fifty_megabyte_record_is_refused_unread(mini_copy: Path) -> None:
    body = ("Anh Huy làm nghề tự do và đóng BHXH tự nguyện. " * 20 + "\n\n") * 52_000
    path = write(mini_copy, "quang-ngai/son-tinh/rat-dai.md", "---\nkind: story\n---\n" + body)
    assert path.stat().st_size > 50 * 1024 * 1024
    seconds, _ = timed_load(mini_copy, path)
    result = refused(
        mini_copy.parent, "stories/quang-ngai/son-tinh/rat-dai.md:1: -: ", "tệp quá lớn (hơn 2 MB)"
    )
    print(f"50 MB record: refused in {seconds * 1000:.1f} ms in-process, {result.seconds:.2f} s in all")
    assert seconds < 0.1 and result.seconds < 10


# --- numbers -----------------------------------------------------------------------------------

SERIES_LINE = 6  # "  - {period: 2023, value: 1180}" in son-tinh-bhxh-tn.yaml


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("1e400", "không phải vô cực hay NaN"),
        (".inf", "vô cực"),
        ("-.inf", "vô cực"),
        (".nan", "NaN"),
        ('"nan"', "không phải vô cực hay NaN"),
        ("1" + "0" * 20, "số quá lớn"),
        ("9" * 5000, "không phải số hợp lệ"),
        ("-5", "phải ít nhất 0"),
    ],
)
def test_impossible_numbers(mini_copy: Path, value: str, fragment: str) -> None:
    set_line(mini_copy, STAT, SERIES_LINE, f"  - {{period: 2023, value: {value}}}")
    refused(mini_copy.parent, f"stories/{STAT}:{SERIES_LINE}: series[0].value: ", fragment)


def test_a_series_longer_than_five_hundred_points(mini_copy: Path) -> None:
    points = "".join(f"  - {{period: 2020, value: {i}}}\n" for i in range(501))
    replace(mini_copy, STAT, "  - {period: 2023, value: 1180}\n  - {period: 2025-05, value: 2083}\n", points)
    replace(mini_copy, STAT, "claims:\n  increase: 903\n", "")
    refused(mini_copy.parent, f"stories/{STAT}:5: series: ", "có 501 mục, tối đa 500")


def test_a_rate_over_a_hundred_percent(mini_copy: Path) -> None:
    write(
        mini_copy,
        "quang-ngai/ty-le.yaml",
        "kind: statistic\nunit: quang-ngai\nindicator: bhyt_ty_le\nmeasure: '%'\n"
        "series:\n  - {period: 2023, value: 92.5}\n  - {period: 2024, value: 104}\n"
        "source: {publisher: A, title: B}\n",
    )
    refused(mini_copy.parent, "stories/quang-ngai/ty-le.yaml:7: series[1].value: ", "tỷ lệ 104% vượt 100%")


def test_a_year_of_birth_after_the_story(mini_copy: Path) -> None:
    set_line(mini_copy, HUY, 8, "    born: 2026")
    refused(mini_copy.parent, f"stories/{HUY}:8: people[0].born: ", "năm sinh 2026 sau thời điểm câu chuyện")


@pytest.mark.parametrize(
    ("date", "fragment"),
    [
        ("2099-01", "chưa đến"),
        ("2300-01-01", "năm 2300 không hợp lệ"),
        ("2025-02-30", "ngày 30 không tồn tại"),
    ],
)
def test_dates_out_of_range(mini_copy: Path, date: str, fragment: str) -> None:
    set_line(mini_copy, HUY, 5, f"date: {date}")
    refused(mini_copy.parent, f"stories/{HUY}:5: date: ", fragment)


MODEL_FILE = "toan-quoc/mo-hinh-moi.yaml"


def model_with_id(root: Path, line: str) -> None:
    write(root, MODEL_FILE, f"kind: model\n{line}\nname: Mô hình mới\nsummary: Tóm tắt.\n")


def test_an_id_of_three_hundred_characters(mini_copy: Path) -> None:
    model_with_id(mini_copy, "id: " + "a" * 300)
    refused(mini_copy.parent, f"stories/{MODEL_FILE}:2: id: ", "mã dài 300 ký tự, tối đa 80")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("id: mo-hinh\u200d-moi", "không độ rộng U+200D"),
        ("id: \u2066mo-hinh-moi\u2069", "đảo chiều chữ U+2066"),
    ],
)
def test_invisible_characters_in_ids(mini_copy: Path, line: str, fragment: str) -> None:
    model_with_id(mini_copy, line)
    refused(mini_copy.parent, f"stories/{MODEL_FILE}:2: id: ", fragment)


def test_a_file_name_that_is_no_id(mini_copy: Path) -> None:
    write(mini_copy, "toan-quoc/Mô hình.yaml", "kind: model\nname: A\nsummary: B\n")
    refused(mini_copy.parent, "stories/toan-quoc/Mô hình.yaml:1: id: ", "không phải mã hợp lệ")


# --- characters ----------------------------------------------------------------------------------


def test_a_nul_byte_is_reported_at_its_own_line(mini_copy: Path) -> None:
    path = mini_copy / HUY
    path.write_bytes(path.read_bytes().replace(b"Anh Huy l", b"Anh Huy\x00 l"))
    refused(mini_copy.parent, f"stories/{HUY}:17: body: ", "ký tự điều khiển U+0000")


def test_a_control_character_in_a_title_line(mini_copy: Path) -> None:
    path = mini_copy / HUY
    path.write_bytes(path.read_bytes().replace(b"title: Ng", b"title: \x1bNg"))
    refused(mini_copy.parent, f"stories/{HUY}:3: title: ", "ký tự điều khiển U+001B")


def test_an_escaped_control_character_in_quotes(mini_copy: Path) -> None:
    set_line(mini_copy, HUY, 3, 'title: "Người thứ ba\\a trong nhà"')
    refused(mini_copy.parent, f"stories/{HUY}:3: title: ", "ký tự điều khiển U+0007")


@pytest.mark.parametrize(
    ("line", "text", "field", "fragment"),
    [
        (7, "  - name: Nguyễn\u200bTrọng Huy", "people[0].name", "không độ rộng U+200B"),
        (7, "  - name: Nguyễn Trọng\u2060Huy", "people[0].name", "không độ rộng U+2060"),
        (7, "  - name: \u202eyuH gnọrT nễyugN", "people[0].name", "đảo chiều chữ U+202E"),
        (3, "title: Người thứ ba\u200f", "title", "đảo chiều chữ U+200F"),
        (12, "summary: Anh Huy\u202d đăng ký BHXH.", "summary", "đảo chiều chữ U+202D"),
    ],
)
def test_invisible_characters_in_names_and_ids(
    mini_copy: Path, line: int, text: str, field: str, fragment: str
) -> None:
    set_line(mini_copy, HUY, line, text)
    refused(mini_copy.parent, f"stories/{HUY}:{line}: {field}: ", fragment)


def test_emoji_joiners_are_fine_in_long_text(mini_copy: Path) -> None:
    set_line(mini_copy, HUY, 12, "summary: Cả nhà 👨\u200d👩\u200d👧 anh Huy đều có sổ BHXH. 𝐁𝐇𝐗𝐇")
    passes(mini_copy.parent)


def test_crlf_and_bom_are_fine(mini_copy: Path) -> None:
    for name in (HUY, CAMPAIGN, "quang-ngai/son-tinh/giang.md"):
        path = mini_copy / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    passes(mini_copy.parent)
    set_line(mini_copy, HUY, 8, "    born: 2030\r")  # lines still counted right
    refused(mini_copy.parent, f"stories/{HUY}:8: people[0].born: ")


# --- YAML features records do not use --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "prefix", "fragment"),
    [
        ("kind: model\nname: &ten A\nsummary: B\n", "2: name: ", 'neo YAML ("&ten")'),
        ("kind: model\nname: !!python/object/apply:os.system [ls]\nsummary: B\n", "2: name: ", "!!python/"),
        ("kind: model\nname: !vui A\nsummary: B\n", "2: name: ", 'thẻ YAML "!vui"'),
        ("kind: model\nname: A\nsummary: B\n---\nkind: model\n", "4: -: ", "một bản ghi"),
        ("kind: model\n? [a, b]\n: c\nname: A\nsummary: B\n", "2: -: ", "tên trường phải là chữ"),
    ],
    ids=["anchor", "python-tag", "local-tag", "two-documents", "complex-key"],
)
def test_yaml_features_records_do_not_use(mini_copy: Path, text: str, prefix: str, fragment: str) -> None:
    write(mini_copy, "toan-quoc/la.yaml", text)
    refused(mini_copy.parent, f"stories/toan-quoc/la.yaml:{prefix}", fragment)


# --- calendars ----------------------------------------------------------------------------------


def test_a_newline_in_a_campaign_name_is_an_error(mini_copy: Path) -> None:
    set_line(mini_copy, CAMPAIGN, 3, 'name: "Đợt cao điểm\\nBEGIN:VEVENT"')
    refused(mini_copy.parent, f"stories/{CAMPAIGN}:3: name: ", "phải viết trên một dòng")


def test_a_repeated_broadcast_time_is_an_error(mini_copy: Path) -> None:
    replace(mini_copy, CAMPAIGN, '["05:30", "17:30"]', '["05:30", "17:30", "05:30"]')
    refused(mini_copy.parent, f"stories/{CAMPAIGN}:6: broadcast.times[2]: ", 'giờ "05:30" đã ghi ở trên')


def test_calendar_uids_are_unique_and_text_is_escaped(mini_copy: Path) -> None:
    from generator.model.settings import load_settings

    content = load_content(mini_copy, "stories")
    views = Views(content, load_settings(Path(__file__).resolve().parent.parent))
    view = views.of(content.get("campaign", "quang-ngai-cao-diem-2024"))
    assert view.during is not None
    # Even a view the validation would refuse gives one event per time and valid text lines.
    during = dataclasses.replace(view.during, times=["05:30", "17:30", "05:30"])
    hostile = dataclasses.replace(view, during=during, name="Đợt một\r\nEND:VCALENDAR", summary="a\nb")
    assert schedule.rules(hostile)[0].times == (dt.time(5, 30), dt.time(17, 30))
    data = ics(hostile, site_url="https://lantoa.example.org/")
    assert b"\r\nEND:VCALENDAR\r\n" not in data[:-20]
    events = [c for c in Calendar.from_ical(data).walk("VEVENT")]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == 3
    assert all(str(e["SUMMARY"]) == "Phát thanh: Đợt một END:VCALENDAR" for e in events)
    assert all(str(e["DESCRIPTION"]).startswith("a b\n") for e in events)
