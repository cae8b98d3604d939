"""Policy figures in prose: ``[[…]]`` placeholders resolved for the build date in every output,
unknown ones reported at their line, figures typed by hand warned about, and no outdated
support level left in the built sample."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.export.site import pages
from generator.model.dates import LOCAL_TZ
from generator.model.loading import load_content
from generator.model.placeholders import handwritten, placeholders, resolve
from generator.model.policy import timeline
from generator.model.settings import load_settings
from generator.present.views import ModelView, Views
from tests import test_validation
from tests.test_leaflet import pdf_text
from tests.test_validation import edit, expect

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_POLICY = ROOT / "stories" / "toan-quoc" / "chinh-sach"
MODEL = "toan-quoc/doi-thoai-nhom-nho.yaml"
check = test_validation.check  # the `lantoa check stories` fixture


@pytest.fixture(scope="module")
def sample_timeline() -> dict:
    return timeline(load_content(ROOT / "stories", "stories").entries)


# Days with no change within 60 days: the figure alone (tests/test_validity.py: with its dates).
@pytest.mark.parametrize(
    ("written", "day", "expected"),
    [
        ("[[ty-le-dong]]", "2026-10-02", "22%"),
        ("[[chuan-ngheo-nong-thon]]", "2026-10-02", "1.500.000 đồng"),
        ("[[chuan-ngheo-nong-thon]]", "2027-01-01", "2.200.000 đồng"),
        ("[[ho-tro-nha-nuoc:ho-ngheo]]", "2026-10-02", "50%"),
        ("[[ho-tro-nha-nuoc:ho-ngheo]]", "2025-04-30", "30%"),
        ("[[bhyt-ho-gia-dinh]]", "2026-10-02", "4,5%"),
        ("[[so-nam-toi-thieu-huong-luong-huu]]", "2026-10-02", "15 năm"),
        ("[[muc-dong-thap-nhat]]", "2026-10-02", "330.000 đồng"),
        ("[[muc-dong-thap-nhat:ho-ngheo]]", "2026-10-02", "165.000 đồng"),
        ("[[muc-dong-thap-nhat:ho-ngheo]]", "2027-01-01", "242.000 đồng"),
        ("[[ muc-dong-thap-nhat : dan-toc-thieu-so ]]", "2026-10-02", "231.000 đồng"),
        ("[[tien-ho-tro:khac]]", "2026-10-02", "66.000 đồng"),
        ("[[thu-nhap-cao-nhat]]", "2026-10-02", "50.600.000 đồng"),
        ("[[bhyt-nguoi-thu-nhat]]", "2026-10-02", "1.366.200 đồng"),
        ("[[can-cu:ho-tro-nha-nuoc]]", "2026-10-02", "Nghị định 159/2025/NĐ-CP, Điều 5 khoản 1"),
        ("[[tu-ngay:ho-tro-nha-nuoc]]", "2026-10-02", "1/7/2025"),
        ("[[tu-ngay:chuan-ngheo-nong-thon]]", "2027-03-01", "1/1/2027"),
    ],
)
def test_placeholder_values(sample_timeline: dict, written: str, day: str, expected: str) -> None:
    assert (
        resolve(f"chỉ {written} thôi", sample_timeline, dt.date.fromisoformat(day)) == f"chỉ {expected} thôi"
    )


def test_jinja_looking_text_is_not_a_placeholder(sample_timeline: dict) -> None:
    text = "Viết {{ muc_dong }} hay {% if x %} vẫn in nguyên; [ghi chú] và [[ cũng thế"
    assert list(placeholders(text)) == []
    assert resolve(text, sample_timeline, dt.date(2026, 12, 2)) == text


@pytest.fixture
def policy_copy(mini_copy: Path) -> Path:
    shutil.copytree(SAMPLE_POLICY, mini_copy / "toan-quoc" / "chinh-sach")
    return mini_copy


def test_unknown_placeholder_is_an_error_at_its_line(policy_copy: Path, check) -> None:
    edit(
        policy_copy,
        MODEL,
        "answer: Người có lương hưu",
        "answer: Chỉ còn [[muc-dong-toi-thieu:ho-ngheo]]. Người có lương hưu",
    )
    problem = expect(check(), MODEL, 9, "doubts[0].answer", '"[[muc-dong-toi-thieu:ho-ngheo]]"')
    assert "muc-dong-thap-nhat" in problem.message  # a suggestion


@pytest.mark.parametrize(
    ("placeholder", "fragment"),
    [
        ("[[ho-tro-nha-nuoc]]", "khác nhau theo nhóm"),
        ("[[ho-tro-nha-nuoc:ho-giau]]", 'nhóm "ho-giau"'),
        ("[[ty-le-dong:khac]]", "không chia theo nhóm"),
        ("[[can-cu:luong-huu]]", "cần tên tham số"),
    ],
)
def test_misused_placeholder_is_an_error(policy_copy: Path, check, placeholder: str, fragment: str) -> None:
    edit(policy_copy, MODEL, "summary: Gặp", f"summary: Theo {placeholder}. Gặp")
    expect(check(), MODEL, 4, "summary", fragment)


def test_figures_typed_by_hand_are_warned_at_their_line(policy_copy: Path, check) -> None:
    edit(
        policy_copy,
        MODEL,
        "summary: Gặp",
        "summary: >-\n  Nhà nước hỗ trợ 30% mức đóng, tức là\n  đóng 231.000 đồng. Gặp",
    )
    result = check()
    assert result.code == 0, result.stderr
    found = {(w.line, w.field, w.message.split(":")[0]) for w in result.warnings if w.path.endswith(MODEL)}
    assert (5, "summary", "tỷ lệ hỗ trợ viết tay") in found
    assert (6, "summary", "số tiền đóng, hỗ trợ viết tay") in found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Nhà nước hỗ trợ 30% mức đóng", ["hỗ trợ 30%"]),
        ("hỗ trợ thêm 10%", ["hỗ trợ thêm 10%"]),
        ("25% cho hộ cận nghèo và 10% cho người khác", ["25% cho hộ cận nghèo", "10% cho người khác"]),
        ("mức đóng bằng 22% thu nhập", ["22%"]),
        ("mỗi tháng chỉ đóng 165.000 đồng", ["165.000 đồng"]),
        ("Tỷ lệ bao phủ BHYT đạt 90%, 99% là đồng bào dân tộc thiểu số", []),
        ("Anh mua 2.000.000 đồng giống lúa", []),
        ("đạt 118% kế hoạch; vượt 30,26% kế hoạch", []),
        ("chỉ đóng [[muc-dong-thap-nhat:ho-ngheo]], hỗ trợ [[ho-tro-nha-nuoc:ho-ngheo]]", []),
    ],
)
def test_handwritten_heuristics(text: str, found: list[str]) -> None:
    assert [snippet for snippet, _ in handwritten(text)] == found


def test_the_build_date_decides_the_figures(tmp_path: Path) -> None:
    content = load_content(ROOT / "stories", "stories")
    settings = load_settings(ROOT)
    texts = {}
    for day in (dt.date(2026, 12, 2), dt.date(2027, 1, 5)):
        views = Views(content, settings, day)
        model = views.of(content.get("model", "doi-thoai-nhom-nho"))
        assert isinstance(model, ModelView)
        page = pages.all_pages(views)[model.source_md]
        texts[day] = page
    assert "hộ nghèo chỉ còn đóng 165.000 đồng" in texts[dt.date(2026, 12, 2)]
    assert "hộ nghèo chỉ còn đóng 242.000 đồng" in texts[dt.date(2027, 1, 5)]
    assert "[[" not in texts[dt.date(2026, 12, 2)]


# ---------------------------------------------------------------- in every output of the sample build


def _today_figure(text: str) -> str:
    content = load_content(ROOT / "stories", "stories")
    return resolve(text, timeline(content.entries), dt.datetime.now(LOCAL_TZ).date())


def _files(manifest: dict, key: str, export: str) -> dict[str, str]:
    return {item["variant"]: item["file"] for item in manifest["records"][key].get(export, [])}


def test_placeholders_resolved_in_every_output(built: Path, manifest: dict) -> None:
    site = built / "site"
    net = _today_figure("[[muc-dong-thap-nhat:dan-toc-thieu-so]]")  # "231.000 đồng" in 2026
    poor = _today_figure("[[muc-dong-thap-nhat:ho-ngheo]]")
    source = _today_figure("[[can-cu:ho-tro-nha-nuoc]]")
    # site page (generated Markdown and HTML)
    story_page = site / manifest["records"]["story/a-luoi-2-go-tung-nha"]["page"] / "index.html"
    assert net in story_page.read_text(encoding="utf-8")
    model_page = site / manifest["records"]["model/doi-thoai-nhom-nho"]["page"] / "index.html"
    model_text = html.unescape(re.sub(r"<[^>]+>", "", model_page.read_text(encoding="utf-8")))
    assert f"hộ nghèo chỉ còn đóng {poor}" in model_text and source in model_text
    # leaflets: the story's A5 and the dialogue kit (talking points)
    story_pdf = pdf_text(site / _files(manifest, "story/a-luoi-2-go-tung-nha", "leaflet")["a5"])
    assert net in story_pdf
    kit = pdf_text(site / _files(manifest, "model/doi-thoai-nhom-nho", "leaflet")["talking-points"])
    assert poor in kit and source in kit
    # loudspeaker script: written out in words
    script = (site / _files(manifest, "story/a-luoi-2-go-tung-nha", "script")["announcer"]).read_text("utf-8")
    words = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "lantoa"), "spoken", net], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert words in script and net not in script
    # social post
    post = (site / _files(manifest, "story/a-luoi-2-go-tung-nha", "social")["facebook"]).read_text("utf-8")
    assert net in post
    # nothing left unresolved anywhere
    for path in site.rglob("*"):
        if path.suffix in (".html", ".txt", ".ssml", ".json"):
            assert "[[" not in path.read_text(encoding="utf-8", errors="replace"), path


# The levels that ended on 30/6/2025: 30% for the poor, 25% near-poor, 10% others (30% is today's
# level for ethnic minorities, so "30%" alone is no sign of an outdated text; "hỗ trợ thêm 10%" is a
# province's own top-up, as in the Quảng Ngãi example's rate table).
OUTDATED = re.compile(
    r"hỗ trợ (?:25|10) ?%|30 ?% [^.;\n]{0,40}(?<!cận )hộ nghèo|25 ?% [^.;\n]{0,20}cận nghèo"
    r"|10 ?% [^.;\n]{0,20}(?:người khác|đối tượng khác)|30 ?%, 25 ?%|25 ?%, 10 ?%"
)


def test_no_outdated_support_level_in_the_built_sample(built: Path) -> None:
    """Site pages, leaflets and scripts; the policy records' own history pages are the exception."""
    site = built / "site"
    found = []
    for path in site.rglob("*"):
        if "chinh-sach" in path.parts or path.suffix not in (".html", ".txt", ".pdf"):
            continue
        text = pdf_text(path) if path.suffix == ".pdf" else path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"<[^>]+>", " ", " ".join(text.split()))
        found += [(str(path.relative_to(site)), m.group(0)) for m in OUTDATED.finditer(text)]
    assert found == []


