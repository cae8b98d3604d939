"""The 2025 reorganisation in navigation (issue 18, item 9): provinces of today, a former unit's
content under its successor, "(cũ)" after every former unit's name, no two list items alike."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from generator.export.site import exports_pages, pages
from generator.export.site.search import search_meta
from generator.model.loading import load_content
from generator.present import urls
from generator.present.views import Views
from tests.conftest import ROOT, make_context

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Views:
    content = load_content(ROOT / "stories", "stories")
    assert not content.report.errors
    ctx = make_context(content, tmp_path_factory.mktemp("mergers") / "out")
    ctx.views.today = TODAY  # type: ignore[misc]
    return ctx.views


def test_former_units_are_named_with_cu_everywhere(views: Views) -> None:
    assert views.get("unit", "son-tinh").title == "Sơn Tịnh (cũ)"  # the district until 30/6/2025
    assert views.get("unit", "son-tinh-xa").title == "Sơn Tịnh"  # the commune of today
    assert views.get("unit", "bac-giang").title == "Bắc Giang (cũ)"
    assert views.get("unit", "bac-ninh").title == "Bắc Ninh"
    story = views.get("story", "son-tinh-vo-van-tam")
    assert story.place == "Sơn Tịnh (cũ), Quảng Ngãi"
    assert "Bắc Giang (cũ)" in [p.label for p in views.get("unit", "bac-ninh").predecessors]


def test_a_successor_page_lists_the_stories_of_the_units_merged_into_it(views: Views) -> None:
    """Bắc Giang went wholly to Bắc Ninh; Sơn Tịnh (cũ) was split among four communes."""
    bac_ninh = views.get("unit", "bac-ninh")
    assert len(bac_ninh.stories) == len(views.records_in("story", "bac-giang")) == 7
    assert views.get("unit", "son-tinh-xa").stories == []


def test_a_unit_is_former_only_after_its_last_day(views: Views) -> None:
    unit = views.content.unit("son-tinh")
    assert views.is_former(unit)
    early = Views(views.content, views.settings, dt.date(2025, 6, 30))
    assert not early.is_former(unit) and early.get("unit", "son-tinh").title == "Sơn Tịnh"


def test_navigation_lists_the_provinces_of_today(views: Views) -> None:
    names = [p.title for p in views.provinces]
    assert "Bắc Ninh" in names and not [n for n in names if "Bắc Giang" in n]
    listing = pages.index_pages(views)[urls.listing("theo-tinh")]
    assert "Bắc Ninh (gồm Bắc Giang cũ)" in listing
    bac_giang = len(views.records_in("story", "bac-giang"))
    assert bac_giang == 7
    line = next(line for line in listing.splitlines() if "Bắc Ninh (gồm Bắc Giang cũ)" in line)
    assert f"{bac_giang} câu chuyện" in line
    assert "0 câu chuyện" not in listing


def test_the_search_filter_offers_provinces_of_today(views: Views) -> None:
    story = views.get("story", "bac-giang-nguyen-cong-phuong")
    assert story.province.id == "bac-giang"
    meta = search_meta(story, pages._search_provinces(views, story))
    assert meta.filters["Tỉnh"] == ["Bắc Ninh"]
    own = views.get("story", "son-tinh-vo-van-tam")  # a former district: its province exists
    assert search_meta(own, pages._search_provinces(views, own)).filters["Tỉnh"] == ["Quảng Ngãi"]


def test_every_listed_leaflet_is_distinguishable(views: Views) -> None:
    items = exports_pages._leaflet_items(views)
    by_part: dict[str, Counter[str]] = {}
    for item in items:
        by_part.setdefault(views.part(item), Counter())[item.item.label] += 1
    for part, labels in by_part.items():
        assert [label for label, n in labels.items() if n > 1] == [], part
    labels = {item.item.label for item in items}
    assert "Sơn Tịnh (cũ) — Tờ rơi A4 hai mặt (PDF)" in labels
    assert "Sơn Tịnh — Tờ rơi A4 hai mặt (PDF)" in labels


def test_only_provinces_of_today_print_rate_tables(views: Views) -> None:
    def variants(unit: str) -> set[str]:
        return {d.variant for d in views.get("unit", unit).downloads}

    assert {"rate-table", "bhyt-table"} <= variants("bac-ninh")
    assert not {"rate-table", "bhyt-table"} & variants("bac-giang")  # Bắc Giang (cũ)


def test_a_former_province_part_is_named_with_cu(views: Views) -> None:
    text = exports_pages.listing_pages(views)[exports_pages.LEAFLETS.index]
    assert "Bắc Giang (cũ)" in text


def test_the_built_site_navigation(built: Path) -> None:
    site = built / "site"
    listing = (site / "noi-dung" / "theo-tinh" / "index.html").read_text(encoding="utf-8")
    assert "Bắc Ninh (gồm Bắc Giang cũ)" in listing
    story = site / "noi-dung" / "cau-chuyen" / "bac-giang-nguyen-cong-phuong" / "index.html"
    assert '<span data-pagefind-filter="Tỉnh">Bắc Ninh</span>' in story.read_text(encoding="utf-8")
