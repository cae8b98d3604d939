"""Golden files: the deterministic text outputs of the mini fixture, byte for byte.

Page Markdown, announcer scripts (.txt), SSML and the Facebook/Zalo posts are made
from the views without rendering a PDF or a sound, so this runs in seconds and shows
any change of wording as a diff. After an intended change, refresh them with
`make golden` (or `pytest tests/test_golden.py --update-golden`) and review the diff.
The build date is fixed (the "Phát thanh" page lists that week's bulletins).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from generator.export.broadcast import announcer_text
from generator.export.broadcast.script import Composer
from generator.export.broadcast.ssml import ssml
from generator.export.context import BuildContext
from generator.export.site.exports_pages import copy_places, listing_pages
from generator.export.site.pages import Files, all_pages
from generator.present.posts import composed

GOLDEN = Path(__file__).parent / "golden" / "mini"
BUILD_DATE = dt.date(2026, 6, 15)  # the pages announce the policy changes of the 60 days after it


def outputs(ctx: BuildContext) -> dict[str, str]:
    """Every deterministic text output, by its path under tests/golden/mini/."""
    views = ctx.views
    views.today = BUILD_DATE  # type: ignore[attr-defined]  # `lantoa build --date`: changes ahead
    # No file is made here: download lists say what the design fixes (pages), not sizes.
    files = Files(posts=copy_places(views))
    pages = all_pages(views, listing_pages(views, files), files)
    found = {f"docs/{path}": text for path, text in pages.items()}
    composer = Composer(views, ctx.settings)
    for view in views.with_files("script"):
        script = composer.compose(view)
        for planned in view.files("script"):
            if planned.variant == "announcer":
                found[planned.path] = announcer_text(script)
            elif planned.variant == "ssml":
                found[planned.path] = ssml(script)
    for view in views.with_files("social"):
        files = {d.variant: d.path for d in view.files("social")}
        for variant, post in composed(views, view).items():
            found[files[variant]] = post.text + "\n"
    return found


def test_outputs_match_the_golden_files(mini_context: BuildContext, request: pytest.FixtureRequest) -> None:
    made = outputs(mini_context)
    if request.config.getoption("--update-golden"):
        for old in GOLDEN.rglob("*"):
            if old.is_file() and str(old.relative_to(GOLDEN)) not in made:
                old.unlink()
        for rel, text in made.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
        return
    stored = {str(p.relative_to(GOLDEN)): p for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(made) == sorted(stored), "files differ; refresh with: make golden"
    changed = []
    for rel, text in sorted(made.items()):
        golden = stored[rel].read_text(encoding="utf-8")
        if text != golden:
            diff = difflib.unified_diff(golden.splitlines(), text.splitlines(), rel, "now", lineterm="", n=1)
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, "\n\n".join(changed) + "\n\nIf intended: make golden"
