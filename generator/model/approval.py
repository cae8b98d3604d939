"""Approval before publishing: a record is ``cho-duyet`` until someone approves it.

When the team's settings ask for it (mkdocs.yml ``extra.editing.require_approval``), a
published record needs ``approved: {by, date}``; the same rule holds for a file saved by
hand and one saved from the form editor.
"""

from __future__ import annotations

from generator.model.diagnostics import Report
from generator.model.loader import Entry

NEEDS_APPROVAL = (
    "cần được duyệt trước khi xuất bản: ghi người duyệt và ngày duyệt (approved: {by: ..., date: ...}), "
    "hoặc để status: cho-duyet (chờ duyệt); cài đặt mkdocs.yml extra.editing.require_approval"
)
APPROVED_DRAFT = "đã có người duyệt nhưng status vẫn là bản nháp (draft); đổi thành published để xuất bản"


def check_approval(entries: list[Entry], required: bool, report: Report) -> None:
    for entry in entries:
        record = entry.record
        if required and record.published and record.approved is None:
            report.error_at(entry, "status", NEEDS_APPROVAL)
        elif record.approved is not None and record.status != "published":
            report.warn_at(
                entry,
                "approved",
                APPROVED_DRAFT
                if record.status == "draft"
                else "đã có người duyệt nhưng status vẫn là cho-duyet; đổi thành published để xuất bản",
            )
