"""Pagefind in the background: the preview's search index follows its rebuilds without delaying them.

Requests made while Pagefind runs are coalesced into one more run. Each run writes a
fresh index beside the site and swaps it in, so the search page never reads half an index.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

from generator.export.site import SiteBuildError, index_site

NICENESS = 10  # the next rebuild, which the editor waits for, goes first on a busy machine


class Indexer:
    def __init__(self, site_dir: Path, work: Path, lock: threading.Lock) -> None:
        self.site_dir = site_dir
        self.work = work
        self.lock = lock  # held while the site's pagefind/ folder is moved (here or by a clean build)
        self.requested = 0
        self.indexed = 0  # requests covered by the index now served
        self._cond = threading.Condition()
        self._stopped = False
        self._process: subprocess.Popen | None = None  # the Pagefind run in progress
        self._thread = threading.Thread(target=self._run, name="lantoa-pagefind", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 60) -> None:
        """Stop, ending a Pagefind run in progress (on a busy machine a run can outlast the
        patience of whoever pressed Ctrl-C; its half-written index is thrown away anyway)."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
            process = self._process
        if process is not None:
            _end(process)
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _started(self, process: subprocess.Popen) -> None:
        with self._cond:
            self._process = process
            if self._stopped:  # stopped while it was starting
                _end(process)

    def request(self) -> None:
        with self._cond:
            self.requested += 1
            self._cond.notify_all()

    def wait(self, timeout: float) -> bool:
        """Until the index covers every request made so far (tests, the benchmark)."""
        with self._cond:
            wanted = self.requested
            return self._cond.wait_for(lambda: self.indexed >= wanted, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self.requested > self.indexed or self._stopped)
                if self._stopped:
                    return
                covering = self.requested
            fresh = self.work / "pagefind-new"
            shutil.rmtree(fresh, ignore_errors=True)
            try:
                index_site(self.site_dir, output=fresh, niceness=NICENESS, started=self._started)
                if self._stopped:
                    return
                self._swap(fresh)
            except (SiteBuildError, OSError) as exc:  # the pages are still worth previewing
                if self._stopped:
                    return
                print(f"Chưa cập nhật được chỉ mục tìm kiếm: {exc}", file=sys.stderr)
            with self._cond:
                self.indexed = max(self.indexed, covering)
                self._cond.notify_all()

    def _swap(self, fresh: Path) -> None:
        served, old = self.site_dir / "pagefind", self.work / "pagefind-old"
        with self.lock:
            shutil.rmtree(old, ignore_errors=True)
            if served.exists():
                served.rename(old)
            fresh.rename(served)
        shutil.rmtree(old, ignore_errors=True)


def _end(process: subprocess.Popen) -> None:
    """End a Pagefind run: its process group (the ``python -m pagefind`` wrapper and the binary)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it ended meanwhile
            os.killpg(process.pid, signal.SIGTERM)
