"""Site build time as the content grows (records stay out of the nav, so it should be linear).

    .venv/bin/python benchmarks/bench_site.py [--counts 500 2000] [--sample]

For each count: generated records in a temporary project, the site export alone (pages,
charts, MkDocs, Pagefind) built twice — cold, then again with the chart cache warm.
With --sample: the whole `lantoa build` of stories/ cold (empty cache) and unchanged.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from generate_records import generate  # noqa: E402

from generator import build as build_module  # noqa: E402
from generator.export import site  # noqa: E402


def project(folder: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("noi-dung"))
    return folder


def site_only(folder: Path, content: Path) -> float:
    build_module.exporters = lambda: [("trang web", site.export)]
    start = time.perf_counter()
    code = build_module.build(content, folder / "site", project_dir=folder)
    if code:
        sys.exit("dựng trang thất bại")
    return time.perf_counter() - start


def whole_build(folder: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr[-2000:])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--sample", action="store_true", help="also time `lantoa build` of stories/")
    args = parser.parse_args()
    rows = []
    for count in args.counts:
        with tempfile.TemporaryDirectory() as tmp:
            folder = project(Path(tmp))
            generate(folder / "stories", count)
            cold = site_only(folder, folder / "stories")
            warm = site_only(folder, folder / "stories")
            rows.append((count, cold, warm))
    print(f"{'bản ghi':>8} {'lần đầu (s)':>12} {'lần sau (s)':>12} {'ms/bản ghi':>11}")
    for count, cold, warm in rows:
        print(f"{count:>8} {cold:>12.1f} {warm:>12.1f} {warm / count * 1000:>11.1f}")
    if args.sample:
        with tempfile.TemporaryDirectory() as tmp:
            folder = project(Path(tmp))
            shutil.copytree(ROOT / "stories", folder / "stories")
            cold = whole_build(folder)
            again = whole_build(folder)
            print(f"lantoa build stories/: lần đầu {cold:.1f} s, không đổi gì {again:.1f} s")


if __name__ == "__main__":
    main()
