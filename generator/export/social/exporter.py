"""Writes every social export (Facebook and Zalo texts, share cards) and lists them in the manifest."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.export.output import Cache
from generator.export.social import cards
from generator.model.loader import Entry
from generator.present.announcements import Announcement, upcoming
from generator.present.posts import (
    KINDS,
    Post,
    announcement_posts,
    composed,
    planned_files,
    shortening_message,
)
from generator.present.templating import hash_files, templates_hash
from generator.present.views import RecordView, StatisticView, StoryView

if TYPE_CHECKING:
    from generator.export.context import BuildContext

NAMESPACE = "social"
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


@cache
def _code_hash() -> str:
    """Changes when the drawing code or the fonts change, so cached cards are redrawn."""
    fonts = [Path(cards.font_file(bold=b)) for b in (False, True)]
    return hash_files([*Path(__file__).parent.glob("*.py"), *fonts])


def _write_text(ctx: BuildContext, view: RecordView | Announcement, post: Post, path: str) -> None:
    data = post.text + "\n"
    key = Cache.key("post", data)
    cached = ctx.cache.make(NAMESPACE, key, ".txt", lambda tmp: tmp.write_text(data, encoding="utf-8"))
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
    plan: cards.Plan


def _card_job(ctx: BuildContext, entry: Entry, view: RecordView, path: str) -> _CardJob | None:
    """Lay the card out and warn about cut texts (also when the PNG comes from the cache)."""
    plan = _plan(ctx, view)
    if plan is None:
        return None
    for part in plan.cut:
        field, name = CARD_PARTS.get(part, ("-", part))
        ctx.report.warn_at(
            entry,
            field,
            f"ảnh chia sẻ: {name} quá dài, không vừa khung ở cỡ chữ nhỏ nhất nên đã cắt sau một từ "
            "trọn vẹn và thêm “…”; nên viết ngắn lại",
        )
    key = Cache.key(templates_hash(NAMESPACE), _code_hash(), asdict(plan))
    return _CardJob(key, path, view.key, plan)


def _write_cards(ctx: BuildContext, jobs: list[_CardJob]) -> None:
    """Missing cards are drawn in parallel; charts first, in this thread (matplotlib is not thread-safe)."""
    missing = [job for job in jobs if ctx.cache.get(NAMESPACE, job.key, ".png") is None]
    charts = {job.key: cards.chart_image(job.plan) for job in missing if job.plan.chart}

    def make(job: _CardJob) -> None:
        chart = charts.get(job.key)
        ctx.cache.make(
            NAMESPACE,
            job.key,
            ".png",
            lambda tmp: tmp.write_bytes(cards.png_bytes(cards.draw(job.plan, chart))),
        )

    # Pillow releases the GIL while it quantises and compresses, the slow part of a card.
    with ThreadPoolExecutor(max_workers=max(ctx.jobs, 1)) as pool:
        list(pool.map(make, missing))
    for job in jobs:
        ctx.writer.copy(job.path, ctx.cache.path(NAMESPACE, job.key, ".png"))
        ctx.writer.record(job.record, "social", job.path, "card")


def export(ctx: BuildContext) -> None:
    """Facebook and Zalo posts for every story, statistic and campaign; cards for stories and statistics."""
    jobs: list[_CardJob] = []
    for kind in KINDS:
        for view in ctx.views.all(kind):
            entry = ctx.content.get(kind, view.id)
            assert entry is not None
            files = planned_files(view)
            for variant, post in composed(ctx.views, entry).items():
                if post.shortened:
                    field = post.cut_fields[0] if post.cut_fields else "-"
                    ctx.report.warn_at(entry, field, shortening_message(post))
                _write_text(ctx, view, post, files[variant])
            job = _card_job(ctx, entry, view, files["card"]) if "card" in files else None
            if job:
                jobs.append(job)
    jobs += announcement_jobs(ctx)
    _write_cards(ctx, jobs)


def announcement_jobs(ctx: BuildContext) -> list[_CardJob]:
    """Posts of every policy change ahead; their cards go with the others."""
    jobs = []
    for a in upcoming(ctx.views):
        files = {d.variant: d.path for d in a.files("social")}
        for variant, post in announcement_posts(ctx.views, a).items():
            if post.shortened:
                ctx.report.warn(ctx.settings.config_file.name, 1, "-", shortening_message(post))
            _write_text(ctx, a, post, files[variant])
        if "card" in files:
            plan = cards.plan_announcement(a, ctx.settings)
            key = Cache.key(templates_hash(NAMESPACE), _code_hash(), asdict(plan))
            jobs.append(_CardJob(key, files["card"], a.key, plan))
    return jobs
