"""`lantoa check` end to end on 10,000 generated records (target: under 10 s on 2 cores).

    .venv/bin/python benchmarks/bench_check.py [--count 10000] [--seed 1] [--runs 3] [--keep DIR]

Writes the records with generate_records.generate into a temporary folder (or --keep
DIR, left in place for profiling), then times the installed command as a subprocess,
start-up and imports included, as an editor or CI would run it. Prints the records,
the best and median seconds, and records per second; exits 1 if check fails or the
best run misses the target.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANTOA = ROOT / ".venv" / "bin" / "lantoa"
TARGET_SECONDS = 10.0

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_records import generate  # noqa: E402


def time_check(content: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(LANTOA), "check", str(content)], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"lantoa check thất bại (mã {done.returncode}):\n{done.stderr[-3000:]}")
    return seconds


def bench(content: Path, count: int, seed: int, runs: int) -> bool:
    started = time.perf_counter()
    generate(content, count, seed)
    print(f"tạo {count} bản ghi: {time.perf_counter() - started:.1f} s ({content})")
    times = [time_check(content) for _ in range(runs)]
    best, median = min(times), statistics.median(times)
    print(f"records: {count}")
    print(f"seconds: {best:.2f} (tốt nhất), {median:.2f} (trung vị của {runs} lần)")
    print(f"records/second: {count / best:,.0f}")
    ok = best < TARGET_SECONDS
    print(f"mục tiêu < {TARGET_SECONDS:.0f} s: {'đạt' if ok else 'CHƯA ĐẠT'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="ghi bản ghi vào thư mục này và giữ lại")
    args = parser.parse_args()
    if args.keep:
        if args.keep.exists() and any(args.keep.iterdir()):
            sys.exit(f"{args.keep} đã có nội dung; chọn thư mục trống")
        return 0 if bench(args.keep, args.count, args.seed, args.runs) else 1
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as folder:
        return 0 if bench(Path(folder) / "stories", args.count, args.seed, args.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
