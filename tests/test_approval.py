"""Drafts and approval: `cho-duyet` stays out of every output; a setting can require approval."""

from __future__ import annotations

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
