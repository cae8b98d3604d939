"""Only what is true reaches the public (issue 18): example records feed no output, no page shows
markup residue, and while site_url is a placeholder every PDF and card says it is a preview."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from generator.export.leakscan import PAGEFIND_SIGNATURE, scan
from generator.export.output import Cache
from generator.export.residue import residue_in, visible_html, written
from generator.model.loading import load_content
from generator.model.settings import PREVIEW_STAMP, placeholder_url
from generator.present.examples import example_figures
from tests.conftest import MINI, ROOT
from tests.sitebuild import lantoa, project_copy

SAMPLE_POLICY = ROOT / "stories" / "toan-quoc" / "chinh-sach"
TOP_UP = ROOT / "stories" / "quang-ngai" / "chinh-sach" / "ho-tro-tinh-quang-ngai.yaml"
DAY = "2026-12-02"


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def with_policies(stories: Path) -> Path:
    """A content folder with the project's policy records and its example top-up for Quảng Ngãi."""
    shutil.copytree(SAMPLE_POLICY, stories / "toan-quoc" / "chinh-sach")
    (stories / "quang-ngai" / "chinh-sach").mkdir()
    shutil.copy(TOP_UP, stories / "quang-ngai" / "chinh-sach" / TOP_UP.name)
    return stories


# --- 1. example records ----------------------------------------------------------------------


STORY_EXAMPLE = """kind: story
id: vi-du-cau-chuyen
title: Câu chuyện ví dụ về một người đóng đủ năm năm
unit: son-tinh
date: 2025-05
example: true
summary: Ví dụ minh họa.
body: Ví dụ minh họa, không có thật.
source: {publisher: Ví dụ, title: Ví dụ}
"""


def test_any_kind_may_be_an_example_shown_only_in_the_preview(mini_copy: Path) -> None:
    (mini_copy / "quang-ngai" / "vi-du.yaml").write_text(STORY_EXAMPLE, encoding="utf-8")
    built = load_content(mini_copy, "stories")
    assert not built.report.errors, [str(e) for e in built.report.errors]
    assert built.get("story", "vi-du-cau-chuyen") is None  # what every export sees
    assert "story/vi-du-cau-chuyen" not in {e.key for e in built.published}
    preview = load_content(mini_copy, "stories", examples=True)  # lantoa serve
    assert preview.get("story", "vi-du-cau-chuyen") is not None


def test_a_real_record_cannot_point_at_an_example(mini_copy: Path) -> None:
    unit = mini_copy / "quang-ngai" / "son-tinh" / "son-tinh.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "example: true\n", encoding="utf-8")
    content = load_content(mini_copy, "stories")
    errors = [str(e) for e in content.report.errors]
    assert any(
        e.startswith("stories/quang-ngai/son-tinh/huy.yaml:") and ": unit: " in e and "example: true" in e
        for e in errors
    ), errors


def test_the_example_top_up_feeds_neither_the_timeline_nor_the_calculator_command() -> None:
    from generator.calculate import load_timeline

    content = load_content(ROOT / "stories", "stories")
    assert not content.report.errors
    from generator.model.policy import timeline

    assert timeline(content.published)["provinces"] == {}
    found, _ = load_timeline(str(ROOT / "stories"))
    assert found["provinces"] == {}


def test_figures_an_example_makes_differ_from_every_real_figure() -> None:
    content = load_content(ROOT / "stories", "stories")
    figures = example_figures(content, dt.date(2026, 12, 2))
    assert "363.000" in figures  # "đối tượng khác" from 1/1/2027 with the made-up 5 %
    assert "869.000" in figures  # a poor household at 5.000.000 with the made-up 20 %
    # the same amounts as real ones are no evidence: the state's 30 % support is 99.000 too
    assert "99.000" not in figures and "165.000" not in figures and "297.000" not in figures
    assert all("ho-tro-tinh-quang-ngai" in label for label in figures.values())


