"""What a phone downloads to open a page of the built site (gzip, as any web server sends it).

    .venv/bin/python benchmarks/page_weight.py [SITE_DIR] [--query TEXT ...]
    (default: site/, run `make site` first; default queries: "dong bao", "luong huu")

Opens each page in headless Chromium, sums the gzip size of every file it requests from
the site, and prints it with the time on a slow 3G line (400 kbit/s, 400 ms latency).
For the search page it also types each query, as a first visit would, and counts what the
page plus that first search download (Pagefind's script, WebAssembly, index, filter and
result fragments). Works with our search page and with Pagefind's Default UI, so a site
built before a change can be measured the same way.
"""

from __future__ import annotations

import argparse
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
SEARCH_PAGE = "tim-kiem/"
SEARCH_BOX = "#lt-search-input, .pagefind-ui__search-input"
RESULT = ".lt-result, .pagefind-ui__result"
QUIET_MS = 1000  # no new request for this long: the search has downloaded all it needs


def _gzip_size(file: Path) -> int:
    data = file.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are stored gzipped already
        return len(data)
    return len(gzip.compress(data, 6))


def _weigh(site: Path, files: set[str]) -> tuple[int, int]:
    total = 0
    for url_path in files:
        file = site / url_path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            total += _gzip_size(file)
    return len(files), total


def page_weight(chromium, site: Path, base: str, path: str, query: str | None = None) -> tuple[int, int]:
    files: set[str] = set()
    context = chromium.new_context(viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.on("request", lambda r: files.add(urlparse(r.url).path) if r.url.startswith(base) else None)
    tab.goto(base + path, wait_until="networkidle")
    if query:
        tab.locator(SEARCH_BOX).first.fill(query)
        tab.locator(RESULT).first.wait_for(timeout=30_000)
        seen = -1
        while seen != len(files):
            seen = len(files)
            tab.wait_for_timeout(QUIET_MS)
    context.close()
    return _weigh(site, files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--query", action="append", help='first search typed on the search page ("dong bao")')
    args = parser.parse_args()
    site: Path = args.site
    records = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["records"]
    first = {
        kind: next(v["page"] for k, v in records.items() if k.startswith(kind + "/"))
        for kind in ("story", "unit")
    }
    pages: list[tuple[str, str, str | None]] = [
        ("trang chủ", "", None),
        ("câu chuyện", first["story"], None),
        ("địa phương", first["unit"], None),
        ("tìm kiếm", SEARCH_PAGE, None),
        ("máy tính", "noi-dung/may-tinh/", None),
    ]
    pages += [(f"+ tìm “{q}”", SEARCH_PAGE, q) for q in args.query or ["dong bao", "luong huu"]]
    print(f"{'trang':<20} {'tệp':>4} {'gzip (KB)':>10} {'3G chậm (s)':>12}")
    with serve(site) as base, browser() as chromium:
        for name, path, query in pages:
            count, size = page_weight(chromium, site, base, path, query)
            seconds = size * 8 / SLOW_3G_BITS_PER_S + ROUND_TRIP_S * 2
            print(f"{name:<20} {count:>4} {size / 1024:>10.1f} {seconds:>12.1f}")


if __name__ == "__main__":
    main()
