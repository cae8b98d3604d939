"""`lantoa check`: one test per class of content error, through the real command.

Each test breaks a writable copy of tests/fixtures/mini (``mini_copy``, at
tmp_path/"stories") and asserts the exact `path:line: field: message` the editor sees.
The command runs from tmp_path with the relative folder "stories", so paths read
"stories/quang-ngai/…" exactly as a user who typed `lantoa check stories` would see them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import cli
from generator.model import formatting as fmt
from generator.model.dates import PartialDate, parse_date, parse_period
from generator.model.figures import claim_mismatches, figures
from generator.model.loading import load_content
from generator.model.records import Statistic

ROOT = Path(__file__).resolve().parent.parent
LANTOA = ROOT / ".venv" / "bin" / "lantoa"

HUY = "quang-ngai/son-tinh/huy.yaml"
GIANG = "quang-ngai/son-tinh/giang.md"
STAT = "quang-ngai/son-tinh/son-tinh-bhxh-tn.yaml"
PEAK = "quang-ngai/cao-diem.yaml"
CAMPAIGN = "quang-ngai/chien-dich.yaml"
MODEL = "toan-quoc/doi-thoai-nhom-nho.yaml"
DRAFT = "toan-quoc/nhap.yaml"
PROVINCE = "quang-ngai/quang-ngai.yaml"
DISTRICT = "quang-ngai/son-tinh/son-tinh.yaml"

_LINE = re.compile(r"^(cảnh báo: )?(.+?):(\d+): (\S+): (.+)$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    def _parsed(self, warning: bool) -> list[Problem]:
        found = []
        for text in self.stderr.splitlines():
            match = _LINE.match(text)
            if match and bool(match.group(1)) == warning:
                found.append(Problem(match.group(2), int(match.group(3)), match.group(4), match.group(5)))
        return found

    @property
    def errors(self) -> list[Problem]:
        return self._parsed(warning=False)

    @property
    def warnings(self) -> list[Problem]:
        return self._parsed(warning=True)


@pytest.fixture
def check(mini_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run `lantoa check stories` in-process from the folder that holds the copy."""
    monkeypatch.chdir(mini_copy.parent)

    def run() -> Result:
        capsys.readouterr()
        code = cli.main(["check", "stories"])
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_lantoa(*args: str, cwd: Path) -> Result:
    """The installed console script, as a subprocess (exit codes, real stderr)."""
    done = subprocess.run([str(LANTOA), *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    return Result(done.returncode, done.stdout, done.stderr)


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def expect(result: Result, name: str, line: int, field: str, *fragments: str, alone: bool = True) -> Problem:
    """Assert the run failed with this error (and, if `alone`, no other)."""
    assert result.code == 1, result.stderr
    path = f"stories/{name}"
    matching = [p for p in result.errors if (p.path, p.line, p.field) == (path, line, field)]
    assert matching, f"no error at {path}:{line}: {field}; got:\n{result.stderr}"
    problem = matching[0]
    for fragment in fragments:
        assert fragment in problem.message, f"{fragment!r} not in {problem.message!r}"
    if alone:
        assert len(result.errors) == 1, result.stderr
    return problem


def set_line(root: Path, name: str, number: int, text: str) -> None:
    path = root / name
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


def valid(result: Result) -> None:
    assert result.code == 0, result.stderr
    assert not result.errors, result.stderr
    assert result.stdout.startswith("Hợp lệ")


def unit(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- the command itself ----------------------------------------------------------------


def test_the_fixture_is_valid(check) -> None:
    result = check()
    valid(result)
    assert "9 bản ghi (8 xuất bản)" in result.stdout
    assert result.stderr == ""


def test_exit_codes_of_the_installed_command(mini_copy: Path) -> None:
    assert run_lantoa("check", "stories", cwd=mini_copy.parent).code == 0
    edit(mini_copy, HUY, "born: 1998", "born: abc")
    broken = run_lantoa("check", "stories", cwd=mini_copy.parent)
    assert broken.code == 1
    assert broken.stdout == ""
    assert broken.stderr.splitlines()[0] == (
        "stories/quang-ngai/son-tinh/huy.yaml:8: people[0].born: phải là số nguyên"
    )
    assert broken.stderr.splitlines()[-1] == "1 lỗi, 0 cảnh báo."
    assert run_lantoa("check", "khong-co-thu-muc-nay", cwd=mini_copy.parent).code == 2
    assert run_lantoa("check", "a", "b", cwd=mini_copy.parent).code == 2


def test_path_is_the_folder_as_given(mini_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    edit(mini_copy, HUY, "born: 1998", "born: abc")
    assert cli.main(["check", str(mini_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{mini_copy}/quang-ngai/son-tinh/huy.yaml:8: people[0].born:" in err
    monkeypatch.chdir(mini_copy)
    assert cli.main(["check", "."]) == 1
    assert "quang-ngai/son-tinh/huy.yaml:8: people[0].born:" in capsys.readouterr().err


# --- syntax, encoding, empty files ------------------------------------------------------


def test_yaml_syntax_error_uses_the_parsers_line(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "date: 2025-05", "date: 2025-05: tháng năm")
    expect(check(), HUY, 5, "-", "lỗi cú pháp YAML")


def test_yaml_syntax_error_in_front_matter_counts_the_opening_dashes(mini_copy: Path, check) -> None:
    edit(mini_copy, GIANG, "date: 2024-11-02", "date: 2024-11-02: sáng")
    expect(check(), GIANG, 6, "-", "lỗi cú pháp YAML")


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("name: Sơn Tịnh", 'name: "Sơn Tịnh', 2, "ngoặc kép"),  # reported where it opened
        ("now_part_of: [quang-ngai]", "now_part_of: [quang-ngai", 6, '"]"'),
        ("type: huyện", "type: huyện\n  cũ: true", 4, '":"'),
        ("parent: quang-ngai", "\tparent: quang-ngai", 4, "Tab"),
    ],
    ids=["quote", "bracket", "indent", "tab"],
)
def test_syntax_errors_in_vietnamese(mini_copy: Path, check, old, new, line, fragment) -> None:
    edit(mini_copy, DISTRICT, old, new)
    expect(check(), DISTRICT, line, "-", "lỗi cú pháp YAML", fragment)


def test_duplicate_key_in_one_file(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "unit: son-tinh\n", "unit: son-tinh\ntitle: Tiêu đề thứ hai\n")
    expect(check(), HUY, 5, "title", "khai báo hai lần", "dòng 3")


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese editors wrote it: base letters plus combining tones."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = next(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", parts.replace(tone, ""))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


@pytest.mark.parametrize(
    "encode", [_cp1258, lambda t: t.encode("latin-1", "replace")], ids=["cp1258", "latin1"]
)
def test_not_utf8_asks_to_save_as_utf8(mini_copy: Path, check, encode) -> None:
    path = mini_copy / HUY
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    # Lines 1-2 are ASCII; the first Vietnamese letter is on line 3 (the title).
    expect(check(), HUY, 3, "-", "UTF-8")


@pytest.mark.parametrize("text", ["", "\n\n", "# chỉ có ghi chú\n"], ids=["empty", "blank", "comment"])
def test_empty_file(mini_copy: Path, check, text: str) -> None:
    (mini_copy / "quang-ngai" / "trong.yaml").write_text(text, encoding="utf-8")
    expect(check(), "quang-ngai/trong.yaml", 1, "-", "tệp rỗng")


def test_empty_markdown_file(mini_copy: Path, check) -> None:
    (mini_copy / "quang-ngai" / "trong.md").write_text("", encoding="utf-8")
    expect(check(), "quang-ngai/trong.md", 1, "-")


def test_file_that_is_not_a_mapping(mini_copy: Path, check) -> None:
    (mini_copy / "quang-ngai" / "danh-sach.yaml").write_text("- kind: story\n", encoding="utf-8")
    expect(check(), "quang-ngai/danh-sach.yaml", 1, "-", "khóa: giá trị")


def test_bom_is_fine(mini_copy: Path, check) -> None:
    for name in (HUY, GIANG):
        path = mini_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    valid(check())
    edit(mini_copy, HUY, "born: 1998", "born: abc")
    expect(check(), HUY, 8, "people[0].born")


def test_crlf_markdown_is_fine_and_keeps_line_numbers(mini_copy: Path, check) -> None:
    path = mini_copy / GIANG
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    valid(check())
    path.write_bytes(path.read_bytes().replace(b"2024-11-02", b"2024-11-31"))
    expect(check(), GIANG, 6, "date", "ngày 31")


# --- fields -------------------------------------------------------------------------------


def test_unknown_field_suggests_the_right_one(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "title: Người", "tittle: Người")
    result = check()
    expect(result, HUY, 3, "tittle", 'Có phải ý bạn là "title"', alone=False)
    expect(result, HUY, 1, "title", "thiếu trường bắt buộc", alone=False)
    assert len(result.errors) == 2


def test_unknown_nested_field(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "    role:", "    rol:")
    expect(check(), HUY, 9, "people[0].rol", 'Có phải ý bạn là "role"')


def test_unknown_field_with_a_block_value_points_at_its_key(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "tags: [lương hưu, BHYT]", "tag:\n  - lương hưu\n  - BHYT")
    expect(check(), HUY, 22, "tag", 'Có phải ý bạn là "tags"')


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "field"),
    [
        (HUY, "date: 2025-05\n", "", 1, "date"),
        (HUY, "summary: Sau", "ghi-chu: Sau", 1, "summary"),
        (HUY, "  publisher: Tạp chí BHXH\n", "", 23, "source.publisher"),
        (HUY, "  text: Tự lo được cho mình mới là yên tâm nhất!\n", "", 13, "quote.text"),
        (STAT, "unit: son-tinh\n", "", 1, "unit"),
        (CAMPAIGN, "broadcast: {times", "broadcast: {giờ", 6, "broadcast.times"),
    ],
    ids=["date", "summary", "source.publisher", "quote.text", "statistic.unit", "broadcast.times"],
)
def test_missing_required_field(mini_copy: Path, check, name, old, new, line, field) -> None:
    edit(mini_copy, name, old, new)
    expect(check(), name, line, field, "thiếu trường bắt buộc", alone=False)


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "fragment"),
    [
        ("born: 1998", "born: abc", 8, "people[0].born", "phải là số nguyên"),
        ("born: 1998", "born: 1850", 8, "people[0].born", "ít nhất 1900"),
        ("consent: true", "consent: có", 11, "people[0].consent", "true hoặc false"),
        ("gender: nam", "gender: trai", 10, "people[0].gender", '"trai" không hợp lệ'),
        ("tags: [lương hưu, BHYT]", "tags: lương hưu", 22, "tags", "danh sách"),
        ("people:\n  - name", "people:\n    name", 6, "people", "danh sách"),
        ("title: Người thứ ba trong nhà có sổ BHXH", 'title: "  "', 3, "title", "không được để trống"),
    ],
    ids=["born-text", "born-range", "consent", "gender", "tags", "people-mapping", "blank"],
)
def test_wrong_type_or_value(mini_copy: Path, check, old, new, line, field, fragment) -> None:
    edit(mini_copy, HUY, old, new)
    expect(check(), HUY, line, field, fragment)


