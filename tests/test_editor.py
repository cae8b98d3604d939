"""Editor comfort: `lantoa new`, the JSON Schema, and the live preview's regeneration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.kinds import KINDS
from generator.model.schema import schema
from tests.sitebuild import ROOT, lantoa, project_copy


@pytest.mark.parametrize("kind", tuple(KINDS))
def test_new_record_lands_in_the_province_folder_and_fails_until_filled(mini_copy: Path, kind: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "new", kind, "--unit", "son-tinh", "--content", str(mini_copy)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == mini_copy / "quang-ngai" / "son-tinh"
    text = path.read_text(encoding="utf-8")
    assert f"kind: {kind}" in text
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(mini_copy)], capture_output=True, text=True
    )
    assert check.returncode == 1
    assert str(path) in check.stderr


def test_new_refuses_an_unknown_unit(mini_copy: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "new",
            "story",
            "--unit",
            "khong-co",
            "--content",
            str(mini_copy),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "khong-co" in result.stderr


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads((ROOT / "schema" / "lantoa.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(schema(), ensure_ascii=False)), "run: lantoa schema"


def test_schema_knows_every_kind_and_vocabulary() -> None:
    definitions = schema()["$defs"]
    assert {"Unit", "Story", "Model", "Statistic", "Campaign"} <= set(definitions)
    assert "lao-dong-tu-do" in definitions["Story"]["properties"]["audiences"]["items"]["enum"]
    assert "tittle" not in definitions["Story"]["properties"]
    assert definitions["Story"]["additionalProperties"] is False


def test_preview_regenerates_on_edit_and_keeps_last_good_pages(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", ROOT / "tests" / "fixtures" / "mini")
    code = (
        "import sys; from pathlib import Path; from generator.serve import regenerate; "
        "sys.exit(0 if regenerate(Path('stories')) else 1)"
    )
    run = lambda: subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)  # noqa: E731
    assert run().returncode == 0
    page = project / "docs" / "noi-dung" / "cau-chuyen" / "son-tinh-nguyen-trong-huy.md"
    assert "Người thứ ba trong nhà" in page.read_text(encoding="utf-8")
    story = project / "stories" / "quang-ngai" / "son-tinh" / "huy.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("Người thứ ba", "Người thứ tư"), encoding="utf-8"
    )
    assert run().returncode == 0
    assert "Người thứ tư trong nhà" in page.read_text(encoding="utf-8")
    story.write_text(
        story.read_text(encoding="utf-8").replace("date: 2025-05", "date: 2025-13"), encoding="utf-8"
    )
    broken = run()
    assert broken.returncode == 1
    assert "huy.yaml:5: date: tháng 13" in broken.stderr
    assert "Người thứ tư trong nhà" in page.read_text(encoding="utf-8")


def test_build_from_a_fresh_project_copy(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", ROOT / "tests" / "fixtures" / "mini")
    result = lantoa(project, "check", "stories")
    assert result.returncode == 0, result.stderr
    assert "Hợp lệ" in result.stdout