def test_the_sample_build_prints_no_example_figure(built: Path, manifest: dict) -> None:
    """Pages, PDFs, scripts, posts, calculator data: no Quảng Ngãi top-up anywhere."""
    site = built / "site"
    content = load_content(ROOT / "stories", "stories")
    figures = set(example_figures(content))
    assert figures
    timeline = json.loads((site / "chinh-sach" / "chinh-sach.json").read_text(encoding="utf-8"))
    assert timeline["provinces"] == {}
    records = manifest["records"]
    assert "policy/ho-tro-tinh-quang-ngai" not in records
    assert not (site / "noi-dung" / "chinh-sach" / "ho-tro-tinh-quang-ngai").exists()
    texts: dict[str, str] = {}
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html" or (path.suffix in (".txt", ".json", ".ssml") and "pagefind" not in rel):
            texts[rel] = path.read_text(encoding="utf-8")
    for unit in ("quang-ngai", "son-tinh"):
        for item in records[f"unit/{unit}"]["leaflet"]:
            texts[item["file"]] = pdf_text(site / item["file"])
    assert any(rel.endswith("quang-ngai-bang-muc-dong.pdf") for rel in texts)
    number = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)")
    for rel, text in texts.items():
        assert "ho-tro-tinh-quang-ngai" not in text, rel
        assert not re.search(r"tỉnh hỗ trợ thêm \d", text), rel  # the rate table's line for a top-up
        assert "của Nhà nước và của tỉnh" not in text and "và tỉnh hỗ trợ" not in text, rel
        assert "VÍ DỤ MINH HỌA" not in text, rel
        assert not figures & set(number.findall(text)), (rel, figures & set(number.findall(text)))
        # the poor household's 99.000 with the made-up top-up (the real amount is 165.000)
        assert not re.search(r"Hộ nghèo\W+(?:</?t[dh][^>]*>\s*)*99\.000", text), rel
        assert "1.500.000 99.000 297.000" not in text, rel


def test_a_figure_made_from_an_example_fails_the_build(tmp_path: Path) -> None:
    """A hand-written page quoting the top-up's amount: the leak scan refuses the build."""
    project = project_copy(tmp_path / "p", MINI, own_docs=True)
    with_policies(project / "stories")
    content = load_content(project / "stories", "stories")
    figures = example_figures(content, dt.date.fromisoformat(DAY))
    figure = "869.000"
    assert figure in figures
    page = project / "docs" / "gioi-thieu.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f"\nHộ nghèo đóng {figure} đồng mỗi tháng.\n", encoding="utf-8"
    )
    result = lantoa(project, "build", "--date", DAY)
    assert result.returncode == 1, result.stderr[-3000:]
    assert f'gioi-thieu/index.html: số "{figure}": con số tính từ bản ghi ví dụ minh họa' in result.stderr
    assert not (project / "site").exists()


def test_the_scan_finds_example_figures_where_no_digit_touches_them(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "stories")
    stories = with_policies(tmp_path / "stories")
    content = load_content(stories, "stories")
    out = tmp_path / "site"
    out.mkdir()
    outputs = {
        "a.html": "<td>Hộ nghèo</td><td>869.000</td>",  # a page
        "b.txt": "Mức đóng 869.000.",  # a script or post, the figure ends a sentence
        "c.json": '{"net": "869.000"}',  # calculator data
        "fine.html": "<p>1.869.000 và 869.000.000 và 165.000 đồng</p>",  # other numbers
    }
    for name, text in outputs.items():
        (out / name).write_text(text, encoding="utf-8")
    found = {leak.file for leak in scan(out, content, Cache(tmp_path / "c"), on=dt.date(2026, 12, 2))}
    assert found == {"a.html", "b.txt", "c.json"}


# --- 2. one front matter, no markup residue ----------------------------------------------------


RESIDUE = {
    "escape": ('<p>title: "Nh\\u00e0 n\\u01b0\\u1edbc"</p>', "mã thoát"),
    "front matter key": ("<p>lantoa_kind: Chính sách</p>", "lantoa_"),
    "jinja expression": ("<p>Xin chào {{ v.title }}</p>", "Jinja"),
    "jinja statement": ("<p>{% if x %}</p>", "Jinja"),
    "placeholder": ("<p>Mức đóng [[muc-dong-thap-nhat]] mỗi tháng</p>", "[[…]]"),
    "None": ("<p>Người nói: None</p>", "giá trị trống"),
    "nan": ("<td>nan</td>", "giá trị trống"),
    "undefined": ("<p>Số liệu: undefined người</p>", "giá trị trống"),
}


@pytest.mark.parametrize("case", RESIDUE.values(), ids=RESIDUE.keys())
def test_each_residue_in_visible_text_is_named(case: tuple[str, str]) -> None:
    html, what = case
    found = residue_in(visible_html(f"<html><body>{html}</body></html>"))
    assert len(found) == 1 and what in found[0], found


def test_what_the_editors_wrote_is_printed_as_written_not_residue() -> None:
    """README: a field with {{ }} shows {{ }}; a placeholder the build knows must be replaced."""
    allowed = written(["Tiêu đề {{ 7*7 }} và {% if true %}", "Mức [[muc-dong-thap-nhat]]", "[[khong-co]]"])
    assert residue_in("Tiêu đề {{ bảy*bảy\n}} và {% if true %} …", allowed) == []  # spoken, cut
    assert residue_in("Xin chào {{ v.title }}", written(["Tiêu đề {% if %}"]))  # a template's own
    assert residue_in("Mức [[muc-dong-thap-nhat]] đồng", allowed)  # known: should have been replaced
    assert residue_in("Chữ [[khong-co]] như đã gõ", allowed) == []