def test_id_that_is_not_a_slug(mini_copy: Path, check) -> None:
    edit(mini_copy, GIANG, "id: son-tinh-chi-g", "id: Chi_G")
    expect(check(), GIANG, 3, "id", '"Chi_G" không phải mã hợp lệ')


def test_wrong_broadcast_time(mini_copy: Path, check) -> None:
    edit(mini_copy, CAMPAIGN, '"05:30", "17:30"], days', '"5h30", "17:30"], days')
    expect(check(), CAMPAIGN, 6, "broadcast.times[0]", 'giờ "5h30" không hợp lệ')


# --- dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "field", "fragments"),
    [
        (HUY, "date: 2025-05", "date: 20225", 5, "date", ("20225",)),
        (HUY, "date: 2025-05", "date: 2025-02-30", 5, "date", ("ngày 30", "tháng 2/2025")),
        (HUY, "date: 2025-05", "date: 2024-02-29", 0, "", ()),  # leap year: valid
        (HUY, "date: 2025-05", "date: 2025-13", 5, "date", ("tháng 13",)),
        (HUY, "date: 2025-05", "date: tháng 5", 5, "date", ("YYYY-MM-DD",)),
        (HUY, "  date: 2025-06", "  date: 1025-06", 26, "source.date", ("1025",)),
        (GIANG, "date: 2024-11-02", "date: 2024-11-31", 6, "date", ("ngày 31", "tháng 11/2024")),
        (STAT, "{period: 2023,", "{period: 20223,", 6, "series[0].period", ("20223",)),
        (
            PEAK,
            "2024-04-01..2024-05-31",
            "2024-04-01..2024-03-31",
            6,
            "series[0].period",
            ("kết thúc trước khi bắt đầu",),
        ),
        (CAMPAIGN, "2024-04-01..2024-05-31", "2024-04-01..2024-04-31", 5, "period", ("ngày 31",)),
    ],
    ids=[
        "year-20225",
        "feb-30",
        "leap-day",
        "month-13",
        "words",
        "source",
        "markdown",
        "series",
        "backwards",
        "campaign",
    ],
)
def test_impossible_date(mini_copy: Path, check, name, old, new, line, field, fragments) -> None:
    edit(mini_copy, name, old, new)
    result = check()
    if not line:
        valid(result)
        return
    expect(result, name, line, field, *fragments)


