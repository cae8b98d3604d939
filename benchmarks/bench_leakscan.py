"""How long the build's leak scan takes: the sample content, and 2,000 generated records.

    .venv/bin/python benchmarks/bench_leakscan.py [--count 2000]

Sample: the whole `lantoa build` of stories/ in a temporary project, then the scan of its
output timed alone, with an empty PDF-text cache (first build) and a warm one (later
builds: unchanged PDFs are not read again).

Generated records: the site export (pages, Pagefind index) of COUNT records, scanned;
their leaflets are not rendered (that takes WeasyPrint minutes), so the PDF part is
estimated from the sample: the cold seconds per PDF times the PDFs those records plan.
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
from generator.export import leakscan  # noqa: E402
from generator.export import site as site_export  # noqa: E402
from generator.export.output import Cache  # noqa: E402
from generator.model.loading import load_content  # noqa: E402
from generator.present import catalogue  # noqa: E402

JOBS = 2


def project(folder: Path, content: Path | None = None) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", ignore=shutil.ignore_patterns("noi-dung"))
    if content:
        shutil.copytree(content, folder / "stories")
    return folder


def timed_scan(site: Path, content_dir: Path, cache: Path) -> tuple[float, int]:
    content = load_content(content_dir)
    start = time.perf_counter()
    leaks = leakscan.scan(site, content, Cache(cache), JOBS)
    elapsed = time.perf_counter() - start
    if leaks:
        sys.exit(f"rò rỉ không mong đợi: {leaks[:3]}")
    return elapsed, len(leakscan.terms_for(content).phrases.labels)


def size(site: Path) -> tuple[int, float, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6, sum(p.suffix == ".pdf" for p in files)


def sample() -> float:
    """Prints the sample's figures; returns the cold seconds per PDF."""
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
        folder = project(Path(tmp), ROOT / "stories")
        done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=folder, capture_output=True)
        if done.returncode:
            sys.exit(done.stderr.decode()[-2000:])
        site = folder / "site"
        files, megabytes, pdfs = size(site)
        cold, names = timed_scan(site, folder / "stories", Path(tmp) / "scan-cache")
        warm, _ = timed_scan(site, folder / "stories", Path(tmp) / "scan-cache")
        start = time.perf_counter()
        for pdf in site.rglob("*.pdf"):
            leakscan._pdftotext(pdf, Path(tmp) / "one.txt")
        per_pdf = (time.perf_counter() - start) / max(pdfs, 1)
        print(f"mẫu stories/: {files} tệp, {megabytes:.1f} MB, {pdfs} PDF, {names} họ tên cần giấu")
        print(f"  dò lần đầu {cold:.2f} s, lần sau {warm:.2f} s (pdftotext {per_pdf * 1000:.0f} ms/PDF)")
        return per_pdf


def generated(count: int, per_pdf: float) -> None:
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
        folder = project(Path(tmp))
        generate(folder / "stories", count)
        build_module.exporters = lambda: [("trang web", site_export.export)]
        if build_module.build(folder / "stories", folder / "site", project_dir=folder):
            sys.exit("dựng trang thất bại")
        site = folder / "site"
        files, megabytes, _ = size(site)
        scan, names = timed_scan(site, folder / "stories", Path(tmp) / "scan-cache")
        content = load_content(folder / "stories")
        pdfs = sum(
            item.path.endswith(".pdf")
            for entry in content.published
            for item in catalogue.planned(entry.kind, entry.id)
        )
        estimate = pdfs * per_pdf / JOBS
        print(f"{count} bản ghi: trang web {files} tệp, {megabytes:.1f} MB, {names} họ tên cần giấu")
        print(f"  dò trang web và chỉ mục tìm kiếm: {scan:.2f} s")
        print(
            f"  + {pdfs} PDF (ước tính, lần đầu): {estimate:.1f} s trên {JOBS} lõi; "
            "lần sau ~0 s (chữ của PDF không đổi lấy từ bộ đệm)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    per_pdf = sample()
    generated(args.count, per_pdf)


if __name__ == "__main__":
    main()
