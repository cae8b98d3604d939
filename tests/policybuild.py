"""A build context whose policy timeline and build date the test chooses (the fixture timeline)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from generator.export.context import BuildContext
from generator.model.content import Content

ROOT = Path(__file__).resolve().parent.parent
TIMELINE = json.loads((ROOT / "tests" / "fixtures" / "policy_timeline.json").read_text(encoding="utf-8"))


def policy_context(
    content: Content, out: Path, today: dt.date, project: Path = ROOT, cache: Path | None = None
) -> BuildContext:
    """The build of ``content`` as of ``today``, with the sample policy timeline of the fixtures."""
    ctx = BuildContext.create(content, out, project, cache)
    ctx.views.policy_timeline = TIMELINE  # type: ignore[misc]  # the records' timeline, fixed for tests
    ctx.views.today = today  # type: ignore[attr-defined]
    return ctx
