"""What every export receives: the content, its views, settings, the output writer and the cache."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.export.output import Cache, OutputWriter
from generator.export.workers import Workers
from generator.model.content import Content
from generator.model.diagnostics import Report
from generator.model.settings import Settings, load_settings
from generator.present.shards import WHOLE, Shard
from generator.present.views import Views

CACHE_DIR = Path(".cache/lantoa")
CACHE_ENV = "LANTOA_CACHE"  # another cache folder, e.g. one shared by several checkouts or test builds


def _cache_dir(project_dir: Path) -> Path:
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else project_dir / CACHE_DIR


@dataclass
class BuildContext:
    content: Content
    settings: Settings
    views: Views
    writer: OutputWriter
    cache: Cache
    report: Report  # warnings the exports find (the content's own are in content.report)
    workers: Workers = field(default_factory=lambda: Workers(os.cpu_count() or 1))
    stages: dict[str, float] = field(default_factory=dict)  # seconds per build step, for --stats
    work: Path | None = None  # this build's private scratch folder (see workspace.py)
    state: Path | None = None  # kept for the next build into the same out (site/render.py)

    def scratch(self, name: str) -> Path:
        """A folder private to this build (the staged docs, temporary files), never shared."""
        if self.work is None:
            self.work = Path(tempfile.mkdtemp(prefix="lantoa-build-"))
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @property
    def jobs(self) -> int:
        return self.workers.jobs

    @property
    def made(self) -> Counter[str]:
        """What this build made rather than took from the cache: pdf, audio, card, page."""
        return self.workers.done

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a step of the build (added up when a step runs more than once)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started

    def timed(self, name: str, step: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            with self.stage(name):
                step()

        return run

    @classmethod
    def create(
        cls,
        content: Content,
        out: Path,
        project_dir: Path = Path("."),
        cache: Path | None = None,
        jobs: int | None = None,
        work: Path | None = None,
        today: dt.date | None = None,
        shard: Shard = WHOLE,
        state: Path | None = None,
    ) -> BuildContext:
        """The context of one build: settings from the project's mkdocs.yml, output into ``out``;
        ``today`` is the build date (default: today, local time); ``shard`` the parts it makes
        (``lantoa build --only``; default the whole site)."""
        settings = load_settings(project_dir)
        return cls(
            content=content,
            settings=settings,
            views=Views(content, settings, today, shard),
            writer=OutputWriter(out),
            cache=Cache(cache or _cache_dir(project_dir)),
            report=Report(),
            workers=Workers(jobs or os.cpu_count() or 1),
            work=work,
            state=state,
        )
