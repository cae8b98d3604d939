"""The preview's docs folder: the hand-written docs/ plus the generated pages, kept up to date.

Between regenerations it keeps the parsed record files (only changed files are read
again), every page's Markdown by a hash of what its template received (only pages whose
inputs changed are rendered again), and what the folder holds (only files whose bytes
changed are written; the others keep their modification time, so MkDocs' dirty build
leaves them alone). Validation still runs on the whole content, as `lantoa check` does.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.export.context import BuildContext
from generator.export.site import generate_docs
from generator.export.site.docs import Staging, stage
from generator.export.site.pages import PageMemo
from generator.model.filememo import FileMemo
from generator.model.loading import load_content
from generator.model.settings import load_settings
from generator.present.templating import environment


@dataclass
class Regeneration:
    """What one regeneration did: the preview's counters (tests and the log read them)."""

    ok: bool
    parsed: int = 0  # record files read again
    rendered: int = 0  # pages whose Markdown was rendered (the others came from the memo)
    reused: int = 0
    written: list[str] = field(default_factory=list)  # docs files written (docs-relative)
    removed: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.removed)


class Preview:
    def __init__(self, content_dir: Path, docs_dir: Path, project_dir: Path = Path(".")) -> None:
        self.content_dir = content_dir
        self.docs_dir = docs_dir
        self.project_dir = project_dir
        self.files = FileMemo()
        self.pages = PageMemo()
        self.staging = Staging()
        self._context: BuildContext | None = None  # of the last good regeneration

    def templates_changed(self) -> None:
        """Templates or settings changed: every page is rendered afresh."""
        environment.cache_clear()
        self.pages = PageMemo()
        self._context = None

    def regenerate(self, defer: bool = False) -> Regeneration:
        """Bring the docs folder up to date; not ok (pages kept) if the content has errors.

        ``defer``: heavy listings keep their last Markdown (``deferred``) until ``finish``.
        """
        started = time.perf_counter()
        settings = load_settings(self.project_dir)
        shown = str(self.content_dir)
        # The preview shows example records and records waiting for approval too, stamped as
        # such (they never reach a build).
        limit = settings.limits.record_bytes
        content = load_content(
            self.content_dir,
            shown,
            limit,
            self.files,
            examples=True,
            require_approval=settings.require_approval,
            waiting=True,
        )
        loaded = time.perf_counter()
        for item in content.report.sorted():
            print(item, file=sys.stderr)
        if content.report.errors:
            print("Chưa cập nhật trang xem trước: sửa các lỗi trên.", file=sys.stderr)
            return Regeneration(False, parsed=self.files.parsed)
        # Pages only: nothing is written into the output folder named here.
        work = self.docs_dir.parent
        context = BuildContext.create(content, work / "site", self.project_dir, work=work)
        if self._context is not None:
            context.views.carry_posts(self._context.views)
        self._context = context
        with self.pages.using(defer):
            generate_docs(context, self.docs_dir, self.staging, preview=True)
        return self._result(started, loaded)

    @property
    def deferred(self) -> bool:
        return bool(self.pages.deferred)

    def finish(self) -> Regeneration:
        """The heavy listings the last regeneration deferred, from the same content."""
        assert self._context is not None
        started = time.perf_counter()
        with self.pages.using():
            generate_docs(self._context, self.docs_dir, self.staging, preview=True)
        return self._result(started, started)

    def _result(self, started: float, loaded: float) -> Regeneration:
        return Regeneration(
            True,
            parsed=self.files.parsed,
            rendered=self.pages.rendered,
            reused=self.pages.reused,
            written=list(self.staging.written),
            removed=list(self.staging.removed),
            seconds={"load": loaded - started, "pages": time.perf_counter() - loaded},
        )

    def hand_written_only(self) -> None:
        """The hand-written pages alone, until the records are fixed."""
        stage(load_settings(self.project_dir).docs_dir, self.docs_dir, {}, self.staging)


def report(result: Regeneration) -> str:
    """One line for the editor's terminal."""
    seconds = f"{sum(result.seconds.values()):.2f}".replace(".", ",")
    return (
        f"Đã cập nhật {len(result.written) + len(result.removed)} tệp "
        f"(đọc lại {result.parsed} bản ghi, tạo {result.rendered} trang) trong {seconds} s."
    )
