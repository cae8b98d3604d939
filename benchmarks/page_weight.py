"""What a phone downloads to open a page of the built site (gzip, as any web server sends it).

    .venv/bin/python benchmarks/page_weight.py [SITE_DIR]   (default: site/, run `make site` first)

Opens each page in headless Chromium, sums the gzip size of every file it requests from
the site, and prints it with the time on a slow 3G line (400 kbit/s, 400 ms latency).
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402

SLOW_3G_BITS_PER_S = 400_000
ROUND_TRIP_S = 0.4


def page_weight(chromium, site: Path, base: str, path: str) -> tuple[int, int]:
    files: set[str] = set()
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.on("request", lambda r: files.add(urlparse(r.url).path) if r.url.startswith(base) else None)
    tab.goto(base + path, wait_until="networkidle")
    context.close()
    total = 0
    for url_path in files:
        file = site / url_path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), 6))
    return len(files), total


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    records = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["records"]
    first = {
        kind: next(v["page"] for k, v in records.items() if k.startswith(kind + "/"))
        for kind in ("story", "unit")
    }
    pages = {
        "trang chủ": "",
        "câu chuyện": first["story"],
        "địa phương": first["unit"],
        "tìm kiếm": "tim-kiem/",
    }
    print(f"{'trang':<12} {'tệp':>4} {'gzip (KB)':>10} {'3G chậm (s)':>12}")
    with serve(site) as base, browser() as chromium:
        for name, path in pages.items():
            count, size = page_weight(chromium, site, base, path)
            seconds = size * 8 / SLOW_3G_BITS_PER_S + ROUND_TRIP_S * 2
            print(f"{name:<12} {count:>4} {size / 1024:>10.1f} {seconds:>12.1f}")


if __name__ == "__main__":
    main()
