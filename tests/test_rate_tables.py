"""Printed rate tables per province (BHXH tự nguyện, BHYT hộ gia đình) and the unit leaflet's front
page with the current amounts: the printed text, embedded fonts, the QR code to the calculator."""

from __future__ import annotations

import copy
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from generator.export import leaflet
from generator.export.context import BuildContext
from generator.export.leaflet.render import Job, render_one
from generator.model.loading import load_content
from tests.conftest import MINI, ROOT
from tests.policybuild import TIMELINE, policy_context

pytestmark = pytest.mark.xdist_group("leaflet")

TODAY = dt.date(2026, 12, 2)
CALCULATOR = "https://lantoa.example.org/noi-dung/may-tinh/"


def folded(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path, *pages: int) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    out = subprocess.run(
        ["pdftotext", "-raw", *first_last, str(path), "-"], capture_output=True, text=True, check=True
    )
    return folded(out.stdout)


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def tables(ctx: BuildContext, key: str) -> dict[str, Path]:
    items = ctx.writer.manifest.files(key, "leaflet")
    return {i["variant"]: ctx.writer.root / i["file"] for i in items if i["variant"].endswith("-table")}


def leaflets(tmp: Path, today: dt.date, timeline: dict) -> BuildContext:
    content = load_content(MINI, "tests/fixtures/mini")
    ctx = policy_context(content, tmp / "out", today, cache=tmp / "cache")
    ctx.views.policy_timeline = timeline  # type: ignore[misc]
    leaflet.export(ctx)
    return ctx


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    """The mini content's leaflets on 2/12/2026 (Quảng Ngãi has its example top-up)."""
    return leaflets(tmp_path_factory.mktemp("tables"), TODAY, TIMELINE)


def test_only_provinces_get_tables_listed_in_the_manifest(built: BuildContext) -> None:
    assert set(tables(built, "unit/quang-ngai")) == {"rate-table", "bhyt-table"}
    assert tables(built, "unit/son-tinh") == {}
    items = built.writer.manifest.files("unit/quang-ngai", "leaflet")
    files = {i["variant"]: i["file"] for i in items}
    assert files["rate-table"] == "to-roi/don-vi/quang-ngai-bang-muc-dong.pdf"
    assert files["bhyt-table"] == "to-roi/don-vi/quang-ngai-bang-bhyt-ho-gia-dinh.pdf"
    assert all(i["pages"] == 1 for i in items if i["variant"].endswith("-table"))


def test_rate_table_prints_the_amounts_for_the_date(built: BuildContext) -> None:
    path = tables(built, "unit/quang-ngai")["rate-table"]
    assert page_count(path) == 1
    text = pdf_text(path)
    assert "Bảng mức đóng BHXH tự nguyện" in text and "Quảng Ngãi" in text
    assert "Áp dụng từ 1/7/2026 đến 31/12/2026 · tính cho ngày 2/12/2026" in text  # ends: change known
    # Poor household at 1,500,000 with the state's 50% and the province's 20%: 99,000 a month.
    assert "1.500.000 99.000 297.000 594.000 1.188.000" in text
    assert "50.600.000 10.901.000 32.703.000 65.406.000 130.812.000" in text
    assert "Nhà nước hỗ trợ 50% × 22% × 1.500.000 = 165.000 đồng/tháng" in text
    assert "tỉnh hỗ trợ thêm 20% = 66.000 đồng/tháng" in text
    assert "Nghị định 159/2025/NĐ-CP" in text and "chưa đối chiếu văn bản gốc" in text
    assert "Sắp thay đổi từ 1/1/2027" in text and "dự kiến" not in text
    assert "hộ nghèo từ 99.000 lên 145.200" in text


