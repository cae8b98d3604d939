"""Writes every social export (Facebook and Zalo texts, share cards) and lists them in the manifest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from generator.export.output import Cache
from generator.export.social import cards
from generator.export.social.layout import font
from generator.export.workers import warm_up
from generator.present import progress
from generator.present.announcements import Announcement
from generator.present.posts import Post, announcement_posts, composed, planned_files, shortening_message
from generator.present.progress_posts import progress_posts
from generator.present.views import RecordView, StatisticView, StoryView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

NAMESPACE = "social"
PLAN_NAMESPACE = "social-plan"  # what laying a card out decided, by its inputs
CARD_PARTS = {  # card part → (record field the warning points at, its name for the editors)
    "title": ("title", "tiêu đề"),
    "quote": ("quote.text", "trích dẫn"),
    "quote_by": ("quote.by", "người nói"),
    "summary": ("summary", "tóm tắt"),
    "place": ("unit", "địa danh và thời gian"),
    "what": ("indicator", "tên chỉ tiêu"),
    "value": ("series", "con số"),
    "series": ("series", "mức thay đổi"),
    "target": ("target", "so với kế hoạch"),
    "source": ("source", "nguồn"),
    "organisation": ("-", "tên cơ quan (extra.organisation trong mkdocs.yml)"),
}


def _write_text(
    ctx: BuildContext, view: RecordView | Announcement | progress.News, post: Post, path: str
) -> None:
    data = post.text + "\n"
    cached = ctx.cache.text(NAMESPACE, ctx.cache.key(NAMESPACE, "post", data), ".txt", data)
    ctx.writer.copy(path, cached)
    ctx.writer.record(view.key, "social", path, post.variant)


def _plan(ctx: BuildContext, view: RecordView) -> cards.Plan | None:
    if isinstance(view, StoryView):
        return cards.plan_story(view, ctx.settings)
    if isinstance(view, StatisticView):
        return cards.plan_statistic(view, ctx.settings)
    return None


@dataclass(frozen=True)
class _CardJob:
    key: str  # cache key
    path: str  # in the output folder
    record: str  # manifest key
    plan: cards.Plan | None  # None: the PNG is in the cache


def _card_job(ctx: BuildContext, view: RecordView, path: str) -> _CardJob | None:
    """Lay the card out and warn about cut texts (also when the PNG comes from the cache).

    Laying out measures every line in the fonts; what it decided (the card's key, the cut
    parts) is kept in the cache under a key of everything it reads, so an unchanged record's
    card is not laid out again unless its PNG has to be drawn.
    """
    if not isinstance(view, StoryView | StatisticView):
        return None
    inputs = ctx.cache.key(PLAN_NAMESPACE, view.fingerprint, _card_settings(ctx))
    decided = ctx.cache.read_json(PLAN_NAMESPACE, inputs)
    plan = None
    if decided is not None:
        key, cut = decided["key"], decided["cut"]
    else:
        plan = _plan(ctx, view)
        if plan is None:
            return None
        key, cut = ctx.cache.key(NAMESPACE, asdict(plan)), list(plan.cut)
        ctx.cache.write_json(PLAN_NAMESPACE, inputs, {"key": key, "cut": cut})
    for part in cut:
        field, name = CARD_PARTS.get(part, ("-", part))
        ctx.report.warn_at(
            view.origin,
            field,
            f"ảnh chia sẻ: {name} quá dài, không vừa khung ở cỡ chữ nhỏ nhất nên đã cắt sau một từ "
            "trọn vẹn và thêm “…”; nên viết ngắn lại",
        )
    if plan is None and ctx.cache.get(NAMESPACE, key, ".png") is None:
        plan = _plan(ctx, view)  # the PNG must be drawn after all
    return _CardJob(key, path, view.key, plan)


def _card_settings(ctx: BuildContext) -> tuple[object, ...]:
    """What a card shows of the settings: colours, the organisation, the site's address."""
    settings = ctx.settings
    return (settings.colours, settings.contact.organisation, settings.site_url)


