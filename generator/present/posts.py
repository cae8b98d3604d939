"""Ready-to-post texts for Facebook and Zalo from the team's Jinja templates.

Python prepares everything a template shows — the hook line, the paragraphs (already
cut to whole sentences), the hashtags, the link — from the record's view; templates
only lay them out. Each template declares its limits in its first comment:

    {#
    max_chars: 1800       total length of the post (required)
    paragraphs: 4         how many paragraphs it receives at most
    min_paragraphs: 2     never shortened below this many
    paragraph_chars: 380  a paragraph longer than this keeps its first sentences
    hashtags: 5
    #}

A rendered post longer than ``max_chars`` is shortened deterministically (last
sentence of the longest paragraph first, then the least important paragraph, then a
word-boundary trim) and the caller warns the editors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from generator.model import formatting as fmt
from generator.model.settings import Settings
from generator.present.announcements import Announcement
from generator.present.post import Post, Posts
from generator.present.progress import News
from generator.present.templating import TEMPLATES, render
from generator.present.text import (
    first_sentences,
    hashtag,
    html_paragraphs,
    join_words,
    normalise,
    sentences,
    trim_words,
)
from generator.present.views import CampaignView, ContactView, RecordView, StatisticView, StoryView, Views

FOLDER = "social"
VARIANTS = ("facebook", "zalo")
BASE_TAGS = ("#BHXHtựnguyện", "#BHYT")
FALLBACK_TAGS = ("#ansinhxãhội", "#lươnghưu")
# indicators about health insurance: their posts lead with #BHYT
HEALTH_INSURANCE_FIRST = frozenset({"bhyt_ty_le", "bhyt_tu_dong"})
MIN_TRIMMED = 40  # a paragraph trimmed shorter than this is dropped instead
_META_LINE = re.compile(r"^\s*([a-z_]+)\s*:\s*(\d+)\s*(?:#.*)?$")


@dataclass(frozen=True)
class Limits:
    max_chars: int
    paragraphs: int = 4
    min_paragraphs: int = 1
    paragraph_chars: int = 400
    hashtags: int = 5


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a post; ``body`` is what shortening may cut, never prefix/suffix."""

    body: str
    field: str  # record field it comes from, for warnings
    rank: int  # 0 = most important; the highest rank is dropped first
    prefix: str = ""
    suffix: str = ""

    @property
    def text(self) -> str:
        return f"{self.prefix}{self.body}{self.suffix}"


@dataclass(frozen=True)
class Material:
    """What a template receives besides the view: prepared once per record."""

    hook: str
    hook_field: str  # record field behind the hook, for warnings
    paragraphs: tuple[Paragraph, ...]
    hashtags: tuple[str, ...]
    contact: ContactView
    hidden_names: tuple[tuple[str, str], ...] = ()  # (full name, how it may be shown)


def template_name(variant: str, kind: str) -> str:
    return f"{FOLDER}/{variant}-{kind}.txt.j2"


def limits(name: str) -> Limits:
    """Read the limits a template declares in its first ``{# … #}`` comment (again when the
    template is saved: the preview runs on while an editor changes ``max_chars``)."""
    return _limits(name, (TEMPLATES / name).stat().st_mtime_ns)


@cache
def _limits(name: str, _saved_ns: int) -> Limits:
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    header = re.match(r"\s*\{#(.*?)#\}", source, re.S)
    values = {}
    for line in header.group(1).splitlines() if header else []:
        match = _META_LINE.match(line)
        if match and match.group(1) in Limits.__dataclass_fields__:
            values[match.group(1)] = int(match.group(2))
    if "max_chars" not in values:
        raise ValueError(f"{name}: thiếu dòng 'max_chars: N' trong chú thích đầu mẫu")
    return Limits(**values)


# --- material per kind ---------------------------------------------------------------------


def _story(view: StoryView) -> list[Paragraph]:
    found = [Paragraph(view.summary, "summary", 0)]
    if view.quote:
        by = f"” — {view.quote_by}" if view.quote_by else "”"
        found.append(Paragraph(view.quote, "quote.text", 1, "“", by))
    summary_start = normalise(view.summary)[:40]
    body = [p for p in html_paragraphs(view.body_html) if not normalise(p).startswith(summary_start)]
    found += [Paragraph(text, "body", 2 + i) for i, text in enumerate(body)]
    # Shown in reading order: summary, body, then the quote closes the post.
    return [p for p in found if p.field != "quote.text"] + [p for p in found if p.field == "quote.text"]