# --- ids and references ------------------------------------------------------------------


def test_duplicate_id_points_at_the_second_file_and_names_the_first(mini_copy: Path, check) -> None:
    shutil.copy(mini_copy / HUY, mini_copy / "quang-ngai" / "son-tinh" / "huy2.yaml")
    problem = expect(check(), "quang-ngai/son-tinh/huy2.yaml", 2, "id", '"son-tinh-nguyen-trong-huy"')
    assert "stories/quang-ngai/son-tinh/huy.yaml" in problem.message


def test_duplicate_id_from_the_file_name(mini_copy: Path, check) -> None:
    # Both units are called son-tinh by their file names; neither has an `id` line.
    (mini_copy / "toan-quoc" / "son-tinh.yaml").write_text(
        "kind: unit\nname: Sơn Tịnh\ntype: huyện\n", encoding="utf-8"
    )
    problem = expect(check(), "toan-quoc/son-tinh.yaml", 1, "id", '"son-tinh"')
    assert "stories/quang-ngai/son-tinh/son-tinh.yaml" in problem.message


def test_same_id_in_different_kinds_is_fine(mini_copy: Path, check) -> None:
    edit(mini_copy, STAT, "unit: son-tinh", "id: son-tinh\nunit: son-tinh")
    edit(mini_copy, MODEL, "results: [son-tinh-bhxh-tn]", "results: [son-tinh]")
    valid(check())


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "field", "hint"),
    [
        (HUY, "unit: son-tinh", "unit: son-tin", 4, "unit", "son-tinh"),
        (
            HUY,
            "models: [doi-thoai-nhom-nho]",
            "models: [doi-thoai-nhom]",
            20,
            "models[0]",
            "doi-thoai-nhom-nho",
        ),
        (
            CAMPAIGN,
            "stories: [son-tinh-nguyen-trong-huy]",
            "stories: [son-tinh-nguyen-trong-hu]",
            8,
            "stories[0]",
            "son-tinh-nguyen-trong-huy",
        ),
        (CAMPAIGN, "result: quang-ngai-cao-diem-ket-qua", "result: cao-diem", 9, "result", ""),
        (
            MODEL,
            "results: [son-tinh-bhxh-tn]",
            "results: [son-tinh-bhxh]",
            10,
            "results[0]",
            "son-tinh-bhxh-tn",
        ),
        (MODEL, "units: [son-tinh]", "units: [son-tinh, ba-to]", 3, "units[1]", ""),
        (DISTRICT, "parent: quang-ngai", "parent: quang-nam", 4, "parent", "quang-ngai"),
    ],
    ids=[
        "story.unit",
        "models",
        "campaign.stories",
        "campaign.result",
        "model.results",
        "model.units",
        "parent",
    ],
)
def test_reference_to_a_missing_record(mini_copy: Path, check, name, old, new, line, field, hint) -> None:
    edit(mini_copy, name, old, new)
    missing = new.split(": ", 1)[1].strip("[]").split(", ")[-1]
    problem = expect(check(), name, line, field, f'"{missing}"', alone=False)
    if hint:
        assert f'Có phải ý bạn là "{hint}"' in problem.message


