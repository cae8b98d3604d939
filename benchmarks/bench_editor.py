"""The form editor's first load: what the browser downloads and how long until the first list.

    .venv/bin/python benchmarks/bench_editor.py [--content stories] [--with-preview] [--runs 1]

Starts `lantoa edit` on the content folder (by default without the live preview, which only
competes for the CPU), opens its address in a fresh headless Chromium profile (a new context:
no cache, no storage) at 390 × 844, and waits until the first collection's list shows its
records. Prints the bytes transferred (bodies as sent, gzip included, plus headers), the
number of requests, and the time from opening the address to the list. Run it once on a quiet
machine and note the load (`uptime`); it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser  # noqa: E402

FIRST_LIST = "a[href*='/collections/'][href*='/entries/']"  # a record of the list Decap opens on
TIMEOUT_MS = 300_000


def start_editor(content: str, preview: bool) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "generator", "edit", "--port", "0", "--content", content]
    if not preview:
        command.append("--no-preview")
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    if "/admin/#token=" not in address:
        process.kill()
        raise SystemExit(f"lantoa edit did not start: {address!r}")
    return process, address


def first_load(chromium: object, address: str) -> tuple[int, int, float]:
    """(bytes, requests, seconds) of one first visit in a fresh profile."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    requests: list[object] = []
    page.on("requestfinished", lambda request: requests.append(request))
    started = time.perf_counter()
    page.goto(address)
    page.wait_for_selector(FIRST_LIST, timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    weight = 0
    for request in requests:
        sizes = request.sizes()  # type: ignore[attr-defined]
        weight += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    context.close()
    return weight, len(requests), seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="stories")
    parser.add_argument("--with-preview", action="store_true", help="run the live preview too")
    parser.add_argument("--runs", type=int, default=1, help="first visits, each in a fresh profile")
    args = parser.parse_args()
    records = sum(1 for p in (ROOT / args.content).rglob("*") if p.suffix in (".yaml", ".md"))
    process, address = start_editor(args.content, args.with_preview)
    try:
        with browser() as chromium:
            for run in range(1, args.runs + 1):
                weight, count, seconds = first_load(chromium, address)
                print(
                    f"run {run}: {weight / 1e6:.2f} MB in {count} requests; "
                    f"first list after {seconds:.1f} s ({records} record files, "
                    f"load average {os.getloadavg()[0]:.1f})"
                )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
