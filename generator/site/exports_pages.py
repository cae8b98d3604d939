"""The "Phát thanh" and "Mạng xã hội" pages: lists of other exports' files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator import urls
from generator.site.pages import Item, Section, render_page

if TYPE_CHECKING:
    from generator.build import BuildContext

BROADCAST_PAGE = f"{urls.GENERATED_DIR}/phat-thanh.md"
SOCIAL_PAGE = f"{urls.GENERATED_DIR}/mang-xa-hoi.md"


def broadcast_page(ctx: BuildContext) -> dict[str, str]:
    sections = []
    for kind, heading in (
        ("campaign", "Bản tin chiến dịch"),
        ("unit", "Bản tin địa phương"),
        ("story", "Câu chuyện"),
    ):
        items = [
            Item(f"{view.title} — {d.label}", d.path)
            for view in ctx.views.all(kind)
            for d in view.downloads
            if d.export in ("script", "audio")
        ]
        sections.append(Section(heading, items))
    text = render_page(
        "list.md.j2",
        urls.source_to_page(BROADCAST_PAGE),
        title="Phát thanh",
        intro="Kịch bản đọc trên loa truyền thanh xã (số, ngày, viết tắt đã viết thành lời) và tệp âm thanh.",
        sections=sections,
        chips=[],
    )
    return {BROADCAST_PAGE: text}


def social_page(ctx: BuildContext) -> dict[str, str]:
    sections = []
    for kind, heading in (("story", "Câu chuyện"), ("statistic", "Số liệu"), ("campaign", "Chiến dịch")):
        items = [
            Item(f"{view.title} — {d.label}", d.path)
            for view in ctx.views.all(kind)
            for d in view.downloads
            if d.export == "social"
        ]
        sections.append(Section(heading, items))
    text = render_page(
        "list.md.j2",
        urls.source_to_page(SOCIAL_PAGE),
        title="Mạng xã hội",
        intro="Bài viết sẵn cho Facebook, Zalo và ảnh chia sẻ.",
        sections=sections,
        chips=[],
    )
    return {SOCIAL_PAGE: text}