def test_reference_to_a_draft(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "models: [doi-thoai-nhom-nho]", "models: [doi-thoai-nhom-nho, nhap]")
    expect(check(), HUY, 20, "models[1]", "bản nháp", "stories/toan-quoc/nhap.yaml")


# --- province folders ----------------------------------------------------------------------

SON_LA = 'kind: unit\nname: Sơn La\ntype: tỉnh\ncode: "14"\n'
BAC_NINH = 'kind: unit\nname: Bắc Ninh\ntype: thành phố\ncode: "24"\n'
BAC_GIANG = (
    'kind: unit\nname: Bắc Giang\ntype: tỉnh\nvalid_until: 2025-06-30\nnow_part_of: [bac-ninh]\ncode: "24"\n'
)
BAC_GIANG_STAT = """kind: statistic
id: bac-giang-cao-diem-2024-ket-qua
unit: bac-giang
indicator: tham_gia_moi
measure: người
series: [{period: 2024-04-01..2024-05-31, value: 7555}]
target: {value: 5800}
claims: {percent_over_target: 30.26}
source: {publisher: Báo Xây dựng, title: Về đích sớm, date: 2024}
"""


def test_story_refers_to_a_unit_of_another_province(mini_copy: Path, check) -> None:
    unit(mini_copy, "son-la/son-la.yaml", SON_LA)
    edit(mini_copy, HUY, "unit: son-tinh", "unit: son-la")
    expect(check(), HUY, 4, "unit", '"son-la"', "Sơn La", '"quang-ngai"', "stories/son-la/")


def test_story_filed_under_another_province(mini_copy: Path, check) -> None:
    (mini_copy / "son-la").mkdir()
    shutil.move(mini_copy / HUY, mini_copy / "son-la" / "huy.yaml")
    expect(check(), "son-la/huy.yaml", 4, "unit", "Quảng Ngãi", "stories/quang-ngai/")


def test_unit_filed_under_another_province(mini_copy: Path, check) -> None:
    unit(mini_copy, "quang-ngai/son-la.yaml", SON_LA)
    expect(check(), "quang-ngai/son-la.yaml", 1, "id", "Sơn La")


def test_nationwide_folder_may_refer_to_any_province(mini_copy: Path, check) -> None:
    unit(mini_copy, "son-la/son-la.yaml", SON_LA)
    edit(mini_copy, MODEL, "units: [son-tinh]", "units: [son-tinh, son-la]")
    valid(check())


@pytest.mark.parametrize(("folder", "ok"), [("bac-ninh", True), ("bac-giang", True), ("quang-ngai", False)])
def test_abolished_province_kept_by_its_successor(mini_copy: Path, check, folder: str, ok: bool) -> None:
    unit(mini_copy, "bac-ninh/bac-ninh.yaml", BAC_NINH)
    unit(mini_copy, "bac-ninh/bac-giang.yaml", BAC_GIANG)
    unit(mini_copy, f"{folder}/thong-ke/ket-qua.yaml", BAC_GIANG_STAT)
    result = check()
    if ok:
        valid(result)
    else:
        expect(result, "quang-ngai/thong-ke/ket-qua.yaml", 3, "unit", "Bắc Giang", "stories/bac-ninh/")


# --- claims ----------------------------------------------------------------------------


@pytest.mark.parametrize("claim", ["30.26", "30.3", "30.2"])
def test_percent_over_target_claim_that_matches(mini_copy: Path, check, claim: str) -> None:
    edit(mini_copy, PEAK, "percent_over_target: 30.26", f"percent_over_target: {claim}")
    valid(check())


def test_percent_over_target_claim_that_does_not_match(mini_copy: Path, check) -> None:
    # Bắc Giang, peak months 2024: 7,555 new participants against a plan of 5,800.
    edit(mini_copy, PEAK, "percent_over_target: 30.26", "percent_over_target: 31.5")
    expect(check(), PEAK, 8, "claims.percent_over_target", "31,5%", "30,26%", "7.555", "5.800")


def test_percent_of_target_claim(mini_copy: Path, check) -> None:
    edit(mini_copy, PEAK, "{percent_over_target: 30.26}", "{percent_of_target: 130.26}")
    valid(check())
    edit(mini_copy, PEAK, "130.26", "103.26")
    expect(check(), PEAK, 8, "claims.percent_of_target", "103,26%", "130,26%")