def test_residue_outside_the_visible_text_is_not_reported() -> None:
    page = (
        '<html><head><title>x</title><script>var a = "{{" + undefined;</script>'
        "<style>.a{}</style></head><body>"
        '<img alt="lantoa_kind" data-x="None"><p>nan giải, Bảng None-free? không; [đoạn 1] trống</p>'
        "</body></html>"
    )
    assert residue_in(visible_html(page)) == []


def test_the_scan_reports_residue_in_pages_pdfs_scripts_and_posts(mini_content, tmp_path: Path) -> None:
    from weasyprint import HTML

    out = tmp_path / "site"
    (out / "loa").mkdir(parents=True)
    (out / "mang-xa-hoi").mkdir()
    (out / "page.html").write_text("<p>lantoa_search: false</p>", encoding="utf-8")
    (out / "loa" / "a.txt").write_text("Kính thưa bà con {{ view.title }}", encoding="utf-8")
    (out / "mang-xa-hoi" / "a.txt").write_text("Mức đóng: [[muc-dong]] đồng", encoding="utf-8")
    HTML(string="<p>Người nói: None</p>").write_pdf(out / "to-roi.pdf")
    (out / "data.json").write_text('{"a": null, "b": "\\u00e0"}', encoding="utf-8")  # not read text
    leaks = scan(out, mini_content, Cache(tmp_path / "c"))
    found = {(leak.file, leak.what.split(":")[0]) for leak in leaks if leak.residue}
    assert found == {
        ("page.html", "khóa lantoa_… của front matter"),
        ("loa/a.txt", "cú pháp mẫu Jinja chưa xử lý"),
        ("mang-xa-hoi/a.txt", "chỗ giữ số liệu [[…]] chưa thay"),
        ("to-roi.pdf", "giá trị trống của chương trình"),
    }


def test_policy_pages_have_one_front_matter_and_are_found_by_search(built: Path) -> None:
    """One front matter, none of it printed; the pages are searched (\"bao hiem y te\" finds the
    BHYT page, issue 19); a page that says lantoa_search: false (the preview's report) is not."""
    site = built / "site"
    pages = sorted((site / "noi-dung" / "chinh-sach").glob("*/index.html"))
    assert len(pages) >= 9
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = visible_html(html)
        assert residue_in(text) == [], page
        assert "lantoa_" not in html and "title:" not in text, page
        assert "data-pagefind-body" in html, page
    story = (site / "noi-dung" / "cau-chuyen" / "son-tinh-nguyen-trong-huy" / "index.html").read_text()
    assert "data-pagefind-body" in story
    indexed = {}
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(PAGEFIND_SIGNATURE))
        indexed[data["url"]] = json.dumps(data, ensure_ascii=False)
    assert "/noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy/" in indexed
    assert len([url for url in indexed if url.startswith("/noi-dung/chinh-sach/")]) == len(pages) + 1
    assert not [url for url, text in indexed.items() if "lantoa_" in text or "\\u00" in text]


def test_the_sample_has_no_residue_anywhere(built: Path) -> None:
    content = load_content(ROOT / "stories", "stories")
    leaks = scan(built / "site", content, Cache(built / ".cache" / "lantoa"), jobs=2)
    assert leaks == []


# --- 3. a placeholder site_url: stamped previews, and --publish refuses -----------------------------


@pytest.mark.parametrize(
    "url, placeholder",
    [
        ("https://lantoa.example.org/", True),
        ("http://example.com", True),
        ("http://localhost:8000/", True),
        ("http://127.0.0.1/", True),
        ("", True),
        ("https://truyenthong.baohiemxahoi.gov.vn/", False),
        ("https://example.org.vn/", False),
    ],
)
def test_placeholder_addresses(url: str, placeholder: bool) -> None:
    assert placeholder_url(url) is placeholder


