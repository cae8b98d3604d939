"""Scale: a generated national content set, built cold, unchanged, and after one edit.

    make bench-scale                                  # 1,000 stories, the whole build
    make bench-scale ARGS="--n 10000 --site-only"     # the site and search alone
    .venv/bin/python benchmarks/bench_scale.py --n 150 --keep /tmp/scale

Stories (and the units, models, statistics and campaigns around them) come from
generate_records.py, in the content model's own form, into a private project copy.
Each build is `lantoa build` in its own process, as an editor runs it; the figures are
wall time, the largest process's peak memory (wait4), the build's own stage times and
counters (--stats), and the output's size on disk. The issue's "before" column was
measured on the same 2-core machine before this work (issue 11).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from generate_records import generate  # noqa: E402

from tests.sitebuild import project_copy  # noqa: E402

STORY_SHARE = 0.545  # stories per generated record at the generator's shares
BEFORE = {  # issue 11, 1,000 stories on 2 cores, before this work
    "cold": "627 s",
    "unchanged": "44 s",
    "one edit": "38 s",
    "serve": "toàn bộ MkDocs",
    "size": "738 MB",
}
BEFORE_SITE_ONLY = {"cold": "455 s", "unchanged": "270 s", "memory": "1,5 GB"}  # 10,000 records
GOALS = {"cold": 150, "unchanged": 5, "one edit": 8, "serve": 2, "size": 300}
GOALS_SITE_ONLY = {"cold": 120, "unchanged": 15, "memory": 1024}


@dataclass
class Run:
    name: str
    seconds: float
    cpu_seconds: float  # the build and every process it ran: what an idle machine would spend
    peak_mb: float
    stats: dict = field(default_factory=dict)


def build_command(site_only: bool, jobs: int | None, stats: Path) -> list[str]:
    if site_only:
        command = [sys.executable, __file__, "--child-site-only", str(stats)]
    else:
        command = [sys.executable, "-m", "generator", "build", "--stats", str(stats)]
    if jobs:
        command += ["--jobs", str(jobs)]
    return command


def timed_build(name: str, project: Path, site_only: bool, jobs: int | None) -> Run:
    stats = project / f".stats-{name.replace(' ', '-')}.json"
    log = project / f".log-{name.replace(' ', '-')}.txt"
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            build_command(site_only, jobs, stats), cwd=project, stdout=output, stderr=output
        )
        _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory, not the benchmark's
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        sys.exit(f"lantoa build thất bại ({name}):\n{log.read_text(encoding='utf-8')[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(name, seconds, cpu, usage.ru_maxrss / 1024, json.loads(stats.read_text(encoding="utf-8")))


def child_site_only(stats: Path, jobs: int | None) -> int:
    """In the build process: `lantoa build` with the site as the only export."""
    from generator import build as build_module
    from generator.cli import _print_report
    from generator.export import site

    build_module.exporters = lambda: [("trang web", site.start)]
    return build_module.build(
        Path("stories"), Path("site"), "stories", _print_report, Path("."), jobs=jobs, stats=stats
    )


def edit_one_story(content: Path) -> Path:
    """Change one published story's summary, as an editor would."""
    for path in sorted(content.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("kind: story") and "status: draft" not in text:
            edited = re.sub(r"^summary: (.*)$", r"summary: \1 Đã sửa.", text, count=1, flags=re.MULTILINE)
            if edited != text:
                path.write_text(edited, encoding="utf-8")
                return path
    raise SystemExit("không tìm thấy câu chuyện nào để sửa")


SERVE_EDITS = 3  # saves measured in one preview session; the report shows their median


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except OSError:
        return None


def until(what: Callable[[], bool], timeout: float, every: float = 0.05) -> float:
    """Seconds until ``what()`` holds, polling every 50 ms."""
    started = time.perf_counter()
    while not what():
        if time.perf_counter() - started > timeout:
            raise TimeoutError
        time.sleep(every)
    return time.perf_counter() - started


@dataclass
class Refresh:
    visible: list[float]  # save → the story's page served with the edit
    searchable: list[float]  # save → the preview's search index replaced by one made after it


def serve_refresh(project: Path) -> Refresh:
    """`lantoa serve` in the project: save a story, time until its page shows the edit.

    MkDocs' live reload refreshes the browser when its rebuild finishes, and its server
    holds every request until then: the page served over HTTP with the edit is what the
    browser shows, so "served" is the honest proxy for "visible in the browser". Each save
    waits for the preview to settle (first build and search index done), as an editor
    reads the page before saving again.
    """
    from generator.present import urls

    path = next(
        p
        for p in sorted((project / "stories").rglob("*.yaml"))
        if (text := p.read_text(encoding="utf-8")).startswith("kind: story")
        and "status: draft" not in text
        and len(yaml.safe_load(text).get("summary", "x" * 300)) < 250  # room for the marker
    )
    original = path.read_text(encoding="utf-8")
    story_id = re.search(r"^id: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    base = f"http://127.0.0.1:{free_port()}/"
    page = base + urls.page("story", story_id[1] if story_id else path.stem)
    entry = base + "pagefind/pagefind-entry.json"
    log = (project / ".log-serve.txt").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "generator", "serve", "--dev-addr", base[7:-1]]
    process = subprocess.Popen(command, cwd=project, stdout=log, stderr=log)
    refresh = Refresh([], [])
    try:
        until(lambda: fetch(page) is not None and fetch(entry) is not None, timeout=1800, every=0.5)
        for edit in range(SERVE_EDITS):
            visible, searchable = timed_save(path, original, page, entry, f"Xemtruoc{edit}q{time.time_ns()}")
            refresh.visible.append(visible)
            refresh.searchable.append(searchable)
            print(
                f"  lantoa serve, lần lưu {edit + 1}: thấy sau {visible:.2f} s, "
                f"tìm được sau {searchable:.1f} s",
                flush=True,
            )
    except TimeoutError:
        output = (project / ".log-serve.txt").read_text(encoding="utf-8")
        sys.exit(f"lantoa serve không kịp:\n{output[-3000:]}")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        path.write_text(original, encoding="utf-8")
    return refresh


def timed_save(story: Path, original: str, page: str, entry: str, marker: str) -> tuple[float, float]:
    """(seconds until the page shows ``marker``, until a new search index is served) after a save."""
    index = fetch(entry)
    edited = re.sub(r"^summary: (.*)$", rf"summary: \1 {marker}.", original, count=1, flags=re.MULTILINE)
    started = time.perf_counter()
    story.write_text(edited, encoding="utf-8")
    visible = until(lambda: marker.encode() in (fetch(page) or b""), timeout=300)
    until(lambda: fetch(entry) not in (index, None), timeout=600, every=0.2)
    return visible, time.perf_counter() - started


def disk_mb(folder: Path) -> tuple[float, float]:
    """(bytes on disk, of which hard links shared with another folder) in MB, each inode once."""
    seen: set[int] = set()
    total = shared = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            info = path.stat()
            if info.st_ino in seen:
                continue
            seen.add(info.st_ino)
            total += info.st_size
            if info.st_nlink > 1:
                shared += info.st_size
    return total / 1e6, shared / 1e6


def count_kinds(content: Path) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for path in content.rglob("*"):
        if path.suffix in (".yaml", ".md"):
            match = re.search(r"^kind: (\w+)", path.read_text(encoding="utf-8"), re.MULTILINE)
            if match:
                kinds[match[1]] = kinds.get(match[1], 0) + 1
    return kinds


def stage_table(runs: list[Run]) -> list[str]:
    names: list[str] = []
    for run in runs:
        names += [n for n in run.stats.get("stages_s", {}) if n not in names]
    lines = [f"  {'bước (s)':<22}" + "".join(f"{r.name:>12}" for r in runs)]
    for name in names:
        row = "".join(f"{r.stats.get('stages_s', {}).get(name, 0):>12.1f}" for r in runs)
        lines.append(f"  {name:<22}" + row)
    kinds = sorted({k for r in runs for k in r.stats.get("worker_cpu_s", {})})
    for kind in kinds:
        row = "".join(f"{r.stats.get('worker_cpu_s', {}).get(kind, 0):>12.1f}" for r in runs)
        lines.append(f"  {'CPU phụ: ' + kind:<22}" + row)
    lines.append(f"  {'CPU cả bản dựng':<22}" + "".join(f"{r.cpu_seconds:>12.1f}" for r in runs))
    made = sorted({k for r in runs for k in r.stats.get("made", {})})
    for kind in made:
        lines.append(
            f"  {'làm mới: ' + kind:<22}" + "".join(f"{r.stats['made'].get(kind, 0):>12}" for r in runs)
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="số câu chuyện (mặc định 1000)")
    parser.add_argument("--site-only", action="store_true", help="chỉ trang web và tìm kiếm")
    parser.add_argument("--jobs", type=int, default=None, help="lantoa build --jobs")
    parser.add_argument("--keep", type=Path, help="giữ thư mục dự án ở đây (mặc định: thư mục tạm)")
    parser.add_argument("--child-site-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_site_only:
        return child_site_only(args.child_site_only, args.jobs)

    work = args.keep or Path(tempfile.mkdtemp(prefix="lantoa-scale-"))
    if work.exists():
        shutil.rmtree(work)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp) / "stories", max(20, round(args.n / STORY_SHARE)))
            project = project_copy(work, Path(tmp) / "stories")
        kinds = count_kinds(project / "stories")
        print(
            f"{kinds.get('story', 0)} câu chuyện, {sum(kinds.values())} bản ghi ({kinds}); "
            f"{os.cpu_count()} lõi; {'chỉ trang web' if args.site_only else 'toàn bộ'}",
            flush=True,
        )
        runs = [timed_build("lần đầu", project, args.site_only, args.jobs)]
        print(f"  lần đầu: {runs[-1].seconds:.1f} s", flush=True)
        runs.append(timed_build("không đổi", project, args.site_only, args.jobs))
        print(f"  không đổi: {runs[-1].seconds:.1f} s", flush=True)
        edited = edit_one_story(project / "stories")
        runs.append(timed_build("sửa 1 bài", project, args.site_only, args.jobs))
        print(f"  sửa 1 bài ({edited.relative_to(project)}): {runs[-1].seconds:.1f} s", flush=True)
        site, shared = disk_mb(project / "site")
        cache, _ = disk_mb(project / ".cache")
        refresh = None if args.site_only else serve_refresh(project)
        report(args, runs, site, shared, cache, refresh)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def timing(run: Run) -> str:
    return f"{run.seconds:.1f} s (CPU {run.cpu_seconds:.0f} s)"