@pytest.mark.parametrize(("claim", "ok"), [("903", True), ("904", True), ("902", True), ("905", False)])
def test_increase_claim_within_one_person(mini_copy: Path, check, claim: str, ok: bool) -> None:
    edit(mini_copy, STAT, "increase: 903", f"increase: {claim}")
    result = check()
    if ok:
        valid(result)
    else:
        expect(result, STAT, 9, "claims.increase", "905", "903", "1.180", "2.083")


def test_ratio_claim(mini_copy: Path, check) -> None:
    edit(mini_copy, STAT, "increase: 903", "ratio: 1.77")
    valid(check())
    edit(mini_copy, STAT, "ratio: 1.77", "ratio: 2")
    expect(check(), STAT, 9, "claims.ratio", "1,77")


def test_claim_against_a_plan_needs_a_target(mini_copy: Path, check) -> None:
    edit(mini_copy, STAT, "increase: 903", "percent_of_target: 100")
    expect(check(), STAT, 1, "-", "target")


# --- summary, images, consent -----------------------------------------------------------


@pytest.mark.parametrize(("length", "ok"), [(300, True), (301, False)])
def test_summary_limit(mini_copy: Path, check, length: int, ok: bool) -> None:
    text = ("Chị Hương đóng BHXH tự nguyện đều đặn mỗi tháng. " * 10)[: length - 1] + "."
    set_line(mini_copy, HUY, 12, f"summary: {text}")
    result = check()
    if ok:
        valid(result)
    else:
        expect(result, HUY, 12, "summary", "dài 301 ký tự", "tối đa 300")


def test_summary_limit_counts_letters_not_code_points(mini_copy: Path, check) -> None:
    # 300 letters typed in NFD are far more code points; after NFC they fit.
    text = unicodedata.normalize("NFD", ("Người lao động tự do ở Sơn Tịnh. " * 10)[:299] + ".")
    assert len(unicodedata.normalize("NFC", text)) == 300 < len(text)
    set_line(mini_copy, HUY, 12, f"summary: {text}")
    valid(check())


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 3), (11, 94, 168)).save(path, format="PNG")


IMAGES = "images:\n  - file: images/huy.png\n    alt: Anh Huy nhận sổ BHXH tại nhà văn hóa thôn\n"


def test_image_without_alt_text(mini_copy: Path, check) -> None:
    (mini_copy / HUY).write_text(
        (mini_copy / HUY).read_text(encoding="utf-8") + IMAGES.replace("    alt:", "    credit:"),
        encoding="utf-8",
    )
    (mini_copy / "quang-ngai/son-tinh/images").mkdir()
    _png(mini_copy / "quang-ngai/son-tinh/images/huy.png")
    expect(check(), HUY, 28, "images[0].alt", "thiếu trường bắt buộc")


def test_image_with_empty_alt_text(mini_copy: Path, check) -> None:
    text = (mini_copy / HUY).read_text(encoding="utf-8") + IMAGES.split("    alt:")[0] + '    alt: ""\n'
    (mini_copy / HUY).write_text(text, encoding="utf-8")
    expect(check(), HUY, 29, "images[0].alt", "không được để trống", alone=False)


def test_missing_image_file(mini_copy: Path, check) -> None:
    (mini_copy / HUY).write_text((mini_copy / HUY).read_text(encoding="utf-8") + IMAGES, encoding="utf-8")
    expect(check(), HUY, 28, "images[0].file", 'không tìm thấy tệp "images/huy.png"')
    # Beside the record, or at the content root: both are found.
    (mini_copy / "images").mkdir()
    _png(mini_copy / "images/huy.png")
    valid(check())


def test_missing_recording_file(mini_copy: Path, check) -> None:
    edit(mini_copy, CAMPAIGN, "stories:", "recording: {file: audio/ban-tin.mp3}\nstories:")
    expect(check(), CAMPAIGN, 8, "recording.file", "audio/ban-tin.mp3")


@pytest.mark.parametrize(
    ("old", "new", "line", "field"),
    [
        ("title: Bỏ heo đất", "title: Hà Thị Giang bỏ heo đất", 4, "title"),
        ("summary: Chị G. bớt", "summary: Hà Thị Giang bớt", 11, "summary"),
        ("text: Mỗi ngày bớt", "text: Mỗi ngày Hà Thị Giang bớt", 13, "quote.text"),
        ("Chị G. là đồng bào", "Chị HÀ THỊ GIANG là đồng bào", 19, "body"),
        ("Chị G. là đồng bào", unicodedata.normalize("NFD", "Hà Thị Giang là đồng bào"), 19, "body"),
    ],
    ids=["title", "summary", "quote", "body-upper", "body-nfd"],
)
def test_full_name_without_consent(mini_copy: Path, check, old, new, line, field) -> None:
    edit(mini_copy, GIANG, old, new)
    expect(check(), GIANG, line, field, '"Hà Thị Giang"', "consent: false")


def test_full_name_in_alt_text_without_consent(mini_copy: Path, check) -> None:
    edit(
        mini_copy,
        GIANG,
        "---\nChị G.",
        "images:\n  - {file: g.png, alt: Hà Thị Giang bên heo đất}\n---\nChị G.",
    )
    _png(mini_copy / "quang-ngai/son-tinh/g.png")
    expect(check(), GIANG, 19, "images[0].alt", "Hà Thị Giang")


