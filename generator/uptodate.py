"""Nothing to do: the same inputs as the build that made ``--out``, and ``--out`` as it left it.

Like ``make``, a build first compares what it would read with what the last successful build
into the same out read, and the out with what that build published. When both match it
prints that build's warnings again and stops: the output is already the one it would make.

What counts as input, each file by name, size, modification time and inode (a saved file
changes at least its time): the content folder, docs/, mkdocs.yml and every file the settings
name (jingles, voice, abbreviations); the generator's own code and templates; the installed
packages' versions; the programs a build runs; the build date and the command's options.
The output is compared the same way, file by file, so a file changed or deleted by hand in
``site/`` makes the next build run in full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
from dataclasses import asdict, fields, is_dataclass
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.export.output import digest_files
from generator.model.diagnostics import Diagnostic, Report
from generator.model.settings import Settings

RECORD = "uptodate.json"  # in the out's state folder (export/workspace.py)
PROGRAMS = ("espeak-ng", "sox", "lame", "pdftotext", "chromium")
PACKAGE = Path(__file__).resolve().parent


def inputs(content_dir: Path, settings: Settings, options: dict[str, Any]) -> str:
    """A fingerprint of everything a build into one out reads."""
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    named = [p for p in (Path(v) for v in _paths(settings)) if p.is_file()]  # mkdocs.yml is read below
    for folder in (content_dir, settings.docs_dir, settings.config_file, PACKAGE, *named):
        digest_files(digest, folder.resolve())
    for dist in sorted(distributions(), key=lambda d: d.metadata["Name"] or ""):
        digest.update(f"{dist.metadata['Name']}={dist.version}\n".encode())
    digest.update(sys.version.encode())
    for program in PROGRAMS:
        found = shutil.which(program)
        if found:
            digest_files(digest, Path(found).resolve())
    return digest.hexdigest()


def _paths(value: Any) -> list[str]:
    """Every string in the settings that looks like a file path (jingles, voice, tables)."""
    if isinstance(value, BaseModel):
        value = value.model_dump()
    elif is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in fields(value)}
    if isinstance(value, dict):
        return [p for item in value.values() for p in _paths(item)]
    if isinstance(value, list):
        return [p for item in value for p in _paths(item)]
    if isinstance(value, str | Path) and "/" in str(value) and "://" not in str(value):
        return [str(value)]
    return []


def output(out: Path) -> str:
    digest = hashlib.sha256()
    if out.is_dir():
        digest_files(digest, out.resolve())
    return digest.hexdigest()


def unchanged(state: Path, out: Path, fingerprint: str) -> tuple[Report, Report] | None:
    """The last build's (content, export) reports if nothing changed since it; else None."""
    try:
        record = json.loads((state / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != fingerprint or record.get("output") != output(out):
        return None
    try:
        return _report(record["content"]), _report(record["exports"])
    except (KeyError, TypeError):
        return None


def remember(state: Path, out: Path, fingerprint: str, content: Report, exports: Report) -> None:
    """After a successful build: what it read and what it published."""
    record = {
        "inputs": fingerprint,
        "output": output(out),
        "built": dt.datetime.now(dt.UTC).isoformat(),
        "content": [asdict(d) for d in content.items],
        "exports": [asdict(d) for d in exports.items],
    }
    (state / RECORD).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def _report(items: list[dict[str, Any]]) -> Report:
    return Report(items=[Diagnostic(**item) for item in items])
