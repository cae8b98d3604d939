"""The calculator page (``may-tinh/``) and the policy timeline JSON its script reads.

The page is the calculator's own HTML fragment (templates/site/calculator.html) inside a site
page; the script and styles load on this page only. The JSON holds the whole timeline, so a
site built in December shows January's figures to a visitor in January.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.export.site.pages import render_page
from generator.export.site.search import SearchMeta
from generator.model import calculator as calc
from generator.present import urls
from generator.present.views import PolicyView

if TYPE_CHECKING:
    from generator.export.context import BuildContext
    from generator.present.views import Views


TITLE = "Tính mức đóng BHXH tự nguyện, lương hưu và BHYT hộ gia đình"
DESCRIPTION = (
    "Tính ngay mức đóng BHXH tự nguyện, tiền Nhà nước hỗ trợ, ước tính lương hưu và mức đóng BHYT "
    "hộ gia đình theo chính sách đang áp dụng, kèm căn cứ pháp lý."
)


KIND = "Máy tính"


def calculator_page(views: Views) -> dict[str, str]:
    here = urls.source_to_page(urls.CALCULATOR)
    timeline = views.policy_timeline
    policies = [p for p in views.all("policy") if isinstance(p, PolicyView)]
    provinces = []
    for province in calc.provinces(timeline):
        unit = views.content.unit(province)
        page = urls.page("unit", province)
        example = any(p.is_example and p.unit and p.unit.path == page for p in policies)
        name = unit.name if unit else province
        provinces.append((province, f"{name} (ví dụ minh họa)" if example else name))
    text = render_page(
        "calculator.md.j2",
        here,
        front={"title": TITLE, "description": DESCRIPTION, "lantoa_kind": KIND},
        # its kind for search: shown under the result, a "Loại" filter, and a page that states
        # the rules (docs/assets/search.js ranks those before pages about one place)
        meta=SearchMeta("calculator", {"Loại": [KIND]}, {"kind": KIND}),
        ready=bool(timeline["parameters"]),
        timeline_url=urls.relative(here, urls.POLICY_JSON),
        provinces=provinces,
        hotline=views.settings.contact.phone,
        css=urls.CALCULATOR_ASSETS[0],
        js=urls.CALCULATOR_ASSETS[1],
        policies=policies,
        policy_index=urls.source_to_page(urls.POLICY_INDEX),
        notices={  # an object, not pairs: "[[" in a page is what an unresolved placeholder looks like
            a.date.isoformat(): urls.relative(here, a.page)
            for a in views.announcements
            if a.province is None  # the line beside the result links the nationwide change
        },
    )
    return {urls.CALCULATOR: text}


def write_timeline(ctx: BuildContext) -> None:
    """The timeline JSON, through the output layer (after MkDocs, which empties the folder)."""
    timeline = ctx.views.policy_timeline
    if timeline["parameters"] and ctx.views.shard.national:  # a shared file: the national part's
        ctx.writer.write_text(urls.POLICY_JSON, calc.timeline_json(timeline))