def test_abbreviated_name_and_given_name_alone_are_fine(mini_copy: Path, check) -> None:
    # "Chị G." (the fixture) and the person's given name alone are not the full name.
    edit(mini_copy, GIANG, "Chị G. là đồng bào", "Chị G. (Giang) là đồng bào")
    valid(check())


def test_full_name_with_consent_is_fine(mini_copy: Path, check) -> None:
    edit(mini_copy, GIANG, "consent: false", "consent: true")
    edit(mini_copy, GIANG, "Chị G. là đồng bào", "Chị Hà Thị Giang là đồng bào")
    valid(check())


# --- vocabulary and kinds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "field", "hint"),
    [
        (GIANG, "audiences: [nong-dan,", "audiences: [nong-dan2,", 16, "audiences[0]", "nong-dan"),
        (DISTRICT, "type: huyện", "type: huyen", 3, "type", "huyện"),
        (STAT, "indicator: bhxh_tu_nguyen", "indicator: bhxh_tunguyen", 3, "indicator", "bhxh_tu_nguyen"),
        (STAT, "measure: người", "measure: nguời", 4, "measure", "người"),
    ],
    ids=["audience", "unit-type", "indicator", "measure"],
)
def test_value_outside_the_vocabulary(mini_copy: Path, check, name, old, new, line, field, hint) -> None:
    edit(mini_copy, name, old, new)
    expect(check(), name, line, field, "không có trong danh mục", f'Có phải ý bạn là "{hint}"')


def test_unknown_kind(mini_copy: Path, check) -> None:
    edit(mini_copy, HUY, "kind: story", "kind: stroy")
    expect(check(), HUY, 1, "kind", '"stroy"', 'Có phải ý bạn là "story"')


def test_missing_kind(mini_copy: Path, check) -> None:
    edit(mini_copy, DRAFT, "kind: model\n", "")
    expect(check(), DRAFT, 1, "kind", "thiếu trường")


# --- Markdown stories ------------------------------------------------------------------------


def test_markdown_line_numbers_count_the_opening_dashes(mini_copy: Path, check) -> None:
    edit(mini_copy, GIANG, "    gender: nữ", "    gender: nu")
    edit(mini_copy, GIANG, "models: [doi-thoai-nhom-nho]", "models: [doi-thoai]")
    result = check()
    expect(result, GIANG, 9, "people[0].gender", alone=False)
    assert len(result.errors) == 1  # a record that fails its fields is not checked further
    edit(mini_copy, GIANG, "    gender: nu", "    gender: nữ")
    expect(check(), GIANG, 15, "models[0]", '"doi-thoai"')


def test_markdown_without_front_matter(mini_copy: Path, check) -> None:
    (mini_copy / "quang-ngai" / "ghi-chu.md").write_text("# Ghi chú\n\nChưa có khai báo.\n", encoding="utf-8")
    expect(check(), "quang-ngai/ghi-chu.md", 1, "-", "---")


def test_markdown_with_body_field_and_text_below(mini_copy: Path, check) -> None:
    edit(mini_copy, GIANG, "models:", "body: Nội dung trùng.\nmodels:")
    expect(check(), GIANG, 15, "body", "bỏ trường body")


def test_markdown_body_is_the_text_below(mini_content) -> None:
    story = mini_content.get("story", "son-tinh-chi-g")
    assert story.record.body.startswith("Chị G. là đồng bào")
    assert story.line("body") == 19


# --- Unicode -----------------------------------------------------------------------------


def test_nfd_input_is_normalised_to_nfc(mini_copy: Path) -> None:
    title = "Người thứ ba trong nhà có sổ BHXH"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    edit(mini_copy, HUY, f"title: {title}", f"title: {nfd}")
    edit(
        mini_copy,
        HUY,
        "    role: lao động tự do",
        "    " + unicodedata.normalize("NFD", "role: lao động tự do"),
    )
    content = load_content(mini_copy, "stories")
    assert not content.report.items, [str(d) for d in content.report.items]
    record = content.get("story", "son-tinh-nguyen-trong-huy").record
    assert record.title == title
    assert record.people[0].role == "lao động tự do"


def test_nfd_vocabulary_value_is_accepted(mini_copy: Path, check) -> None:
    edit(mini_copy, DISTRICT, "type: huyện", unicodedata.normalize("NFD", "type: huyện"))
    valid(check())


# --- many errors at once ------------------------------------------------------------------


def test_every_error_of_a_run_is_reported(mini_copy: Path) -> None:
    edit(mini_copy, HUY, "born: 1998", "born: abc")
    edit(mini_copy, HUY, "date: 2025-05", "date: 20225")
    edit(mini_copy, GIANG, "audiences: [nong-dan,", "audiences: [nong-dan2,")
    edit(mini_copy, PEAK, "percent_over_target: 30.26", "percent_over_target: 31.5")
    edit(mini_copy, CAMPAIGN, "stories: [son-tinh-nguyen-trong-huy]", "stories: [khong-co]")
    (mini_copy / "toan-quoc" / "trong.yaml").write_text("", encoding="utf-8")
    result = run_lantoa("check", "stories", cwd=mini_copy.parent)
    assert result.code == 1
    found = [(p.path.removeprefix("stories/"), p.line, p.field) for p in result.errors]
    assert found == [
        (PEAK, 8, "claims.percent_over_target"),
        (CAMPAIGN, 8, "stories[0]"),
        (GIANG, 16, "audiences[0]"),
        (HUY, 5, "date"),
        (HUY, 8, "people[0].born"),
        ("toan-quoc/trong.yaml", 1, "-"),
    ]
    assert result.stderr.splitlines()[-1] == "6 lỗi, 0 cảnh báo."


