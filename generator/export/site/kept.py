"""The build's pages memo: Markdown pages kept in the cache between builds.

``PageMemo`` (the preview's) knows a page by a description of everything its template
receives; here that memo outlives the process as entries of the cache's ``page`` namespace,
whose keys also hold the code that renders pages (``namespaces.py``), so a page is read back
only when rendering it now would give the same text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from generator.export.output import Cache
from generator.export.site.pages import PageMemo

NAMESPACE = "page"


class KeptPages(PageMemo):
    """``loaded``: pages read back from the cache; ``made``: rendered in this build."""

    def __init__(self, cache: Cache) -> None:
        super().__init__()
        self.cache = cache
        self.loaded = self.made = 0

    def render(
        self, key: bytes, template: str, here: str, front: dict | None, context: dict[str, object]
    ) -> str:
        entry = self.cache.key(NAMESPACE, key.hex())
        found = self.cache.get(NAMESPACE, entry, ".md")
        if found is not None:
            self.loaded += 1
            return found.read_text(encoding="utf-8")
        page = super().render(key, template, here, front, context)
        self.made += 1
        self.cache.text(NAMESPACE, entry, ".md", page)
        return page


@contextmanager
def kept_pages(cache: Cache) -> Iterator[KeptPages]:
    """Render the block's pages through the memo kept in the cache."""
    memo = KeptPages(cache)
    with memo.using():
        yield memo
