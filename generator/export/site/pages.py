"""Markdown pages for every record and index, under noi-dung/ of the docs MkDocs reads.

They are rendered here and placed by ``docs.stage`` in the build's own copy of docs/:
the project's docs/ folder is never written.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import pass_context
from jinja2.runtime import Context

from generator.export import charts as charts_cache
from generator.export.memo import describe
from generator.export.output import Cache
from generator.export.site.frontmatter import front_matter
from generator.export.site.paging import Pager, paginate
from generator.export.site.search import search_meta
from generator.export.workers import Workers
from generator.model import formatting as fmt
from generator.model.kinds import KINDS
from generator.model.vocabulary import vocabulary
from generator.present import abbreviated, catalogue, urls
from generator.present import announcements as announcements_module
from generator.present.announcements import Announcement
from generator.present.languages import TranslationView
from generator.present.templating import TEMPLATES, environment
from generator.present.views import (
    CampaignView,
    ModelView,
    RecordView,
    StatisticView,
    StoryView,
    UnitView,
    Views,
)

NEWEST_ON_INDEX = 30
LIST_PAGE = 100  # links on one page of a list that grows with the content (paging.py)
HOME_FRAGMENT = urls.listing("_manh", "trang-chu")  # included by docs/index.md
COLOURS_CSS = f"{urls.GENERATED_DIR}/mau-sac.css"  # listed in mkdocs.yml extra_css


@dataclass(frozen=True)
class Item:
    label: str
    path: str
    note: str = ""


@dataclass(frozen=True)
class Files:
    """What pages say of the other exports' files: what the build published at each path
    (``export/site/__init__.py`` reads it once they are placed; the preview makes none), and
    where each post's copy button is on the social pages."""

    published: Mapping[str, catalogue.Published] = field(default_factory=dict)
    posts: Mapping[str, str] = field(default_factory=dict)

    def downloads(self, items: list[catalogue.Planned]) -> catalogue.Downloads:
        """Only the page's own files go into its template (and so into its memo's key)."""
        return catalogue.downloads(items, self.published, self.posts)


NO_FILES = Files()


@dataclass
class Section:
    heading: str
    items: list[Item]


@pass_context
def _href(context: Context, target: str) -> str:
    return urls.relative(context["here"], target)


def _env():
    env = environment(markdown=True)
    env.filters["href"] = _href
    return env


def render_page(template: str, here: str, front: dict | None = None, **context: object) -> str:
    """A generated page: its front matter (see frontmatter.py), then the template's Markdown."""
    memo = _memo.get()
    if memo is not None:
        return memo.page(template, here, front, context)
    return _render_page(template, here, front, context)


def _render_page(template: str, here: str, front: dict | None, context: dict[str, object]) -> str:
    body = _env().get_template(f"site/{template}").render(here=here, **context)
    # the abbreviations line is Vietnamese: a translation's page (in its language) has none
    footnote = "" if front and front.get("lantoa_lang") else abbreviated.footnote(body)
    return (front_matter(front) if front else "") + body + footnote


HEAVY_PAGE = 200_000  # characters: a long page (this week's bulletins nationwide), seconds for MkDocs


