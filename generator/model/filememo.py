"""Record files kept parsed between loads: the preview re-reads only the files that changed.

A file is known by its path and its stat stamp (modification and change time, size,
inode): an editor's save changes it, and a file that did not change gives back the very
entry and diagnostics it gave before. Validation across records still runs on every load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.diagnostics import Diagnostic, Report
from generator.model.loader import Entry, load_file
from generator.model.records import Record

type Stamp = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Loaded:
    stamp: Stamp
    entry: Entry[Record] | None
    items: tuple[Diagnostic, ...]
    unloaded: frozenset[str]


@dataclass
class FileMemo:
    """Parsed record files by path; ``parsed`` counts the files the last load had to read."""

    _files: dict[Path, _Loaded] = field(default_factory=dict)
    _where: tuple[Path, str, int] | None = None
    parsed: int = 0

    def begin(self, root: Path, shown_root: str, record_bytes: int) -> None:
        """Start a load; what was parsed for another folder or limit is forgotten."""
        where = (root, shown_root, record_bytes)
        if where != self._where:
            self._files.clear()
            self._where = where
        self.parsed = 0

    def load(self, path: Path, report: Report) -> Entry[Record] | None:
        assert self._where is not None, "begin() first"
        root, shown_root, record_bytes = self._where
        stamp = _stamp(path)
        known = self._files.get(path)
        if known is None or stamp is None or known.stamp != stamp:
            own = Report()
            entry = load_file(root, shown_root, path, own, record_bytes)
            known = _Loaded(stamp or (0, 0, 0, 0), entry, tuple(own.items), frozenset(own.unloaded))
            if stamp is not None:
                self._files[path] = known
            self.parsed += 1
        report.items.extend(known.items)
        report.unloaded.update(known.unloaded)
        return known.entry

    def keep_only(self, paths: list[Path]) -> None:
        """Forget files that are gone (deleted or renamed)."""
        wanted = set(paths)
        for path in [p for p in self._files if p not in wanted]:
            del self._files[path]


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
