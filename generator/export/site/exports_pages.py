"""The "Phát thanh" and "Mạng xã hội" pages: lists of other exports' files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.export.site.pages import render_page
from generator.model.kinds import KINDS
from generator.present import urls
from generator.present.posts import posts_for_page

if TYPE_CHECKING:
    from generator.export.context import BuildContext

BROADCAST_PAGE = urls.listing("phat-thanh")
SOCIAL_PAGE = urls.listing("mang-xa-hoi")


def broadcast_page(ctx: BuildContext) -> dict[str, str]:
    """This week's bulletins first, then every script and audio file."""
    from generator.present.schedule import this_week, week_of, week_text

    monday, sunday = week_of(ctx.views.today)
    groups = [
        (heading, ctx.views.all(kind))
        for kind, heading in (
            ("campaign", "Bản tin chiến dịch"),
            ("unit", "Bản tin địa phương"),
            ("story", "Câu chuyện"),
        )
    ]
    text = render_page(
        "broadcast.md.j2",
        urls.source_to_page(BROADCAST_PAGE),
        front={
            "title": "Phát thanh",
            "description": "Bản tin đọc trên loa truyền thanh xã: kịch bản đã viết số, ngày, "
            "chữ viết tắt thành lời, kèm tệp âm thanh.",
            "lantoa_no_index": True,
        },
        week=week_text(monday, sunday),
        bulletins=this_week(ctx.views),
        groups=[g for g in groups if g[1]],
    )
    return {BROADCAST_PAGE: text}


def social_page(ctx: BuildContext) -> dict[str, str]:
    """Ready posts with copy buttons, grouped by kind."""
    posts = posts_for_page(ctx.views)
    groups = [(kind.label, [p for p in posts if p.kind == name]) for name, kind in KINDS.items()]
    front = {
        "title": "Mạng xã hội",
        "description": "Bài viết sẵn cho Facebook, Zalo và ảnh chia sẻ, làm từ cùng nội dung với trang web.",
        "lantoa_no_index": True,
    }
    text = render_page(
        "social.md.j2", urls.source_to_page(SOCIAL_PAGE), front=front, groups=[g for g in groups if g[1]]
    )
    return {SOCIAL_PAGE: text}
