"""`lantoa serve`: a save regenerates only what it changed, MkDocs renders only those pages,
errors keep the last good pages, and the preview's search finds the new text."""

from __future__ import annotations

import gzip
import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.serve import Session
from generator.serve.preview import Preview
from generator.serve.watcher import is_temporary
from tests.sitebuild import ROOT, project_copy

MINI = ROOT / "tests" / "fixtures" / "mini"
STORY = Path("quang-ngai", "son-tinh", "huy.yaml")
STORY_PAGE = "noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy.md"
SOCIAL_PAGE = "noi-dung/mang-xa-hoi/quang-ngai.md"  # its posts quote the story's body
TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _until(what, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "the preview did not get there in time"
        time.sleep(0.05)


@contextmanager
def running(project: Path) -> Iterator[Session]:
    """`lantoa serve` on ``project``, once it serves and has nothing left to do."""
    session = Session(project / "stories", f"127.0.0.1:{_free_port()}", project)
    thread = threading.Thread(target=session.run, daemon=True)
    thread.start()
    try:
        _until(lambda: _get(session.site.server.url) is not None)
        assert session.wait_idle(TIMEOUT)
        yield session
    finally:
        session.stop()
        thread.join(timeout=30)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Session]:
    with running(project_copy(tmp_path / "p", MINI)) as session:
        yield session
    assert not session.work.exists()  # the preview folder is removed


def _save(session: Session, edit) -> None:
    """Edit the story as an editor saves it, and wait until the preview has followed."""
    story = session.content_dir / STORY
    before = len(session.regenerations)
    story.write_text(edit(story.read_text(encoding="utf-8")), encoding="utf-8")
    _until(lambda: len(session.regenerations) > before)
    assert session.wait_idle(TIMEOUT)


def _story_url(session: Session) -> str:
    return session.site.server.url + "noi-dung/cau-chuyen/son-tinh-nguyen-trong-huy/"


def _indexed_text(site: Path) -> str:
    """The text of every page in the preview's Pagefind index (its fragments, gzip'd JSON)."""
    texts = []
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        texts.append(json.loads(data)["content"])
    return "\n".join(texts)


def test_a_body_edit_rewrites_its_page_and_the_posts_and_mkdocs_renders_only_those(preview: Session) -> None:
    first = preview.site.builds[0]
    assert first.full and len(first.pages) > 20
    builds = len(preview.site.builds)

    _save(preview, lambda text: text.replace("Nay cả nhà anh", "Zuxivova: nay cả nhà anh"))

    result = preview.regenerations[-1]
    assert result.ok and result.parsed == 1  # one record file read again
    assert sorted(result.written) == [STORY_PAGE, SOCIAL_PAGE] and result.removed == []
    # Rendered again: the pages whose template receives the story's view (its own, its model's,
    # its campaign's, the home fragment, posts, broadcasts); the other 26 (the team's language
    # report, preview only, among them) came from the memo.
    assert (result.rendered, result.reused) == (6, 26)
    rebuilds = preview.site.builds[builds:]
    assert [b.full for b in rebuilds] == [False]
    assert sorted(rebuilds[0].pages) == [STORY_PAGE, SOCIAL_PAGE]
    assert "Zuxivova" in (_get(_story_url(preview)) or "")
    assert "Zuxivova" in _indexed_text(preview.site.site_dir)  # the search page finds it


def test_a_title_edit_rewrites_exactly_the_listings_that_show_it(preview: Session) -> None:
    builds, regenerations = len(preview.site.builds), len(preview.regenerations)
    _save(preview, lambda text: text.replace("title: Người thứ ba", "title: Người thứ Zuxivova"))

    written = {rel for r in preview.regenerations[regenerations:] for rel in r.written}
    docs = preview.docs_dir
    showing = {
        p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if "Zuxivova" in p.read_text("utf-8")
    }
    assert STORY_PAGE in written and "noi-dung/cau-chuyen/index.md" in written
    # The listings that show the title, and the home page that includes the changed fragment
    # (touched by docs.stage, so MkDocs' dirty build renders it: the build's rule too).
    assert written == showing | {"index.md"}
    rendered = {page for build in preview.site.builds[builds:] for page in build.pages}
    pages = {rel for rel in written if not rel.startswith("noi-dung/_manh/")}  # fragments are included
    assert rendered == pages | {"index.md"}  # the home page includes the changed fragment
    home = _get(preview.site.server.url) or ""
    assert "Zuxivova" in home