def test_rate_table_without_top_up_after_the_change(tmp_path: Path) -> None:
    """On 2/1/2027, nationwide figures only: the new minimum income and the state support alone."""
    timeline = copy.deepcopy(TIMELINE)
    timeline["provinces"] = {}
    ctx = leaflets(tmp_path, dt.date(2027, 1, 2), timeline)
    text = pdf_text(tables(ctx, "unit/quang-ngai")["rate-table"])
    assert "Áp dụng từ 1/1/2027 · tính cho ngày 2/1/2027" in text
    assert "2.200.000 242.000 726.000 1.452.000 2.904.000" in text  # poor household
    assert "2.200.000 387.200 1.161.600 2.323.200 4.646.400" in text  # others
    assert "tỉnh hỗ trợ" not in text and "Sắp thay đổi" not in text


def test_bhyt_table(built: BuildContext) -> None:
    path = tables(built, "unit/quang-ngai")["bhyt-table"]
    assert page_count(path) == 1
    text = pdf_text(path)
    assert "Bảng mức đóng BHYT hộ gia đình" in text
    assert "1 100% 113.850 341.550 683.100 1.366.200 1.366.200" in text
    assert "4 50% 56.925 170.775 341.550 683.100 3.825.360" in text  # policy.md: a household of 4
    assert "5 trở đi 40% 45.540 136.620 273.240 546.480 4.371.840" in text
    assert "4 người 956.340 1.912.680 3.825.360" in text  # the household's amount for 3, 6, 12 months
    assert "Nghị định 188/2025/NĐ-CP" in text and "Nghị định 161/2026/NĐ-CP" in text


def test_table_fonts_are_embedded(built: BuildContext) -> None:
    for path in tables(built, "unit/quang-ngai").values():
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows
        for row in rows:
            assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), f"{path.name}: {row}"
            assert "Noto" in row, row


def test_table_qr_opens_the_calculator(built: BuildContext, tmp_path: Path) -> None:
    for variant, path in tables(built, "unit/quang-ngai").items():
        png = tmp_path / variant
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(png)], check=True)
        out = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{png}.png"], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == CALCULATOR


def test_no_tables_without_policy_figures(tmp_path: Path) -> None:
    ctx = leaflets(tmp_path, TODAY, {})
    assert tables(ctx, "unit/quang-ngai") == {}
    assert not ctx.views.rates_printable


def test_unit_front_page_carries_the_current_amounts(tmp_path: Path) -> None:
    """A Lưới 2 has no figures of its own: its front page now shows Huế's current amounts."""
    content = load_content(ROOT / "stories", "stories")
    ctx = policy_context(content, tmp_path / "out", TODAY, cache=tmp_path / "cache")
    (item,) = [i for i in leaflet.plan(ctx) if i.view.id == "a-luoi-2" and i.planned.variant == "a4"]
    result = render_one(Job(item.key, item.html, item.pages), ctx.cache.root)
    assert result.pages == 2
    path = ctx.cache.path("leaflet", item.key, ".pdf")
    front = pdf_text(path, 1)
    assert "A Lưới 2" in front
    assert "Mức đóng BHXH tự nguyện thấp nhất mỗi tháng" in front
    for label, support, pays in (
        ("Hộ nghèo", "50% = 165.000 đồng", "165.000 đồng"),
        ("Hộ cận nghèo", "40% = 132.000 đồng", "198.000 đồng"),
        ("Người dân tộc thiểu số", "30% = 99.000 đồng", "231.000 đồng"),
        ("Đối tượng khác", "20% = 66.000 đồng", "264.000 đồng"),
    ):
        assert f"{label} {support} {pays}" in front
    assert "từ 1.500.000 đồng đến 50.600.000 đồng" in front
    assert "Đóng ở đâu" in front
    assert "Từ 1/1/2027:" in front and "hộ nghèo 242.000 đồng" in front and "dự kiến" not in front
    assert "Tính ngày 2/12/2026, áp dụng đến 31/12/2026" in front
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert all("Noto" in row for row in fonts.splitlines()[2:])  # no fallback font for a missing glyph
