"""Long listings cut into pages of a fixed size, each linking to the others.

A page's cost in MkDocs grows faster than its length (Python-Markdown over one 41 MB page
of posts took minutes at 10,000 stories, and held it all in memory), and a phone on 3G
should not load every post of the country to copy one. So a listing that grows with the
content — a year's stories, a province's posts — is cut into pages: the first at the
listing's own address, the others under it (``noi-dung/nam/2025.md`` → ``…/2025/trang-2.md``;
``noi-dung/so-lieu/index.md`` → ``noi-dung/so-lieu/trang-2.md``, beside the records' pages: a
record cannot have such an id, model/validate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.present import urls

PAGE_NAME = "trang-{}"  # the second and later pages (a record id of this form is refused)
NEIGHBOURS = 2  # page numbers shown each side of the current one; then "…" and the last


@dataclass(frozen=True)
class PageLink:
    number: int
    path: str  # the page's URL path, relative to the output folder
    current: bool


@dataclass(frozen=True)
class Pager:
    """The links under a page of a listing: previous, the numbers (None: a gap "…"), next."""

    number: int
    count: int
    links: tuple[PageLink | None, ...]
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class Chunk[T]:
    source: str  # the page's Markdown file, relative to the docs MkDocs reads
    items: list[T]
    pager: Pager | None  # None when the listing fits on one page

    @property
    def page(self) -> str:
        return urls.source_to_page(self.source)

    def title(self, title: str) -> str:
        """The page's title: the listing's, with "(trang 2/5)" after the first page."""
        return (
            title
            if self.pager is None or self.pager.number == 1
            else f"{title} (trang {self.pager.number}/{self.pager.count})"
        )


def sources(first: str, count: int) -> list[str]:
    """The Markdown files of a listing of ``count`` pages whose first page is ``first``."""
    stem = first.removesuffix(".md").removesuffix("/index")
    return [first] + [f"{stem}/{PAGE_NAME.format(number)}.md" for number in range(2, count + 1)]


def paginate[T](first: str, items: Sequence[T], per_page: int) -> list[Chunk[T]]:
    """``items`` in pages of ``per_page`` (at least one page, maybe empty)."""
    count = max(1, -(-len(items) // per_page))
    files = sources(first, count)
    paths = [urls.source_to_page(source) for source in files]
    return [
        Chunk(source, list(items[i * per_page : (i + 1) * per_page]), _pager(paths, i) if count > 1 else None)
        for i, source in enumerate(files)
    ]


def _pager(paths: list[str], index: int) -> Pager:
    shown = sorted(
        {0, len(paths) - 1, *range(max(0, index - NEIGHBOURS), min(len(paths), index + NEIGHBOURS + 1))}
    )
    links: list[PageLink | None] = []
    for n in shown:
        if links and links[-1] is not None and n > links[-1].number:  # numbers skipped: a gap
            links.append(None)
        links.append(PageLink(n + 1, paths[n], n == index))
    return Pager(
        number=index + 1,
        count=len(paths),
        links=tuple(links),
        previous=paths[index - 1] if index > 0 else None,
        next=paths[index + 1] if index + 1 < len(paths) else None,
    )


def grouped[T](items: Sequence[T], heading: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Runs of consecutive items under the same heading, in order: one page's sections."""
    groups: list[tuple[str, list[T]]] = []
    for item in items:
        label = heading(item)
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append(item)
    return groups