def serve_timing(refresh: Refresh | None) -> str:
    if refresh is None:
        return "chưa đo"
    visible = statistics.median(refresh.visible)
    searchable = max(refresh.searchable)
    return f"{visible:.2f} s (trung vị {len(refresh.visible)} lần lưu; tìm được sau ≤ {searchable:.0f} s)"


def report(
    args: argparse.Namespace,
    runs: list[Run],
    site: float,
    shared: float,
    cache: float,
    refresh: Refresh | None = None,
) -> None:
    cold, unchanged, edit = runs
    peak = max(r.peak_mb for r in runs)
    print()
    if args.site_only:
        rows = [
            (
                "lần đầu (bộ đệm trống)",
                BEFORE_SITE_ONLY["cold"],
                timing(cold),
                f"≤ {GOALS_SITE_ONLY['cold']} s",
            ),
            (
                "không đổi gì",
                BEFORE_SITE_ONLY["unchanged"],
                timing(unchanged),
                f"≤ {GOALS_SITE_ONLY['unchanged']} s",
            ),
            ("sửa một câu chuyện", "", timing(edit), ""),
            (
                "bộ nhớ đỉnh",
                BEFORE_SITE_ONLY["memory"],
                f"{peak:.0f} MB",
                f"≤ {GOALS_SITE_ONLY['memory']} MB",
            ),
        ]
    else:
        serve_row = serve_timing(refresh)
        rows = [
            ("lần đầu (bộ đệm trống)", BEFORE["cold"], timing(cold), f"≤ {GOALS['cold']} s"),
            ("không đổi gì", BEFORE["unchanged"], timing(unchanged), f"≤ {GOALS['unchanged']} s"),
            ("sửa một câu chuyện", BEFORE["one edit"], timing(edit), f"≤ {GOALS['one edit']} s"),
            ("lantoa serve: thấy bài vừa lưu", BEFORE["serve"], serve_row, f"≤ {GOALS['serve']} s"),
            ("dung lượng kết quả", BEFORE["size"], f"{site:.0f} MB", f"≤ {GOALS['size']} MB"),
            ("bộ nhớ đỉnh", "", f"{peak:.0f} MB", ""),
        ]
    print("| | trước (issue 11) | bây giờ | mục tiêu |\n|---|---|---|---|")
    for name, before, now, goal in rows:
        print(f"| {name} | {before} | {now} | {goal} |")
    print(f"Tải máy (loadavg 1/5/15 phút) lúc xong: {' '.join(f'{x:.1f}' for x in os.getloadavg())}.")
    print(f"\nKết quả {site:.0f} MB, trong đó {shared:.0f} MB là liên kết cứng tới bộ đệm ({cache:.0f} MB).")
    print("\n".join(stage_table(runs)))


if __name__ == "__main__":
    sys.exit(main())