def _statistic(view: StatisticView) -> list[Paragraph]:
    figure = view.figure
    assert figure is not None and view.derived is not None
    found = [Paragraph(f"{figure.what} tại {figure.place}: {figure.value} ({figure.when}).", "series", 0)]
    facts = []
    if figure.change:
        facts.append(f"Thay đổi: {figure.change}.")
    if figure.target:
        facts.append(f"Kết quả {figure.target}.")
    if facts:
        found.append(Paragraph(" ".join(facts), "target" if figure.target else "series", 2))
    steps = view.derived.steps
    if len(steps) > 2:
        found.append(
            Paragraph("; ".join(f"{s.label}: {s.value}" for s in steps) + ".", "series", 3, "Các mốc: ")
        )
    if view.source:
        found.append(Paragraph(view.source.text + ".", "source", 1, "Nguồn: "))
    return found


def _campaign(view: CampaignView) -> list[Paragraph]:
    found = [Paragraph(view.summary, "summary", 0)]
    times = []
    if view.during and view.during.times:
        times.append(
            f"Trong đợt ({view.period}), loa truyền thanh phát bản tin lúc "
            f"{join_words(list(view.during.times))}, {view.during.days}."
        )
    if view.otherwise and view.otherwise.times:
        how_often = f"{view.otherwise_per_week} buổi mỗi tuần" if view.otherwise_per_week else "định kỳ"
        times.append(
            f"Sau đợt: {how_often} ({view.otherwise.days}), lúc {join_words(list(view.otherwise.times))}."
        )
    if times:
        found.append(Paragraph(" ".join(times), "broadcast", 1))
    if view.result:
        result = view.result
        text = f"{result.what}: {result.value} ({result.when})"
        found.append(
            Paragraph(text + (f", {result.target}." if result.target else "."), "result", 2, "Kết quả: ")
        )
    if view.stories:
        titles = ", ".join(f"“{s.title}”" for s in view.stories)
        found.append(Paragraph(titles + ".", "stories", 4, "Câu chuyện tiêu biểu: "))
    agents = (
        [name + (f" ({place})" if place else "") for name, _phone, place in view.contact.agents]
        if view.contact
        else []
    )
    if agents:
        found.append(Paragraph("; ".join(agents) + ".", "unit", 3, "Nơi đăng ký: "))
    return found


def _announcement(a: Announcement) -> list[Paragraph]:
    """What changes and its source (the template lists each group's lowest payment before and after)."""
    found = [Paragraph(a.summary, "changes", 0)]
    found += [Paragraph(f"{f.what}: {f.before} → {f.after}.", "figures", 2) for f in a.figures]
    # Whether a source was checked is said in the officials' copies, never in a public post.
    found.append(Paragraph("; ".join(a.sources) + ".", "source", 1, "Căn cứ: "))
    return found


def announcement_material(views: Views, a: Announcement) -> Material:
    tags = ["#BHXHtựnguyện", "#mứcđóng"]
    place = hashtag(a.province_name) if a.province_name else None
    return Material(
        hook=a.title + a.expected,
        hook_field="title",
        paragraphs=tuple(_announcement(a)),
        hashtags=tuple([*tags, *([place] if place else []), "#ansinhxãhội"]),
        contact=views.contact(a.province),
    )


def announcement_posts(views: Views, a: Announcement) -> Posts:
    """The change's post per variant (``posts_of``)."""
    return posts_of(views, a, lambda: announcement_material(views, a))


