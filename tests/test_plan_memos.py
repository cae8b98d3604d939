"""Plans kept between builds (leaflet HTML keys, spoken scripts, Markdown pages) are never stale.

Each memo is keyed by everything that decides its output; these tests change one of those
things at a time (the build date, a policy figure, a template, the speech region) and check
that what the memo serves is exactly what rendering anew gives, and that it is still used
for what did not change.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.export import leaflet
from generator.export.broadcast.script import Composer
from generator.export.context import BuildContext
from generator.export.leaflet.render import NAMESPACE as LEAFLETS
from generator.export.memo import describe
from generator.export.output import Cache
from generator.export.site import extra_pages, kept
from generator.export.site.pages import all_pages
from generator.model.loading import load_content
from generator.present import templating
from tests.conftest import MINI
from tests.policybuild import TIMELINE, policy_context

TODAY = dt.date(2026, 12, 2)
NEW_YEAR = dt.date(2027, 1, 2)  # the fixture timeline's poverty line rises on 1/1/2027
UNIT_LEAFLET = "to-roi/don-vi/quang-ngai-a4.pdf"
STORY_LEAFLET = "to-roi/cau-chuyen/son-tinh-nguyen-trong-huy-a5.pdf"


def context(tmp: Path, today: dt.date = TODAY, timeline: dict | None = None) -> BuildContext:
    ctx = policy_context(load_content(MINI, "tests/fixtures/mini"), tmp / "out", today, cache=tmp / "cache")
    ctx.views.policy_timeline = timeline or TIMELINE  # type: ignore[misc]
    return ctx


def raised_poverty_line() -> dict:
    timeline = copy.deepcopy(TIMELINE)
    current = next(v for v in timeline["parameters"]["chuan-ngheo-nong-thon"] if v["start"] == "2022-01-01")
    current["value"] = 1_600_000
    return timeline


# --- leaflets ------------------------------------------------------------------------------


def planned(ctx: BuildContext) -> dict[str, leaflet.Leaflet]:
    return {item.planned.path: item for item in leaflet.plan(ctx)}


def as_if_rendered(ctx: BuildContext, items: dict[str, leaflet.Leaflet]) -> None:
    """Stand-ins for the PDFs in the cache: the memo serves a key only when its PDF is there."""
    for item in items.values():
        ctx.cache.make(LEAFLETS, item.key, ".json", lambda t: t.write_text('{"fit": 0, "pages": 1}'))
        ctx.cache.make(LEAFLETS, item.key, ".pdf", lambda t: t.write_bytes(b"%PDF-1.7\n"))


def test_leaflet_plans_are_kept_and_follow_the_date_and_the_policy(tmp_path: Path) -> None:
    first = planned(context(tmp_path))
    assert all(item.html is not None for item in first.values())
    as_if_rendered(context(tmp_path), first)
    again = planned(context(tmp_path))
    assert all(item.html is None for item in again.values())  # nothing rendered again
    assert {p: i.key for p, i in again.items()} == {p: i.key for p, i in first.items()}

    # The unit leaflet prints the amounts in force on the build date, and so does a story's (it asks
    # people to join: issue 19 item 7).
    later = planned(context(tmp_path, NEW_YEAR))
    story = later[STORY_LEAFLET]
    assert story.html is not None and story.key != first[STORY_LEAFLET].key and "242.000" in story.html
    unit = later[UNIT_LEAFLET]
    assert unit.html is not None and unit.key != first[UNIT_LEAFLET].key
    assert "2.200.000" in unit.html and "1.500.000" not in unit.html

    # A policy figure changed in the records: the same date, other amounts.
    raised = planned(context(tmp_path, TODAY, raised_poverty_line()))
    unit = raised[UNIT_LEAFLET]
    assert unit.html is not None and "1.600.000" in unit.html
    assert raised[STORY_LEAFLET].html is not None  # its amounts follow the records too


def test_a_changed_leaflet_template_renders_every_leaflet_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_if_rendered(context(tmp_path), planned(context(tmp_path)))
    hashed = templating.templates_hash
    monkeypatch.setattr(templating, "templates_hash", lambda folder: hashed(folder) + "-edited")
    assert all(item.html is not None for item in planned(context(tmp_path)).values())


def test_a_value_without_a_faithful_repr_is_never_described() -> None:
    class Opaque:
        shown = "anything"

    assert describe({"x": [1, "a"], "d": TODAY}) is not None
    assert describe({"x": Opaque()}) is None
    assert describe({"x": {1, 2}}) is None  # a set's order is not stable across processes


# --- loudspeaker scripts -------------------------------------------------------------------


def scripts(ctx: BuildContext, composer: Composer) -> list:
    made = [composer.compose(view) for view in ctx.views.to_make("script")]
    made += [composer.announcement(a) for a in ctx.views.announcements]
    return [(s, s.warnings) for s in made]


@pytest.mark.parametrize(
    ("today", "timeline"),
    [(TODAY, None), (NEW_YEAR, None), (dt.date(2026, 11, 15), None), (TODAY, "raised")],
)
def test_spoken_scripts_from_the_memo_are_those_composed_anew(
    tmp_path: Path, today: dt.date, timeline: str | None
) -> None:
    """The memo is filled on 2/12/2026; other dates (other bulletins ahead) and policy figures
    give other texts, which it must not answer from what it holds."""
    filling = context(tmp_path)
    scripts(filling, Composer(filling.views, filling.settings, filling.cache))
    ctx = context(tmp_path, today, raised_poverty_line() if timeline else None)
    memo = Composer(ctx.views, ctx.settings, ctx.cache)
    assert scripts(ctx, memo) == scripts(ctx, Composer(ctx.views, ctx.settings))
    assert memo.memo is not None
    if today == TODAY and not timeline:
        assert memo.memo.spoken == 0  # every script's spoken form came from the memo


def test_spoken_memo_follows_the_region(tmp_path: Path) -> None:
    ctx = context(tmp_path)
    scripts(ctx, Composer(ctx.views, ctx.settings, ctx.cache))
    speech = dataclasses.replace(ctx.settings.speech, region="nam")
    south = dataclasses.replace(ctx.settings, speech=speech)
    memo = Composer(ctx.views, south, ctx.cache)
    assert scripts(ctx, memo) == scripts(ctx, Composer(ctx.views, south))
    assert memo.memo is not None and memo.memo.spoken > 0


# --- Markdown pages ------------------------------------------------------------------------


def pages(ctx: BuildContext, memoised: bool = True) -> tuple[dict[str, str], kept.KeptPages | None]:
    if not memoised:
        return all_pages(ctx.views, extra_pages(ctx)), None
    with kept.kept_pages(ctx.cache) as memo:
        return all_pages(ctx.views, extra_pages(ctx)), memo


def test_kept_pages_are_those_rendered_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, memo = pages(context(tmp_path))
    assert memo is not None and memo.loaded == 0 and memo.made > 0
    again, memo = pages(context(tmp_path))
    assert again == first
    assert memo is not None and memo.made == 0  # every page read back
    for today, timeline in ((NEW_YEAR, None), (TODAY, raised_poverty_line())):
        now, memo = pages(context(tmp_path, today, timeline))
        assert now == pages(context(tmp_path, today, timeline), memoised=False)[0]
        assert memo is not None and 0 < memo.made < len(now)
    monkeypatch.setattr(templating, "templates_hash", lambda folder: "a changed site template")
    _, memo = pages(context(tmp_path))
    assert memo is not None and memo.loaded == 0  # a template change renders every page


def test_script_texts_from_the_cache_are_those_rendered_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.export.broadcast import announcer_text, texts
    from generator.export.broadcast.ssml import ssml

    ctx = context(tmp_path)
    composer = Composer(ctx.views, ctx.settings, ctx.cache)
    made = [composer.compose(view) for view in ctx.views.to_make("script")]
    kept = texts.ScriptTexts(ctx.cache)
    for script in made:
        assert kept.file("announcer", script, announcer_text).read_text(encoding="utf-8") == announcer_text(
            script
        )
        assert kept.file("ssml", script, ssml).read_text(encoding="utf-8") == ssml(script)
    entries = set((tmp_path / "cache" / texts.NAMESPACE).rglob("*.*"))
    monkeypatch.setattr(templating, "templates_hash", lambda folder: "a changed loudspeaker template")
    texts.ScriptTexts(Cache(ctx.cache.root)).file("announcer", made[0], announcer_text)  # a new build
    assert set((tmp_path / "cache" / texts.NAMESPACE).rglob("*.*")) - entries  # made again
