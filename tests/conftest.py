"""Shared fixtures: a tiny valid content tree and a build context around it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.export.context import BuildContext
from generator.model.content import Content, load_content

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini content tree (tests may break it on purpose)."""
    target = tmp_path / "stories"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini_content() -> Content:
    content = load_content(MINI, "tests/fixtures/mini")
    assert not content.report.errors, [str(e) for e in content.report.errors]
    return content


def make_context(content: Content, out: Path, cache: Path | None = None) -> BuildContext:
    return BuildContext.create(content, out, ROOT, cache)


@pytest.fixture
def mini_context(mini_content: Content, tmp_path: Path) -> BuildContext:
    """Build context writing into a temporary output folder, with a private cache."""
    return make_context(mini_content, tmp_path / "out", tmp_path / "cache")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once per test worker, as an editor would build it."""
    from tests.sitebuild import lantoa, project_copy

    project = project_copy(tmp_path_factory.mktemp("project"), ROOT / "stories")
    result = lantoa(project, "build", "--content", "stories", "--out", "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project


@pytest.fixture(scope="session")
def manifest(built: Path) -> dict:
    return json.loads((built / "site" / "manifest.json").read_text(encoding="utf-8"))