class PageMemo:
    """Pages rendered before, by a hash of everything their template receives (the preview's).

    The views, items and sections given to the templates are dataclasses whose repr shows
    every field, so an equal description means the same page; something without such a
    repr only misses the memo. Templates read nothing else (no globals); when they change,
    make a new memo. ``rendered`` and ``reused`` count the pages of the last ``using`` block.

    ``using(defer=True)`` keeps each heavy page (one that was longer than HEAVY_PAGE) as it
    was and lists it in ``deferred``: the preview shows the edited record first and brings
    the heavy listings up to date right after, in a ``using()`` block of their own.
    """

    def __init__(self) -> None:
        self._pages: dict[bytes, str] = {}
        self._used: set[bytes] = set()
        self._last: dict[tuple[str, str], tuple[bytes, str]] = {}  # (template, here) → key, page
        self._defer = False
        self.deferred: set[tuple[str, str]] = set()
        self.rendered = 0
        self.reused = 0

    @contextmanager
    def using(self, defer: bool = False) -> Iterator[None]:
        """Render through this memo inside the block; pages not asked for in it are dropped after."""
        self._used, self.rendered, self.reused = set(), 0, 0
        self._defer, self.deferred = defer, set()
        token = _memo.set(self)
        try:
            yield
        finally:
            _memo.reset(token)
            kept = self._used | {self._last[page][0] for page in self.deferred}
            self._pages = {key: page for key, page in self._pages.items() if key in kept}

    def page(self, template: str, here: str, front: dict | None, context: dict[str, object]) -> str:
        which = (template, here)
        if self._defer and which in self._last and len(self._last[which][1]) > HEAVY_PAGE:
            self.deferred.add(which)
            return self._last[which][1]
        inputs = describe((template, here, front, sorted(context.items())))
        if inputs is None:  # something whose repr hides its content: rendered, never memoised
            self.rendered += 1
            return _render_page(template, here, front, context)
        key = hashlib.blake2b(inputs.encode("utf-8", "surrogatepass"), digest_size=20).digest()
        self._used.add(key)
        if key in self._pages:
            self.reused += 1
        else:
            self._pages[key] = self.render(key, template, here, front, context)
            self.rendered += 1
        self._last[which] = (key, self._pages[key])
        return self._pages[key]

    def render(
        self, key: bytes, template: str, here: str, front: dict | None, context: dict[str, object]
    ) -> str:
        """A page this memo does not hold (``kept.KeptPages`` first looks in the last build's)."""
        return _render_page(template, here, front, context)


_memo: ContextVar[PageMemo | None] = ContextVar("lantoa_page_memo", default=None)


def _card(view: RecordView, site_url: str) -> str | None:
    card = view.file("social", "card")
    return urls.absolute(site_url, card.path) if card else None


def record_page(views: Views, view: RecordView, extra: dict | None = None, files: Files = NO_FILES) -> str:
    own = f"{view.kind}.md.j2"
    card = _card(view, views.settings.site_url)
    front: dict = {"title": view.title, "description": view.summary, "lantoa_kind": view.kind_label}
    if view.is_example:  # only the preview has examples: the page says what it is
        front["lantoa_example"] = True
    if view.is_waiting:  # only the preview has records waiting for approval: stamped the same way
        front["lantoa_waiting"] = True
    return render_page(
        own if (TEMPLATES / "site" / own).is_file() else "record.md.j2",  # a new kind: title and summary
        view.page,
        front={**front, "lantoa_card": card},
        v=view,
        meta=search_meta(view, _search_provinces(views, view)),
        downloads=files.downloads(view.downloads),
        card=card,
        **(extra or {}),
    )


def translation_page(views: Views, view: RecordView, t: TranslationView) -> str:
    """A translation's own page, in its language (``<html lang>``): Pagefind indexes it there.

    It and the Vietnamese page link each other with ``hreflang`` in their text; no
    ``<link rel="alternate">`` in <head>: Material fetches a sitemap.xml beside each one."""
    front = {
        "title": t.title or view.title,
        "description": t.summary or view.summary,
        "lantoa_kind": f"{view.kind_label} · bản dịch tiếng {t.name}",
        "lantoa_lang": t.lang,
    }
    return render_page(
        "translation.md.j2",
        t.page,
        front=front,
        v=view,
        t=t,
        recordings=[r for r in view.recordings if r.lang == t.lang],
        meta=search_meta(view, _search_provinces(views, view)),
    )


