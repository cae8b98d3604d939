"""A build never writes the project's sources, survives SIGKILL, and never mixes with another.

Builds run as an editor runs them (`lantoa build` in a project copy of the mini content).
The content-addressed cache is warmed once per worker and copied, so each build only
redoes what its test changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.export.workspace import BuildBusy, open_workspace, remove_stale
from tests.sitebuild import LANTOA, ROOT, lantoa, project_copy

MINI = ROOT / "tests" / "fixtures" / "mini"
STORY = Path("stories/quang-ngai/son-tinh/huy.yaml")
TITLE = "Người thứ ba trong nhà có sổ BHXH"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("integrity")]


def tree_hash(*paths: Path) -> str:
    """One hash of the names and bytes of every file (and symlink target) under ``paths``."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0")
            if path.is_symlink():
                digest.update(os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_hash(project: Path) -> str:
    return tree_hash(project / "docs", project / "stories", project / "mkdocs.yml")


def complete(out: Path) -> bool:
    """A whole build: the manifest and every page and file it lists are there."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    for entry in manifest["records"].values():
        if not (out / entry["page"] / "index.html").is_file():
            return False
        for export, items in entry.items():
            if export != "page" and not all((out / item["file"]).is_file() for item in items):
                return False
    return (out / "index.html").is_file() and (out / "pagefind").is_dir()


def settled(folder: Path) -> list[str]:
    """The names in ``folder`` once the old outputs deleted in the background are gone."""
    deadline = time.monotonic() + 30
    while any(".trash-" in p.name for p in folder.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in folder.iterdir())


def leftovers(project: Path, out: str = "site") -> list[Path]:
    return sorted(project.glob(f".{out}.staging-*"))


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini content built once: its cache makes the builds below take seconds."""
    project = project_copy(tmp_path_factory.mktemp("warm"), MINI)
    result = lantoa(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / ".cache"


@pytest.fixture
def project(tmp_path: Path, warm_cache: Path) -> Path:
    """A project copy with its own docs/ and mkdocs.yml (they are hashed), and a warm cache."""
    target = project_copy(tmp_path / "p", MINI, own_docs=True)
    if warm_cache.is_dir():  # else the session's shared cache ($LANTOA_CACHE) is the warm one
        shutil.copytree(warm_cache, target / ".cache")
    return target


# --- the project's sources are only read -------------------------------------------------


def test_sources_byte_identical_after_good_and_failed_builds(project: Path, tmp_path: Path) -> None:
    before = sources_hash(project)
    assert lantoa(project, "build").returncode == 0
    assert sources_hash(project) == before
    assert not (project / "docs" / "noi-dung").exists()
    manifest = json.loads((project / "site" / "manifest.json").read_text(encoding="utf-8"))
    page = manifest["records"]["story/son-tinh-nguyen-trong-huy"]["page"]
    assert page == "noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy/"  # URLs as before
    assert (project / "site" / page / "index.html").is_file()

    # Failing in check, then failing inside the export (a snippet MkDocs cannot find).
    story = project / STORY
    story.write_text(story.read_text(encoding="utf-8").replace("date: 2025-05", "date: 20225"), "utf-8")
    broken = sources_hash(project)
    assert lantoa(project, "build").returncode == 1
    assert sources_hash(project) == broken
    story.write_text(story.read_text(encoding="utf-8").replace("date: 20225", "date: 2025-05"), "utf-8")
    page = project / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n--8<-- "khong-co.md"\n', encoding="utf-8")
    out_before, broken = tree_hash(project / "site"), sources_hash(project)
    result = lantoa(project, "build")
    assert result.returncode != 0
    assert sources_hash(project) == broken
    assert tree_hash(project / "site") == out_before
    assert not leftovers(project)


def test_content_and_out_elsewhere_leave_the_project_alone(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(MINI, elsewhere / "content")
    before = sources_hash(project)
    content, out = str(elsewhere / "content"), str(elsewhere / "out")
    result = lantoa(project, "build", "--content", content, "--out", out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert complete(elsewhere / "out")
    assert sources_hash(project) == before
    # nothing but the sources and the cache (here or the session's shared one, $LANTOA_CACHE)
    left = sorted(p.name for p in project.iterdir() if p.name != ".cache")
    assert left == ["docs", "mkdocs.yml", "stories"]
    assert settled(elsewhere) == [".out.lock", ".out.state", "content", "out"]


@pytest.mark.parametrize("out", ["docs", "stories", "stories/x", ".", "docs/site"])
def test_out_may_not_be_or_hold_a_source_folder(project: Path, out: str) -> None:
    before = sources_hash(project)
    result = lantoa(project, "build", "--out", out)
    assert result.returncode == 1
    assert "thư mục nguồn" in result.stderr
    assert sources_hash(project) == before


def test_hand_written_pages_and_legacy_generated_folder(project: Path) -> None:
    """docs/noi-dung/ left by older builds (marked) is skipped; hand-written pages are published."""
    legacy = project / "docs" / "noi-dung"
    (legacy / "cau-chuyen").mkdir(parents=True)
    (legacy / ".lantoa-generated").write_text("", encoding="utf-8")
    (legacy / "cau-chuyen" / "cu.md").write_text("# Trang cũ\n", encoding="utf-8")
    (project / "docs" / "huong-dan.md").write_text("# Hướng dẫn của nhóm\n", encoding="utf-8")
    before = sources_hash(project)
    result = lantoa(project, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    site = project / "site"
    assert not (site / "noi-dung" / "cau-chuyen" / "cu").exists()
    assert "Hướng dẫn của nhóm" in (site / "huong-dan" / "index.html").read_text(encoding="utf-8")
    assert "son-tinh-nguyen-trong-huy" in (site / "index.html").read_text(encoding="utf-8")  # snippet
    assert sources_hash(project) == before


# --- SIGKILL ---------------------------------------------------------------------------------

# A build in a child that, at a chosen point (a patched function), kills itself with SIGKILL
# or waits until a file appears.
AT_POINT = """
import os, signal, sys, time
from pathlib import Path
import generator.export.site as site
import generator.export.workspace as workspace
from generator.cli import main

point, action = sys.argv[1], sys.argv[2]

def act():
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    Path("paused").touch()
    while not Path(action).exists():
        time.sleep(0.05)

if point == "after-mkdocs":
    original_mkdocs = site.run_mkdocs
    def run_mkdocs(ctx, state):
        html = original_mkdocs(ctx, state)
        act()
        return html
    site.run_mkdocs = run_mkdocs
elif point in ("before-exchange", "after-exchange"):
    original_exchange = workspace._exchange
    def exchange(a, b):
        if point == "before-exchange":
            act()
        original_exchange(a, b)
        act()
    workspace._exchange = exchange
elif point == "between-renames":  # a file system without atomic exchange
    def exchange(a, b):
        raise OSError(38, "no renameat2")
    workspace._exchange = exchange
    original_rename = Path.rename
    def rename(self, target):
        result = original_rename(self, target)
        if Path(target).name == workspace.PREVIOUS:
            act()
        return result
    Path.rename = rename
sys.exit(main(sys.argv[3:] or ["build"]))
"""


def build_at(project: Path, point: str, action: str, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", AT_POINT, point, action, *args]
    return subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def edit_page(project: Path, text: str) -> None:
    """A change only the site shows: the rebuild stays short (leaflets and audio are cached)."""
    page = project / "docs" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def published_text(site: Path) -> str:
    return (site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("point", ["after-mkdocs", "before-exchange", "after-exchange", "between-renames"])
def test_sigkill_at_each_step_of_publishing(project: Path, point: str) -> None:
    assert lantoa(project, "build").returncode == 0
    site, old = project / "site", tree_hash(project / "site")
    edit_page(project, "Đoạn mới sau khi sửa.")
    sources = sources_hash(project)
    killed = build_at(project, point, "kill")
    _, err = killed.communicate(timeout=300)
    assert killed.returncode == -signal.SIGKILL, err[-2000:]
    assert leftovers(project)  # the dead build's folder, until the next build
    if point == "after-exchange":
        assert complete(site) and "Đoạn mới" in published_text(site)  # already the new output, whole
    elif point == "between-renames":
        assert not site.exists()  # the one window a file system without atomic exchange has
        remove_stale(site)  # what the next build does first: the previous output comes back
        assert tree_hash(site) == old
    else:
        assert tree_hash(site) == old
    again = lantoa(project, "build")
    assert again.returncode == 0, again.stderr[-2000:]
    assert not leftovers(project)
    assert complete(site) and "Đoạn mới" in published_text(site)
    assert sources_hash(project) == sources


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_sigkill_at_any_moment_leaves_the_previous_output(project: Path, delay: float) -> None:
    assert lantoa(project, "build").returncode == 0
    site, old = project / "site", tree_hash(project / "site")
    edit_page(project, f"Sửa lần {delay}.")
    sources = sources_hash(project)
    child = subprocess.Popen(
        [*LANTOA, "build"], cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(delay)
    child.kill()
    code = child.wait()
    if code == -signal.SIGKILL and tree_hash(site) != old:
        assert complete(site)  # killed after the exchange: the new output, whole
    elif code != -signal.SIGKILL:
        assert code == 0 and complete(site)  # it finished before the kill
    else:
        assert tree_hash(site) == old
    again = lantoa(project, "build")
    assert again.returncode == 0, again.stderr[-2000:]
    assert not leftovers(project)
    assert f"Sửa lần {delay}." in published_text(site)
    assert sources_hash(project) == sources


def test_stale_staging_folders_are_removed_but_not_a_live_one(tmp_path: Path) -> None:
    out = tmp_path / "site"
    dead_without_owner = tmp_path / ".site.staging-aaaa"
    dead_with_owner = tmp_path / ".site.staging-bbbb"
    live = tmp_path / ".site.staging-cccc"
    other_out = tmp_path / ".site2.staging-dddd"
    for folder in (dead_without_owner, dead_with_owner, live, other_out):
        (folder / "site").mkdir(parents=True)
    (dead_with_owner / "owner").write_text("pid 999999\n", encoding="utf-8")
    with open(live / "owner", "w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        removed = remove_stale(out)
    assert removed == [dead_without_owner, dead_with_owner]
    assert live.exists() and other_out.exists()


# --- two builds at once ---------------------------------------------------------------------


def test_second_build_into_the_same_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    with open_workspace(out, shown="site") as first:
        (first.site / "a.html").write_text("a", encoding="utf-8")
        busy = r"Một lần dựng khác \(tiến trình \d+\) đang ghi vào site/"
        with pytest.raises(BuildBusy, match=busy), open_workspace(tmp_path / "." / "site", shown="site"):
            pass
        first.publish()
    with open_workspace(out) as second:  # free again
        assert not list(second.site.iterdir())
    assert (out / "a.html").read_text(encoding="utf-8") == "a"
    assert settled(tmp_path) == [".site.lock", ".site.state", "site"]


def test_two_builds_into_the_same_out(project: Path) -> None:
    """The second is refused at once, naming the first; the first finishes undisturbed."""
    sources = sources_hash(project)
    first = build_at(project, "after-mkdocs", "go-on")
    deadline = time.monotonic() + 120
    while not (project / "paused").exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (project / "paused").exists(), first.stderr.read() if first.stderr else ""
    second = lantoa(project, "build")
    assert second.returncode == 1
    assert f"Một lần dựng khác (tiến trình {first.pid}) đang ghi vào site/" in second.stderr
    (project / "go-on").touch()
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err[-2000:]
    assert complete(project / "site")
    assert not leftovers(project)
    assert sources_hash(project) == sources


def test_two_builds_into_different_outs_never_mix(project: Path) -> None:
    """Two contents built at once from one project: each out holds only its own pages."""
    shutil.copytree(project / "stories", project / "khac")
    story = project / "khac" / STORY.relative_to("stories")
    text = story.read_text(encoding="utf-8").replace("tags: [lương hưu, BHYT]", "tags: [bản thứ hai]")
    story.write_text(text, encoding="utf-8")
    sources = sources_hash(project)
    builds = [
        subprocess.Popen(
            [*LANTOA, "build", "--content", content, "--out", out],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for content, out in (("stories", "mot"), ("khac", "hai"))
    ]
    for build in builds:
        _, err = build.communicate(timeout=300)
        assert build.returncode == 0, err[-2000:]
    first, second = project / "mot", project / "hai"
    assert complete(first) and complete(second)
    first_text = "".join(p.read_text(encoding="utf-8") for p in first.rglob("*.html"))
    second_text = "".join(p.read_text(encoding="utf-8") for p in second.rglob("*.html"))
    assert "lương hưu</span>" in first_text and "bản thứ hai" not in first_text
    assert "bản thứ hai</span>" in second_text and "lương hưu</span>" not in second_text
    assert sources_hash(project) == sources
    assert not leftovers(project, "mot") and not leftovers(project, "hai")


# --- the preview -----------------------------------------------------------------------------


def test_serve_previews_from_its_own_folder(project: Path, tmp_path: Path) -> None:
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temp = tmp_path / "tmp"
    temp.mkdir()
    before = sources_hash(project)
    errors = (tmp_path / "serve.err").open("w")
    server = subprocess.Popen(
        [*LANTOA, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.DEVNULL,
        stderr=errors,  # a file: a full pipe that nobody reads would block it
        text=True,
        # started as a script's background job is (SIGINT ignored, as pytest-xdist's workers
        # may pass it on): Ctrl-C must still stop it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    killed = False
    try:
        page = ""
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and server.poll() is None:
            try:
                url = f"http://127.0.0.1:{port}/noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy/"
                page = urllib.request.urlopen(url, timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.3)
        assert TITLE in page
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
        assert "son-tinh-nguyen-trong-huy" in home  # the generated home fragment (snippet)
        assert sources_hash(project) == before
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            killed = True
            server.kill()
            server.wait()
        errors.close()
    said = (tmp_path / "serve.err").read_text(encoding="utf-8")[-2000:]
    assert not killed, f"lantoa serve did not stop within 60 s of Ctrl-C:\n{said}"
    assert server.returncode == 0, said
    assert not [p for p in temp.iterdir() if p.name.startswith("lantoa-")], said  # its folder is gone
    assert sources_hash(project) == before


# --- the leak scan ---------------------------------------------------------------------------


def test_a_name_in_a_hand_written_page_fails_the_build(project: Path) -> None:
    """lantoa check does not read docs/; the scan of the output does."""
    assert lantoa(project, "build").returncode == 0
    site, old = project / "site", tree_hash(project / "site")
    edit_page(project, "Cảm ơn chị Hà  Thị Giang đã kể chuyện.")  # giang.md: consent: false
    sources = sources_hash(project)
    result = lantoa(project, "build")
    assert result.returncode == 1
    leak = 'gioi-thieu/index.html: họ tên "Hà Thị Giang" của người chưa đồng ý nêu tên'
    assert leak in result.stderr, result.stderr[-3000:]
    assert "pagefind/fragment/" in result.stderr  # the search index holds it too
    assert "Không dựng xong; thư mục kết quả giữ nguyên." in result.stderr
    assert tree_hash(site) == old
    assert sources_hash(project) == sources
    assert not leftovers(project)


def test_a_draft_reached_through_a_hand_written_page_fails_the_build(project: Path) -> None:
    edit_page(project, "Xem thêm: [Mô hình đang soạn](../noi-dung/mo-hinh/nhap/).")
    result = lantoa(project, "build")
    assert result.returncode == 1
    assert 'gioi-thieu/index.html: tiêu đề "Mô hình đang soạn" của bản nháp nhap' in result.stderr
    assert 'gioi-thieu/index.html: mã "nhap" của bản nháp nhap' in result.stderr
    assert not (project / "site").exists()


# A build whose naming code is broken on purpose: every person shown by full name.
LEAKY = """
import json, sys
from pathlib import Path
import generator.export.leakscan as leakscan
import generator.present.people as people
from generator.cli import main

people.display_name = lambda person: person.name
original = leakscan.scan
def scan(*args, **kwargs):
    leaks = original(*args, **kwargs)
    Path("leaks.json").write_text(json.dumps([leak.file for leak in leaks]))
    return leaks
leakscan.scan = scan
sys.exit(main(["build"]))
"""


def test_a_leak_check_cannot_see_is_caught_in_every_kind_of_output(project: Path) -> None:
    assert lantoa(project, "build").returncode == 0
    old = tree_hash(project / "site")
    os.utime(next((project / "stories").rglob("*.yaml")))  # the broken code is only in memory:
    # without a changed input the build would find nothing to do (generator/uptodate.py)
    result = subprocess.run([sys.executable, "-c", LEAKY], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "kết quả dựng để lộ thông tin không được công bố" in result.stderr
    files = json.loads((project / "leaks.json").read_text(encoding="utf-8"))
    story = "son-tinh-chi-g"
    expected = {
        "page": f"noi-dung/cau-chuyen/{story}/index.html",
        "leaflet": f"to-roi/cau-chuyen/{story}-a5.pdf",
        "large print": f"to-roi/cau-chuyen/{story}-a5-chu-lon.pdf",
        "announcer script": f"loa/cau-chuyen/{story}.txt",
        "ssml": f"loa/cau-chuyen/{story}.ssml",
        "announcer sheet": f"loa/cau-chuyen/{story}.pdf",
        "facebook": f"mang-xa-hoi/cau-chuyen/{story}-facebook.txt",
    }
    for what, file in expected.items():
        assert file in files, (what, file, files)
    assert any(f.startswith("pagefind/fragment/") for f in files), files
    assert tree_hash(project / "site") == old
    assert not leftovers(project)