# --- drafts ---------------------------------------------------------------------------------


def test_drafts_are_loaded_but_not_published(mini_content) -> None:
    keys = {e.key for e in mini_content.entries}
    assert "model/nhap" in keys
    assert "model/nhap" not in {e.key for e in mini_content.published}
    assert mini_content.get("model", "nhap") is None
    assert all(e.id != "nhap" for e in mini_content.of_kind("model"))


def test_drafts_are_validated(mini_copy: Path, check) -> None:
    edit(mini_copy, DRAFT, "summary: Chưa xong.", "summary: Chưa xong.\nsteps: một bước")
    expect(check(), DRAFT, 5, "steps", "danh sách")


# --- official unit codes --------------------------------------------------------------------


def test_correct_codes_pass(mini_copy: Path, check) -> None:
    edit(mini_copy, PROVINCE, "type: tỉnh", 'type: tỉnh\ncode: "51"')
    edit(mini_copy, DISTRICT, "valid_until:", 'code: "527"\nvalid_until:')
    valid(check())


@pytest.mark.parametrize(
    ("name", "old", "new", "line", "fragments"),
    [
        # A current province with another province's code: names it and suggests 51.
        (PROVINCE, "type: tỉnh", 'type: tỉnh\ncode: "52"', 4, ("Tỉnh Gia Lai", '"51"')),
        (PROVINCE, "type: tỉnh", 'type: tỉnh\ncode: "53"', 4, ("không có trong danh mục hiện hành", '"51"')),
        # An abolished district is checked against the legacy list (527 = Huyện Sơn Tịnh).
        (DISTRICT, "valid_until:", 'code: "528"\nvalid_until:', 5, ("Huyện Tư Nghĩa", '"527"')),
        (DISTRICT, "valid_until:", 'code: "999"\nvalid_until:', 5, ("danh mục cũ", '"527"')),
    ],
    ids=["current-other", "current-unknown", "legacy-other", "legacy-unknown"],
)
def test_wrong_unit_code(mini_copy: Path, check, name, old, new, line, fragments) -> None:
    edit(mini_copy, name, old, new)
    expect(check(), name, line, "code", *fragments)


def test_current_unit_with_a_legacy_district_code(mini_copy: Path, check) -> None:
    # Without valid_until Sơn Tịnh counts as current, and districts no longer exist.
    edit(mini_copy, DISTRICT, "valid_until: 2025-06-30\n", 'code: "527"\n')
    expect(check(), DISTRICT, 5, "code", "không có trong danh mục hiện hành", alone=False)


def test_abolished_unit_with_alias_matching_the_official_spelling(mini_copy: Path, check) -> None:
    unit(mini_copy, "son-la/son-la.yaml", SON_LA)
    unit(
        mini_copy,
        "son-la/na-bo.yaml",
        "kind: unit\nname: Nà Bó\ntype: xã\nparent: son-la\nvalid_until: 2025-06-30\n"
        'now_part_of: [son-la]\ncode: "04136"\naliases: [Nà Pó]\n',
    )
    valid(check())
    edit(mini_copy, "son-la/na-bo.yaml", "aliases: [Nà Pó]\n", "")
    expect(check(), "son-la/na-bo.yaml", 7, "code", "Xã Nà Pó", "không phải Nà Bó")


# --- derived figures and Vietnamese formatting ---------------------------------------------


def statistic(series: list[dict], measure: str = "người", **extra) -> Statistic:
    return Statistic.model_validate(
        {
            "kind": "statistic",
            "id": "thu",
            "unit": "son-tinh",
            "indicator": "bhxh_tu_nguyen",
            "measure": measure,
            "series": series,
            "source": {"publisher": "Tạp chí BHXH", "title": "Thử"},
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1805, "1.805"),
        (1234567, "1.234.567"),
        (1234.5, "1.234,5"),
        (30.258620689, "30,26"),
        (0.5, "0,5"),
        (2.0, "2"),
        (999.999, "1.000"),
        (-1500, "-1.500"),
        (0, "0"),
    ],
)
def test_number(value: float, text: str) -> None:
    assert fmt.number(value) == text


def test_quantities_and_percentages() -> None:
    assert fmt.quantity(1805, "người") == "1.805 người"
    assert fmt.quantity(82, "%") == "82%"
    assert fmt.percent(7555 / 5800 * 100 - 100) == "30,26%"
    assert fmt.percent(130.2586) == "130,26%"
    assert fmt.percent(118) == "118%"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("2025-05", "tháng 5/2025"),
        ("2024-11-02", "ngày 2/11/2024"),
        ("2025", "năm 2025"),
        ("2024-04-01..2024-05-31", "từ 1/4 đến 31/5/2024"),
        ("2024-04..2024-05", "tháng 4-5/2024"),
        ("2022..2023", "năm 2022-2023"),
        ("2023-11-01..2024-01-31", "từ 1/11/2023 đến 31/1/2024"),
    ],
)
def test_dates_and_periods(text: str, shown: str) -> None:
    assert fmt.period_text(parse_period(text)) == shown


