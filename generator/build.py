"""`lantoa build`: check, then the site and every export, swapped in only on success.

Every export first plans its files and sends what is not cached to the build's worker
pool; then, in the order listed, each one writes its part of the output, the site last:
its download lists print the size of every file the others placed and the length of
every MP3 (so a page shows the files published, in a cold build and an incremental one).

Everything is written in the build's private workspace (``export/workspace.py``) next to
``--out``, which is locked for the build's duration; the project's own folders are only read.
Before the new output is published, a leak scan reads all of it (``export/leakscan.py``).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from generator import uptodate
from generator.export.context import CACHE_ENV, BuildContext
from generator.export.leakscan import check_outputs
from generator.export.workspace import open_workspace, state_path
from generator.model.dates import LOCAL_TZ
from generator.model.diagnostics import BuildError, Report
from generator.model.loading import load_content
from generator.model.settings import load_settings, read_settings
from generator.present.shards import WHOLE, Shard, UnknownPart, choose, part_of

Finish = Callable[[], None]
Exporter = Callable[[BuildContext], Finish | None]  # plans and submits; returns what writes the output
MADE = {"pdf": "PDF", "audio": "âm thanh", "card": "ảnh chia sẻ", "page": "trang"}


def exporters() -> list[tuple[str, Exporter]]:
    """Each export is its own module; imported here so a build needs them all."""
    from generator.export import broadcast, leaflet, site, social  # one line per export

    return [
        ("trang web", site.start),
        ("tờ rơi", leaflet.start),
        ("kịch bản loa và âm thanh", broadcast.start),
        ("mạng xã hội", social.start),
    ]


def build(
    content_dir: Path,
    out: Path,
    shown_root: str | None = None,
    report: Callable[[Report], None] | None = None,
    project_dir: Path = Path("."),
    jobs: int | None = None,
    stats: Path | None = None,
    today: dt.date | None = None,
    only: list[str] | None = None,
    publish: bool = False,
) -> int:
    """Build into ``out``; ``only``: the parts (province folders, or toan-quoc for the shared
    pages and nationwide records) to build, as ``--only`` names them (see present/shards.py);
    ``publish``: a build for release, refused while site_url is a placeholder."""
    started = time.perf_counter()
    settings, settings_report = read_settings(project_dir)
    problem = settings.publish_problem() if publish else None
    if problem is not None:
        print(problem, file=sys.stderr)
        print(
            "Không dựng bản công bố: sửa lỗi trên rồi chạy lại. Thư mục kết quả giữ nguyên.", file=sys.stderr
        )
        return 1
    options = {
        "out": os.path.abspath(out),
        "content": shown_root,
        "only": only,
        "cache": os.environ.get(CACHE_ENV),
        "today": (today or dt.datetime.now(LOCAL_TZ).date()).isoformat(),
    }
    read = uptodate.inputs(content_dir, settings, options)
    if uptodate.unchanged(state_path(out), out, read) is not None:
        try:
            with open_workspace(out, shown=str(out)) as workspace:  # as busy as any build
                previous = uptodate.unchanged(workspace.state, out, read)
        except BuildError as exc:
            return _not_built(exc)
        if previous is not None:
            return _nothing_to_do(out, previous, report, stats, time.perf_counter() - started)
    content = load_content(
        content_dir, shown_root, settings.limits.record_bytes, require_approval=settings.require_approval
    )
    content.report.items.extend(settings_report.items)  # settings are checked like records
    loaded = time.perf_counter() - started
    if content.report.errors:
        if report:
            report(content.report)
        print("Không dựng: sửa các lỗi trên rồi chạy lại. Thư mục kết quả giữ nguyên.", file=sys.stderr)
        return 1
    shard: Shard = WHOLE
    if only is not None:
        try:
            shard = choose(content, only)
        except UnknownPart as exc:
            print(f"lantoa: {exc}", file=sys.stderr)
            return 2
    context: BuildContext | None = None
    try:
        check_out(out, content_dir, project_dir)
        with open_workspace(out, shown=str(out)) as workspace:
            step = time.perf_counter()
            context = BuildContext.create(
                content,
                workspace.site,
                project_dir,
                jobs=jobs,
                today=today,
                work=workspace.root,
                state=workspace.state,
                shard=shard,
            )
            context.stages["load+check"] = loaded
            context.stages["views"] = time.perf_counter() - step
            # The content and its views live until the end: out of the collector's way, so that
            # its full passes (on every many allocations) stop walking them again and again.
            gc.freeze()
            _run_exports(context)
            with context.stage("manifest"):
                context.writer.write_manifest()
            with context.stage("leak scan"):  # nothing private, no draft
                memo = workspace.state / "leakscan.json"
                check_outputs(workspace.site, content, context.cache, context.jobs, memo, context.views.today)
            with context.stage("swap"):
                workspace.publish()
            uptodate.remember(workspace.state, out, read, content.report, context.report)
    except BuildError as exc:
        if context is not None:
            context.workers.close(cancel=True)
        return _not_built(exc)
    except BaseException:
        if context is not None:
            context.workers.close(cancel=True)
        raise
    if report:
        report(content.report)
        report(context.report)
    total = time.perf_counter() - started
    made = ", ".join(f"{context.made[kind]} {name}" for kind, name in MADE.items())
    print(f"  làm mới: {made} (còn lại lấy từ bộ nhớ đệm)", file=sys.stderr)
    if stats is not None:
        write_stats(stats, context, total)
    built = [e for e in content.published if shard.includes(part_of(e))]
    parts = f" (phần {', '.join(shard.named)})" if not shard.whole else ""
    print(f"Đã dựng {len(built)} bản ghi{parts} vào {out}/ trong {total:.1f} s.")
    return 0


def _not_built(error: BuildError) -> int:
    print(f"lantoa: {error}\nKhông dựng xong; thư mục kết quả giữ nguyên.", file=sys.stderr)
    return 1


def _nothing_to_do(
    out: Path,
    reports: tuple[Report, Report],
    report: Callable[[Report], None] | None,
    stats: Path | None,
    total: float,
) -> int:
    """The last build's warnings again, and the output as it is (see uptodate.py)."""
    if report:
        for earlier in reports:
            report(earlier)
    print(f"Không có gì thay đổi kể từ lần dựng trước: {out}/ giữ nguyên ({total:.1f} s).")
    if stats is not None:
        _write_json(stats, {"total_s": round(total, 3), "up_to_date": True, "made": {}})
    return 0