def _hashtags(view: RecordView, hidden: tuple[tuple[str, str], ...]) -> list[str]:
    base = list(BASE_TAGS)
    if isinstance(view, StatisticView) and view.indicator in HEALTH_INSURANCE_FIRST:
        base.reverse()
    places = [name.removesuffix(" (cũ)") for name in view.place.split(", ") if name and "BHXH" not in name]
    tags = list(getattr(view, "tags", []))
    found: list[str] = []
    seen: set[str] = set()
    for candidate in [*base, *(hashtag(p) for p in places), *(hashtag(t) for t in tags), *FALLBACK_TAGS]:
        if not candidate or candidate.casefold() in seen or len(candidate) > 32:
            continue
        named = (tag.casefold() for full, _ in hidden if (tag := hashtag(full)))
        if any(name in candidate.casefold() for name in named):
            continue  # a tag never names a person who did not consent
        seen.add(candidate.casefold())
        found.append(candidate)
    return found


def material(views: Views, view: RecordView) -> Material:
    hidden = view.hidden_names if isinstance(view, StoryView) else ()
    if isinstance(view, StoryView):
        paragraphs, hook_field, contact = _story(view), "title", view.contact
    elif isinstance(view, StatisticView):
        paragraphs, hook_field, contact = _statistic(view), "title", view.contact
    elif isinstance(view, CampaignView):
        paragraphs, hook_field, contact = _campaign(view), "name", view.contact
    else:
        raise ValueError(f"{view.key}: không có bài đăng cho loại bản ghi này")
    return Material(
        hook=view.title,
        hook_field=hook_field,
        paragraphs=tuple(paragraphs),
        hashtags=tuple(_hashtags(view, hidden)),
        contact=contact or views.contact(None),
        hidden_names=hidden,
    )


# --- rendering and shortening ------------------------------------------------------------------


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def _select(paragraphs: tuple[Paragraph, ...], lim: Limits) -> list[Paragraph]:
    """The most important paragraphs (by rank), in reading order, each cut to whole sentences."""
    keep = sorted(range(len(paragraphs)), key=lambda i: (paragraphs[i].rank, i))[: lim.paragraphs]
    chosen = []
    for i in sorted(keep):
        p = paragraphs[i]
        room = lim.paragraph_chars - len(p.prefix) - len(p.suffix)
        chosen.append(replace(p, body=first_sentences(p.body, max(room, MIN_TRIMMED))))
    return chosen


def _shorten_once(
    paragraphs: list[Paragraph], excess: int, lim: Limits
) -> tuple[list[Paragraph], str] | None:
    """One deterministic step towards the limit, or None when paragraphs can give no more."""
    if not paragraphs:
        return None
    order = sorted(range(len(paragraphs)), key=lambda i: (-len(paragraphs[i].text), i))
    for i in order:  # 1. the longest paragraph that has several sentences loses its last one
        parts = sentences(paragraphs[i].body)
        if len(parts) > 1:
            paragraphs[i] = replace(paragraphs[i], body=" ".join(parts[:-1]))
            return paragraphs, paragraphs[i].field
    if len(paragraphs) > lim.min_paragraphs:  # 2. the least important paragraph goes
        drop = max(range(len(paragraphs)), key=lambda i: (paragraphs[i].rank, i))
        return paragraphs[:drop] + paragraphs[drop + 1 :], paragraphs[drop].field
    i = order[0]  # 3. the longest paragraph is trimmed at a word boundary
    body = paragraphs[i].body
    target = len(body) - excess
    if target < MIN_TRIMMED:
        if len(paragraphs) > 1:
            return paragraphs[:i] + paragraphs[i + 1 :], paragraphs[i].field
        return None
    paragraphs[i] = replace(paragraphs[i], body=trim_words(body, target))
    return paragraphs, paragraphs[i].field


def _hide(text: str, hidden: tuple[tuple[str, str], ...]) -> str:
    """Last guard: a full name without consent never leaves the build."""
    for full, shown in hidden:
        text = re.sub(re.escape(full), shown, text, flags=re.IGNORECASE)
    return text


Postable = RecordView | Announcement | News  # what has posts: a record, a change ahead, new results


def posts_of(views: Views, item: Postable, material: Callable[[], Material]) -> Posts:
    """The item's post per variant, composed from its ``material`` once per build (``Views.posts_of``):
    the site's page and the export read the same texts."""

    def every_variant() -> Posts:
        stuff = material()
        return {variant: compose(item, stuff, variant, views.settings) for variant in VARIANTS}

    return views.posts_of(item.key, every_variant)


