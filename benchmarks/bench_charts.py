"""Chart speed: milliseconds per statistic chart, drawn from the SVG template (what the build
uses) and with matplotlib (what it used before), on the same series.

    .venv/bin/python benchmarks/bench_charts.py [--charts N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.present import charts  # noqa: E402


def series(i: int) -> list[tuple[str, float]]:
    """Two to five points in time, different for every chart (no cache between them)."""
    return [(f"Tháng {m}/{2020 + i % 6}", 1000 + 37 * i + 211 * m) for m in range(1, 2 + i % 4 + 1)]


def timed(draw, n: int) -> float:
    draw(series(0), "người")  # imports, fonts, templates loaded once, outside the timing
    start = time.perf_counter()
    for i in range(n):
        draw(series(i), "người")
    return (time.perf_counter() - start) * 1000 / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--charts", type=int, default=100)
    args = parser.parse_args()
    template = timed(charts.chart_svg, args.charts)
    print_chart = timed(lambda s, m: charts.chart_svg(s, m, size=charts.PRINT), args.charts)
    matplotlib = timed(charts.chart_svg_matplotlib, max(args.charts // 5, 5))
    print(f"SVG template (site):  {template:7.2f} ms/chart")
    print(f"SVG template (print): {print_chart:7.2f} ms/chart")
    print(f"matplotlib SVG:       {matplotlib:7.2f} ms/chart")


if __name__ == "__main__":
    main()
