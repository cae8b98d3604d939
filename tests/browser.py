"""Headless Chromium (Debian's) driven by Playwright, against a site served on loopback."""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive: Pagefind fetches dozens of chunks per search; one connection each, on a
    # loaded machine, overflowed the listen queue and stalled fetches for seconds.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128  # Chromium opens several connections at once


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder over HTTP on a free loopback port (Pagefind needs HTTP)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# The search page (docs/assets/search.js) numbers the searches it starts (data-run) and marks
# the last one it has drawn (data-done): settled when they are equal. Waiting for that, rather
# than for a count to change, never waits for a state that does not come.
_SETTLED = """after => {
    const d = document.querySelector('.lt-search').dataset;
    return Number(d.run || 0) > after && d.done === d.run;
}"""


def settled(page, after: int = 0) -> str:
    """Waits until a search later than number ``after`` is drawn; returns the status line.
    A search that failed fails the test with the page's own message."""
    page.wait_for_function(_SETTLED, arg=after, polling=100)
    status = page.locator(".lt-search__status").inner_text()
    assert not status.startswith("Chưa tìm được"), status
    return status


def searched(page, action: Callable[[], object]) -> str:
    """Does ``action`` (a query, a filter) and waits until the search it started is drawn."""
    before = page.evaluate("Number(document.querySelector('.lt-search').dataset.run || 0)")
    action()
    return settled(page, before)


def type_query(page, query: str) -> str:
    """Types ``query`` and presses Enter (which cancels the typing pause): one search."""

    def typing() -> None:
        page.locator(".lt-search__input").fill(query)
        page.locator(".lt-search__input").press("Enter")

    return searched(page, typing)


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"  # make setup
_AXE_RUN = (
    "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})).violations"
    ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"
)


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2 A and AA violations on the page as it is now ("rule: first targets")."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_AXE_RUN)
