"""Drafts and approval: `cho-duyet` stays out of every output; a setting can require approval."""

from __future__ import annotations

import json
from pathlib import Path

from generator.model.loading import load_content
from tests.sitebuild import ROOT, lantoa, project_copy

HUY = Path("quang-ngai/son-tinh/huy.yaml")


def _set(content: Path, before: str, after: str) -> None:
    path = content / HUY
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def test_waiting_for_approval_is_not_published(mini_copy: Path) -> None:
    _set(mini_copy, "kind: story\n", "kind: story\nstatus: cho-duyet\n")
    content = load_content(mini_copy)
    errors = [str(d) for d in content.report.errors]
    # a published campaign still names it: said in the words of the new status
    assert errors and all("đang chờ duyệt (status: cho-duyet)" in e for e in errors), errors
    assert "son-tinh-nguyen-trong-huy" not in {e.id for e in content.published}
    assert "son-tinh-nguyen-trong-huy" in {e.id for e in content.entries}


def test_approval_required_refuses_a_published_record_without_it(mini_copy: Path) -> None:
    content = load_content(mini_copy, require_approval=True)
    messages = [str(d) for d in content.report.errors if d.path.endswith("huy.yaml")]
    assert messages and all(": status: cần được duyệt trước khi xuất bản" in m for m in messages)
    _set(mini_copy, "kind: story\n", "kind: story\napproved: {by: Trần Thị Lan, date: 2026-12-01}\n")
    content = load_content(mini_copy, require_approval=True)
    assert not [d for d in content.report.errors if d.path.endswith("huy.yaml")]
    huy = next(e for e in content.entries if e.id == "son-tinh-nguyen-trong-huy")
    assert huy.record.approved and huy.record.approved.by == "Trần Thị Lan"


def test_approved_but_waiting_is_a_warning(mini_copy: Path) -> None:
    _set(mini_copy, "kind: story\n", "kind: story\nstatus: cho-duyet\napproved: {by: Lan, date: 2026-12}\n")
    content = load_content(mini_copy)
    warnings = [str(d) for d in content.report.warnings if d.path.endswith("huy.yaml")]
    assert any("approved: đã có người duyệt nhưng status vẫn là cho-duyet" in w for w in warnings)


