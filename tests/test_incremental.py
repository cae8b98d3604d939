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
from generator.export.workspace import open_workspace
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
    cold = build(project, "cold")
    # The statistics' charts (SVG template) are drawn by the workers, not the build's process.
    manifest = json.loads((project / "site" / "manifest.json").read_text(encoding="utf-8"))
    statistics = [key for key in manifest["records"] if key.startswith("statistic/")]
    assert cold["made"]["chart"] == len(statistics) > 0 and cold["worker_cpu_s"]["chart"] > 0
    return project


def project_with_cache(warm: Path, target: Path) -> Path:
    project = project_copy(target, MINI)
    shutil.copytree(warm / ".cache", project / ".cache", copy_function=os.link)  # entries never change
    return project


def test_unchanged_rebuild_makes_nothing_and_links_every_cached_file(warm: Path, tmp_path: Path) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    first = build(project, "first")  # a new out: every page rendered, the exports from the cache
    assert set(first["made"]) == {"page", "index"}
    again = build(project, "again")
    assert again == {"total_s": again["total_s"], "up_to_date": True, "made": {}}  # nothing to do
    for path in (project / "stories").rglob("*"):
        os.utime(path)  # saved again, same bytes: the build runs, and finds nothing to make
    stats = build(project, "touched")
    assert "up_to_date" not in stats
    # no PDF, audio or card rendered, MkDocs rendered no page, Pagefind did not run
    assert stats["made"] == {}
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
    # The edited summary is spoken once; the bulletins reading it are joined from that piece.
    assert stats["made"]["speech"] == 1
    assert stats["made"].get("card", 0) == len([p for p in changed if p.endswith(".png")])
    # Pages: the story's own and those that list or quote it; MkDocs rendered just those.
    pages = {p for p in after if p.endswith(".html") and p in before and after[p][0] != before[p][0]}
    rendered = {p.removesuffix("/index.html") for p in pages} - {"404.html"}  # 404: every run
    assert stats["made"]["page"] == len(rendered)
    # The summary is shown on the story's page, in its social post (its province's social media
    # page; the index of provinces only counts posts) and on the home page, which lists the
    # newest stories through a generated fragment (docs.includers).
    shown = {
        "noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy",
        "noi-dung/mang-xa-hoi/quang-ngai",
        "index.html",
    }
    # The files remade have new sizes (and MP3s new lengths): the pages listing them print those
    # (where the rounded figure moved), the records' own pages and the province's listings.
    listing = {manifest["records"][key]["page"].rstrip("/") for key in showing}
    listing |= {"noi-dung/to-roi/quang-ngai", "noi-dung/phat-thanh/quang-ngai", "noi-dung/phat-thanh"}
    assert shown <= rendered <= shown | listing, rendered - shown
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Chuyện mới sửa." in home
    assert stats["made"]["index"] == 1  # the search index is made again, once
    html = {p if p.endswith(".html") else p + "/index.html" for p in rendered}
    assert all(after[p][1] == before[p][1] for p in pages - html)


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


def rendered_pages(site: Path) -> dict[str, tuple[int, str]]:
    return {p: v for p, v in tree(site).items() if p.endswith(".html")}


def test_a_change_every_page_shows_renders_every_page(warm: Path, tmp_path: Path) -> None:
    """mkdocs.yml (nav titles, site name, theme options) and the theme are on every page."""
    project = project_with_cache(warm, tmp_path / "p")
    (project / "mkdocs.yml").unlink()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    build(project, "first")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_name: Lan Tỏa", "site_name: Lan Tỏa Mới"), encoding="utf-8")
    stats = build(project, "renamed")
    pages = rendered_pages(project / "site")
    assert stats["made"]["page"] == len([p for p in pages if p != "404.html"])
    assert all("Lan Tỏa Mới" in (project / "site" / p).read_text(encoding="utf-8") for p in pages)


def test_a_deleted_record_leaves_no_page_behind(warm: Path, tmp_path: Path) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "first")
    page = project / "site" / "noi-dung" / "cau-chuyen" / "son-tinh-chi-g" / "index.html"
    assert page.is_file()
    (project / "stories" / "quang-ngai" / "son-tinh" / "giang.md").unlink()
    build(project, "without")
    assert not page.exists()
    assert not (project / ".site.state" / "html" / page.relative_to(project / "site")).exists()


def test_an_interrupted_render_is_redone_in_full(warm: Path, tmp_path: Path) -> None:
    """Killed while MkDocs writes, the next build cannot trust the kept HTML: it renders all."""
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "first")
    good = rendered_pages(project / "site")
    kept = project / ".site.state" / "html" / "noi-dung" / "cau-chuyen" / "son-tinh-chi-g" / "index.html"
    kept.unlink()
    kept.write_text("<p>nửa trang", encoding="utf-8")  # a page cut short, newer than its source
    (project / ".site.state" / "render.json").unlink()  # as a killed render leaves it
    os.utime(project / STORY)  # the killed build was about a change
    stats = build(project, "after")
    assert stats["made"]["page"] == len([p for p in good if p != "404.html"])
    after = rendered_pages(project / "site")
    assert {p: v[1] for p, v in after.items()} == {p: v[1] for p, v in good.items()}


def test_in_place_writes_are_refused(tmp_path: Path) -> None:
    """The check after MkDocs: a file written in this run that an earlier output links to."""
    from generator.export.site.render import _tidy
    from generator.model.diagnostics import BuildError

    html = tmp_path / "html"
    html.mkdir()
    page = html / "index.html"
    page.write_text("cũ", encoding="utf-8")
    os.link(page, tmp_path / "published.html")
    _tidy(html, {"index.html"}, time.time_ns() + 10**9)  # linked, but older than the run
    started = time.time_ns()
    time.sleep(0.01)
    page.write_text("mới", encoding="utf-8")  # what a plugin writing on its own would do
    with pytest.raises(BuildError, match=r"index\.html"):
        _tidy(html, {"index.html"}, started)


def test_nothing_to_do_only_when_inputs_and_output_are_as_the_last_build_left_them(
    warm: Path, tmp_path: Path
) -> None:
    project = project_with_cache(warm, tmp_path / "p")
    build(project, "first")
    assert build(project, "same").get("up_to_date")
    page = project / "site" / "gioi-thieu" / "index.html"
    page.unlink()  # someone deleted a published file by hand
    assert not build(project, "repaired").get("up_to_date")
    assert page.is_file()
    result = lantoa(project, "build", "--date", "2030-01-01", "--stats", str(project / "dated.json"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "up_to_date" not in json.loads((project / "dated.json").read_text(encoding="utf-8"))
    edit_summary(project)
    assert not build(project, "edited").get("up_to_date")
    assert build(project, "edited-again").get("up_to_date")
    with open_workspace(project / "site"):  # another build is writing: refused, as always
        busy = lantoa(project, "build")
    assert busy.returncode == 1 and "Một lần dựng khác" in busy.stderr
