"""Shared fixtures: a tiny valid content tree and a build context around it."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.export.context import CACHE_ENV, BuildContext
from generator.model.content import Content
from generator.model.loader import STRICT_FIELDS_ENV
from generator.model.loading import load_content
from tests.browser import browser, serve

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current outputs"
    )


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


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One build cache for the whole session, every worker and every `lantoa build` it runs:
    a leaflet, an MP3 or a card is rendered once per test run, not once per test.

    Tests about caching itself, or that put stand-ins into a cache, pass a private one.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/, shared by popen-gw0, popen-gw1...
    folder = base / "lantoa-cache"
    folder.mkdir(exist_ok=True)
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous


@pytest.fixture(scope="session", autouse=True)
def strict_fields() -> Iterator[None]:
    """A diagnostic about a field the record class lacks raises (in builds the tests run too)."""
    previous = os.environ.get(STRICT_FIELDS_ENV)
    os.environ[STRICT_FIELDS_ENV] = "1"
    yield
    if previous is None:
        os.environ.pop(STRICT_FIELDS_ENV, None)
    else:
        os.environ[STRICT_FIELDS_ENV] = previous


def make_context(content: Content, out: Path, cache: Path | None = None) -> BuildContext:
    """A build context; without ``cache``, the session's shared one."""
    return BuildContext.create(content, out, ROOT, cache)


@pytest.fixture
def mini_context(mini_content: Content, tmp_path: Path) -> BuildContext:
    """Build context writing into a temporary output folder (session cache)."""
    return make_context(mini_content, tmp_path / "out")


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


@pytest.fixture(scope="session")
def shard_builds(built: Path) -> dict[str, tuple[Path, str]]:
    """Every part of the sample content built on its own (`lantoa build --only PART`), beside
    the national build of ``built``: part → (its output folder, the build's stderr)."""
    import subprocess
    import sys

    from tests.sitebuild import lantoa

    listing = subprocess.run(
        [sys.executable, "-m", "generator", "shards", "--json"], cwd=built, capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    result = {}
    for part in json.loads(listing.stdout):
        out = f"site-{part}"
        done = lantoa(built, "build", "--content", "stories", "--only", part, "--out", out)
        assert done.returncode == 0, done.stderr[-3000:]
        result[part] = (built / out, done.stderr)
    return result


# --- the browser tests' shared pieces (a module that serves another site defines its own site_url) ---


@pytest.fixture(scope="module")
def site_url(built: Path) -> Iterator[str]:
    """The sample site, served over HTTP to the module's browser tests."""
    with serve(built / "site") as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the module's browser tests."""
    with browser() as instance:
        yield instance
