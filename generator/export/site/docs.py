"""The folder MkDocs reads: the hand-written docs/ plus the generated pages, never docs/ itself.

A build assembles it in its private workspace, the preview in its own folder; the
project's docs/ is only read. Only files whose bytes changed are rewritten, so MkDocs'
dirty build (the build's and the preview's) renders just what an edit touched. One more
dependency is MkDocs' blind spot: a hand-written page (the home page) that includes a
generated fragment through a snippet. When the fragment changes, the page is touched
here (``includers``), so both render it again.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.diagnostics import BuildError
from generator.present import urls

# Builds before this module wrote their pages into docs/noi-dung/ and marked it so;
# such a leftover folder is stale generated output, skipped (make clean deletes it).
LEGACY_MARKER = ".lantoa-generated"
FRAGMENTS = f"{urls.GENERATED_DIR}/_manh/"  # generated pieces that hand-written pages include


class HandWrittenFolder(BuildError):
    """docs/noi-dung/ holds hand-written files, which the generated pages would hide."""


def hand_written(source: Path) -> dict[str, Path]:
    """docs-relative path → file of every hand-written page and asset."""
    generated = source / urls.GENERATED_DIR
    legacy = (generated / LEGACY_MARKER).exists()
    if generated.is_dir() and not legacy and any(p.is_file() for p in generated.rglob("*")):
        raise HandWrittenFolder(
            f"{generated}/ có tệp không do Lan Tỏa tạo, nhưng tên thư mục này dành cho trang do "
            "máy tạo; đổi tên thư mục đó (ví dụ docs/ghi-chu/)"
        )
    files = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if rel.parts[0] == urls.GENERATED_DIR or not path.is_file():
            continue
        files[rel.as_posix()] = path
    return files


@dataclass
class Staging:
    """A docs folder staged again and again (the preview's): what it holds, what the last
    ``stage`` changed. Its generated files are compared in memory, not read back."""

    held: dict[str, bytes] = field(default_factory=dict)  # generated files, as written
    wanted: set[str] = field(default_factory=set)  # every file the folder holds
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def stage(
    source: Path, target: Path, generated: dict[str, str | bytes], staging: Staging | None = None
) -> int:
    """Make ``target`` hold ``source``'s files plus ``generated``; return the files written."""
    wanted: dict[str, Path | bytes] = dict(hand_written(source))
    for rel, data in generated.items():
        wanted[rel] = data.encode("utf-8") if isinstance(data, str) else data
    target.mkdir(parents=True, exist_ok=True)
    held = staging.held if staging is not None else {}
    written: list[str] = []
    for rel, data in wanted.items():
        path = target / rel
        if isinstance(data, Path):
            if path.is_file() and filecmp.cmp(data, path, shallow=False):
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(data, path)  # a fresh mtime: MkDocs renders what is newer than its HTML
        else:
            if held.get(rel) == data or (rel not in held and path.is_file() and path.read_bytes() == data):
                held[rel] = data
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            held[rel] = data
        written.append(rel)
    for rel in includers(wanted, {rel for rel in written if rel.startswith(FRAGMENTS)}):
        if rel not in written:
            os.utime(target / rel)  # newer than its HTML: MkDocs renders it again
            written.append(rel)
    if staging is not None and staging.wanted:  # what else the folder holds is known
        removed = _remove_files(target, staging.wanted - set(wanted))
    else:
        removed = _remove_unwanted(target, set(wanted))
    if staging is not None:
        staging.held = {rel: data for rel, data in held.items() if rel in wanted}
        staging.wanted = set(wanted)
        staging.written, staging.removed = written, removed
    return len(written)


def includers(files: dict[str, Path | bytes], fragments: set[str]) -> list[str]:
    """The hand-written pages among ``files`` that include (snippets) one of ``fragments``."""
    if not fragments:
        return []
    found = []
    for rel, source in files.items():
        if isinstance(source, Path) and rel.endswith(".md"):
            text = source.read_text(encoding="utf-8", errors="replace")
            if any(fragment in text for fragment in fragments):
                found.append(rel)
    return found


def _remove_files(target: Path, gone: set[str]) -> list[str]:
    for rel in sorted(gone):
        path = target / rel
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != target and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return sorted(gone)


def _remove_unwanted(target: Path, wanted: set[str]) -> list[str]:
    removed = []
    for path in sorted(target.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(target).as_posix()
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
            removed.append(rel)
    return removed
