"""Leaflets: the printed text, paper sizes, embedded fonts, QR codes, consent, caching."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from concurrent.futures import Future
from pathlib import Path

import pytest

from generator.export import leaflet, pdf
from generator.export.context import BuildContext
from generator.export.leaflet import render as leaflet_render
from generator.export.leaflet.context import call_to_action, keep_last_words, pick_figures
from generator.model.loading import load_content
from generator.present import catalogue
from generator.present.views import ContactView, StoryView
from tests.conftest import MINI, make_context

pytestmark = pytest.mark.xdist_group("leaflet")

POINTS_PER_MM = 72 / 25.4
STORY, HIDDEN = "story/son-tinh-nguyen-trong-huy", "story/son-tinh-chi-g"


def folded(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True)
    return folded(out.stdout)


def page_sizes_mm(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(round(float(w) / POINTS_PER_MM), round(float(h) / POINTS_PER_MM)) for w, h in sizes]


def leaflet_files(ctx: BuildContext, key: str) -> dict[str, Path]:
    items = ctx.writer.manifest.files(key, "leaflet")
    return {item["variant"]: ctx.writer.root / item["file"] for item in items}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    """The mini content's leaflets, rendered once for the module, with a private cache: the tests
    below check that a rebuild links this cache's very files (another worker could replace a
    shared entry with its own identical copy)."""
    tmp = tmp_path_factory.mktemp("leaflets")
    content = load_content(MINI, "tests/fixtures/mini")
    ctx = make_context(content, tmp / "out", tmp / "cache")
    leaflet.export(ctx)
    return ctx


def story_view(ctx: BuildContext, key: str) -> StoryView:
    kind, id_ = key.split("/")
    return ctx.views.of(ctx.content.get(kind, id_))  # type: ignore[arg-type,return-value]


# --- manifest and files ---------------------------------------------------------------
def test_every_planned_leaflet_is_written_and_listed(built: BuildContext) -> None:
    for kind in ("story", "unit", "model"):
        for entry in built.content.of_kind(kind):
            planned = [p for p in catalogue.planned(kind, entry.id) if p.export == "leaflet"]
            listed = built.writer.manifest.files(entry.key, "leaflet")
            assert sorted((i["file"], i["variant"]) for i in listed) == sorted(
                (p.path, p.variant) for p in planned
            )
            for item in listed:
                assert (built.writer.root / item["file"]).read_bytes().startswith(b"%PDF")


# --- the printed text -------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["a5", "a5-large"])
def test_story_leaflet_prints_title_quote_figures_and_call_to_action(
    built: BuildContext, variant: str
) -> None:
    view = story_view(built, STORY)
    text = pdf_text(leaflet_files(built, STORY)[variant])
    assert folded(view.title) in text
    assert f"“{view.quote}”" in text
    assert "2.083 người" in text  # Vietnamese grouping: a dot for thousands
    assert view.figures[0].value in text and view.figures[0].when in text
    # each figure names its source as the site does: publisher, title and date
    assert folded(f"Nguồn: {view.figures[0].source.text}") in text
    assert "Nguồn: Tạp chí BHXH, “Chính sách thấm sâu”, tháng 6/2025" in text
    if variant == "a5":
        assert "+903 người (+76,53%) so với năm 2023" in text  # a comma for decimals
    cta = call_to_action(view.contact, built.settings.contact.phone)  # type: ignore[arg-type]
    for line in (cta.heading, *cta.lines):
        assert folded(line) in text, line


def test_unit_leaflet_shows_figures_chart_models_stories_and_call_to_action(built: BuildContext) -> None:
    text = pdf_text(leaflet_files(built, "unit/son-tinh")["a4"])
    for expected in (
        "Sơn Tịnh",
        "Thôi tồn tại từ ngày 1/7/2025",
        "2.083 người",
        "Đối thoại nhóm nhỏ",
        "Người thứ ba trong nhà có sổ BHXH",
        "Vì sao nên tham gia?",
        "Đăng ký tham gia ở đâu?",
        "Gọi: 1900 9068 (Thứ Hai - Thứ Sáu, 7h30 - 17h00)",
    ):
        assert expected in text, expected
    assert "1.180 người" in text  # the chart's bar label: the chart is drawn with real text


def test_talking_points_have_audiences_benefits_doubts_steps_and_example(built: BuildContext) -> None:
    text = pdf_text(leaflet_files(built, "model/doi-thoai-nhom-nho")["talking-points"])
    for expected in (
        "Tài liệu đối thoại nhóm nhỏ",
        "Dành cho ai",
        "Lao động tự do, phi chính thức",
        "Lợi ích, nói cho dễ hiểu",
        "Có lương hưu hằng tháng",
        "Liệu mình có sống tới lúc nhận lương hưu?",
        "Người có lương hưu còn được cấp thẻ BHYT miễn phí.",
        "Các bước",
        "Mời người có uy tín",
        "Ví dụ thật",
        "Người thứ ba trong nhà có sổ BHXH",
    ):
        assert expected in text, expected


def test_person_without_consent_appears_only_abbreviated(built: BuildContext) -> None:
    texts = {
        path.name: pdf_text(path)
        for key in (HIDDEN, "unit/son-tinh", "unit/quang-ngai", "model/doi-thoai-nhom-nho")
        for path in leaflet_files(built, key).values()
    }
    for name, text in texts.items():
        assert "Giang" not in text, name
    for variant in ("a5", "a5-large"):
        assert "— Chị G." in pdf_text(leaflet_files(built, HIDDEN)[variant])


# --- paper, fonts, QR ---------------------------------------------------------------
def test_paper_sizes_and_page_counts(built: BuildContext) -> None:
    for variant in ("a5", "a5-large"):
        assert page_sizes_mm(leaflet_files(built, STORY)[variant]) == [(148, 210)]
    for variant in ("a4", "a4-large"):
        assert page_sizes_mm(leaflet_files(built, "unit/son-tinh")[variant]) == [(210, 297)] * 2
    talking = leaflet_files(built, "model/doi-thoai-nhom-nho")["talking-points"]
    assert page_sizes_mm(talking) == [(210, 297)]


def test_every_font_is_embedded(built: BuildContext) -> None:
    for path in sorted((built.writer.root / "to-roi").rglob("*.pdf")):
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, path
        for row in rows:
            assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), f"{path.name}: {row}"
            assert "Noto" in row, row  # the fonts with full Vietnamese coverage


@pytest.mark.parametrize("key", [STORY, "unit/son-tinh", "model/doi-thoai-nhom-nho"])
def test_qr_code_opens_the_page(built: BuildContext, key: str, tmp_path: Path) -> None:
    kind, id_ = key.split("/")
    view = built.views.of(built.content.get(kind, id_))  # type: ignore[arg-type]
    for variant, path in leaflet_files(built, key).items():
        last = len(page_sizes_mm(path))
        png = tmp_path / variant
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", str(last), "-l", str(last), "-png", "-singlefile", path, png],
            check=True,
        )
        out = subprocess.run(
            ["zbarimg", "--quiet", "--raw", f"{png}.png"], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == view.url == f"https://lantoa.example.org/{view.page}"


def test_large_print_body_is_at_least_14_pt(built: BuildContext, tmp_path: Path) -> None:
    """Measured in the PDF: the summary's words are as tall as 14 pt Noto Sans."""
    view = story_view(built, STORY)
    first_word = view.summary.split()[0]
    heights = {}
    for variant, path in leaflet_files(built, STORY).items():
        html = tmp_path / f"{variant}.html"
        subprocess.run(["pdftotext", "-bbox", str(path), str(html)], check=True)
        boxes = re.findall(
            rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{re.escape(first_word)}</word>',
            html.read_text(encoding="utf-8"),
        )
        heights[variant] = max(float(y2) - float(y1) for y1, y2 in boxes)
    # Noto Sans' line box is 1.36 em: 14 pt text gives words about 19 pt tall.
    assert heights["a5-large"] >= 14 * 1.3
    assert heights["a5"] < heights["a5-large"]