def test_partial_dates() -> None:
    assert parse_date("2025-05") == PartialDate(2025, 5)
    assert parse_date(2025).last_day == dt.date(2025, 12, 31)
    assert parse_date("2024-02").last_day == dt.date(2024, 2, 29)
    assert parse_date(dt.date(2024, 11, 2)) == PartialDate(2024, 11, 2)
    assert str(parse_period("2024-4-1..2024-5-31")) == "2024-04-01..2024-05-31"
    assert fmt.date_text(parse_date("2025-05")) == "tháng 5/2025"


def test_peak_campaign_figures(mini_content) -> None:
    # Bắc Giang's peak months 2024: 7,555 new participants against a plan of 5,800.
    stat = mini_content.get("statistic", "quang-ngai-cao-diem-ket-qua").record
    derived = figures(stat)
    assert derived.percent_over_target == pytest.approx(30.2586, abs=1e-4)
    assert derived.percent_of_target == pytest.approx(130.2586, abs=1e-4)
    assert derived.percent_over_target_text == "30,26%"
    assert derived.percent_of_target_text == "130,26%"
    assert derived.target_text == "5.800 người"
    assert derived.latest_text == "7.555 người"
    assert derived.latest_when == "từ 1/4 đến 31/5/2024"
    assert derived.increase is None and derived.growth_text is None
    assert claim_mismatches(stat) == []


def test_growth_figures(mini_content) -> None:
    stat = mini_content.get("statistic", "son-tinh-bhxh-tn").record
    derived = figures(stat)
    assert derived.increase == 903
    assert derived.ratio == pytest.approx(2083 / 1180)
    assert derived.growth_text == "76,53%"
    assert derived.increase_text == "+903 người (+76,53%)"
    assert [(s.label, s.value, s.change) for s in derived.steps] == [
        ("năm 2023", "1.180 người", None),
        ("tháng 5/2025", "2.083 người", "+903 người (+76,53%)"),
    ]


def test_percent_of_target_and_approximate_values() -> None:
    stat = statistic(
        [{"period": "2021-06", "value": 21233}, {"period": "2024-06", "value": 54000, "approx": True}],
        target={"period": "2025", "value": 51100},
        claims={"percent_of_target": 105.7},
    )
    derived = figures(stat)
    assert derived.percent_of_target_text == "105,68%"
    assert derived.latest_text == "khoảng 54.000 người"
    assert derived.steps[1].value == "khoảng 54.000 người"
    assert claim_mismatches(stat) == []


def test_decrease_and_percentage_measures() -> None:
    down = figures(statistic([{"period": 2023, "value": 100}, {"period": 2024, "value": 80}]))
    assert down.increase_text == "-20 người (-20%)"
    assert down.growth_text == "-20%"
    coverage = figures(statistic([{"period": 2021, "value": 62}, {"period": 2022, "value": 82}], "%"))
    assert coverage.increase_text == "+20 điểm phần trăm"  # points, not a percentage of a percentage
    assert coverage.latest_text == "82%"


def test_claim_needing_two_points() -> None:
    stat = statistic([{"period": 2024, "value": 100}], claims={"increase": 5})
    [(name, message)] = claim_mismatches(stat)
    assert name == "increase" and "hai mốc" in message


# --- the benchmark's generator stays valid as the content model grows ---------------------


def test_generated_records_are_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate_records = importlib.import_module("generate_records")
    generate_records.generate(tmp_path / "stories", 400, seed=7)
    content = load_content(tmp_path / "stories", "stories")
    assert not content.report.items, [str(d) for d in content.report.items[:10]]
    assert len(content.entries) == 400
    assert {e.kind for e in content.entries} == {"unit", "story", "model", "statistic", "campaign"}
    assert any(e.path.suffix == ".md" for e in content.entries)


# --- summary said once ---------------------------------------------------------------------


def test_first_paragraph_that_repeats_the_summary_is_warned_at_the_summary(mini_copy: Path, check) -> None:
    edit(
        mini_copy,
        "quang-ngai/son-tinh/huy.yaml",
        "  Anh Huy làm nghề tự do. Sau buổi **đối thoại nhóm nhỏ**, anh quyết định tham gia.",
        "  Sau buổi [đối thoại nhóm nhỏ](https://example.org) ở nhà văn hóa thôn, anh Huy đã đăng ký\n"
        "  tham gia BHXH tự nguyện, để sau này có lương hưu.",
    )
    result = check()
    assert result.code == 0, result.stderr
    (warning,) = [w for w in result.warnings if w.field == "summary"]
    assert (warning.path, warning.line) == ("stories/quang-ngai/son-tinh/huy.yaml", 12)
    assert "nhắc lại phần tóm tắt" in warning.message


def test_first_paragraph_that_goes_on_is_not_warned(check) -> None:
    result = check()
    assert not [w for w in result.warnings if w.field == "summary"], result.stderr


def test_sample_stories_say_their_summary_once() -> None:
    from generator.model.loading import load_content

    content = load_content(ROOT / "stories", "stories")
    assert not [str(w) for w in content.report.warnings if ": summary: " in str(w)]
