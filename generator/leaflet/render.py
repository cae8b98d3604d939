"""HTML → PDF for the leaflets that are not in the cache yet, on every core.

Workers get plain data (HTML string, page count, where to write) and import
WeasyPrint themselves, so the build process never loads it — a rebuild with nothing
changed does not pay for it at all.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.output import Cache

NAMESPACE = "leaflet"
FIT_MARK = 'data-fit="0"'  # in every leaflet's <html> tag (templates/leaflet/base.html)
FIT_LEVELS = 5  # 0: as designed … 4: long texts cut and each sheet clipped (last resort)
SHORTENED, CLIPPED = 3, 4  # from SHORTENED on, the editors are told to shorten the record


@dataclass(frozen=True)
class Job:
    key: str  # cache key of the PDF
    html: str
    pages: int  # the page count the design must have


@dataclass(frozen=True)
class Rendered:
    key: str
    fit: int  # fitting level that was needed (CLIPPED: the editors should shorten the record)
    pages: int


def fit_html(html: str, level: int) -> str:
    """The HTML with fitting levels 0..level switched on (``data-fit="0 1 2"``)."""
    levels = " ".join(str(i) for i in range(level + 1))
    return html.replace(FIT_MARK, f'data-fit="{levels}"', 1)


@cache
def _weasyprint():
    """Imported once per worker; the logging set-up lives with the PDF helper."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    import generator.pdf  # noqa: F401  (quietens WeasyPrint's CSS warnings)

    # Leaflets only embed local files and data URIs: never reach out to the network.
    return HTML, URLFetcher(allowed_protocols={"file", "data"})


def _warm_up() -> None:
    _weasyprint()


def render_one(job: Job, cache_root: Path) -> Rendered:
    """Lay out at growing fitting levels until the page count is right, then write the PDF."""
    html_class, fetcher = _weasyprint()
    for level in range(FIT_LEVELS):
        document = html_class(string=fit_html(job.html, level), url_fetcher=fetcher).render()
        if len(document.pages) == job.pages:
            break
    result = Rendered(job.key, level, len(document.pages))
    store = Cache(cache_root)

    def write_meta(target: Path) -> None:
        target.write_text(json.dumps({"fit": result.fit, "pages": result.pages}), encoding="utf-8")

    def write_pdf(target: Path) -> None:
        document.write_pdf(target, uncompressed_pdf=False, optimize_images=True)

    # The note first: a PDF in the cache always has its note next to it.
    store.make(NAMESPACE, job.key, ".json", write_meta)
    store.make(NAMESPACE, job.key, ".pdf", write_pdf)
    return result


def cached(store: Cache, key: str) -> Rendered | None:
    """The cached leaflet's fitting note, or None when it must be rendered."""
    meta_path = store.get(NAMESPACE, key, ".json")
    if meta_path is None or store.get(NAMESPACE, key, ".pdf") is None:
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return Rendered(key, int(meta["fit"]), int(meta["pages"]))


def _context() -> multiprocessing.context.BaseContext:
    """fork is the cheapest start; with other threads alive it is unsafe, so use forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([__name__])
    return context


def render_all(jobs: list[Job], store: Cache, workers: int) -> Iterator[Rendered]:
    """Render every job in parallel; results come in the order of ``jobs``."""
    if not jobs:
        return
    workers = max(1, min(workers, len(jobs)))
    chunk = max(1, len(jobs) // (workers * 8))
    roots = [store.root] * len(jobs)
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_warm_up) as pool:
        yield from pool.map(render_one, jobs, roots, chunksize=chunk)