def test_every_pdf_of_a_preview_build_is_stamped(built: Path, manifest: dict) -> None:
    site = built / "site"
    unit = {i["variant"]: i["file"] for i in manifest["records"]["unit/quang-ngai"]["leaflet"]}
    sheet = next(
        i["file"] for i in manifest["records"]["unit/quang-ngai"]["script"] if i["file"].endswith(".pdf")
    )
    checked = {
        unit["a4"]: "lantoa.example.org/noi-dung/don-vi/quang-ngai/",
        unit["rate-table"]: "lantoa.example.org/noi-dung/may-tinh/",
        unit["bhyt-table"]: "lantoa.example.org/noi-dung/may-tinh/",
        sheet: None,
    }
    for file, address in checked.items():
        text = pdf_text(site / file)
        assert text.count(PREVIEW_STAMP) >= 1, file
        if address:
            assert f"Mã QR mở {address} (địa chỉ giữ chỗ)" in " ".join(text.split()), (file, text[-400:])
    every = [p for p in site.rglob("*.pdf")]
    assert len(every) > 100
    unstamped = [p.name for p in every[:: max(len(every) // 25, 1)] if PREVIEW_STAMP not in pdf_text(p)]
    assert unstamped == []


STAMP_RED = (179, 38, 30)


def red_pixels(png: bytes) -> int:
    data = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = (data[i : i + 3] for i in range(0, len(data), 3))
    return sum(1 for pixel in pixels if max(abs(a - b) for a, b in zip(pixel, STAMP_RED, strict=True)) < 24)


def test_a_card_of_a_preview_build_carries_the_stamp(built: Path, manifest: dict) -> None:
    cards = [
        built / "site" / item["file"]
        for record in manifest["records"].values()
        for item in record.get("social", [])
        if item["variant"] == "card"
    ]
    assert len(cards) > 10
    assert all(red_pixels(card.read_bytes()) > 2_000 for card in cards[:5])


def test_the_card_stamp_is_in_the_layout_only_for_a_placeholder(mini_context) -> None:
    from dataclasses import replace

    from generator.export.social import cards

    view = mini_context.views.get("story", "son-tinh-nguyen-trong-huy")
    preview = cards.plan_story(view, mini_context.settings)
    stamp = next(t for t in preview.texts if t.name == "stamp")
    assert stamp.text.lines == (PREVIEW_STAMP,) and preview.stamp_box is not None
    real = replace(mini_context.settings, site_url="https://truyenthong.baohiemxahoi.gov.vn/",
                   site_url_given="https://truyenthong.baohiemxahoi.gov.vn/")  # fmt: skip
    plan = cards.plan_story(view, real)
    assert plan.stamp_box is None and not [t for t in plan.texts if t.name == "stamp"]
    assert red_pixels(cards.png_bytes(cards.draw(preview))) > 2_000
    assert red_pixels(cards.png_bytes(cards.draw(plan))) < 200


def test_publish_refuses_a_placeholder_and_builds_with_a_real_address(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", MINI, own_docs=True)
    with_policies(project / "stories")
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("site_url:"))
    refused = lantoa(project, "build", "--publish", "--date", DAY)
    assert refused.returncode == 1
    first = refused.stderr.splitlines()[0]
    assert first.startswith(
        f'mkdocs.yml:{line}: site_url: "https://lantoa.example.org/" chỉ là địa chỉ giữ chỗ'
    )
    assert not (project / "site").exists()
    lines[line - 1] = "site_url: https://truyenthong.baohiemxahoi.gov.vn/"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = lantoa(project, "build", "--publish", "--date", DAY)
    assert done.returncode == 0, done.stderr[-3000:]
    site = project / "site"
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    leaflet = manifest["records"]["unit/quang-ngai"]["leaflet"]
    for item in leaflet:
        assert PREVIEW_STAMP not in pdf_text(site / item["file"]), item["file"]
    card = next(
        i["file"] for r in manifest["records"].values() for i in r.get("social", []) if i["variant"] == "card"
    )
    assert red_pixels((site / card).read_bytes()) < 200


def test_publish_refuses_a_missing_site_url(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", MINI, own_docs=True)
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url:.*\n", "", config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    refused = lantoa(project, "build", "--publish")
    assert refused.returncode == 1
    assert refused.stderr.startswith("mkdocs.yml:1: site_url: chưa có địa chỉ trang web"), refused.stderr


def test_the_preview_shows_an_example_stamped(tmp_path: Path) -> None:
    """lantoa serve: the example's page is there, marked as an example; a build has none."""
    from generator.serve.preview import Preview

    project = project_copy(tmp_path / "p", MINI)
    with_policies(project / "stories")
    docs = tmp_path / "preview" / "docs"
    assert Preview(project / "stories", docs, project).regenerate().ok
    page = (docs / "noi-dung" / "chinh-sach" / "ho-tro-tinh-quang-ngai.md").read_text(encoding="utf-8")
    assert page.startswith("---\n") and page.count("\n---\n") == 1  # one front matter
    assert "lantoa_example: true" in page.split("\n---\n")[0]
    assert "Ví dụ minh họa" in page
    calculator = (docs / "noi-dung" / "may-tinh.md").read_text(encoding="utf-8")
    assert "Quảng Ngãi (ví dụ minh họa)" in calculator
