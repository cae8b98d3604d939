"""The team's language report page (present/language_report.py): the preview's only."""

from __future__ import annotations

from generator.export.site.pages import render_page
from generator.present import language_report
from generator.present.views import Views

TITLE = "Bản dịch và ghi âm tiếng dân tộc"


def language_report_page(views: Views) -> dict[str, str]:
    return {
        language_report.page_source(): render_page(
            "languages-report.md.j2",
            language_report.page(),
            front={
                "title": TITLE,
                "description": "Việc của nhóm: bản dịch cũ, bản ghi âm còn thiếu.",
                "lantoa_search": False,
            },
            rows=language_report.rows(views),
        )
    }
