"""Build a site the way an editor does (the `lantoa` command), in a private project copy.

Each build gets its own copy of mkdocs.yml and docs/, so parallel tests never share
the generated docs/noi-dung/ folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANTOA = [sys.executable, "-m", "generator"]


def project_copy(target: Path, content: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("noi-dung"))
    shutil.copytree(content, target / "stories")
    return target


def lantoa(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LANTOA, *args], cwd=project, capture_output=True, text=True)