def test_dialogue_kit_shows_the_current_levels_with_their_source(built: Path, manifest: dict) -> None:
    site = built / "site"
    kit = pdf_text(site / _files(manifest, "model/doi-thoai-nhom-nho", "leaflet")["talking-points"])
    levels = [_today_figure(f"[[ho-tro-nha-nuoc:{g}]]") for g in ("ho-ngheo", "ho-can-ngheo", "khac")]
    assert f"hỗ trợ {levels[0]} mức đóng" in kit
    assert f"{levels[1]} cho hộ cận nghèo" in kit and f"{levels[2]} cho người khác" in kit
    assert _today_figure("(theo [[can-cu:ho-tro-nha-nuoc]])") in kit


def test_timeline_json_is_written_for_the_calculator(built: Path) -> None:
    data = json.loads((built / "site" / "chinh-sach" / "chinh-sach.json").read_text(encoding="utf-8"))
    assert data["parameters"]["ho-tro-nha-nuoc"][-1]["value"]["ho-ngheo"] == 50
    page = (built / "site" / "noi-dung" / "may-tinh" / "index.html").read_text(encoding="utf-8")
    assert 'data-timeline="../../chinh-sach/chinh-sach.json"' in page
    assert "assets/calculator.js" in page
    home = (built / "site" / "index.html").read_text(encoding="utf-8")
    assert "noi-dung/may-tinh/" in home
