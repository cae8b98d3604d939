"""Facebook and Zalo posts of a province's new results (``progress.News``), from the team's templates."""

from __future__ import annotations

from generator.present.post import Posts
from generator.present.posts import Material, Paragraph, posts_of
from generator.present.progress import News
from generator.present.text import hashtag
from generator.present.views import Views


def _line(p) -> str:
    text = f"{p.unit_name}: {p.latest_text}, đạt {p.percent_text} kế hoạch {p.period_text}"
    if p.remaining:
        text += f", còn {p.remaining_text}"
        if p.pace_needed and not p.ended:
            text += f" (cần {p.pace_needed_text})"
    return text + "."


def material(views: Views, item: News) -> Material:
    paragraphs = [Paragraph(f"{item.reached} ở {item.province_name}.", "target", 0)]
    paragraphs += [Paragraph(_line(p), "target", 2) for p in item.items]
    sources = dict.fromkeys(f"{p.source.title} ({p.source.publisher})" for p in item.items)
    paragraphs.append(Paragraph("; ".join(sources) + ".", "source", 1, "Kế hoạch theo: "))
    place = hashtag(item.province_name)
    return Material(
        hook=item.title,
        hook_field="-",
        paragraphs=tuple(paragraphs),
        hashtags=tuple(["#BHXHtựnguyện", "#BHYT", *([place] if place else []), "#tiếnđộ"]),
        contact=views.contact(item.province_id),
    )


def progress_posts(views: Views, item: News) -> Posts:
    """The post per variant (``posts.posts_of``)."""
    return posts_of(views, item, lambda: material(views, item))