# --- cache and speed -------------------------------------------------------------------
def test_unchanged_rebuild_renders_nothing(built: BuildContext, tmp_path: Path) -> None:
    again = make_context(built.content, tmp_path / "out", built.cache.root)
    leaflet.export(again)
    assert again.made["pdf"] == 0 and not again.workers.started
    for path in (built.writer.root / "to-roi").rglob("*.pdf"):
        rel = path.relative_to(built.writer.root)
        assert (again.writer.root / rel).read_bytes() == path.read_bytes()
        assert (again.writer.root / rel).stat().st_ino == path.stat().st_ino  # linked, not copied


def test_no_change_rebuild_does_not_import_weasyprint(built: BuildContext, tmp_path: Path) -> None:
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent.parent)!r})
from pathlib import Path
from generator.export import leaflet, pdf
from generator.model.loading import load_content
from tests.conftest import MINI, make_context
ctx = make_context(load_content(MINI, "m"), Path({str(tmp_path / "out")!r}), Path({str(built.cache.root)!r}))
leaflet.export(ctx)
print("weasyprint" in sys.modules, "matplotlib" in sys.modules)
"""
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [str(root / ".venv/bin/python"), "-c", script], capture_output=True, text=True, cwd=root, check=True
    )
    assert out.stdout.split() == ["False", "False"]


def test_changed_record_renders_only_its_leaflets(built: BuildContext, tmp_path: Path) -> None:
    content_dir = tmp_path / "stories"
    shutil.copytree(MINI, content_dir)
    story = content_dir / "quang-ngai/son-tinh/giang.md"
    story.write_text(
        story.read_text(encoding="utf-8").replace("bớt chi tiêu", "bớt tiêu xài"), encoding="utf-8"
    )
    ctx = make_context(load_content(content_dir, "stories"), tmp_path / "out", built.cache.root)
    missing = [item for item in leaflet.plan(ctx) if leaflet_render.cached(ctx.cache, item.key) is None]
    assert sorted(item.planned.path for item in missing) == [
        "to-roi/cau-chuyen/son-tinh-chi-g-a5-chu-lon.pdf",
        "to-roi/cau-chuyen/son-tinh-chi-g-a5.pdf",
        "to-roi/don-vi/quang-ngai-a4-chu-lon.pdf",  # the unit leaflets show the story's summary
        "to-roi/don-vi/quang-ngai-a4.pdf",
        "to-roi/don-vi/son-tinh-a4-chu-lon.pdf",
        "to-roi/don-vi/son-tinh-a4.pdf",
    ]


def test_each_kind_of_leaflet_shares_one_stylesheet(built: BuildContext, tmp_path: Path) -> None:
    """A worker parses a stylesheet once per distinct text, and parsing costs more than laying
    out a page: what differs between leaflets (the preview's QR address) stays out of it."""
    ctx = make_context(built.content, tmp_path / "out", tmp_path / "cache")  # empty: every HTML
    assert ctx.settings.preview  # the stamp, with each leaflet's own address, is on
    sheets: dict[str, set[str]] = {}
    addressed = 0
    for item in leaflet.plan(ctx):
        assert item.html is not None
        body, css = pdf.split_style(item.html)
        sheets.setdefault(item.planned.variant, set()).add(css)
        addressed += "Mã QR mở " in body
    assert addressed > 3
    assert len(sheets) > 3 and all(len(texts) == 1 for texts in sheets.values()), {
        variant: len(texts) for variant, texts in sheets.items()
    }


# --- too much text: fitting, clipping, warnings ----------------------------------------
def test_overlong_records_still_fit_their_pages_and_warn(tmp_path: Path) -> None:
    content_dir = tmp_path / "stories"
    shutil.copytree(MINI, content_dir)
    story = content_dir / "quang-ngai/son-tinh/huy.yaml"
    long_title = (
        "Từ người lao động tự do đến người thứ ba trong gia đình có sổ bảo hiểm xã hội tự nguyện ở thôn"
    )
    text = story.read_text(encoding="utf-8").replace("Người thứ ba trong nhà có sổ BHXH", long_title)
    story.write_text(text, encoding="utf-8")
    model = content_dir / "toan-quoc/doi-thoai-nhom-nho.yaml"
    doubts = "".join(
        f"  - question: Câu hỏi số {i} về việc đóng BHXH tự nguyện khi thu nhập không ổn định?\n"
        f"    answer: {'Có thể chọn mức đóng thấp và đóng theo mùa vụ, sau thu hoạch. ' * 4}\n"
        for i in range(14)
    )
    model_text = model.read_text(encoding="utf-8")
    model_text = re.sub(r"doubts:\n(  .*\n)+", "doubts:\n" + doubts, model_text)
    model.write_text(model_text, encoding="utf-8")
    content = load_content(content_dir, "stories")
    assert not content.report.errors, [str(e) for e in content.report.errors]
    ctx = make_context(content, tmp_path / "out", tmp_path / "cache")
    leaflet.export(ctx)

    files = leaflet_files(ctx, STORY)
    assert [len(page_sizes_mm(p)) for p in files.values()] == [1, 1]
    assert folded(long_title) in pdf_text(files["a5-large"])
    talking = leaflet_files(ctx, "model/doi-thoai-nhom-nho")["talking-points"]
    assert len(page_sizes_mm(talking)) == 1
    warnings = [str(w) for w in ctx.report.warnings]
    assert any(
        w.startswith("cảnh báo: stories/toan-quoc/doi-thoai-nhom-nho.yaml:") and "bị cắt" in w
        for w in warnings
    ), warnings


def test_model_without_doubts_is_warned_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content_dir = tmp_path / "stories"
    shutil.copytree(MINI, content_dir)
    model = content_dir / "toan-quoc/doi-thoai-nhom-nho.yaml"
    text = re.sub(r"doubts:\n(  .*\n)+", "", model.read_text(encoding="utf-8"))
    model.write_text(text, encoding="utf-8")
    content = load_content(content_dir, "stories")
    # The warning depends only on the content: `check` gives it, the leaflet export does not repeat it.
    assert [w.field for w in content.report.warnings] == ["doubts"]
    ctx = make_context(content, tmp_path / "out", tmp_path / "cache")
    jobs: list[leaflet_render.Job] = []
    monkeypatch.setattr(ctx.workers, "submit", _fake_render(jobs))
    leaflet.export(ctx)
    assert jobs  # rendering is stubbed out: only the warning matters here
    assert not [w for w in ctx.report.warnings if w.field == "doubts"]


def _fake_render(jobs: list):
    """Stand-in for the workers: notes the jobs and writes a placeholder PDF into the cache."""

    def fake(kind, function, job, cache_root):
        assert (kind, function) == ("pdf", leaflet_render.render_one)
        jobs.append(job)
        store = leaflet_render.Cache(cache_root)
        path = store.path(leaflet_render.NAMESPACE, job.key, ".pdf")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n")
        store.path(leaflet_render.NAMESPACE, job.key, ".json").write_text(json.dumps({"fit": 0, "pages": 1}))
        done: Future = Future()
        done.set_result(leaflet_render.Rendered(job.key, 0, job.pages))
        return done

    return fake


def test_story_photo_is_printed_upright_and_downscaled(tmp_path: Path) -> None:
    from PIL import Image

    content_dir = tmp_path / "stories"
    shutil.copytree(MINI, content_dir)
    Image.new("RGB", (3000, 2000), (40, 110, 60)).save(content_dir / "quang-ngai/son-tinh/huy.jpg")
    story = content_dir / "quang-ngai/son-tinh/huy.yaml"
    photo = "images:\n  - {file: huy.jpg, alt: Anh Huy nhận sổ BHXH, credit: BHXH Sơn Tịnh}\n"
    story.write_text(story.read_text(encoding="utf-8") + photo, encoding="utf-8")
    ctx = make_context(load_content(content_dir, "stories"), tmp_path / "out", tmp_path / "cache")
    item = next(i for i in leaflet.plan(ctx) if i.planned.path.endswith("son-tinh-nguyen-trong-huy-a5.pdf"))
    assert "Ảnh: BHXH Sơn Tịnh" in item.html
    leaflet_render.render_one(leaflet_render.Job(item.key, item.html, item.pages), ctx.cache.root)
    pdf = ctx.cache.path(leaflet_render.NAMESPACE, item.key, ".pdf")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    widths = [int(row.split()[3]) for row in listing.stdout.splitlines()[2:] if row.split()[2] == "image"]
    assert widths and max(widths) <= 1600
    assert "Ảnh: BHXH Sơn Tịnh" in pdf_text(pdf)


# --- small pieces -----------------------------------------------------------------------
def test_call_to_action_lines() -> None:
    contact = ContactView(
        "Sơn Tịnh",
        "0255 3822 111",
        "Số 1 đường A",
        "7h30 - 17h00",
        (("Bưu điện xã", "0912 345 678", "xã B"),),
    )
    cta = call_to_action(contact, "1900 9068")
    assert cta.lines == (
        "Sơn Tịnh — Số 1 đường A",
        "Gọi: 0255 3822 111 (7h30 - 17h00)",
        "Điểm thu gần nhà: Bưu điện xã, xã B — 0912 345 678",
        "Tổng đài hỗ trợ: 1900 9068",
        "Mang theo căn cước; đóng tiền tại điểm thu hoặc qua ứng dụng VssID.",
    )
    same = call_to_action(ContactView("BHXH Việt Nam", "1900 9068", None, None, ()), "1900 9068")
    assert not any(line.startswith("Tổng đài") for line in same.lines)


@pytest.mark.parametrize("lowest", range(leaflet_render.CLIPPED + 2))
def test_fitting_finds_the_lowest_level_that_fits_in_few_layouts(lowest: int) -> None:
    """A sheet fits from level ``lowest`` on (CLIPPED + 1: never, it is clipped); the search
    tries the design as made first and settles any level in at most four layouts."""
    search, tried = leaflet_render._Sheet(grows=False), []
    while (level := search.next_level()) is not None:
        tried.append(level)
        search.laid_out(level, 1.0, "its page" if level >= lowest else None)
    assert tried[0] == 0
    assert search.level == min(lowest, leaflet_render.CLIPPED)
    most = 1 if lowest == 0 else 3 if lowest < leaflet_render.CLIPPED else 4
    assert len(tried) == len(set(tried)) <= most


def test_a_round_lays_out_only_the_sheets_still_searching() -> None:
    html = '<div class="sheet front" data-fit="0">a</div><div class="sheet back" data-fit="0">b</div>'
    shown = leaflet_render._showing(leaflet_render.fit_html(html, [0, 2]), [1])
    assert shown == (
        '<div class="sheet front" hidden data-fit="0">a</div><div class="sheet back" data-fit="0 1 2">b</div>'
    )


def test_titles_never_end_on_a_lone_syllable() -> None:
    assert keep_last_words("Bỏ heo đất để đóng BHXH cho cả chồng").endswith("cả\u00a0chồng")
    assert keep_last_words("Sơn Tịnh") == "Sơn Tịnh"


def test_pick_figures_prefers_one_box_per_indicator(built: BuildContext) -> None:
    figures = built.views.of(built.content.get("unit", "quang-ngai")).figures  # type: ignore[arg-type,attr-defined]
    doubled = [figures[0], figures[0], *figures[1:]]
    picked = pick_figures(doubled, 2)
    assert len({f.what for f in picked}) == len(picked) == min(2, len({f.what for f in figures}))
