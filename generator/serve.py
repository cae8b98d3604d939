"""`lantoa serve`: MkDocs live preview that also follows the records and templates.

A watcher thread regenerates docs/noi-dung/ when a record or template changes;
MkDocs' own live reload then refreshes the browser. A record with errors prints
them (same form as `lantoa check`) and the preview keeps its last good pages.
After each MkDocs rebuild, Pagefind indexes the preview (this file is also the
MkDocs hook that does it), so the search page finds a story as soon as it is saved.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

from generator.export.context import BuildContext
from generator.export.site import SiteBuildError, generate_docs, index_site
from generator.model.content import load_content
from generator.present.templating import TEMPLATES, environment

POLL_SECONDS = 0.5


def _snapshot(folders: list[Path]) -> dict[Path, float]:
    return {p: p.stat().st_mtime for folder in folders for p in folder.rglob("*") if p.is_file()}


def regenerate(content_dir: Path, project_dir: Path = Path(".")) -> bool:
    content = load_content(content_dir, str(content_dir))
    for item in content.report.sorted():
        print(item, file=sys.stderr)
    if content.report.errors:
        print("Chưa cập nhật trang xem trước: sửa các lỗi trên.", file=sys.stderr)
        return False
    # Pages only: the site folder is named but nothing is written there.
    context = BuildContext.create(content, project_dir / "site", project_dir)
    environment.cache_clear()  # templates may have changed
    changed = generate_docs(context)
    print(f"Đã cập nhật {changed} trang.", file=sys.stderr)
    return True


def watch(content_dir: Path, stop: threading.Event) -> None:
    folders = [content_dir, TEMPLATES]
    before = _snapshot(folders)
    while not stop.wait(POLL_SECONDS):
        now = _snapshot(folders)
        if now != before:
            before = now
            try:
                regenerate(content_dir)
            except Exception as exc:  # keep serving: the editor fixes and saves again
                print(f"Lỗi khi tạo trang: {exc}", file=sys.stderr)


def on_post_build(config, **_: object) -> None:
    """MkDocs hook, after each rebuild of the preview: the search index of what it serves."""
    try:
        index_site(Path(config.site_dir))
    except SiteBuildError as exc:  # the pages are still worth previewing
        print(f"Chưa cập nhật được chỉ mục tìm kiếm: {exc}", file=sys.stderr)


def serve(content_dir: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    regenerate(content_dir)
    stop = threading.Event()
    threading.Thread(target=watch, args=(content_dir, stop), daemon=True).start()
    print(f"Xem trước tại http://{dev_addr}/ (có cả trang tìm kiếm).", file=sys.stderr)
    try:
        mkdocs_serve(config_file="mkdocs.yml", dev_addr=dev_addr, livereload=True, hooks=[__file__])
    finally:
        stop.set()
        time.sleep(POLL_SECONDS)
    return 0