def test_a_record_with_an_error_prints_it_and_keeps_the_last_good_pages(
    preview: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    _save(preview, lambda text: text.replace("Nay cả nhà anh", "Zuxivova: nay cả nhà anh"))
    builds = len(preview.site.builds)
    capsys.readouterr()

    _save(preview, lambda text: text.replace("date: 2025-05", "date: 2025-13"))

    assert not preview.regenerations[-1].ok
    assert "huy.yaml:5: date: tháng 13" in capsys.readouterr().err
    assert len(preview.site.builds) == builds  # nothing rebuilt
    assert "Zuxivova" in (preview.docs_dir / STORY_PAGE).read_text("utf-8")
    assert "Zuxivova" in (_get(_story_url(preview)) or "")

    _save(preview, lambda text: text.replace("date: 2025-13", "date: 2025-05"))
    assert preview.regenerations[-1].ok


def test_a_deleted_record_loses_its_page_and_its_html(preview: Session) -> None:
    story = preview.content_dir / "quang-ngai" / "son-tinh" / "giang.md"  # no record points at it
    page = "noi-dung/cau-chuyen/son-tinh-chi-g.md"
    html = preview.site.site_dir / "noi-dung" / "cau-chuyen" / "son-tinh-chi-g" / "index.html"
    assert html.is_file() and "heo đất" in _indexed_text(preview.site.site_dir)
    before = len(preview.regenerations)
    story.unlink()
    _until(lambda: len(preview.regenerations) > before)
    assert preview.wait_idle(TIMEOUT)
    assert page in preview.regenerations[-1].removed
    assert not html.exists() and not html.parent.exists()
    assert _get(preview.site.server.url + "noi-dung/cau-chuyen/son-tinh-chi-g/") is None
    assert "heo đất" not in _indexed_text(preview.site.site_dir)


def test_a_hand_written_page_edit_rebuilds_everything_and_keeps_the_search_index(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", MINI, own_docs=True)
    with running(project) as session:
        builds = len(session.site.builds)
        about = project / "docs" / "gioi-thieu.md"
        about.write_text(about.read_text("utf-8") + "\nZuxivova.\n", "utf-8")
        _until(lambda: len(session.site.builds) > builds)
        assert session.wait_idle(TIMEOUT)
        assert session.site.builds[-1].full
        assert "Zuxivova" in (_get(session.site.server.url + "gioi-thieu/") or "")
        assert (session.site.site_dir / "pagefind" / "pagefind-entry.json").is_file()


def test_memoised_pages_equal_pages_rendered_afresh(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", MINI)
    kept = Preview(project / "stories", tmp_path / "kept" / "docs", project)
    assert kept.regenerate().ok
    story = project / "stories" / STORY
    story.write_text(story.read_text("utf-8").replace("title: Người thứ ba", "title: Người thứ tư"), "utf-8")
    assert kept.regenerate(defer=True).ok
    if kept.deferred:
        kept.finish()
    fresh = Preview(project / "stories", tmp_path / "fresh" / "docs", project)
    assert fresh.regenerate().ok
    files = {
        p.relative_to(tmp_path / "kept").as_posix(): p.read_bytes()
        for p in (tmp_path / "kept").rglob("*")
        if p.is_file()
    }
    again = {
        p.relative_to(tmp_path / "fresh").as_posix(): p.read_bytes()
        for p in (tmp_path / "fresh").rglob("*")
        if p.is_file()
    }
    assert files == again


def test_editors_temporary_files_are_ignored() -> None:
    for name in (".huy.yaml.swp", "huy.yaml~", ".#huy.yaml", "#huy.yaml#", "4913", "huy.yaml.tmp"):
        assert is_temporary(Path("stories", name)), name
    assert not is_temporary(Path("stories", "huy.yaml"))


def test_stopping_the_preview_ends_a_pagefind_run_whole() -> None:
    """Ctrl-C while Pagefind indexes: its whole process group ends (the wrapper and the binary it
    started), so the preview removes its folder without waiting for the run (a busy machine)."""
    import subprocess

    from generator.serve import search

    group = subprocess.Popen(["sh", "-c", "sleep 300 & wait"], start_new_session=True)
    search._end(group)
    assert group.wait(timeout=60) != 0
    with pytest.raises(ProcessLookupError):  # the inner sleep went with it
        for _ in range(600):
            os.killpg(group.pid, 0)
            time.sleep(0.1)
