"""The build's pages memo: Markdown pages kept from the last build into the same out.

``PageMemo`` (the preview's) knows a page by a hash of everything its template receives;
here that memo outlives the process. Its pages are files in the out's state folder
(``.site.state/pages/``), named by that hash and by one of the code and templates that
render pages (the whole generator package, the site templates, Jinja, Markupsafe, PyYAML),
so a page is read back only when rendering it now would give the same text. Each file
appears by an atomic rename (a killed build leaves none half-written); those this build did
not ask for are removed after it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from generator.export.memo import code
from generator.export.site.pages import PageMemo
from generator.present.templating import templates_hash


class KeptPages(PageMemo):
    """``loaded``: pages read back from the last build; ``made``: rendered in this one."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.salt = f"{code()} {templates_hash('site')}"
        self.wanted: set[str] = set()
        self.loaded = self.made = 0

    def render(
        self, key: bytes, template: str, here: str, front: dict | None, context: dict[str, object]
    ) -> str:
        name = hashlib.blake2b(f"{self.salt}\0{key.hex()}".encode(), digest_size=20).hexdigest() + ".md"
        self.wanted.add(name)
        path = self.folder / name
        with suppress(FileNotFoundError):
            page = path.read_text(encoding="utf-8")
            self.loaded += 1
            return page
        page = super().render(key, template, here, front, context)
        self.made += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(page)
            os.replace(tmp, path)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(tmp)
        return page

    def prune(self) -> None:
        """Remove the pages (and leftovers of a killed build) this build did not ask for."""
        with suppress(FileNotFoundError):
            for entry in os.scandir(self.folder):
                if entry.name not in self.wanted:
                    os.unlink(entry.path)


@contextmanager
def kept_pages(state: Path) -> Iterator[KeptPages]:
    """Render the block's pages through the memo kept in ``state``; prune it after a success."""
    memo = KeptPages(state / "pages")
    with memo.using():
        yield memo
    memo.prune()