def _run_exports(context: BuildContext) -> None:
    finishers: list[tuple[str, Finish]] = []
    for _name, start in exporters():
        export_id = start.__module__.split(".")[2]  # generator.export.<id>
        with context.stage(f"{export_id}.plan"):
            finish = start(context)
        if finish is not None:
            finishers.append((export_id, finish))
    # The site last: its pages print the sizes and lengths of the files the others placed.
    for export_id, finish in sorted(finishers, key=lambda pair: pair[0] == "site"):
        with context.stage(f"{export_id}.write"):
            finish()
    context.workers.close()
    for name, start in exporters():
        export_id = start.__module__.split(".")[2]  # generator.export.<id>
        seconds = sum(context.stages.get(f"{export_id}.{step}", 0.0) for step in ("plan", "write"))
        print(f"  {name}: {seconds:.1f} s", file=sys.stderr)


def write_stats(path: Path, context: BuildContext, total: float) -> None:
    """Machine-readable figures of this build (benchmarks, CI): stage times and work done."""
    data = {
        "total_s": round(total, 3),
        "jobs": context.jobs,
        "stages_s": {name: round(seconds, 3) for name, seconds in context.stages.items()},
        "worker_s": {kind: round(s, 3) for kind, s in context.workers.seconds.items()},
        "worker_cpu_s": {kind: round(s, 3) for kind, s in context.workers.cpu_seconds.items()},
        "made": dict(context.made),
        "placed": {"linked": context.writer.linked, "copied": context.writer.copied},
    }
    _write_json(path, data)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


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