def _province_item(views: Views, province: UnitView) -> Item:
    """ "Bắc Ninh (gồm Bắc Giang cũ) — 7 câu chuyện": a province of today with the content of the
    former provinces its area took over."""
    former = views.former_provinces(province.id)
    stories = {
        s.id for unit in (province.id, *(f.id for f in former)) for s in views.records_in("story", unit)
    }
    label = province.title
    if former:
        label += f" (gồm {', '.join(f'{f.record.name} cũ' for f in former)})"
    return Item(label, province.page, f"{len(stories)} câu chuyện")


def _search_provinces(views: Views, view: RecordView) -> list[str] | None:
    """The search filter's provinces of a record: today's (a former province's successors)."""
    if view.province is None:
        return None
    return [views.unit_name(e.record) for e in views.current_provinces(view.province.id)]


def _items(views: list[RecordView], note: str = "place") -> list[Item]:
    return [Item(v.title, v.page, getattr(v, note, "") or "") for v in views]


def index_pages(views: Views) -> dict[str, str]:
    """Index pages by kind, province, model, audience and year."""
    pages: dict[str, str] = {}

    def put(
        source: str, title: str, intro: str, sections: list[Section], chips=(), pager: Pager | None = None
    ) -> None:
        pages[source] = render_page(
            "list.md.j2",
            urls.source_to_page(source),
            front={"title": title, "description": intro},
            title=title,
            intro=intro,
            sections=sections,
            chips=list(chips),
            up=None,
            pager=pager,
        )

    def put_paged(source: str, title: str, intro: str, items: list[Item]) -> None:
        """A list that grows with the content (a year's stories), in pages of LIST_PAGE items."""
        for chunk in paginate(source, items, LIST_PAGE):
            put(chunk.source, chunk.title(title), intro, [Section("", chunk.items)], pager=chunk.pager)

    stories = views.all("story")
    by_year: dict[int, list[RecordView]] = defaultdict(list)
    for story in stories:
        if isinstance(story, StoryView):
            by_year[story.year].append(story)
    year_links = [
        Item(f"Năm {y}", urls.source_to_page(urls.listing("nam", str(y))), f"{len(s)}")
        for y, s in sorted(by_year.items(), reverse=True)
    ]
    put(
        urls.listing("cau-chuyen", "index"),
        "Câu chuyện",
        f"{len(stories)} câu chuyện về những người đã chọn BHXH tự nguyện, BHYT — mới nhất trước.",
        [Section("Mới nhất", _items(stories[:NEWEST_ON_INDEX]))],
        chips=year_links,
    )
    for year, items in by_year.items():
        put_paged(
            urls.listing("nam", str(year)),
            f"Câu chuyện năm {year}",
            f"{len(items)} câu chuyện năm {year}.",
            _items(items),
        )
    put(
        urls.listing("theo-nam"),
        "Theo năm",
        "Câu chuyện theo năm diễn ra.",
        [Section("", year_links)],
    )

    province_items = [_province_item(views, p) for p in views.provinces]
    put(
        urls.listing("theo-tinh"),
        "Địa phương",
        "Chọn tỉnh, thành phố để xem câu chuyện, mô hình, số liệu và đơn vị trực thuộc.",
        [Section("", province_items)],
    )

    models = views.all("model")
    model_items = [
        Item(m.title, m.page, f"{len(m.stories)} câu chuyện") for m in models if isinstance(m, ModelView)
    ]
    put_paged(
        urls.listing("mo-hinh", "index"),
        "Mô hình hay",
        "Những cách làm đã hiệu quả ở địa phương, có thể học và làm theo.",
        _items(models, "summary"),
    )
    put_paged(
        urls.listing("theo-mo-hinh"),
        "Theo mô hình",
        "Câu chuyện theo cách làm đã thuyết phục người dân.",
        model_items,
    )

    audience_stories: dict[str, list[RecordView]] = defaultdict(list)
    for story in stories:
        for audience in story.audience_ids if isinstance(story, StoryView) else []:
            audience_stories[audience].append(story)
    audience_items = []
    for key, name in vocabulary()["audiences"].items():
        items = sorted(audience_stories.get(key, []), key=lambda v: v.page)
        if not items:
            continue
        source = urls.listing("doi-tuong", key)
        audience_items.append(Item(name, urls.source_to_page(source), f"{len(items)} câu chuyện"))
        put_paged(source, name, f"Câu chuyện dành cho: {name.lower()}.", _items(items))
    put(
        urls.listing("theo-doi-tuong"),
        "Theo đối tượng",
        "Mỗi nhóm người dân có băn khoăn riêng: chọn nhóm gần với bạn.",
        [Section("", audience_items)],
    )

    stats = views.all("statistic")
    put_paged(
        urls.listing("so-lieu", "index"),
        "Số liệu",
        "Số người tham gia và kết quả vận động, có nguồn rõ ràng.",
        [Item(s.title, s.page, s.summary) for s in stats],
    )
    policies = views.all("policy")
    if policies:
        put(
            urls.POLICY_INDEX,
            "Chính sách: mức đóng, hỗ trợ, điều kiện hưởng",
            "Các con số chính sách theo thời gian, mỗi con số kèm văn bản làm căn cứ. "
            "Con số ghi “chưa đối chiếu văn bản gốc” lấy từ bản sao, chưa so với văn bản gốc.",
            _policy_sections(policies),
            chips=[Item("Tính mức đóng, lương hưu, BHYT", urls.source_to_page(urls.CALCULATOR))],
        )
    campaigns = views.all("campaign")
    put_paged(
        urls.listing("chien-dich", "index"),
        "Chiến dịch",
        "Các đợt cao điểm vận động và lịch phát thanh.",
        [Item(c.title, c.page, c.period) for c in campaigns if isinstance(c, CampaignView)],
    )
    return pages