def test_check_reads_the_setting_from_mkdocs_yml(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "du-an", ROOT / "tests" / "fixtures" / "mini")
    (project / "mkdocs.yml").unlink()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nextra:\n" in config
    config = config.replace("\nextra:\n", "\nextra:\n  editing:\n    require_approval: true\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = lantoa(project, "check", "stories")
    assert result.returncode == 1
    assert "stories/quang-ngai/son-tinh/huy.yaml:" in result.stderr
    assert "status: cần được duyệt trước khi xuất bản" in result.stderr


# --- records waiting for approval: in the preview, stamped; never in a build ------------------

WAITING_ID = "son-tinh-cho-duyet-chi-hoa"
WAITING_TITLE = "Chị Hoa bán tạp hóa đóng BHXH tự nguyện"
WAITING = f"""kind: story
id: {WAITING_ID}
status: cho-duyet
title: {WAITING_TITLE}
unit: son-tinh
date: 2025-06
summary: Chị Hoa bán tạp hóa ở chợ xã, tham gia BHXH tự nguyện sau buổi đối thoại ở thôn.
body: Chị Hoa bán tạp hóa ở chợ xã và đóng BHXH tự nguyện mỗi tháng.
source: {{publisher: Báo Quảng Ngãi, title: Người bán tạp hóa có sổ BHXH}}
"""
WAITING_FILE = Path("quang-ngai/son-tinh/cho-duyet.yaml")
STAMP = "lantoa_waiting: true"


def _approve_everything(content: Path) -> None:
    """Every record approved (the setting then refuses only what is not)."""
    from generator.model.loader import find_record_files

    for path in find_record_files(content):
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition("kind: ")
        line, newline, tail = rest.partition("\n")
        approved = "approved: {by: Trần Thị Lan, date: 2026-12-01}\n"
        path.write_text(f"{head}{sep}{line}{newline}{approved}{tail}", encoding="utf-8")


def test_a_waiting_record_is_published_only_in_the_preview(mini_copy: Path) -> None:
    (mini_copy / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    built = load_content(mini_copy)  # lantoa check, lantoa build
    assert not built.report.errors, [str(e) for e in built.report.errors]
    assert built.get("story", WAITING_ID) is None
    preview = load_content(mini_copy, examples=True, waiting=True)  # lantoa serve, lantoa edit
    assert not preview.report.errors
    assert preview.get("story", WAITING_ID) is not None
    assert WAITING_ID in {e.id for e in preview.records_at("story", "son-tinh")}


def test_a_waiting_record_cannot_point_at_a_draft(mini_copy: Path) -> None:
    """Shown in the preview and published once approved: a draft it names would be missing."""
    unit = mini_copy / "quang-ngai" / "son-tinh" / "son-tinh.yaml"
    text = unit.read_text(encoding="utf-8")
    unit.write_text(text.replace("kind: unit\n", "kind: unit\nstatus: draft\n", 1), encoding="utf-8")
    (mini_copy / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    errors = [str(d) for d in load_content(mini_copy).report.errors if d.path.endswith("cho-duyet.yaml")]
    assert errors and ": unit: " in errors[0] and "đang là bản nháp (status: draft)" in errors[0], errors


def _preview_page(project: Path, tmp_path: Path) -> str | None:
    from generator.serve.preview import Preview

    docs = tmp_path / "xem-truoc" / "docs"
    if not Preview(project / "stories", docs, project).regenerate().ok:
        return None
    return (docs / "noi-dung" / "cau-chuyen" / f"{WAITING_ID}.md").read_text(encoding="utf-8")


def test_the_preview_shows_a_waiting_record_stamped(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "du-an", ROOT / "tests" / "fixtures" / "mini")
    (project / "stories" / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    page = _preview_page(project, tmp_path)
    assert page is not None and page.startswith("---\n")
    front = page.split("\n---\n")[0]
    assert STAMP in front and "lantoa_example" not in front
    assert WAITING_TITLE in page


def test_with_approval_required_the_preview_still_shows_waiting_records(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "du-an", ROOT / "tests" / "fixtures" / "mini")
    (project / "mkdocs.yml").unlink()
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\nextra:\n", "\nextra:\n  editing:\n    require_approval: true\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    _approve_everything(project / "stories")
    (project / "stories" / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    page = _preview_page(project, tmp_path)
    assert page is not None and STAMP in page.split("\n---\n")[0]
    # published without an approver: the setting refuses it in the preview as in check
    waiting = project / "stories" / WAITING_FILE
    waiting.write_text(WAITING.replace("status: cho-duyet\n", ""), encoding="utf-8")
    assert _preview_page(project, tmp_path / "2") is None


def test_the_leak_scan_names_a_waiting_record(mini_copy: Path, tmp_path: Path) -> None:
    from generator.export.leakscan import scan
    from generator.export.output import Cache

    (mini_copy / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    content = load_content(mini_copy, "stories")
    out = tmp_path / "site"
    (out / "noi-dung" / "cau-chuyen" / WAITING_ID).mkdir(parents=True)
    (out / "noi-dung" / "cau-chuyen" / WAITING_ID / "index.html").write_text("<h1>Trang</h1>")
    (out / "index.html").write_text(f"<p>{WAITING_TITLE}</p>", encoding="utf-8")
    leaks = {(leak.file, leak.what) for leak in scan(out, content, Cache(tmp_path / "c"))}
    label = f"bản chờ duyệt {WAITING_ID} (stories/{WAITING_FILE.as_posix()}, status: cho-duyet)"
    assert leaks == {
        (f"noi-dung/cau-chuyen/{WAITING_ID}/index.html", f"tệp của {label}"),
        ("index.html", f'tiêu đề "{WAITING_TITLE}" của {label}'),
    }, leaks


def test_a_build_publishes_no_waiting_record_and_fails_when_one_leaks(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "du-an", ROOT / "tests" / "fixtures" / "mini", own_docs=True)
    (project / "stories" / WAITING_FILE).write_text(WAITING, encoding="utf-8")
    result = lantoa(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project / "site"
    assert not (site / "noi-dung" / "cau-chuyen" / WAITING_ID).exists()
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    assert f"story/{WAITING_ID}" not in manifest["records"]
    assert not [p for p in site.rglob("*.html") if WAITING_TITLE in p.read_text(encoding="utf-8")]
    page = project / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nĐọc thêm: {WAITING_TITLE}.\n", encoding="utf-8")
    leaked = lantoa(project, "build")
    assert leaked.returncode == 1
    assert f'gioi-thieu/index.html: tiêu đề "{WAITING_TITLE}" của bản chờ duyệt {WAITING_ID}' in leaked.stderr
