"""What every export receives: the content, its views, settings, the output writer and the cache."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.export.output import Cache, OutputWriter
from generator.model.content import Content
from generator.model.diagnostics import Report
from generator.model.settings import Settings, load_settings
from generator.present.views import Views

CACHE_DIR = Path(".cache/lantoa")


@dataclass
class BuildContext:
    content: Content
    settings: Settings
    views: Views
    writer: OutputWriter
    cache: Cache
    report: Report  # warnings the exports find (the content's own are in content.report)
    jobs: int = os.cpu_count() or 1
    work: Path | None = None  # this build's private scratch folder (see workspace.py)

    def scratch(self, name: str) -> Path:
        """A folder private to this build (the staged docs, temporary files), never shared."""
        if self.work is None:
            self.work = Path(tempfile.mkdtemp(prefix="lantoa-build-"))
        folder = self.work / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @classmethod
    def create(
        cls,
        content: Content,
        out: Path,
        project_dir: Path = Path("."),
        cache: Path | None = None,
        jobs: int | None = None,
        work: Path | None = None,
    ) -> BuildContext:
        """The context of one build: settings from the project's mkdocs.yml, output into ``out``."""
        settings = load_settings(project_dir)
        return cls(
            content=content,
            settings=settings,
            views=Views(content, settings),
            writer=OutputWriter(out),
            cache=Cache(cache or project_dir / CACHE_DIR),
            report=Report(),
            jobs=jobs or os.cpu_count() or 1,
            work=work,
        )
