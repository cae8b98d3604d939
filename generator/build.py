"""`lantoa build`: check, then the site and every export, swapped in only on success."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from generator.export.context import BuildContext
from generator.export.output import staging_dir, swap_in
from generator.model.content import load_content
from generator.model.diagnostics import BuildError, Report
from generator.model.settings import read_settings

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
    settings, settings_report = read_settings(project_dir)
    content = load_content(content_dir, shown_root, settings.limits.record_bytes)
    content.report.items.extend(settings_report.items)  # settings are checked like records
    if content.report.errors:
        if report:
            report(content.report)
        print("Không dựng: sửa các lỗi trên rồi chạy lại. Thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    staging = staging_dir(out)
    try:
        context = BuildContext.create(content, staging, project_dir)
        for name, export in exporters():
            step = time.perf_counter()
            export(context)
            print(f"  {name}: {time.perf_counter() - step:.1f} s", file=sys.stderr)
        context.writer.write_manifest()
        swap_in(staging, out)
    except BuildError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"lantoa: {exc}\nKhông dựng xong; thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if report:
        report(content.report)
        report(context.report)
    count = len(content.published)
    print(f"Đã dựng {count} bản ghi vào {out}/ trong {time.perf_counter() - started:.1f} s.")
    return 0
