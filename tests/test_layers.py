"""The architecture is a test: model ← present ← export ← build/CLI, exports independent."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True, timeout=120
    )


def test_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def test_a_new_edge_between_exports_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "generator" / "export" / "site" / "__init__.py"
    site.write_text(site.read_text() + "\nfrom generator.export import social  # noqa\n")
    model = tmp_path / "generator" / "model" / "content.py"
    model.write_text(model.read_text() + "\nfrom generator.present import views  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "generator.export.site -> generator.export.social" in result.stdout
    assert "generator.model.content -> generator.present.views" in result.stdout