def _policy_sections(policies: list) -> list[Section]:
    """The policy index in parts (Mức đóng, Hỗ trợ, Điều kiện hưởng, BHYT, then the rest), one
    line per rule: its name (and province), then the value in force and since when."""
    names = vocabulary()["policy_sections"]
    order = list(dict.fromkeys(names.values()))
    parts: dict[str, list[Item]] = {}
    for p in policies:
        part = names.get(getattr(p, "parameter", ""), "Khác")
        label = p.title if p.unit is None or p.unit.label in p.title else f"{p.title} — {p.unit.label}"
        current = next((row for row in p.values if row.current), None)
        note = f"{current.value} ({current.period})" if current else ""
        parts.setdefault(part, []).append(Item(label, p.page, note))
    ranked = sorted(parts, key=lambda part: order.index(part) if part in order else len(order))
    return [Section(part, sorted(parts[part], key=lambda i: i.label)) for part in ranked]


def home_fragment(views: Views) -> str:
    headline = [
        (str(views.count("story")), "câu chuyện"),
        (str(views.count("model")), "mô hình hay"),
        (str(len(views.provinces)), "tỉnh, thành phố"),
        (str(views.count("statistic")), "bộ số liệu"),
    ]
    return render_page(
        "home.md.j2",
        "",
        announcements=views.announcements,
        headline=headline,
        figures=views.newest_figures(3),
        stories=views.newest("story", 6),
        models=views.oldest("model", 6),
    )


def _campaign_extra(view: CampaignView) -> dict:
    from generator.present.schedule import schedule_rows

    minutes = view.slot_minutes or 0
    return {"schedule": schedule_rows(view), "slot_length": f"{fmt.number(minutes)} phút"}


def _unit_extra(views: Views, view: UnitView) -> dict:
    province_id = view.within[-1] if view.within else None  # the outermost unit: the province
    return {
        "announcements": announcements_module.for_province(views.announcements, province_id),
        "province_id": province_id,
    }


