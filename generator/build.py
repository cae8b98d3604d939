"""`lantoa build`: check, then the site and every export, swapped in only on success."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content import Content, load_content
from generator.diagnostics import BuildError, Report
from generator.output import Cache, OutputWriter, staging_dir, swap_in
from generator.settings import Settings, load_settings
from generator.views import Views

CACHE_DIR = Path(".cache/lantoa")


@dataclass
class BuildContext:
    content: Content
    settings: Settings
    views: Views
    writer: OutputWriter
    cache: Cache
    report: Report  # warnings found while exporting (same public form as check)
    jobs: int = os.cpu_count() or 1

    @classmethod
    def create(
        cls,
        content: Content,
        out: Path,
        project_dir: Path = Path("."),
        cache: Path | None = None,
        jobs: int | None = None,
    ) -> BuildContext:
        """The context of one build: settings from the project's mkdocs.yml, output into ``out``."""
        settings = load_settings(project_dir)
        return cls(
            content=content,
            settings=settings,
            views=Views(content, settings),
            writer=OutputWriter(out),
            cache=Cache(cache or project_dir / CACHE_DIR),
            report=content.report,
            jobs=jobs or os.cpu_count() or 1,
        )


Exporter = Callable[[BuildContext], None]


def exporters() -> list[tuple[str, Exporter]]:
    """Each export is its own module; imported here so a build needs them all."""
    from generator import broadcast, leaflet, site, social

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
    count = len(content.published)
    print(f"Đã dựng {count} bản ghi vào {out}/ trong {time.perf_counter() - started:.1f} s.")
    return 0
