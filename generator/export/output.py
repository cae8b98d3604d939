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

from generator.export import namespaces
from generator.model.dates import LOCAL_TZ

MANIFEST = "manifest.json"
# Cache entries, and the outputs linked to them: readable by the web server, writable by nobody.
ENTRY_MODE = 0o444


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

    def every_file(self) -> list[tuple[str, dict[str, Any]]]:
        """(export, entry) of every file recorded so far."""
        with self._lock:
            return [
                (export, dict(entry))
                for record in self._records.values()
                for export, entries in record.items()
                if isinstance(entries, list)
                for entry in entries
            ]

    def to_json(self) -> str:
        generated = dt.datetime.now(LOCAL_TZ).replace(microsecond=0).isoformat()
        records = {key: self._records[key] for key in sorted(self._records)}
        return json.dumps({"generated": generated, "records": records}, ensure_ascii=False, indent=2)


def digest(*parts: Any) -> str:
    """The one hash of the cache: a file by its bytes, bytes as they are, anything else as JSON."""
    found = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            part = part.read_bytes()
        if not isinstance(part, bytes):
            part = json.dumps(part, ensure_ascii=False, sort_keys=True, default=str).encode()
        found.update(len(part).to_bytes(8, "big"))
        found.update(part)
    return found.hexdigest()[:32]


class Cache:
    """Content-addressed store: a file is made once for a given set of inputs.

    Entries live under a namespace registered in ``namespaces.py``, whose code (modules,
    templates, tools) is part of every key ``key`` makes. Entries are immutable: each is
    written to a temporary file and renamed into place, read-only, and never opened for
    writing again. Outputs hard-link them, so an earlier output keeps its bytes whatever a
    later build does.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._code: dict[str, str] = {}  # per namespace, once per build (templates may change)

    def key(self, namespace: str, *parts: Any) -> str:
        """The key of the entry made from ``parts`` by the code of ``namespace``."""
        if namespace not in self._code:
            self._code[namespace] = namespaces.code(namespace)
        return digest(namespace, self._code[namespace], *parts)

    def path(self, namespace: str, key: str, suffix: str) -> Path:
        return Path(self._name(namespace, key, suffix))

    def _name(self, namespace: str, key: str, suffix: str) -> str:
        namespaces.namespace(namespace)  # an unregistered one is refused
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

    def text(self, namespace: str, key: str, suffix: str, text: str | Callable[[], str]) -> Path:
        """The cached text file, written from ``text`` (called only when missing)."""
        found = self.get(namespace, key, suffix)
        if found is not None:
            return found
        data = text() if callable(text) else text
        return self.make(namespace, key, suffix, lambda tmp: tmp.write_text(data, encoding="utf-8"))

    def read_json(self, namespace: str, key: str) -> Any | None:
        """A JSON memo (what was decided for these inputs), or None."""
        found = self.get(namespace, key, ".json")
        try:
            return json.loads(found.read_text(encoding="utf-8")) if found else None
        except (OSError, ValueError):
            return None

    def write_json(self, namespace: str, key: str, value: Any) -> Path:
        return self.text(namespace, key, ".json", json.dumps(value, ensure_ascii=False))


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