def compose(view: Postable, stuff: Material, variant: str, settings: Settings) -> Post:
    name = template_name(variant, view.kind)
    lim = limits(name)
    hook = stuff.hook
    tags = list(stuff.hashtags[: lim.hashtags])
    paragraphs = _select(stuff.paragraphs, lim)

    def draw(paragraphs: list[Paragraph], hook: str, tags: list[str]) -> str:
        text = render(
            name,
            view=view,
            hook=hook,
            paragraphs=[p.text for p in paragraphs],
            hashtags=tags,
            link=view.url,
            contact=stuff.contact,
            organisation=settings.contact.organisation,
            website=settings.contact.website,
        )
        return _hide(_tidy(text), stuff.hidden_names)

    text = rendered = draw(paragraphs, hook, tags)
    cuts: list[str] = []
    while len(text) > lim.max_chars:
        excess = len(text) - lim.max_chars
        step = _shorten_once(paragraphs, excess, lim)
        if step is not None:
            paragraphs, cut = step
        elif len(tags) > 3:  # the fixed part is too long: fewer hashtags, then a shorter hook
            tags, cut = tags[:-1], "-"
        elif len(hook) - excess >= MIN_TRIMMED and len(hook) > MIN_TRIMMED:
            hook, cut = trim_words(hook, len(hook) - excess), stuff.hook_field
        else:  # the template itself is longer than it allows: cut the whole text at a word
            text = trim_words(text, lim.max_chars)
            cuts.append("-")
            break
        cuts.append(cut)
        text = draw(paragraphs, hook, tags)
    return Post(variant, name, text, lim.max_chars, len(rendered), tuple(cuts))


def shortening_message(post: Post) -> str:
    """Vietnamese warning for the editors: what was cut and why."""
    return (
        f"bài đăng {post.variant.capitalize()} dài {fmt.number(post.rendered_length)} ký tự, quá giới hạn "
        f"{fmt.number(post.limit)} ký tự của mẫu {post.template}: đã tự rút gọn còn "
        f"{fmt.number(len(post.text))} ký tự (bỏ câu, đoạn ít quan trọng). Nên viết gọn lại tóm tắt, "
        "trích dẫn hoặc nội dung để bài đăng đủ ý."
    )


# --- composed once per build ------------------------------------------------------------


@dataclass(frozen=True)
class SocialPost:
    """One record's ready-to-post material, for the site's "Mạng xã hội" page."""

    kind: str
    key: str
    title: str
    page: str  # the record's page, relative to the output folder
    facebook: str
    zalo: str
    facebook_file: str
    zalo_file: str
    card: str | None  # PNG path relative to the output folder, when the kind has a card

    @property
    def slug(self) -> str:
        """The key as an HTML id: "story-son-tinh-nguyen-trong-huy"."""
        return self.key.replace("/", "-")


def planned_files(view: RecordView) -> dict[str, str]:
    """variant → path of the record's planned social files (posts and card)."""
    return {d.variant: d.path for d in view.files("social")}


def composed(views: Views, view: RecordView) -> Posts:
    """The record's post per variant (``posts_of``)."""
    return posts_of(views, view, lambda: material(views, view))


def social_items(views: Views) -> list[RecordView | Announcement]:
    """Every story, statistic and campaign with social files, newest first per kind, then the
    policy changes ahead: what the "Mạng xã hội" pages list."""
    return [*views.with_files("social"), *views.announcements]


def social_post(views: Views, item: RecordView | Announcement) -> SocialPost:
    """One item's post texts and card, as the site shows them."""
    if isinstance(item, Announcement):
        posts = announcement_posts(views, item)
        files = {d.variant: d.path for d in item.files("social")}
    else:
        posts, files = composed(views, item), planned_files(item)
    return SocialPost(
        kind=item.kind,
        key=item.key,
        title=item.title,
        page=item.page,
        facebook=posts["facebook"].text,
        zalo=posts["zalo"].text,
        facebook_file=files["facebook"],
        zalo_file=files["zalo"],
        card=files.get("card"),
    )


def posts_for_page(views: Views) -> list[SocialPost]:
    """Every item's post (``social_items``)."""
    return [social_post(views, item) for item in social_items(views)]
