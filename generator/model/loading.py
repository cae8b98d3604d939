"""Loading a content folder: every record file read (or kept from the preview's last load),
indexed (content.py) and validated across records (validate.py)."""

from __future__ import annotations

from pathlib import Path

from generator.model.approval import check_approval
from generator.model.content import Content
from generator.model.diagnostics import Report
from generator.model.filememo import FileMemo
from generator.model.loader import RECORD_BYTES, find_record_files, load_file
from generator.model.validate import validate


def load_content(
    root: Path,
    shown_root: str | None = None,
    record_bytes: int = RECORD_BYTES,
    files: FileMemo | None = None,
    examples: bool = False,
    require_approval: bool = False,
    waiting: bool = False,
) -> Content:
    """Load and validate every record; problems are in ``content.report``.

    ``record_bytes``: a record file larger than this is refused unread (mkdocs.yml
    ``extra.limits.record_bytes``). ``files``: parsed files kept from an earlier load
    (the preview's), so that only changed files are read again. ``examples``: the preview's
    content, where example records are shown (stamped) with the others; ``waiting``: the
    preview's content, where records waiting for approval (``cho-duyet``) are shown (stamped)
    too. ``require_approval``: a published record needs ``approved:`` (mkdocs.yml
    ``extra.editing.require_approval``).
    """
    report = Report()
    shown = shown_root if shown_root is not None else str(root)
    paths = find_record_files(root)
    if files is not None:
        files.begin(root, shown, record_bytes)
        files.keep_only(paths)
        loaded = [files.load(path, report) for path in paths]
    else:
        loaded = [load_file(root, shown, path, report, record_bytes) for path in paths]
    entries = [entry for entry in loaded if entry is not None]
    content = Content(root, shown, entries, report, examples, waiting)
    validate(content, report)
    check_approval(content.entries, require_approval, report)
    return content
