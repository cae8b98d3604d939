"""Shards deployed side by side: one search page, in headless Chromium, finds pages of every
province built on its own (the provinces' Pagefind indexes merged with mergeIndex)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.browser import serve, type_query
from tests.sitebuild import lantoa

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

PROVINCES = ("hue", "quang-ngai")
QUERY = "người tham gia bhxh"  # found in pages of both provinces (their statistics, their stories)


def _pages(site: Path) -> set[str]:
    records = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["records"]
    return {"/" + r["page"] for r in records.values()}


def _side_by_side(built: Path, shard_builds, parts: tuple[str, ...], target: Path) -> Path:
    """The national part and ``parts`` under one root, as a CI job merges its artifacts."""
    folders = [str(shard_builds[p][0]) for p in ("toan-quoc", *parts)]
    result = lantoa(built, "merge", *folders, "--out", str(target))
    assert result.returncode == 0, result.stderr
    return target


def _all_results(page, query: str) -> list[str]:
    """Every result's address for a query typed into the search box ("more" until the end)."""
    assert query in type_query(page, query)
    more = page.locator(".lt-search__more")
    while more.is_visible():
        count = page.locator(".lt-result").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.lt-result').length > n", arg=count)
    links = page.locator(".lt-result__title a")
    return [links.nth(i).evaluate("a => new URL(a.href).pathname") for i in range(links.count())]


def _search(chromium, folder: Path, query: str) -> list[str]:
    with serve(folder) as url:
        context = chromium.new_context(locale="vi-VN")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url + "tim-kiem/")
        found = _all_results(page, query)
        context.close()
    assert not errors
    return found


def test_one_search_page_finds_pages_of_two_provinces_built_apart(
    chromium, built: Path, shard_builds, tmp_path: Path
) -> None:
    root = _side_by_side(built, shard_builds, PROVINCES, tmp_path / "site")
    assert {p.name for p in root.iterdir() if p.name.startswith("pagefind")} == {
        "pagefind",
        *(f"pagefind-{p}" for p in PROVINCES),
    }
    found = set(_search(chromium, root, QUERY))
    for province in PROVINCES:
        own = _pages(shard_builds[province][0])
        assert found & own, f"no page of {province} found for {QUERY!r}"


def test_without_the_provinces_indexes_their_pages_are_not_found(
    chromium, built: Path, shard_builds, tmp_path: Path
) -> None:
    """The national part alone: its search page still works (the provinces' indexes it lists
    are missing and skipped) and finds only the national part's pages."""
    root = tmp_path / "national"
    shutil.copytree(shard_builds["toan-quoc"][0], root)
    found = set(_search(chromium, root, QUERY))
    assert found
    for province in PROVINCES:
        assert not found & _pages(shard_builds[province][0])
