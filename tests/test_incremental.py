"""Only changed work is done: counters, hard links into an immutable cache, and crash safety.

Every build here is `lantoa build` in its own process (as an editor runs it) with
``--stats``, whose counters say what was made rather than taken from the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.export.context import CACHE_ENV
from tests.sitebuild import LANTOA, ROOT, lantoa, project_copy

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("incremental")]

MINI = ROOT / "tests" / "fixtures" / "mini"
STORY = "stories/quang-ngai/son-tinh/huy.yaml"
CACHED = (".pdf", ".mp3", ".png")


@pytest.fixture(scope="module", autouse=True)
def own_cache() -> Iterator[None]:
    """These builds test the project's own cache (.cache/lantoa), not the session's shared one."""
    saved = os.environ.pop(CACHE_ENV, None)
    yield
    if saved is not None:
        os.environ[CACHE_ENV] = saved


def build(project: Path, name: str) -> dict:
    stats = project / f"{name}.json"
    result = lantoa(project, "build", "--stats", str(stats))
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(stats.read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file's (inode, sha256), by path."""
    return {
        str(path.relative_to(folder)): (path.stat().st_ino, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (workers, the forkserver, the programs they run)."""
    parents: dict[int, int] = {}
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat_file.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited, only its parent has not reaped it yet


def manifest_files(manifest: dict) -> list[tuple[str, dict]]:
    return [
        (key, item)
        for key, record in manifest["records"].items()
        for export in record.values()
        if isinstance(export, list)
        for item in export
    ]


def edit_summary(project: Path) -> None:
    story = project / STORY
    text = story.read_text(encoding="utf-8")
    assert "\nsummary: " in text
    story.write_text(text.replace("\nsummary: ", "\nsummary: Chuyện mới sửa. ", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini content built once; later projects share its cache by hard links."""
    project = project_copy(tmp_path_factory.mktemp("warm"), MINI)
    build(project, "cold")
    return project


def project_with_cache(warm: Path, target: Path) -> Path:
    project = project_copy(target, MINI)
    shutil.copytree(warm / ".cache", project / ".cache", copy_function=os.link)  # entries never change
    return project


def test_unchanged_rebuild_makes_nothing_and_links_every_cached_file(warm: Path, tmp_path: Path) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    stats = build(project, "again")
    assert stats["made"] == {}  # no PDF, audio or card rendered
    assert stats["placed"]["copied"] == 0 and stats["placed"]["linked"] > 0
    site = project / "site"
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    cached = [site / item["file"] for key, item in manifest_files(manifest) if item["file"].endswith(CACHED)]
    assert cached and all(p.stat().st_nlink > 1 for p in cached)  # the same inode as the cache entry
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o444 for p in cached)  # readable, never writable


def test_editing_one_story_remakes_only_what_shows_it(warm: Path, tmp_path: Path) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "before")
    before = tree(project / "site")
    manifest = json.loads((project / "site" / "manifest.json").read_text(encoding="utf-8"))
    edit_summary(project)
    stats = build(project, "after")
    after = tree(project / "site")
    owners = {item["file"]: key for key, item in manifest_files(manifest)}
    changed = {p for p in owners if p.endswith(CACHED) and after[p][0] != before[p][0]}
    # The story's own files, and those of the records that print or read it: its units'
    # leaflets and bulletins, the campaign that broadcasts it, the model it is an example of.
    story = "story/son-tinh-nguyen-trong-huy"
    showing = {
        "unit/son-tinh",
        "unit/quang-ngai",
        "campaign/quang-ngai-cao-diem-2024",
        "model/doi-thoai-nhom-nho",
    }
    assert {owners[p] for p in changed} == {story, *showing}
    assert not any(owners[p] in ("story/son-tinh-chi-g", "statistic/son-tinh-bhxh-tn") for p in changed)
    assert stats["made"]["pdf"] == len([p for p in changed if p.endswith(".pdf")])
    assert stats["made"]["audio"] == len([p for p in changed if p.endswith(".mp3")])
    assert stats["made"].get("card", 0) == len([p for p in changed if p.endswith(".png")])


def test_an_earlier_output_keeps_its_bytes(warm: Path, tmp_path: Path) -> None:
    """A later build never writes into a file an earlier output still links to."""
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "first")
    kept = tmp_path / "kept"
    shutil.copytree(project / "site", kept, copy_function=os.link)  # e.g. a deployed copy
    before = tree(kept)
    edit_summary(project)
    build(project, "second")
    assert tree(kept) == before
    entries = [p for p in (project / ".cache").rglob("*") if p.is_file()]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o444 for p in entries)


def test_sigkill_mid_build_keeps_the_old_site_and_a_sound_cache(warm: Path, tmp_path: Path) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "first")
    before = tree(project / "site")
    # Without its leaflet cache the build has PDFs to render: it is killed while it does.
    edit_summary(project)
    shutil.rmtree(project / ".cache" / "lantoa" / "leaflet")
    process = subprocess.Popen([*LANTOA, "build"], cwd=project,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    leaflets = project / ".cache" / "lantoa" / "leaflet"
    while time.monotonic() < deadline and not any(leaflets.rglob("*.pdf")):
        time.sleep(0.05)
    workers = descendants(process.pid)
    assert workers  # the pool is at work
    process.kill()  # SIGKILL to the build alone: its workers must not outlive it
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)]
    assert tree(project / "site") == before
    stats = build(project, "after")  # no half-written entry is taken for a finished one
    for pdf in (project / "site").rglob("*.pdf"):
        subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True)
    assert stats["made"]["pdf"] >= 1
