"""MkDocs' live-reload server for the preview, rebuilding only the pages that changed.

The records are not in the nav, so a record page's HTML depends only on its own Markdown,
the config and the theme: after a regeneration MkDocs rebuilds "dirty" (only the pages
whose Markdown is newer than their HTML). A change to mkdocs.yml or to the hand-written
docs/ (its pages, overrides, assets) rebuilds everything ("clean"). Generated pages that
are gone lose their HTML here; a hand-written page that includes a generated fragment
(the home page) is touched by ``docs.stage`` when the fragment changes, so the dirty build
renders it.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from watchdog.observers import Observer

from generator.export.site import mkdocs_options, retarget_snippets
from generator.model.settings import Settings


@dataclass
class Rebuild:
    """One MkDocs rebuild of the preview: the pages it rendered (tests and the log read them)."""

    full: bool
    pages: list[str] = field(default_factory=list)  # docs-relative sources of the pages rendered
    seconds: float = 0.0


class _NotTheDirtyWarning(logging.Filter):
    """MkDocs warns at every dirty build that the nav may be stale: not so here (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


logging.getLogger("mkdocs.commands.build").addFilter(_NotTheDirtyWarning())


class _Rendered(BasePlugin):  # type: ignore[type-arg]
    """Counts the pages MkDocs renders in a build (its post_page event fires once per page)."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        self.pages.append(page.file.src_uri)
        return output


class _Server(LiveReloadServer):
    """MkDocs' server, told to rebuild by the preview instead of polling the docs folder."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.observer = Observer()  # native (inotify); it watches only an empty folder, see below
        self.build_delay = 0.02  # the preview already waited for the editor's burst of saves

    def request_rebuild(self) -> None:
        # What MkDocs 1.6's own watch callback does (tests/test_serve.py notices if that changes).
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


class LiveSite:
    def __init__(
        self,
        settings: Settings,
        docs_dir: Path,
        work: Path,
        dev_addr: str,
        on_built: Callable[[Rebuild], None],
    ) -> None:
        self.settings = settings
        self.docs_dir = docs_dir
        self.site_dir = work / "site"
        self.work = work
        self.dev_addr = dev_addr
        self.on_built = on_built
        self.pagefind_lock = threading.Lock()  # the search index is moved aside by clean builds
        self.builds: list[Rebuild] = []
        self._built = threading.Condition()  # guards the fields below
        self._requested = self._covered = 0
        self._full = True  # the first build
        self._removed: set[str] = set()
        self._rendered = _Rendered()
        self._config: Any = None  # kept for dirty builds; a full build loads mkdocs.yml again
        host, port = dev_addr.rsplit(":", 1)
        self.server = _Server(builder=self._build, host=host, port=int(port), root=str(self.site_dir))
        self.server.error_handler = self._error_page
        quiet = work / "livereload"  # watched so that MkDocs adds its reload script to the pages
        quiet.mkdir(parents=True, exist_ok=True)
        self.server.watch(str(quiet))

    def changed(self, written: list[str], removed: list[str], full: bool = False) -> int:
        """The docs folder changed: rebuild (everything if ``full``); returns a ticket for ``wait``."""
        with self._built:
            self._full = self._full or full
            self._removed.update(removed)
            self._requested += 1
            ticket = self._requested
        self.server.request_rebuild()
        return ticket

    @property
    def requested(self) -> int:
        with self._built:
            return self._requested

    def wait(self, ticket: int, timeout: float | None = None) -> bool:
        """Until a rebuild that saw the change behind ``ticket`` has finished."""
        with self._built:
            return self._built.wait_for(lambda: self._covered >= ticket, timeout)

    def serve(self) -> None:
        """The first build, then serve until interrupted."""
        self._build()
        try:
            self.server.serve()
        finally:
            self.server.shutdown()

    def shutdown(self) -> None:
        self.server.shutdown()

    def config(self) -> Any:
        config = load_config(
            str(self.settings.config_file),
            site_dir=str(self.site_dir),
            dev_addr=self.dev_addr,
            **mkdocs_options(self.settings, self.docs_dir),
        )
        retarget_snippets(config, self.settings)
        config.plugins["lantoa-preview"] = self._rendered
        config.site_url = self.server.url
        _keep_theme_environment(config.theme)
        return config

    def _build(self) -> None:
        with self._built:
            full, self._full = self._full, False
            removed, self._removed = self._removed, set()
            covering = self._requested
        started = time.perf_counter()
        if full or self._config is None:
            self._config = self.config()
        config = self._config
        self._rendered.pages = []
        try:
            if full:
                with self._search_set_aside():
                    build(config, serve_url=self.server.url, dirty=False)
            else:
                for rel in removed:
                    self._forget(config, rel)
                build(config, serve_url=self.server.url, dirty=True)
        except BaseException:
            with self._built:
                self._full = True  # what this build left half done is redone in full next time
            raise
        rebuild = Rebuild(full, list(self._rendered.pages), time.perf_counter() - started)
        self.builds.append(rebuild)
        with self._built:
            self._covered = covering
            self._built.notify_all()
        self.on_built(rebuild)

    def _forget(self, config: Any, rel: str) -> None:
        """Remove a page's (or file's) output, so the dirty build renders it again or it is gone."""
        file = File(rel, str(self.docs_dir), str(self.site_dir), config.use_directory_urls)
        dest = Path(file.abs_dest_path)
        dest.unlink(missing_ok=True)
        folder = dest.parent
        while folder != self.site_dir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def _search_set_aside(self) -> _SetAside:
        return _SetAside(self.site_dir / "pagefind", self.work / "pagefind-kept", self.pagefind_lock)

    def _error_page(self, code: int) -> bytes | None:
        page = self.site_dir / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _keep_theme_environment(theme: Any) -> None:
    """One Jinja environment for every dirty build with this config: MkDocs makes a new one
    per build, compiling the theme's templates and listing its thousands of files again
    (half a second). The theme cannot change meanwhile: a change to it is a full build,
    with a new config and so a new environment."""
    env = theme.get_env()
    env.loader.list_templates = functools.cache(env.loader.list_templates)
    theme.get_env = lambda: env


class _SetAside:
    """A clean build empties the site folder: the search index waits outside meanwhile."""

    def __init__(self, served: Path, kept: Path, lock: threading.Lock) -> None:
        self.served, self.kept, self.lock = served, kept, lock

    def __enter__(self) -> None:
        self.lock.acquire()
        shutil.rmtree(self.kept, ignore_errors=True)
        if self.served.is_dir():
            os.replace(self.served, self.kept)

    def __exit__(self, *_: object) -> None:
        try:
            if self.kept.is_dir() and not self.served.exists():
                self.served.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.kept, self.served)
        finally:
            self.lock.release()
