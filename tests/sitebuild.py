"""Build a site the way an editor does (the `lantoa` command), in a private project copy.

A build only reads the project's mkdocs.yml and docs/ (its generated pages are assembled
in its own workspace), so a copy links them; a test that edits them asks for real copies.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANTOA = [sys.executable, "-m", "generator"]


def project_copy(target: Path, content: Path, own_docs: bool = False) -> Path:
    """A project folder with ``content`` as its stories/ (and its own .cache, site/)."""
    target.mkdir(parents=True, exist_ok=True)
    if own_docs:
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("noi-dung"))
    else:
        (target / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
        (target / "docs").symlink_to(ROOT / "docs")
    shutil.copytree(content, target / "stories")
    return target


def lantoa(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LANTOA, *args], cwd=project, capture_output=True, text=True)
