"""`lantoa serve`: MkDocs live preview that also follows the records, templates and docs/.

The preview reads its own copy of docs/ with the generated pages added, in a private
temporary folder (the project's docs/ is only read). A watcher thread brings that copy
up to date when a record, a template or a hand-written page changes; MkDocs' own live
reload then refreshes the browser. A record with errors prints them (same form as
`lantoa check`) and the preview keeps its last good pages.
After each MkDocs rebuild, Pagefind indexes the preview (this file is also the
MkDocs hook that does it), so the search page finds a story as soon as it is saved.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.export.context import BuildContext
from generator.export.site import SiteBuildError, generate_docs, index_site, mkdocs_options, retarget_snippets
from generator.export.site.docs import stage
from generator.model.content import load_content
from generator.model.settings import load_settings
from generator.present.templating import TEMPLATES, environment

POLL_SECONDS = 0.5


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders for p in folder.rglob("*") if p.is_file()}


def regenerate(content_dir: Path, docs_dir: Path, project_dir: Path = Path(".")) -> bool:
    """Bring the preview's ``docs_dir`` up to date; False (pages kept) if the content has errors."""
    content = load_content(content_dir, str(content_dir))
    for item in content.report.sorted():
        print(item, file=sys.stderr)
    if content.report.errors:
        print("Chưa cập nhật trang xem trước: sửa các lỗi trên.", file=sys.stderr)
        return False
    # Pages only: nothing is written into the output folder named here.
    context = BuildContext.create(content, docs_dir.parent / "site", project_dir, work=docs_dir.parent)
    environment.cache_clear()  # templates may have changed
    changed = generate_docs(context, docs_dir)
    print(f"Đã cập nhật {changed} tệp.", file=sys.stderr)
    return True


def watch(content_dir: Path, docs_dir: Path, stop: threading.Event, project_dir: Path = Path(".")) -> None:
    folders = [content_dir, TEMPLATES, load_settings(project_dir).docs_dir]
    before = _snapshot(folders)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(folders)
        if now != before:
            before = now
            try:
                regenerate(content_dir, docs_dir, project_dir)
            except Exception as exc:  # keep serving: the editor fixes and saves again
                print(f"Lỗi khi tạo trang: {exc}", file=sys.stderr)


def on_config(config, **_: object):
    """MkDocs hook, on each (re)load of the preview's config: snippets from its docs copy."""
    retarget_snippets(config, load_settings(Path(config.config_file_path).parent))
    return config


def on_post_build(config, **_: object) -> None:
    """MkDocs hook, after each rebuild of the preview: the search index of what it serves."""
    try:
        index_site(Path(config.site_dir))
    except SiteBuildError as exc:  # the pages are still worth previewing
        print(f"Chưa cập nhật được chỉ mục tìm kiếm: {exc}", file=sys.stderr)


def serve(content_dir: Path, dev_addr: str, project_dir: Path = Path(".")) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    preview = Path(tempfile.mkdtemp(prefix="lantoa-xem-truoc-"))
    docs_dir = preview / "docs"
    stop = threading.Event()
    try:
        settings = load_settings(project_dir)
        if not regenerate(content_dir, docs_dir, project_dir):
            stage(settings.docs_dir, docs_dir, {})  # the hand-written pages until the records are fixed
        threading.Thread(target=watch, args=(content_dir, docs_dir, stop, project_dir), daemon=True).start()
        print(f"Xem trước tại http://{dev_addr}/ (có cả trang tìm kiếm).", file=sys.stderr)
        mkdocs_serve(
            config_file=str(settings.config_file),
            dev_addr=dev_addr,
            livereload=True,
            hooks=[__file__],
            **mkdocs_options(settings, docs_dir),
        )
    finally:
        stop.set()
        time.sleep(POLL_SECONDS)
        shutil.rmtree(preview, ignore_errors=True)
    return 0
