"""The "Tờ rơi", "Phát thanh" and "Mạng xã hội" pages: lists of other exports' files.

Each is an index page (in the navigation) naming every part of the content — a province,
or the national part — with a link to that part's own pages, cut into pages of a fixed size
(paging.py). A province's team finds its files in one place, a province's build (``--only``)
makes its own part's pages, and no page grows with the whole country: one page of every
post took MkDocs minutes at 10,000 stories.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from generator.export.site.pages import NO_FILES, Files, Item, Section, render_page
from generator.export.site.paging import Chunk, grouped, paginate
from generator.model.kinds import KINDS
from generator.present import shards, urls
from generator.present.catalogue import Planned, link_text
from generator.present.posts import social_items, social_post
from generator.present.schedule import this_week, week_of, week_text
from generator.present.views import FORMER, RecordView, Views


@dataclass(frozen=True)
class Listing:
    """One export's listing: ``noi-dung/<name>.md``, and each part's pages under ``noi-dung/<name>/``."""

    name: str
    title: str
    intro: str
    per_page: int  # items on one page of a part
    counted: str  # what the index counts per part: "bài viết"
    searched: bool = False  # whether search indexes its pages (the posts repeat the record pages)

    @property
    def index(self) -> str:
        return urls.listing(self.name)

    def first_page(self, part: str) -> str:
        return urls.listing(self.name, part)

    def folder(self, part: str) -> str:
        """The URL folder holding every page of a part (what a province's build owns)."""
        return urls.source_to_page(self.first_page(part))


LEAFLETS = Listing(
    "to-roi",
    "Tờ rơi",
    "Tờ rơi in sẵn (A5 cho từng câu chuyện, A4 hai mặt cho từng địa phương, "
    "bản chữ lớn cho người cao tuổi) và tài liệu đối thoại nhóm nhỏ.",
    per_page=150,
    counted="tài liệu",
    searched=True,
)
BROADCASTS = Listing(
    "phat-thanh",
    "Phát thanh",
    "Bản tin đọc trên loa truyền thanh xã: kịch bản đã viết số, ngày, chữ viết tắt thành lời, "
    "kèm tệp âm thanh. Thời lượng ước tính ghi ở đầu tệp; giờ phát theo giờ Việt Nam.",
    per_page=100,
    counted="bài phát thanh",
)
SOCIAL = Listing(
    "mang-xa-hoi",
    "Mạng xã hội",
    "Bài viết sẵn cho Facebook và Zalo, làm từ cùng nội dung với trang web. Bấm “Sao chép” rồi "
    "dán vào trang của đơn vị; tải ảnh chia sẻ để đăng kèm. Khi dán đường liên kết của trang, "
    "Facebook và Zalo tự hiện ảnh thẻ.",
    per_page=25,
    counted="bài viết",
)
LISTINGS = (LEAFLETS, BROADCASTS, SOCIAL)


def owned_folders(part: str) -> list[str]:
    """The listing pages a part's build makes (shard.py)."""
    return [listing.folder(part) for listing in LISTINGS]


def listing_pages(views: Views, files: Files = NO_FILES) -> dict[str, str]:
    pages: dict[str, str] = {}
    pages.update(_listing(views, LEAFLETS, _leaflet_items(views), _leaflet_page, files=files))
    week = _this_week(views)
    pages.update(_listing(views, BROADCASTS, _broadcast_items(views), _broadcast_page, week, files))
    pages.update(_listing(views, SOCIAL, social_items(views), _social_page, files=files))
    return pages


def copy_places(views: Views) -> dict[str, str]:
    """Each post's file → its copy button on the "Mạng xã hội" pages (``page#facebook-<slug>``):
    a record's page links there, since a phone cannot copy from a downloaded .txt."""
    places: dict[str, str] = {}
    for part, items in _by_part(views, social_items(views)).items():
        for chunk in paginate(SOCIAL.first_page(part), items, SOCIAL.per_page):
            for item in chunk.items:
                slug = item.key.replace("/", "-")
                for planned in item.files("social"):
                    if planned.variant in ("facebook", "zalo"):
                        places[planned.path] = f"{chunk.page}#{planned.variant}-{slug}"
    return places


PartPage = Callable[[Views, Listing, str, Chunk[Any], Files], str]


def _by_part(views: Views, items: Sequence[Any]) -> dict[str, list[Any]]:
    by_part: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        by_part[views.part(item)].append(item)
    return by_part


def _listing(
    views: Views,
    listing: Listing,
    items: Sequence[Any],
    part_page: PartPage,
    above: dict | None = None,
    files: Files = NO_FILES,
) -> dict[str, str]:
    """The index page, then the pages of every part this build makes."""
    by_part = _by_part(views, items)
    names = {p.id: _part_name(p) for p in shards.parts(views.content)}
    order = sorted(by_part, key=lambda p: (p != shards.NATIONAL, p))
    parts = [
        Item(
            names.get(p, p),
            urls.source_to_page(listing.first_page(p)),
            f"{len(by_part[p])} {listing.counted}",
        )
        for p in order
    ]
    pages = {
        listing.index: render_page(
            "exports-index.md.j2",
            urls.source_to_page(listing.index),
            front=_front(listing, listing.title),
            listing=listing,
            parts=parts,
            **(above or {"week": None}),
        )
    }
    for part in order:
        if not views.shard.includes(part):
            continue
        for chunk in paginate(listing.first_page(part), by_part[part], listing.per_page):
            pages[chunk.source] = part_page(views, listing, names.get(part, part), chunk, files)
    return pages


def _part_name(part: shards.Part) -> str:
    if part.id == shards.NATIONAL:
        return "Toàn quốc"
    return f"{part.name} {FORMER}" if part.abolished else part.name


def _front(listing: Listing, title: str) -> dict:
    front = {"title": title, "description": listing.intro}
    return front if listing.searched else {**front, "lantoa_no_index": True}


def _heading(item: Any) -> str:
    return KINDS[item.kind].label if item.kind in KINDS else "Thông báo thay đổi chính sách"


@dataclass(frozen=True)
class _Leaflet:
    view: RecordView
    item: Item
    file: Planned

    @property
    def kind(self) -> str:  # with id: what Views.part reads
        return self.view.kind

    @property
    def id(self) -> str:
        return self.view.id


def _leaflet_items(views: Views) -> list[_Leaflet]:
    items = [
        _Leaflet(view, Item(f"{view.title} — {file.label}", file.path), file)
        for view in views.with_files("leaflet")
        for file in view.files("leaflet")
    ]
    return distinct(items)


def distinct(items: list[_Leaflet]) -> list[_Leaflet]:
    """Every label once: two records of one name (a unit and its namesake) say where they are."""
    count = Counter(x.item.label for x in items)
    return [
        x
        if count[x.item.label] == 1
        else _Leaflet(x.view, replace(x.item, label=f"{x.item.label} · {_where(x.view)}"), x.file)
        for x in items
    ]


def _where(view: RecordView) -> str:
    """ "huyện, Sơn Tịnh, Quảng Ngãi": the record's kind and place (else its id)."""
    kind = getattr(view, "type", "") or view.kind_label
    return (
        f"{kind.lower()}, {view.place}"
        if view.place and view.place != view.title
        else f"{kind.lower()} ({view.id})"
    )


def _sized(x: _Leaflet, files: Files) -> Item:
    """The leaflet's line with its file's size and pages: "… — Tờ rơi A5 (PDF, 25 KB, 1 trang)"."""
    shown = link_text(x.file, files.published.get(x.file.path))
    return replace(x.item, label=x.item.label.replace(f" — {x.file.label}", f" — {shown}", 1))


def _part_page(template: str, listing: Listing, part: str, chunk: Chunk[Any], **context: object) -> str:
    """A part's page of a listing: its title, a link back to the index, the page links."""
    title = chunk.title(f"{listing.title}: {part}")
    return render_page(
        template,
        chunk.page,
        front=_front(listing, title),
        title=title,
        intro=listing.intro,
        up=Item(f"{listing.title}: mọi tỉnh, thành phố", urls.source_to_page(listing.index)),
        pager=chunk.pager,
        **context,
    )


def _leaflet_page(views: Views, listing: Listing, part: str, chunk: Chunk[_Leaflet], files: Files) -> str:
    sections = [
        Section(heading, [_sized(x, files) for x in items])
        for heading, items in grouped(chunk.items, _heading)
    ]
    return _part_page("list.md.j2", listing, part, chunk, sections=sections, chips=[])


def _broadcast_items(views: Views) -> list[RecordView]:
    """Campaigns, units, stories: every record with a script or audio."""
    return [
        view for kind in ("campaign", "unit", "story") for view in views.all(kind) if view.loudspeaker_files
    ]


def _this_week(views: Views) -> dict:
    """This week's bulletins, above the parts on the "Phát thanh" index page. Their files are the
    provinces' (made by their builds, --only): the national page names them without sizes, the
    same in a national build and in a merged one; each province's page gives the sizes."""
    monday, sunday = week_of(views.today)
    bulletins = this_week(views)
    listed = [d for b in bulletins for d in b.files]
    return {"week": week_text(monday, sunday), "bulletins": bulletins, "texts": _texts(listed, NO_FILES)}


def _texts(planned: list[Planned], files: Files) -> dict[str, str]:
    """path → link text with the file's size (and an MP3's length), for a listing's links."""
    return {d.path: link_text(d, files.published.get(d.path)) for d in planned}


_BULLETIN_HEADINGS = {"campaign": "Bản tin chiến dịch", "unit": "Bản tin địa phương", "story": "Câu chuyện"}


def _broadcast_page(views: Views, listing: Listing, part: str, chunk: Chunk[RecordView], files: Files) -> str:
    groups = grouped(chunk.items, lambda v: _BULLETIN_HEADINGS[v.kind])
    texts = _texts([d for v in chunk.items for d in v.loudspeaker_files], files)
    return _part_page("broadcast.md.j2", listing, part, chunk, groups=groups, texts=texts)


def _social_page(views: Views, listing: Listing, part: str, chunk: Chunk[Any], files: Files) -> str:
    posts = [social_post(views, item) for item in chunk.items]
    return _part_page("social.md.j2", listing, part, chunk, groups=grouped(posts, _heading))