def _start_cards(ctx: BuildContext, jobs: list[_CardJob]) -> Callable[[], None]:
    """Missing cards go to the workers (each draws its own charts: matplotlib per process)."""
    pending = [
        ctx.workers.submit("card", make_card, ctx.cache.root, job.key, job.plan)
        for job in jobs
        if job.plan is not None and ctx.cache.get(NAMESPACE, job.key, ".png") is None
    ]

    def place() -> None:
        for future in pending:
            future.result()
        for job in jobs:
            ctx.writer.copy(job.path, ctx.cache.path(NAMESPACE, job.key, ".png"))
            ctx.writer.record(job.record, "social", job.path, "card")

    return place


def make_card(cache_root: Path, key: str, plan: cards.Plan) -> None:
    """In a worker: draw one card into the cache."""
    Cache(cache_root).make(
        NAMESPACE, key, ".png", lambda tmp: tmp.write_bytes(cards.png_bytes(cards.draw(plan)))
    )


@warm_up
def _load_fonts() -> None:
    for path in cards.fonts():
        font(path, 40)


def start(ctx: BuildContext) -> Callable[[], None]:
    """Facebook and Zalo posts for every story, statistic and campaign; cards for stories and statistics.

    Cards missing from the cache go to the workers; the returned step writes every file."""
    jobs: list[_CardJob] = []
    texts: list[Callable[[], None]] = []
    for view in ctx.views.to_make("social"):
        files = planned_files(view)
        for variant, post in composed(ctx.views, view).items():
            if post.shortened:
                field = post.cut_fields[0] if post.cut_fields else "-"
                ctx.report.warn_at(view.origin, field, shortening_message(post))
            texts.append(partial(_write_text, ctx, view, post, files[variant]))
        job = _card_job(ctx, view, files["card"]) if "card" in files else None
        if job:
            jobs.append(job)
    announcement_cards, announcement_texts = announcement_jobs(ctx)
    jobs += announcement_cards
    texts += announcement_texts
    progress_cards, progress_texts = progress_jobs(ctx)
    jobs += progress_cards
    texts += progress_texts
    place_cards = _start_cards(ctx, jobs)

    def finish() -> None:
        for write in texts:
            write()
        place_cards()

    return finish


def export(ctx: BuildContext) -> None:
    start(ctx)()


def announcement_jobs(ctx: BuildContext) -> tuple[list[_CardJob], list[Callable[[], None]]]:
    """Posts of every policy change ahead (to write later); their cards go with the others."""
    jobs = []
    texts: list[Callable[[], None]] = []
    for a in ctx.views.own(ctx.views.announcements):
        files = {d.variant: d.path for d in a.files("social")}
        for variant, post in announcement_posts(ctx.views, a).items():
            if post.shortened:
                ctx.report.warn(ctx.settings.config_file.name, 1, "-", shortening_message(post))
            texts.append(partial(_write_text, ctx, a, post, files[variant]))
        if "card" in files:
            plan = cards.plan_announcement(a, ctx.settings)
            key = ctx.cache.key(NAMESPACE, asdict(plan))
            jobs.append(_CardJob(key, files["card"], a.key, plan))
    return jobs, texts


def progress_jobs(ctx: BuildContext) -> tuple[list[_CardJob], list[Callable[[], None]]]:
    """Posts and cards of the provinces' new results (``extra.progress.social``; national part)."""
    jobs = []
    texts: list[Callable[[], None]] = []
    if not (ctx.views.shard.whole or ctx.views.shard.national):
        return jobs, texts
    for item in progress.news(ctx.views):
        files = {d.variant: d.path for d in item.files("social")}
        for variant, post in progress_posts(ctx.views, item).items():
            if post.shortened:
                ctx.report.warn(ctx.settings.config_file.name, 1, "-", shortening_message(post))
            texts.append(partial(_write_text, ctx, item, post, files[variant]))
        plan = cards.plan_progress(item, ctx.settings)
        key = ctx.cache.key(NAMESPACE, asdict(plan))
        jobs.append(_CardJob(key, files["card"], item.key, plan))
    return jobs, texts
