"""Policy pages for a phone: a percentage comes with what it is in đồng, and the index is in parts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.export.site.pages import _policy_sections
from generator.model.loading import load_content
from generator.present.policymoney import money_line
from generator.present.views import PolicyView
from tests.conftest import make_context

ROOT = Path(__file__).resolve().parent.parent
JULY_2025 = dt.date(2025, 7, 1)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory):
    content = load_content(ROOT / "stories", "stories")
    ctx = make_context(content, tmp_path_factory.mktemp("policy") / "out")
    ctx.views.today = dt.date(2025, 12, 1)  # type: ignore[attr-defined]
    return ctx.views


def test_money_line_of_each_percentage(views) -> None:
    timeline = views.policy_timeline
    # 22% of the lowest income 1.500.000; the state's 20% of 22% of it; BHYT 4,5% of 2.340.000.
    assert money_line("ty-le-dong", 22, JULY_2025, timeline) == "= 330.000 đồng/tháng với thu nhập 1.500.000"
    assert (
        money_line("ho-tro-nha-nuoc", 20, JULY_2025, timeline) == "= 66.000 đồng/tháng với thu nhập 1.500.000"
    )
    bhyt = money_line("bhyt-ho-gia-dinh", 4.5, JULY_2025, timeline)
    assert bhyt is not None and bhyt.startswith("= 105.300 đồng/tháng cho người thứ nhất")
    assert "người thứ 2: 73.710" in bhyt and "người thứ 5: 42.120" in bhyt
    assert money_line("so-nam-toi-thieu-huong-luong-huu", 15, JULY_2025, timeline) is None
    assert money_line("ty-le-dong", 22, dt.date(1990, 1, 1), timeline) is None  # no figures that day


def test_policy_page_rows_carry_their_money_lines(views) -> None:
    page = views.get("policy", "bhyt-ho-gia-dinh")
    assert isinstance(page, PolicyView)
    current = next(row for row in page.values if row.current)
    assert current.value == "4,5%" and current.money and "đồng/tháng cho người thứ nhất" in current.money
    support = views.get("policy", "ho-tro-nha-nuoc")
    row = next(row for row in support.values if row.current)
    assert len(row.groups_money) == len(row.groups)
    assert all(line and line.endswith("với thu nhập 1.500.000") for line in row.groups_money)


def test_policy_index_in_parts_one_line_a_rule(views) -> None:
    sections = _policy_sections(views.all("policy"))
    headings = [s.heading for s in sections]
    assert headings[:4] == ["Mức đóng", "Hỗ trợ", "Điều kiện hưởng", "BHYT"]
    labels = [item.label for s in sections for item in s.items]
    assert len(labels) == len(set(labels)) == len(views.all("policy"))
    bhyt = next(s for s in sections if s.heading == "BHYT")
    assert [i.path for i in bhyt.items] == [views.get("policy", "bhyt-ho-gia-dinh").page]
    assert all("đang" not in i.note and i.note for s in sections for i in s.items)
