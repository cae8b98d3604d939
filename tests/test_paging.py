"""Long listings in pages (generator.export.site.paging) and the export listings by part."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.export.context import BuildContext
from generator.export.site import exports_pages
from generator.export.site.paging import PAGE_NAME, grouped, paginate, sources
from generator.model.validate import LISTING_PAGE_ID


def test_a_listing_keeps_its_address_and_puts_the_next_pages_under_it() -> None:
    assert sources("noi-dung/nam/2025.md", 3) == [
        "noi-dung/nam/2025.md",
        "noi-dung/nam/2025/trang-2.md",
        "noi-dung/nam/2025/trang-3.md",
    ]
    # An index beside records' pages: a record cannot be called "trang-2" (validate.py).
    assert sources("noi-dung/so-lieu/index.md", 2) == [
        "noi-dung/so-lieu/index.md",
        "noi-dung/so-lieu/trang-2.md",
    ]
    assert all(LISTING_PAGE_ID.fullmatch(PAGE_NAME.format(n)) for n in (2, 10, 999))


def test_one_page_has_no_page_links_and_an_empty_listing_still_has_its_page() -> None:
    (only,) = paginate("noi-dung/a.md", [1, 2], 5)
    assert only.pager is None and only.items == [1, 2] and only.title("A") == "A"
    (empty,) = paginate("noi-dung/a.md", [], 5)
    assert empty.items == [] and empty.source == "noi-dung/a.md"


def test_page_links_show_the_neighbours_the_ends_and_gaps() -> None:
    chunks = paginate("noi-dung/a.md", list(range(100)), 10)
    pager = chunks[5].pager
    assert pager is not None
    shown = [link.number if link else "…" for link in pager.links]
    assert shown == [1, "…", 4, 5, 6, 7, 8, "…", 10]
    assert [link.number for link in pager.links if link and link.current] == [6]
    assert pager.previous == "noi-dung/a/trang-5/" and pager.next == "noi-dung/a/trang-7/"
    assert chunks[0].pager.previous is None and chunks[-1].pager.next is None  # type: ignore[union-attr]
    assert chunks[5].title("Năm 2025") == "Năm 2025 (trang 6/10)"


@given(count=st.integers(0, 400), per_page=st.integers(1, 60))
def test_every_item_is_on_exactly_one_page_in_order(count: int, per_page: int) -> None:
    items = list(range(count))
    chunks = paginate("noi-dung/a.md", items, per_page)
    assert [i for c in chunks for i in c.items] == items
    assert all(0 < len(c.items) <= per_page for c in chunks) or count == 0
    assert len({c.source for c in chunks}) == len(chunks)
    for chunk in chunks:  # every page links to the first and last page, and to itself as current
        if chunk.pager:
            numbers = [link.number for link in chunk.pager.links if link]
            assert numbers[0] == 1 and numbers[-1] == len(chunks) and chunk.pager.number in numbers


def test_grouped_keeps_runs_in_order() -> None:
    assert grouped(["a1", "a2", "b1", "a3"], lambda s: s[0]) == [
        ("a", ["a1", "a2"]),
        ("b", ["b1"]),
        ("a", ["a3"]),
    ]


@pytest.fixture
def one_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every listing one item a page, so the mini content spreads over several pages."""
    for name in ("LEAFLETS", "BROADCASTS", "SOCIAL"):
        monkeypatch.setattr(exports_pages, name, replace(getattr(exports_pages, name), per_page=1))


def test_each_post_is_on_one_page_of_its_province_linked_from_the_index(
    mini_context: BuildContext, one_per_page: None
) -> None:
    views = mini_context.views
    pages = exports_pages.listing_pages(views)
    social = {source: text for source, text in pages.items() if source.startswith("noi-dung/mang-xa-hoi/")}
    ids = [i for text in social.values() for i in re.findall(r'<pre id="fb-([^"]+)"', text)]
    expected = [item.key.replace("/", "-") for item in exports_pages.social_items(views)]
    assert sorted(ids) == sorted(expected) and len(social) == len(expected)  # one post a page, none twice
    index = pages["noi-dung/mang-xa-hoi.md"]
    assert '<a href="quang-ngai/">Quảng Ngãi</a>' in index
    second = pages["noi-dung/mang-xa-hoi/quang-ngai/trang-2.md"]
    assert 'rel="prev"' in second and 'href="../"' in second and "(trang 2/" in second


def test_a_province_build_makes_only_its_own_part_pages(mini_context: BuildContext) -> None:
    from generator.present import shards

    views = mini_context.views
    views.shard = shards.Shard(frozenset({shards.NATIONAL}))
    pages = exports_pages.listing_pages(views)
    assert "noi-dung/mang-xa-hoi.md" in pages  # the index is the national part's
    assert not any(source.startswith("noi-dung/mang-xa-hoi/quang-ngai") for source in pages)
    assert exports_pages.owned_folders("quang-ngai") == [
        "noi-dung/to-roi/quang-ngai/",
        "noi-dung/phat-thanh/quang-ngai/",
        "noi-dung/mang-xa-hoi/quang-ngai/",
    ]