def announcement_page(views: Views, a: Announcement, files: Files = NO_FILES) -> str:
    """One policy change ahead: what changes, each group's lowest payment, downloads."""
    provinces = [
        (province.title, groups)
        for p, groups in sorted(a.by_province.items())
        if a.province is None and (province := views.get("unit", p)) is not None
    ]
    card = a.file("social", "card")
    card_url = urls.absolute(views.settings.site_url, card.path) if card else None
    front = {"title": a.title, "description": a.summary, "lantoa_kind": "Thông báo thay đổi"}
    return render_page(
        "announcement.md.j2",
        a.page,
        front={**front, "lantoa_card": card_url},
        a=a,
        provinces=provinces,
        calculator=urls.calculator(),
        downloads=files.downloads(a.downloads),
    )


def all_pages(
    views: Views, extra_pages: dict[str, str] | None = None, files: Files = NO_FILES
) -> dict[str, str]:
    """Every page MkDocs reads: this build's own records and announcements (``views.shard``)
    and the shared pages (a province's build renders them too, for the navigation, and
    leaves their HTML to the national part: ``shard.py``)."""
    pages: dict[str, str] = {}
    for kind in KINDS:
        for view in views.own(views.all(kind)):
            extra = None
            if isinstance(view, CampaignView):
                extra = _campaign_extra(view)
            elif isinstance(view, UnitView):
                extra = _unit_extra(views, view)
            elif view.kind == "policy":
                extra = {"calculator": urls.calculator()}
            pages[view.source_md] = record_page(views, view, extra, files)
            for t in view.translations:
                pages[t.source_md] = translation_page(views, view, t)
    for a in views.own(views.announcements):
        pages[a.source_md] = announcement_page(views, a, files)
    pages.update(index_pages(views))
    pages[HOME_FRAGMENT] = home_fragment(views)
    pages.update(extra_pages or {})
    return pages


def media(views: Views) -> dict[str, bytes]:
    """Images and the recordings in other languages (consented ones only: see RecordView)."""
    stories = [view for view in views.own(views.all("story")) if isinstance(view, StoryView)]
    files = {image.file: image.source for view in stories for image in view.images}
    for kind in KINDS:
        for view in views.own(views.all(kind)):
            files.update({recording.file: recording.source for recording in view.recordings})
    return {file: Path(source).read_bytes() for file, source in files.items()}


def start_charts(views: Views, cache: Cache, workers: Workers | None = None) -> dict[str, Future[Path]]:
    """One SVG per statistic, by its path in the output: from the cache, else drawn from the chart
    template (generator/present/charts.py) in the build's workers when given."""
    colour = views.settings.colours.get("primary", "#0b5ea8")
    found: dict[str, Future[Path]] = {}
    for view in views.own(views.all("statistic")):
        assert isinstance(view, StatisticView) and view.chart
        key = charts_cache.key(cache, view.series, view.measure, colour)
        job = (cache.root, key, view.series, view.measure, colour)
        if workers is None or cache.path(charts_cache.NAMESPACE, key, ".svg").exists():
            found[view.chart] = Future()
            found[view.chart].set_result(charts_cache.make(*job))
        else:
            found[view.chart] = workers.submit("chart", charts_cache.make, *job)
    return found


def charts(started: dict[str, Future[Path]]) -> dict[str, bytes]:
    """The SVGs of ``start_charts``, once drawn."""
    return {chart: future.result().read_bytes() for chart, future in started.items()}


def colours_css(colours: dict[str, str]) -> str:
    """The site's colours from mkdocs.yml extra.colours, the same as on cards and leaflets."""
    names = {
        "primary": ["--md-primary-fg-color", "--md-typeset-a-color"],
        "accent": ["--md-accent-fg-color"],
    }
    rules = [
        f"  {var}: {colours[key]};" for key, variables in names.items() if key in colours for var in variables
    ]
    return ":root {\n" + "\n".join(rules) + "\n}\n"


def manifest_pages(views: Views) -> list[tuple[str, str]]:
    records = [(view.key, view.page) for kind in KINDS for view in views.own(views.all(kind))]
    return records + [(a.key, a.page) for a in views.own(views.announcements)]
