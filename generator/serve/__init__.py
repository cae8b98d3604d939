"""`lantoa serve`: a live preview that follows the records, the templates and docs/.

The preview reads its own copy of docs/ with the generated pages added, in a private
temporary folder (the project's docs/ is only read). A watchdog observer notices saves;
each burst of them brings that copy up to date (preview.py: only changed files are read,
only pages whose inputs changed are rendered, only changed files are written), MkDocs
rebuilds only those pages (livesite.py) and its live reload refreshes the browser, then
Pagefind indexes the preview in the background (search.py), so the search page finds a
story a few seconds after it is saved. A record with errors prints them (same form as
`lantoa check`) and the preview keeps its last good pages.
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from generator.model.diagnostics import BuildError
from generator.model.settings import load_settings
from generator.present.templating import TEMPLATES
from generator.serve.livesite import LiveSite, Rebuild
from generator.serve.preview import Preview, Regeneration, report
from generator.serve.search import Indexer
from generator.serve.watcher import Watch, Watcher


def regenerate(content_dir: Path, docs_dir: Path, project_dir: Path = Path(".")) -> bool:
    """Bring ``docs_dir`` up to date once; False (pages kept) if the content has errors."""
    return Preview(content_dir, docs_dir, project_dir).regenerate().ok


class Session:
    """One preview: its folder, the watcher, MkDocs' server and the search indexer.

    ``regenerations`` and ``site.builds`` record what each save caused (the tests' counters).
    """

    def __init__(self, content_dir: Path, dev_addr: str, project_dir: Path = Path(".")) -> None:
        self.content_dir = content_dir
        self.project_dir = project_dir
        self.settings = load_settings(project_dir)
        self.work = Path(tempfile.mkdtemp(prefix="lantoa-xem-truoc-"))
        self.docs_dir = self.work / "docs"
        self.preview = Preview(content_dir, self.docs_dir, project_dir)
        self.regenerations: list[Regeneration] = []
        self.site = LiveSite(self.settings, self.docs_dir, self.work, dev_addr, self._built)
        self.indexer = Indexer(self.site.site_dir, self.work, self.site.pagefind_lock)
        self.watcher = Watcher(self._watches(), self._changed)

    def _watches(self) -> list[Watch]:
        config = self.settings.config_file
        return [
            Watch(self.content_dir),
            Watch(TEMPLATES),
            Watch(self.settings.docs_dir),
            Watch(config.parent, recursive=False, names=frozenset({config.name})),
        ]

    def run(self) -> None:
        """Regenerate, build, serve until interrupted (or ``stop``); then remove the preview folder."""
        try:
            if not self._regenerate().ok:
                self.preview.hand_written_only()  # until the records are fixed
            self.watcher.start()
            self.indexer.start()
            print(f"Xem trước tại {self.site.server.url} (có cả trang tìm kiếm).", file=sys.stderr)
            self.site.serve()
        finally:
            self.watcher.stop()
            self.indexer.stop()
            _remove(self.work)

    def stop(self) -> None:
        self.site.shutdown()

    def wait_idle(self, timeout: float) -> bool:
        """Until every save noticed is regenerated, rebuilt and indexed (tests, benchmarks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (
                self.watcher.idle
                and self.site.wait(self.site.requested, timeout=0)
                and self.indexer.wait(timeout=0)
            ):
                return True
            time.sleep(0.05)
        return False

    def _regenerate(self, defer: bool = False) -> Regeneration:
        try:
            result = self.preview.regenerate(defer)
        except BuildError as exc:  # settings the editor is still typing
            print(f"Chưa cập nhật trang xem trước: {exc}", file=sys.stderr)
            result = Regeneration(False)
        self.regenerations.append(result)
        if result.ok:
            print(report(result), file=sys.stderr)
        return result

    def _changed(self, paths: set[Path]) -> None:
        """A quiet batch of saves (the watcher's thread)."""
        config = self.settings.config_file.name
        full = any(_within(p, self.settings.docs_dir) or p.name == config for p in paths)
        if full or any(_within(p, TEMPLATES) for p in paths):
            self.preview.templates_changed()
        try:
            result = self._regenerate(defer=True)
            if not (result.changed or full):
                return
            ticket = self.site.changed(result.written, result.removed, full=full)
            if not self.preview.deferred:
                return
            # The edited record is on its way to the browser; then the heavy listings, unless
            # the editor saved again meanwhile (that regeneration defers them once more).
            self.site.wait(ticket)
            if self.watcher.pending:
                return
            result = self.preview.finish()
            self.regenerations.append(result)
            print(report(result), file=sys.stderr)
            if result.changed:
                self.site.changed(result.written, result.removed)
        except Exception as exc:  # keep serving: the editor fixes and saves again
            print(f"Lỗi khi tạo trang: {exc}", file=sys.stderr)

    def _built(self, rebuild: Rebuild) -> None:
        kind = "toàn bộ" if rebuild.full else "các trang đổi"
        seconds = f"{rebuild.seconds:.2f}".replace(".", ",")
        print(f"MkDocs dựng lại {kind}: {len(rebuild.pages)} trang, {seconds} s.", file=sys.stderr)
        self.indexer.request()


def _remove(folder: Path) -> None:
    """The preview's folder, gone: again while a thread that was stopping still wrote into it."""
    for _ in range(100):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1)


def _within(path: Path, folder: Path) -> bool:
    return path.is_relative_to(folder) or path.is_relative_to(folder.absolute())


def serve(content_dir: Path, dev_addr: str, project_dir: Path = Path(".")) -> int:
    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        # stopped by a test or a script: clean up too. Ctrl-C as well when started with SIGINT
        # ignored (a background job of a script), where Python would not raise KeyboardInterrupt
        for stop in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop, interrupt)
    session: Session | None = None
    try:
        session = Session(content_dir, dev_addr, project_dir)
        session.run()
    except KeyboardInterrupt:
        pass
    finally:
        if session is not None:  # stopped before run() took charge of its folder
            _remove(session.work)
    return 0
