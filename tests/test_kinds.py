"""Adding a kind is its record class plus one line in the registry (generator/model/kinds.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

from generator.cli import parser
from generator.export.site.pages import record_page
from generator.model.kinds import KINDS, Kind
from generator.model.loading import load_content
from generator.model.records import Record, Text
from generator.model.schema import schema
from generator.present import urls
from tests.conftest import make_context


class Notice(Record):
    kind: Literal["notice"]
    title: Text
    summary: str = ""


NOTICE = Kind("notice", Notice, "thong-bao", "Thông báo", "thông báo", "thong-bao-moi")


@pytest.fixture
def with_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(KINDS, "notice", NOTICE)  # the one line


def test_a_new_kind_is_read_shown_and_offered(with_notices, mini_copy: Path, tmp_path: Path) -> None:
    (mini_copy / "toan-quoc" / "lich-nghi.yaml").write_text(
        "kind: notice\ntitle: Lịch nghỉ Tết\nsummary: Điểm thu nghỉ từ 28 tháng Chạp.\n", encoding="utf-8"
    )
    content = load_content(mini_copy, "stories")
    assert not content.report.errors, [str(e) for e in content.report.errors]
    entry = content.get(Notice, "lich-nghi")
    assert entry is not None and entry.record.title == "Lịch nghỉ Tết"
    ctx = make_context(content, tmp_path / "out")
    view = ctx.views.of(entry)
    assert (view.page, view.kind_label) == ("noi-dung/thong-bao/lich-nghi/", "Thông báo")
    page = record_page(ctx.views, view)
    assert "# Lịch nghỉ Tết" in page and "Điểm thu nghỉ từ 28 tháng Chạp." in page
    assert urls.page_source("notice", "lich-nghi") == "noi-dung/thong-bao/lich-nghi.md"
    assert "Notice" in schema()["$defs"] and "thông báo" in schema()["title"]
    assert parser().parse_args(["new", "notice"]).kind == "notice"


def test_an_unknown_kind_lists_the_registry(mini_copy: Path) -> None:
    (mini_copy / "toan-quoc" / "x.yaml").write_text("kind: notic\ntitle: X\n", encoding="utf-8")
    (error,) = load_content(mini_copy, "stories").report.errors
    assert all(name in error.message for name in KINDS)
