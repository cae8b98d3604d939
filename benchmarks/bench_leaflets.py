"""Leaflet speed: seconds per leaflet for a cold render, and a rebuild with nothing changed.

Writes 200 leaflets' worth of synthetic records (60 stories × 2, 30 units × 2, 20 models)
into a temporary content tree, renders them with an empty cache, then runs the export
again. The sample content under stories/ is timed the same way when it checks clean.

With --layouts it measures the fitting and filling instead: every leaflet of the sample
(or the first N with --limit) rendered in this process, one after another, with an empty
cache; it counts WeasyPrint layouts per leaflet and the CPU seconds they cost.

    .venv/bin/python benchmarks/bench_leaflets.py [--jobs N]
    .venv/bin/python benchmarks/bench_leaflets.py --layouts [--limit N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.export import leaflet  # noqa: E402
from generator.export.context import BuildContext  # noqa: E402
from generator.model.content import Content  # noqa: E402
from generator.model.loading import load_content  # noqa: E402

DISTRICTS, STORIES_PER_DISTRICT, MODELS = 29, 2, 20  # 1 province + 29 = 30 units; 58 + 2 stories
TARGET_PER_LEAFLET, TARGET_REBUILD = 0.2, 2.0

PLACES = ["Tịnh Hà", "Sơn Kỳ", "Nà Bó", "Mường Bằng", "Chiềng Mai", "Phổng Lái", "Ea Kly", "Hồng Thủy"]
TITLES = [
    "Người thứ ba trong nhà có sổ BHXH",
    "Bỏ heo đất để đóng BHXH tự nguyện cho cả hai vợ chồng",
    "Từ buổi đối thoại nhóm nhỏ ở nhà văn hóa thôn đến quyết định tham gia của cả xóm",
    "Tiểu thương chợ huyện đổi ý sau một buổi chiều nghe nhân viên thu giải thích",
]
QUOTES = [
    "Tự lo được cho mình mới là yên tâm nhất!",
    "Mỗi ngày bớt một ít, về già có lương hưu, không phải ngửa tay xin con cháu.",
    "",
]


def _story(i: int, district: str, place: str) -> dict:
    consent = i % 3 != 0
    name = ["Nguyễn Trọng Huy", "Hà Thị Giang", "Lò Văn Ệ", "Vũ Thị Ặng"][i % 4]
    record = {
        "kind": "story",
        "id": f"cau-chuyen-{i}",
        "title": TITLES[i % len(TITLES)],
        "unit": district,
        "date": f"2025-{i % 12 + 1:02d}",
        "people": [{"name": name, "born": 1970 + i % 30, "gender": "nữ" if "Thị" in name else "nam"}],
        "summary": (
            f"Sau buổi đối thoại nhóm nhỏ ở {place}, người lao động tự do đăng ký BHXH tự nguyện "
            "để sau này có lương hưu, được cấp thẻ BHYT khi về già; cả xóm bàn nhau cùng tham gia "
            "sau mùa vụ."
        )[: 200 + (i * 17) % 90],
        "body": "Câu chuyện đầy đủ.\n\nĐoạn thứ hai.",
        "models": [f"mo-hinh-{i % MODELS}"],
        "audiences": ["lao-dong-tu-do"],
        "source": {"publisher": "Tạp chí BHXH", "title": f"Bài số {i}", "date": "2025-06"},
    }
    record["people"][0]["consent"] = consent
    if QUOTES[i % 3]:
        record["quote"] = {"text": QUOTES[i % 3], "by": name}
    if i % 4 == 0:
        record["images"] = [{"file": "anh.jpg", "alt": "Người dân nhận sổ BHXH", "credit": "BHXH"}]
    return record


def write_content(root: Path) -> None:
    """A province folder with its districts, statistics, stories and models."""
    from PIL import Image

    folder = root / "tinh-mau"
    folder.mkdir(parents=True)
    Image.new("RGB", (2400, 1600), (30, 110, 170)).save(folder / "anh.jpg", quality=90)
    records: list[dict] = [
        {
            "kind": "unit",
            "id": "tinh-mau",
            "name": "Tỉnh Mẫu",
            "type": "tỉnh",
            "contact": {
                "address": "23 Lê Trung Đình, phường Cẩm Thành",
                "phone": "0255 3822 111",
                "hours": "Thứ Hai - Thứ Sáu, 7h30 - 17h00",
                "agents": [{"name": "Bưu điện xã Tịnh Hà", "place": "xã Tịnh Hà", "phone": "0912 345 678"}],
            },
        }
    ]
    story = 0
    for d in range(DISTRICTS):
        district, place = f"xa-{d}", f"{PLACES[d % len(PLACES)]} {d}"
        records.append({"kind": "unit", "id": district, "name": place, "type": "xã", "parent": "tinh-mau"})
        records.append(
            {
                "kind": "statistic",
                "id": f"{district}-bhxh-tn",
                "unit": district,
                "indicator": "bhxh_tu_nguyen",
                "measure": "người",
                "series": [
                    {"period": "2023", "value": 1180 + d * 37},
                    {"period": "2024", "value": 1650 + d * 41},
                    {"period": "2025-05", "value": 2083 + d * 53},
                ],
                "source": {"publisher": "Tạp chí BHXH", "title": "Số liệu", "date": "2025-06"},
            }
        )
        for _ in range(STORIES_PER_DISTRICT + (1 if d < 2 else 0)):
            records.append(_story(story, district, place))
            story += 1
    for m in range(MODELS):
        records.append(
            {
                "kind": "model",
                "id": f"mo-hinh-{m}",
                "name": f"Đối thoại nhóm nhỏ kiểu {m}",
                "units": [f"xa-{m % DISTRICTS}"],
                "summary": "Gặp từng nhóm nhỏ người dân có hoàn cảnh giống nhau để giải đáp băn khoăn.",
                "steps": [
                    f"Bước {s}: phân nhóm, mời người có uy tín, kể chuyện người đã có lương hưu"
                    for s in range(5)
                ],
                "audiences": ["lao-dong-tu-do", "nong-dan"],
                "doubts": [
                    {
                        "question": "Liệu mình có sống tới lúc nhận lương hưu?",
                        "answer": "Người có lương hưu được cấp thẻ BHYT miễn phí, gia đình nhận tiền tuất.",
                    }
                ]
                * 3,
                "results": [f"xa-{m % DISTRICTS}-bhxh-tn"],
            }
        )
    for record in records:
        (folder / f"{record['kind']}-{record['id']}.yaml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def context(content: Content, out: Path, cache: Path, jobs: int) -> BuildContext:
    return BuildContext.create(content, out, ROOT, cache, jobs)


def export_once(content_dir: Path, out: Path, cache: Path, jobs: int) -> int:
    leaflet.export(context(load_content(content_dir, "stories"), out, cache, jobs))
    if "weasyprint" in sys.modules:  # a no-change rebuild must not even load the renderer
        print("  cảnh báo: lần dựng lại không đổi gì vẫn nạp WeasyPrint", file=sys.stderr)
        return 1
    return 0


def run(content_dir: Path, work: Path, jobs: int) -> tuple[int, float, float]:
    """(leaflets, cold seconds, no-change seconds) with a fresh cache under ``work``.

    The cold figure is the leaflet export alone (rendering). The no-change figure is a
    second build as `lantoa build` runs it: a new process that imports the generator,
    reads every record again and exports the leaflets from the cache.
    """
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold_ctx = context(load_content(content_dir, "stories"), work / "out1", cache, jobs)
    started = time.perf_counter()
    leaflet.export(cold_ctx)
    cold = time.perf_counter() - started
    count = sum(len(r.get("leaflet", [])) for r in cold_ctx.writer.manifest._records.values())
    command = [sys.executable, __file__, "--once", str(content_dir), str(work / "out2"), str(cache)]
    started = time.perf_counter()
    subprocess.run([*command, "--jobs", str(jobs)], check=True)
    warm = time.perf_counter() - started
    return count, cold, warm


def report(name: str, count: int, cold: float, warm: float, jobs: int) -> None:
    per = cold / count if count else 0.0
    verdict_cold = "đạt" if per <= TARGET_PER_LEAFLET else "CHƯA ĐẠT"
    verdict_warm = "đạt" if warm <= TARGET_REBUILD else "CHƯA ĐẠT"
    print(f"{name}: {count} tờ rơi, {jobs} tiến trình")
    target = f"[mục tiêu ≤ {TARGET_PER_LEAFLET} s: {verdict_cold}]"
    print(f"  lần đầu (bộ đệm trống): {cold:.2f} s = {per:.3f} s/tờ  {target}")
    print(f"  dựng lại, không đổi gì (tiến trình mới: nạp mã, đọc bản ghi, tờ rơi): {warm:.2f} s", end="")
    print(f"  [mục tiêu ≤ {TARGET_REBUILD} s: {verdict_warm}]")


def layouts(work: Path, limit: int | None) -> int:
    """Render the sample's leaflets in this process and print layouts and CPU per leaflet."""
    import weasyprint

    from generator.export.leaflet import plan
    from generator.export.leaflet.render import Job, blank, render_one

    content = load_content(ROOT / "stories", "stories")
    if content.report.errors:
        print("Nội dung mẫu (stories/) còn lỗi: không đo được.", file=sys.stderr)
        return 1
    cache = work / "cache"
    planned = plan(context(content, work / "out", cache, 1))
    jobs = list({lf.key: Job(lf.key, lf.html, lf.pages) for lf in planned if lf.html is not None}.values())
    jobs = jobs[:limit] if limit else jobs
    counted = {"layouts": 0}
    render, write_pdf = weasyprint.HTML.render, weasyprint.document.Document.write_pdf
    left: list[float] = []  # blank share of every page written, after filling

    def counting_render(self, *args, **kwargs):
        counted["layouts"] += 1
        return render(self, *args, **kwargs)

    def measuring_write_pdf(self, *args, **kwargs):
        left.extend(blank(self.pages))
        return write_pdf(self, *args, **kwargs)

    weasyprint.HTML.render = counting_render
    weasyprint.document.Document.write_pdf = measuring_write_pdf
    per_leaflet: list[int] = []
    kinds: dict[str, list[int]] = {}
    try:
        render_one(jobs[0], work / "warm-up")  # imports, fonts: once per worker, not per leaflet
        counted["layouts"], left[:] = 0, []
        started = time.process_time()
        for job in jobs:
            before = counted["layouts"]
            render_one(job, cache)
            per_leaflet.append(counted["layouts"] - before)
            kind = re.search(r'<html[^>]*class="([^"]*)"', job.html)[1]  # paper, kind, large
            kinds.setdefault(kind, []).append(per_leaflet[-1])
        cpu = time.process_time() - started
    finally:
        weasyprint.HTML.render, weasyprint.document.Document.write_pdf = render, write_pdf
    total = sum(per_leaflet)
    print(f"Nội dung mẫu (stories/): {len(jobs)} tờ rơi, dựng trong tiến trình này, bộ đệm trống")
    print(f"  lần dàn trang WeasyPrint: {total} = {total / len(jobs):.2f}/tờ (nhiều nhất {max(per_leaflet)})")
    for kind, counts in sorted(kinds.items()):
        print(f"    {kind}: {len(counts)} tờ, {sum(counts)} lần ({sum(counts) / len(counts):.2f}/tờ)")
    print(f"  CPU: {cpu:.1f} s = {cpu / len(jobs):.3f} s/tờ")
    left.sort()
    print(f"  phần trống dưới cùng mỗi trang: trung vị {left[len(left) // 2]:.3f}, lớn nhất {left[-1]:.3f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--once", nargs=3, type=Path, metavar=("CONTENT", "OUT", "CACHE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--layouts", action="store_true", help="layouts and CPU per leaflet, in-process")
    parser.add_argument("--limit", type=int, help="with --layouts: only the first N leaflets")
    args = parser.parse_args()
    if args.once:
        return export_once(*args.once, args.jobs)
    if args.layouts:
        with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
            return layouts(Path(tmp), args.limit)
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
        work = Path(tmp)
        write_content(work / "stories")
        content = load_content(work / "stories", "stories")
        if content.report.errors:
            for error in content.report.errors:
                print(error, file=sys.stderr)
            return 1
        report("Bản ghi tổng hợp", *run(work / "stories", work / "synthetic", args.jobs), args.jobs)
        print(f"  WeasyPrint nạp trong tiến trình chính: {'có' if 'weasyprint' in sys.modules else 'không'}")
        sample = load_content(ROOT / "stories", "stories")
        if sample.report.errors:
            print("Nội dung mẫu (stories/) còn lỗi: bỏ qua phần đo này.")
        else:
            report("Nội dung mẫu (stories/)", *run(ROOT / "stories", work / "sample", args.jobs), args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
