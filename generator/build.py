"""`lantoa build`: check, then the site and every export, swapped in only on success.

Everything is written in the build's private workspace (``export/workspace.py``) next to
``--out``, which is locked for the build's duration; the project's own folders are only read.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from generator.export.context import BuildContext
from generator.export.leakscan import check_outputs
from generator.export.workspace import open_workspace
from generator.model.content import load_content
from generator.model.diagnostics import BuildError, Report
from generator.model.settings import load_settings

Exporter = Callable[[BuildContext], None]


def exporters() -> list[tuple[str, Exporter]]:
    """Each export is its own module; imported here so a build needs them all."""
    from generator.export import broadcast, leaflet, site, social  # one line per export

    return [
        ("trang web", site.export),
        ("tờ rơi", leaflet.export),
        ("kịch bản loa và âm thanh", broadcast.export),
        ("mạng xã hội", social.export),
    ]


def build(
    content_dir: Path,
    out: Path,
    shown_root: str | None = None,
    report: Callable[[Report], None] | None = None,
    project_dir: Path = Path("."),
) -> int:
    started = time.perf_counter()
    content = load_content(content_dir, shown_root)
    if content.report.errors:
        if report:
            report(content.report)
        print("Không dựng: sửa các lỗi trên rồi chạy lại. Thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    try:
        check_out(out, content_dir, project_dir)
        with open_workspace(out, shown=str(out)) as workspace:
            context = BuildContext.create(content, workspace.site, project_dir, work=workspace.root)
            for name, export in exporters():
                step = time.perf_counter()
                export(context)
                print(f"  {name}: {time.perf_counter() - step:.1f} s", file=sys.stderr)
            context.writer.write_manifest()
            step = time.perf_counter()
            check_outputs(workspace.site, content, context.cache, context.jobs)  # nothing private, no draft
            print(f"  dò rò rỉ: {time.perf_counter() - step:.1f} s", file=sys.stderr)
            workspace.publish()
    except BuildError as exc:
        print(f"lantoa: {exc}\nKhông dựng xong; thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    if report:
        report(content.report)
        report(context.report)
    count = len(content.published)
    print(f"Đã dựng {count} bản ghi vào {out}/ trong {time.perf_counter() - started:.1f} s.")
    return 0


def check_out(out: Path, content_dir: Path, project_dir: Path) -> None:
    """--out is replaced as a whole: it must not be, hold or sit in the project's sources."""
    target = out.resolve()
    sources = [content_dir, project_dir / "mkdocs.yml"]
    with suppress(BuildError):  # a missing mkdocs.yml is reported by the build itself
        sources.append(load_settings(project_dir).docs_dir)
    for source in sources:
        path = source.resolve()
        if target == path or path.is_relative_to(target) or target.is_relative_to(path):
            raise BuildError(
                f"--out {out} trùng hoặc chứa {source} (thư mục nguồn); "
                "chọn thư mục kết quả khác, ví dụ site/"
            )
