"""The one output layer: every export writes through here.

Exports write into the build's staging folder (``workspace.py`` swaps it in only when
everything succeeded, so a failed build never touches the previous output). Expensive
files (PDF, audio, images) come from a cache keyed by a hash of their inputs, shared by
every build: its files appear by an atomic rename, so concurrent builds may fill it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.model.dates import LOCAL_TZ

MANIFEST = "manifest.json"
# Cache entries, and the outputs linked to them: readable by the web server, writable by nobody.
ENTRY_MODE = 0o444


def digest_files(digest: Any, path: Path, suffix: str = "", by_bytes: frozenset[str] = frozenset()) -> None:
    """Add to ``digest`` the ``suffix`` files at or under ``path`` by name, size, modification
    time and inode (a saved or rewritten file changes at least one), or by their bytes for the
    names (relative to ``path``) in ``by_bytes``. Bytecode folders are skipped: they follow the
    sources. Cheap: one stat a file, nothing read but ``by_bytes``."""
    walked = [(str(path.parent), [path.name])] if path.is_file() else _walk(path)
    for folder, names in walked:
        for name in sorted(n for n in names if n.endswith(suffix)):
            full = os.path.join(folder, name)
            if os.path.relpath(full, path) in by_bytes:
                digest.update(f"{full}:".encode() + Path(full).read_bytes())
                continue
            try:
                info = os.stat(full)
            except OSError:  # a dangling link: its name is enough
                digest.update(f"{full}:-\n".encode())
                continue
            digest.update(f"{full}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}\n".encode())


def _walk(folder: Path) -> list[tuple[str, list[str]]]:
    found = []
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.append((dirpath, names))
    return found


class Manifest:
    """``manifest.json``: for each record, its page and its exported files."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, Any]] = defaultdict(dict)
        self._lock = threading.Lock()

    def page(self, key: str, page: str) -> None:
        with self._lock:
            self._records[key]["page"] = page

    def add(self, key: str, export: str, file: str, variant: str, **extra: Any) -> None:
        with self._lock:
            items = self._records[key].setdefault(export, [])
            items[:] = [i for i in items if i["file"] != file]
            items.append({"file": file, "variant": variant, **extra})

    def files(self, key: str, export: str) -> list[dict[str, Any]]:
        return list(self._records.get(key, {}).get(export, []))

    def to_json(self) -> str:
        generated = dt.datetime.now(LOCAL_TZ).replace(microsecond=0).isoformat()
        records = {key: self._records[key] for key in sorted(self._records)}
        return json.dumps({"generated": generated, "records": records}, ensure_ascii=False, indent=2)


class Cache:
    """Content-addressed store: a file is made once for a given set of inputs.

    Entries are immutable: each is written to a temporary file and renamed into place,
    read-only, and never opened for writing again. Outputs hard-link them, so an earlier
    output keeps its bytes whatever a later build does.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(*parts: Any) -> str:
        digest = hashlib.sha256()
        for part in parts:
            if isinstance(part, Path):
                part = part.read_bytes()
            if not isinstance(part, bytes):
                part = json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode()
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
        return digest.hexdigest()[:32]

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return Path(self._name(namespace, key, suffix))

    def _name(self, namespace: str, key: str, suffix: str) -> str:
        # One string, not three Path joins: a rebuild asks for thousands of entries.
        return f"{os.fspath(self.root)}/{namespace}/{key[:2]}/{key}{suffix}"

    def get(self, namespace: str, key: str, suffix: str) -> Path | None:
        name = self._name(namespace, key, suffix)
        return Path(name) if os.path.exists(name) else None

    def make(self, namespace: str, key: str, suffix: str, produce: Callable[[Path], None]) -> Path:
        """Return the cached file, producing it (atomically) if it is missing."""
        target = self.path(namespace, key, suffix)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, suffix=suffix)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            produce(tmp)
            tmp.chmod(ENTRY_MODE)
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)
        return target


class OutputWriter:
    """Writes files under the staging root and records them in the manifest."""

    def __init__(self, root: Path, manifest: Manifest | None = None) -> None:
        self.root = root
        self.manifest = manifest or Manifest()
        self.linked = self.copied = 0  # cached files placed by hard link / by copy

    def target(self, rel: str) -> Path:
        """A fresh path to write: whatever was there (perhaps a link into the cache) is unlinked first."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return path

    def write_text(self, rel: str, text: str) -> Path:
        path = self.target(rel)
        path.write_text(text, encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.target(rel)
        path.write_bytes(data)
        return path

    def copy(self, rel: str, source: Path) -> Path:
        """Place a cached file: a hard link, so nothing is copied (a copy only across disks)."""
        path = self.target(rel)
        try:
            os.link(source, path)
            self.linked += 1
        except OSError:
            shutil.copyfile(source, path)
            self.copied += 1
        return path

    def record(self, key: str, export: str, rel: str, variant: str, **extra: Any) -> None:
        self.manifest.add(key, export, rel, variant, **extra)

    def write_manifest(self) -> Path:
        return self.write_text(MANIFEST, self.manifest.to_json())
