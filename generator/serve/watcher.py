"""Which files the editor saved: watchdog's native observer (inotify on Linux, not polling),
a burst of events gathered into one batch once the folder has been quiet for a moment."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

QUIET_SECONDS = 0.1  # an editor's save (write, rename, chmod) is one burst well within this
# What an event says happened to the file's content; reading a file (our own loads) is
# "opened" / "closed_no_write" and must not start a regeneration.
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed"})
# Editors' swap, backup and temporary files: saving a record writes and removes these.
_TEMP_SUFFIXES = (
    "~",
    ".swp",
    ".swx",
    ".swo",
    ".tmp",
    ".bak",
    ".part",
    ".kate-swp",
    "___jb_tmp___",
    "___jb_old___",
)


def is_temporary(path: Path) -> bool:
    name = path.name
    return (
        name.startswith((".", "#", "~"))  # .huy.yaml.swp, .#huy.yaml, #huy.yaml#, ~$ files
        or name.endswith(_TEMP_SUFFIXES)
        or name == "4913"  # vim probes whether it may write in the folder
        or name.startswith(".goutputstream-")
    )


@dataclass(frozen=True)
class Watch:
    folder: Path
    recursive: bool = True
    names: frozenset[str] | None = None  # only these file names (mkdocs.yml beside other files)


class Watcher:
    """Calls ``on_change(paths)`` in its own thread with each quiet batch of changed paths."""

    def __init__(self, watches: Iterable[Watch], on_change: Callable[[set[Path]], None]) -> None:
        self._watches = list(watches)
        self._on_change = on_change
        self._pending: set[Path] = set()
        self._last_event = 0.0
        self._cond = threading.Condition()
        self._stopped = False
        self._busy = False
        self._observer = Observer()
        self._thread = threading.Thread(target=self._run, name="lantoa-watch", daemon=True)

    def start(self) -> None:
        for watch in self._watches:
            if watch.folder.is_dir():
                handler = _Handler(self, watch.names)
                self._observer.schedule(handler, str(watch.folder), recursive=watch.recursive)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=60)  # a regeneration under way writes into the preview folder

    @property
    def pending(self) -> bool:
        """Saves noticed and not yet handed over."""
        with self._cond:
            return bool(self._pending)

    @property
    def idle(self) -> bool:
        """Nothing noticed and nothing being handled."""
        with self._cond:
            return not self._pending and not self._busy

    def note(self, paths: Iterable[Path]) -> None:
        with self._cond:
            self._pending.update(paths)
            self._last_event = time.monotonic()
            self._cond.notify_all()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._stopped)
                while not self._stopped:  # until a quiet moment: one batch per burst of saves
                    left = self._last_event + QUIET_SECONDS - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                if self._stopped:
                    return
                batch, self._pending = self._pending, set()
                self._busy = True
            try:
                self._on_change(batch)
            finally:
                with self._cond:
                    self._busy = False


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher, names: frozenset[str] | None) -> None:
        self._watcher = watcher
        self._names = names

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return
        paths = [Path(str(p)) for p in (event.src_path, event.dest_path) if p]
        wanted = [p for p in paths if not is_temporary(p) and (self._names is None or p.name in self._names)]
        if wanted:
            self._watcher.note(wanted)
