"""Printable leaflets: A5 per story, A4 two-sided per unit, large-print variants of both,
and a one-page talking-points sheet per model for small-group dialogues.

Each leaflet is one HTML document (Jinja template + inlined print stylesheet) turned
into a PDF by WeasyPrint. The cache key is the HTML itself, so an unchanged record is
never rendered again; the rest are rendered in the build's process pool on every core.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.export.leaflet.context import VARIANTS, Contexts
from generator.export.leaflet.render import CLIPPED, NAMESPACE, SHORTENED, Job, Rendered, cached, render_one
from generator.export.memo import describe
from generator.present import templating
from generator.present.catalogue import Planned
from generator.present.views import RecordView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

# Which field to point the editors at when a leaflet had to be shortened to fit, and
# from which fitting level on. A unit's leaflet gathers many records, so leaving some
# out is its normal way to fit; only clipping is worth telling.
LONG_FIELD = {"story": "summary", "unit": "-", "model": "doubts"}
WARN_FROM = {"story": SHORTENED, "unit": CLIPPED, "model": SHORTENED}
TOO_LONG = {
    SHORTENED: "{label} không đủ chỗ nên đã bỏ bớt phần phụ (số liệu, ví dụ) để vừa {pages} trang",
    CLIPPED: "{label} quá dài nên bị cắt bớt chữ để vừa {pages} trang",
}
PLAN_NAMESPACE = "leaflet-plan"  # a hash of a leaflet's template inputs → its PDF's key
SHORTEN_HINT = "; hãy rút gọn tiêu đề, tóm tắt, trích dẫn hoặc các câu hỏi - trả lời"


@dataclass(frozen=True)
class Leaflet:
    view: RecordView
    planned: Planned
    html: str | None  # None: the PDF is in the cache, the HTML was not rendered again
    key: str
    pages: int


def plan(ctx: BuildContext) -> list[Leaflet]:
    """Every leaflet of the build: its PDF's key, and its HTML when the PDF must be made.

    The key is a hash of the HTML; the HTML is rendered only when the memo (a hash of the
    template's inputs → the key it gave) does not know them or the PDF is not in the cache.
    """
    contexts = Contexts(ctx)
    cache = ctx.cache
    leaflets = []
    for view in ctx.views.to_make("leaflet"):
        for item in view.files("leaflet"):
            variant = VARIANTS[item.variant]
            context = contexts.of(view, item.variant)
            described = describe(context)
            inputs = cache.key(PLAN_NAMESPACE, variant.template, described) if described else None
            known = cache.read_json(PLAN_NAMESPACE, inputs) if inputs else None
            pages = context.get("sheet_pages", variant.pages)  # a progress sheet grows with its rows
            if known is not None and cached(cache, known["key"]) is not None:
                leaflets.append(Leaflet(view, item, None, known["key"], pages))
                continue
            html = templating.render(variant.template, **context)
            key = cache.key(NAMESPACE, html)
            if inputs:
                cache.write_json(PLAN_NAMESPACE, inputs, {"key": key})
            leaflets.append(Leaflet(view, item, html, key, pages))
    return leaflets


def start(ctx: BuildContext) -> Callable[[], None]:
    """Plan every leaflet and send the missing ones to the workers; the returned step
    waits for them and places every PDF in the output (after the site is written)."""
    leaflets = plan(ctx)
    done: dict[str, Rendered | Future[Rendered]] = {}
    for leaflet in leaflets:
        if leaflet.key in done:
            continue
        hit = cached(ctx.cache, leaflet.key)
        if hit is not None:
            done[leaflet.key] = hit
        else:
            assert leaflet.html is not None  # plan renders the HTML of every PDF not in the cache
            job = Job(leaflet.key, leaflet.html, leaflet.pages)
            done[leaflet.key] = ctx.workers.submit("pdf", render_one, job, ctx.cache.root)
    return lambda: _place(ctx, leaflets, done)


def export(ctx: BuildContext) -> None:
    start(ctx)()


def _place(ctx: BuildContext, leaflets: list[Leaflet], done: dict[str, Rendered | Future[Rendered]]) -> None:
    for leaflet in leaflets:
        result = done[leaflet.key]
        if isinstance(result, Future):
            result = done[leaflet.key] = result.result()
        pdf = ctx.cache.path(NAMESPACE, leaflet.key, ".pdf")
        ctx.writer.copy(leaflet.planned.path, pdf)
        ctx.writer.record(
            leaflet.view.key, "leaflet", leaflet.planned.path, leaflet.planned.variant, pages=result.pages
        )
        if result.fit >= WARN_FROM[leaflet.view.kind]:
            _warn_too_long(ctx, leaflet, result.fit)


def _warn_too_long(ctx: BuildContext, leaflet: Leaflet, fit: int) -> None:
    label = leaflet.planned.label.removesuffix(" (PDF)")
    message = TOO_LONG[min(fit, CLIPPED)].format(label=label, pages=leaflet.pages) + SHORTEN_HINT
    view = leaflet.view
    ctx.report.warn_at(view.origin, LONG_FIELD[view.kind], message)
