"""Nothing to do: the same inputs as the build that made ``--out``, and ``--out`` as it left it.

Like ``make``, a build first compares what it would read with what the last successful build
into the same out read, and the out with what that build published. When both match it
prints that build's warnings again and stops: the output is already the one it would make.

What counts as input, each file by name, size, modification time and inode (a saved file
changes at least its time): the content folder, docs/, mkdocs.yml and every file the settings
name (``settings.input_files``: the fields declared INPUT_FILE, absolute since load); the
generator's own code and templates; the installed packages' versions; the programs a build
runs and the data they read (espeak-ng's voices, the fonts); the build date and the options.
The output is compared the same way, file by file, so a file changed or deleted by hand in
``site/`` makes the next build run in full.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sys
from dataclasses import asdict
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from generator.export.namespaces import digest_files, tool_files
from generator.export.workspace import read_record, write_record
from generator.model.diagnostics import Diagnostic, Report
from generator.model.settings import Settings, input_files

RECORD = "uptodate.json"  # in the out's state folder (export/workspace.py)
PROGRAMS = ("espeak-ng", "sox", "lame", "piper", "pdftotext", "chromium")
PACKAGE = Path(__file__).resolve().parent


def inputs(content_dir: Path, settings: Settings, options: dict[str, Any]) -> str:
    """A fingerprint of everything a build into one out reads."""
    digest = hashlib.sha256()
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    named = input_files(settings)  # every file setting, declared once in settings.py
    for path in (content_dir, settings.docs_dir, settings.config_file, PACKAGE, *named, *tool_files()):
        digest.update(f"{path}\n".encode())
        digest_files(digest, path.resolve())
    for dist in sorted(distributions(), key=lambda d: d.metadata["Name"] or ""):
        digest.update(f"{dist.metadata['Name']}={dist.version}\n".encode())
    digest.update(sys.version.encode())
    for program in PROGRAMS:
        found = shutil.which(program)
        if found:
            digest_files(digest, Path(found).resolve())
    return digest.hexdigest()


def output(out: Path) -> str:
    digest = hashlib.sha256()
    if out.is_dir():
        digest_files(digest, out.resolve())
    return digest.hexdigest()


def unchanged(state: Path, out: Path, fingerprint: str) -> tuple[Report, Report] | None:
    """The last build's (content, export) reports if nothing changed since it; else None."""
    record = read_record(state / RECORD, fingerprint)
    if record is None or record.get("output") != output(out):
        return None
    try:
        return _report(record["content"]), _report(record["exports"])
    except (KeyError, TypeError):
        return None


def remember(state: Path, out: Path, fingerprint: str, content: Report, exports: Report) -> None:
    """After a successful build: what it read (the key) and what it published."""
    write_record(
        state / RECORD,
        fingerprint,
        output=output(out),
        built=dt.datetime.now(dt.UTC).isoformat(),
        content=[asdict(d) for d in content.items],
        exports=[asdict(d) for d in exports.items],
    )


def _report(items: list[dict[str, Any]]) -> Report:
    return Report(items=[Diagnostic(**item) for item in items])
