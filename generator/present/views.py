"""Ready-to-show views of records: every export's templates read these, nothing else.

All figures, names and dates are formatted here, so templates never compute and a
person without consent can only ever appear abbreviated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any, Protocol

from generator.model import formatting as fmt
from generator.model.content import Content, sort_key
from generator.model.dates import LOCAL_TZ
from generator.model.diagnostics import BuildError, Located
from generator.model.figures import Figures, figures
from generator.model.kinds import KINDS
from generator.model.languages import Language, load_languages
from generator.model.loader import Entry
from generator.model.placeholders import PlaceholderError, resolve
from generator.model.policy import parameter_of, timeline
from generator.model.records import (
    Campaign,
    CoverageTarget,
    Model,
    Policy,
    Record,
    Source,
    Statistic,
    Story,
    Unit,
)
from generator.model.settings import Settings
from generator.model.unitcodes import abolished_before_reorganisation
from generator.model.validate import resolve_media
from generator.model.vocabulary import label, vocabulary
from generator.present import announcements, catalogue, progress, rates, shards, urls
from generator.present import languages as translated
from generator.present.announcements import Announcement
from generator.present.catalogue import Planned
from generator.present.escaping import render_body
from generator.present.people import display_name, speaker, speaker_role
from generator.present.policymoney import money_line
from generator.present.post import Posts
from generator.present.progress import Progress
from generator.present.text import lower_first

WEEKDAY_NAMES = {
    "mon": "Thứ Hai",
    "tue": "Thứ Ba",
    "wed": "Thứ Tư",
    "thu": "Thứ Năm",
    "fri": "Thứ Sáu",
    "sat": "Thứ Bảy",
    "sun": "Chủ Nhật",
}
WEEKDAYS = tuple(WEEKDAY_NAMES)  # mon … sun; index = date.weekday()
KEY_FIGURES = 3


def spread(per_week: int) -> tuple[str, ...]:
    """N broadcast days spread over the week: 2 → Mon, Thu; 3 → Mon, Wed, Fri."""
    return tuple(WEEKDAYS[i] for i in sorted({int(i * 7 / per_week) for i in range(per_week)}))


@dataclass(frozen=True)
class Link:
    label: str
    path: str  # relative to the output folder: a page URL or a file
    id: str = ""  # the linked record's id, when the link is to a record: identity, never the label


class Origin(Located, Protocol):
    """Where a view's record was written: exports warn at a field's line through it."""

    def text_fields(self) -> list[tuple[str, str]]: ...


@dataclass(frozen=True)
class SourceView:
    publisher: str
    title: str
    date: str | None
    url: str | None

    @property
    def text(self) -> str:
        parts = [self.publisher, f"“{self.title}”"] + ([self.date] if self.date else [])
        return ", ".join(parts)


@dataclass(frozen=True)
class ContactView:
    organisation: str  # whose contact this is
    phone: str | None
    address: str | None
    hours: str | None
    agents: tuple[tuple[str, str | None, str | None], ...]  # (name, phone, place)

    @property
    def tel(self) -> str | None:
        """The phone as a link a phone dials: "tel:02553822123"."""
        return "tel:" + self.phone.replace(" ", "") if self.phone else None


@dataclass(frozen=True)
class FigureView:
    """One headline figure of a statistic."""

    id: str
    what: str  # "Người tham gia BHXH tự nguyện"
    place: str  # "Sơn Tịnh"
    value: str  # "2.083 người"
    when: str  # "tháng 5/2025"
    change: str | None  # "+903 người (+76,47%) so với năm 2023"
    target: str | None  # "đạt 105,7% kế hoạch (51.100 người)"
    source: SourceView
    page: str
    target_spoken: str | None = None  # "đạt 105,7% kế hoạch 51.100 người": no aside for the loudspeaker

    @property
    def what_in_sentence(self) -> str:
        """ "người tham gia BHXH tự nguyện": after "Số liệu tháng 5/2025:" """
        return lower_first(self.what)


@dataclass(frozen=True)
class PersonView:
    name: str  # as it may be shown (abbreviated without consent)
    role: str | None
    born: str | None


@dataclass(frozen=True)
class ImageView:
    file: str  # where the site serves it, relative to the output folder
    source: str  # the file in the content folder
    alt: str
    credit: str | None


@dataclass(frozen=True)
class RecordView:
    kind: str
    kind_label: str  # "Câu chuyện"
    id: str
    key: str
    title: str
    summary: str
    page: str  # URL path relative to the output folder
    url: str  # absolute URL (QR codes, social cards)
    source_md: str  # generated Markdown file, relative to docs/
    place: str  # "Sơn Tịnh, Quảng Ngãi"
    province: Link | None
    origin: Origin = field(repr=False, compare=False)
    downloads: list[Planned] = field(default_factory=list)
    recording_file: str | None = None  # a human recording in the content folder, replaces synthesis
    is_example: bool = False  # an example record: shown in the preview alone, stamped (never built)
    # approved translations of the current text, and recordings with the speaker's consent
    translations: tuple[translated.TranslationView, ...] = ()
    recordings: tuple[translated.RecordingView, ...] = ()
    is_waiting: bool = False  # waiting for approval (cho-duyet): shown in the preview alone, stamped

    def files(self, export: str) -> list[Planned]:
        """The planned files of one export (leaflet, script, audio, social, calendar)."""
        return [d for d in self.downloads if d.export == export]

    @property
    def loudspeaker_files(self) -> list[Planned]:
        """Scripts and audio: what the "Phát thanh" page lists for the record."""
        return [d for d in self.downloads if d.export in ("script", "audio")]

    def file(self, export: str, variant: str | None = None) -> Planned | None:
        return next((d for d in self.files(export) if variant in (None, d.variant)), None)

    @cached_property
    def fingerprint(self) -> str:
        """A digest of everything the view shows: its repr, which names every field but the
        origin (exports read only the fields). Equal fingerprints, equal pages and posts."""
        return hashlib.blake2b(repr(self).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@dataclass(frozen=True)
class StoryView(RecordView):
    date: str = ""
    year: int = 0
    unit: Link | None = None
    people: list[PersonView] = field(default_factory=list)
    quote: str | None = None
    quote_by: str | None = None
    quote_role: str | None = None  # the quoted person's role, mid-sentence form
    body_markdown: str = ""
    body_html: str = ""
    models: list[Link] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    audience_ids: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    images: list[ImageView] = field(default_factory=list)
    recording: str | None = None
    source: SourceView | None = None
    figures: list[FigureView] = field(default_factory=list)
    contact: ContactView | None = None
    hidden_names: tuple[tuple[str, str], ...] = ()  # (full name, how it may be shown): no consent

    @classmethod
    def from_entry(cls, entry: Entry[Story], views: Views) -> StoryView:
        story = entry.record
        text = partial(views.prose, entry)
        body = text(story.body)
        base = views.base(entry, text(story.title), text(story.summary), story.unit)
        return cls(
            **base,
            date=fmt.date_text(story.date),
            year=story.date.year,
            unit=views.link(Unit, story.unit),
            people=[
                PersonView(display_name(p), p.role, str(p.born) if p.born else None) for p in story.people
            ],
            quote=text(story.quote.text) if story.quote else None,
            quote_by=speaker(story.quote.by, story.people) if story.quote else None,
            quote_role=lower_first(role)
            if story.quote and (role := speaker_role(story.quote.by, story.people))
            else None,
            body_markdown=body,
            body_html=render_markdown(body),
            models=[views.link(Model, m) for m in story.models],
            audiences=[label("audiences", a) for a in story.audiences],
            audience_ids=list(story.audiences),
            tags=list(story.tags),
            images=[views.image(entry, i.file, i.alt, i.credit) for i in story.images],
            recording=story.recording.file if story.recording else None,
            source=_source(story.source),
            figures=views.key_figures(story.unit),
            contact=views.contact(story.unit),
            hidden_names=tuple((p.name, display_name(p)) for p in story.people if not p.consent),
        )


@dataclass(frozen=True)
class UnitView(RecordView):
    name: str = ""  # as written; the title adds "(cũ)" to a former unit (Views.unit_name)
    type: str = ""
    parent: Link | None = None
    within: tuple[str, ...] = ()  # ids of the unit and every unit above it, innermost first
    abolished: str | None = None  # "Thôi tồn tại từ ngày 1/7/2025"
    became: list[Link] = field(default_factory=list)
    official_successors: list[str] = field(default_factory=list)  # from the 2025 code lists
    predecessors: list[Link] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    children: list[Link] = field(default_factory=list)
    stories: list[Link] = field(default_factory=list)
    models: list[Link] = field(default_factory=list)
    figures: list[FigureView] = field(default_factory=list)
    campaigns: list[Link] = field(default_factory=list)
    contact: ContactView | None = None
    is_office: bool = False  # a BHXH office rather than a place people live in

    @classmethod
    def from_entry(cls, entry: Entry[Unit], views: Views) -> UnitView:
        unit, content = entry.record, views.content
        abolished = None
        if unit.valid_until:
            when = unit.valid_until.last_day + dt.timedelta(days=1)
            abolished = f"Thôi tồn tại từ ngày {when.day}/{when.month}/{when.year}"
            if abolished_before_reorganisation(unit) and when == dt.date(2025, 7, 1):
                abolished += " (sắp xếp đơn vị hành chính năm 2025)"
        type_label = label("unit_types", unit.type)
        title = views.unit_name(unit)
        summary = views.prose(entry, unit.summary) if unit.summary else f"{type_label} {title}"
        children = sorted(content.children.get(entry.id, []), key=lambda e: e.record.name)
        base = views.base(entry, title, summary, entry.id)
        # A province of today: its printed rate tables (a former one's would print today's amounts
        # under a name that no longer exists; its readers are sent to the successor's)
        if not unit.parent and views.rates_printable and not views.is_former(unit):
            base["downloads"] += catalogue.province_tables(entry.id)
        if not unit.parent and progress.has_targets(views, entry.id):  # its progress sheet
            base["downloads"] += catalogue.progress_sheet(entry.id)
        return cls(
            **base,
            name=unit.name,
            type=type_label,
            parent=views.link(Unit, unit.parent) if unit.parent else None,
            within=tuple(e.id for e in content.chain(entry.id)),
            abolished=abolished,
            became=[views.link(Unit, u) for u in unit.now_part_of],
            official_successors=official_successors(unit),
            predecessors=[views.link(Unit, e.id) for e in content.merged_into.get(entry.id, [])],
            aliases=list(unit.aliases),
            code=unit.code,
            children=[views.link(Unit, c.id) for c in children],
            stories=[views.link(Story, e.id) for e in _stories_with_merged(content, entry.id)],
            models=[views.link(Model, e.id) for e in content.records_in(Model, entry.id)],
            figures=[views.figure(e) for e in content.records_in(Statistic, entry.id)],
            campaigns=[views.link(Campaign, e.id) for e in content.records_in(Campaign, entry.id)],
            contact=views.contact(entry.id),
            is_office=unit.type.startswith("BHXH"),  # the unit_types ids of the offices
        )


def _stories_with_merged(content: Content, unit_id: str) -> list[Entry[Story]]:
    """The unit's stories, and those of the former units merged wholly into it (Bắc Giang's under
    Bắc Ninh); a unit split among several successors keeps its own (its page links there)."""
    whole = [e.id for e in content.merged_into.get(unit_id, []) if e.record.now_part_of == [unit_id]]
    found = {e.id: e for unit in (unit_id, *whole) for e in content.records_in(Story, unit)}
    return sorted(found.values(), key=sort_key, reverse=True)


@dataclass(frozen=True)
class ModelView(RecordView):
    name: str = ""
    body_html: str = ""
    units: list[Link] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    audience_ids: list[str] = field(default_factory=list)
    season: str | None = None  # "tháng 8, tháng 9"
    doubts: list[tuple[str, str]] = field(default_factory=list)
    results: list[FigureView] = field(default_factory=list)
    stories: list[Link] = field(default_factory=list)
    example: StoryView | None = None
    source: SourceView | None = None
    contact: ContactView | None = None

    @classmethod
    def from_entry(cls, entry: Entry[Model], views: Views) -> ModelView:
        model, content = entry.record, views.content
        stories = content.stories_using(entry.id)
        first_unit = model.units[0] if model.units else None
        results = [e for r in model.results if (e := content.get(Statistic, r)) is not None]
        text = partial(views.prose, entry)
        return cls(
            **views.base(entry, model.name, text(model.summary), first_unit),
            name=model.name,
            body_html=render_markdown(text(model.body)) if model.body else "",
            units=[views.link(Unit, u) for u in model.units],
            steps=[text(step) for step in model.steps],
            audiences=[label("audiences", a) for a in model.audiences],
            audience_ids=list(model.audiences),
            season=", ".join(f"tháng {m}" for m in model.season) or None,
            doubts=[(text(d.question), text(d.answer)) for d in model.doubts],
            results=[views.figure(e) for e in results],
            stories=[views.link(Story, e.id) for e in stories],
            example=views.story(stories[0]) if stories else None,
            source=_source(model.source),
            contact=views.contact(first_unit),
        )


@dataclass(frozen=True)
class StatisticView(RecordView):
    what: str = ""
    indicator: str = ""  # the vocabulary id: compare this, never the label
    measure: str = ""
    unit: Link | None = None
    figure: FigureView | None = None
    derived: Figures | None = None
    chart: str | None = None  # SVG path relative to the output folder
    chart_alt: str = ""
    series: list[tuple[str, float]] = field(default_factory=list)  # (label, value) for charts
    source: SourceView | None = None
    contact: ContactView | None = None

    @classmethod
    def from_entry(cls, entry: Entry[Statistic], views: Views) -> StatisticView:
        stat = entry.record
        derived = figures(stat)
        figure = views.figure(entry, derived)
        title = stat.title or f"{figure.what} tại {views.place(stat.unit)}"
        summary = f"{figure.what}: {figure.value} ({figure.when})"
        if figure.target:
            summary += f", {figure.target}"
        return cls(
            **views.base(entry, title, summary, stat.unit),
            what=figure.what,
            indicator=stat.indicator,
            measure=stat.measure,
            unit=views.link(Unit, stat.unit),
            figure=figure,
            derived=derived,
            chart=urls.chart(entry.id),
            chart_alt=f"Biểu đồ {lower_first(figure.what)} tại {figure.place}: "
            + "; ".join(f"{s.label}: {s.value}" for s in derived.steps),
            series=[(s.label, p.value) for s, p in zip(derived.steps, stat.series, strict=True)],
            source=_source(stat.source),
            contact=views.contact(stat.unit),
        )


@dataclass(frozen=True)
class Slot:
    """A broadcast rule in words: "05:30 và 17:30, hằng ngày"."""

    times: tuple[str, ...]
    days: str  # in words: "hằng ngày", "Thứ Hai, Thứ Năm"
    weekdays: tuple[str, ...]  # codes, mon … sun

    @classmethod
    def of(
        cls, times: list[str] | None, days: str | list[str] | None, per_week: int | None, default: list[str]
    ) -> Slot:
        if days == "daily":
            weekdays, day_text = WEEKDAYS, "hằng ngày"
        else:
            weekdays = tuple(sorted(days, key=WEEKDAYS.index)) if days else spread(per_week or 7)
            day_text = ", ".join(WEEKDAY_NAMES[d] for d in weekdays)
        return cls(tuple(times or default), day_text, weekdays)


@dataclass(frozen=True)
class CampaignView(RecordView):
    name: str = ""
    period: str = ""
    start: str = ""  # ISO dates, for calendars
    end: str = ""
    unit: Link | None = None
    during: Slot | None = None
    otherwise: Slot | None = None
    otherwise_per_week: int | None = None
    slot_minutes: float | None = None
    stories: list[StoryView] = field(default_factory=list)
    stories_chosen: bool = False  # the editors listed the stories (else: the unit's newest)
    result: FigureView | None = None
    recording: str | None = None
    contact: ContactView | None = None

    @classmethod
    def from_entry(cls, entry: Entry[Campaign], views: Views) -> CampaignView:
        campaign, content = entry.record, views.content
        featured = campaign.stories or [e.id for e in content.records_in(Story, campaign.unit)[:3]]
        broadcast, otherwise = campaign.broadcast, campaign.otherwise
        during = Slot.of(broadcast.times, broadcast.days, None, []) if broadcast else None
        default_times = broadcast.times[:1] if broadcast else ["17:30"]
        summary = (
            views.prose(entry, campaign.summary)
            if campaign.summary
            else f"{campaign.name}, {fmt.period_text(campaign.period)}"
        )
        result = content.get(Statistic, campaign.result)
        stories = [e for s in featured if (e := content.get(Story, s)) is not None]
        return cls(
            **views.base(entry, campaign.name, summary, campaign.unit),
            name=campaign.name,
            period=fmt.period_text(campaign.period),
            start=campaign.period.first_day.isoformat(),
            end=campaign.period.last_day.isoformat(),
            unit=views.link(Unit, campaign.unit),
            during=during,
            otherwise=(
                Slot.of(otherwise.times, otherwise.days, otherwise.per_week, default_times)
                if otherwise
                else None
            ),
            otherwise_per_week=otherwise.per_week if otherwise else None,
            slot_minutes=broadcast.slot_minutes if broadcast else None,
            stories=[views.story(e) for e in stories],
            stories_chosen=bool(campaign.stories),
            result=views.figure(result) if result else None,
            recording=campaign.recording.file if campaign.recording else None,
            contact=views.contact(campaign.unit),
        )


@dataclass(frozen=True)
class PolicyValueView:
    """One period of a policy figure, as a row of its page."""

    period: str  # "từ 1/7/2025", "từ 1/1/2022 đến 31/12/2026"
    start: str  # ISO
    value: str  # "1.500.000 đồng/tháng"; by group: "50%" per row of ``groups``
    groups: tuple[tuple[str, str], ...]  # (group label, value) for group-dependent figures
    source: SourceView | None
    confirmed: bool  # false: from a secondary copy, "chưa đối chiếu văn bản gốc"
    note: str | None
    current: bool  # in force on the build date
    money: str | None = None  # a percentage in đồng: "= 330.000 đồng/tháng với thu nhập 1.500.000"
    groups_money: tuple[str | None, ...] = ()  # the same for each of ``groups``


@dataclass(frozen=True)
class PolicyView(RecordView):
    name: str = ""
    parameter: str = ""
    what: str = ""  # the parameter's name in the vocabulary
    measure: str = ""
    unit: Link | None = None
    note: str | None = None
    values: list[PolicyValueView] = field(default_factory=list)

    @classmethod
    def from_entry(cls, entry: Entry[Policy], views: Views) -> PolicyView:
        policy = entry.record
        parameter = parameter_of(policy, entry.id)
        groups = vocabulary()["policy_groups"]
        order = list(groups)
        rows = []
        for value in policy.values:
            period = value.period
            when = f"từ {fmt.day_text(period.first_day)}"
            if period.last_day:
                when += f" đến {fmt.day_text(period.last_day)}"
            by_group: tuple[tuple[str, str], ...] = ()
            money: str | None = None
            groups_money: tuple[str | None, ...] = ()
            in_money = policy.measure == "%"
            # The money line of the period in force is for today (the reference amount may have
            # changed since the period began); the others for their first day.
            on = views.today if period.contains(views.today) else period.first_day
            if isinstance(value.value, dict):
                keys = sorted(value.value, key=lambda g: order.index(g) if g in groups else 99)
                by_group = tuple(
                    (groups.get(g, g), fmt.quantity(float(value.value[g]), policy.measure)) for g in keys
                )
                text = "; ".join(f"{name}: {amount}" for name, amount in by_group)
                if in_money:
                    groups_money = tuple(
                        money_line(parameter, float(value.value[g]), on, views.policy_timeline) for g in keys
                    )
            else:
                text = fmt.quantity(float(value.value), policy.measure)
                if in_money:
                    money = money_line(parameter, float(value.value), on, views.policy_timeline)
            rows.append(
                PolicyValueView(
                    period=when,
                    start=period.first_day.isoformat(),
                    value=text,
                    groups=by_group,
                    source=_source(value.source),
                    confirmed=value.confirmed,
                    note=value.note,
                    current=period.contains(views.today),
                    money=money,
                    groups_money=groups_money,
                )
            )
        current = next((r for r in rows if r.current), None)
        summary = f"{policy.name}: {current.value} ({current.period})" if current else policy.name
        return cls(
            **views.base(entry, policy.name, summary, policy.unit),
            name=policy.name,
            parameter=parameter,
            what=label("policy_parameters", parameter),
            measure=policy.measure,
            unit=views.link(Unit, policy.unit) if policy.unit else None,
            note=policy.note,
            values=rows,
        )


@dataclass(frozen=True)
class TargetView(RecordView):
    """A target's page: the figure given, its basis, and where the unit stands (present/progress.py)."""

    what: str = ""
    unit: Link | None = None
    period: str = ""
    value: str = ""
    latest: str = ""  # "97.000 người (30/11/2026)"
    percent: str = ""
    remaining: str = ""
    note: str | None = None
    source: SourceView | None = None
    progress_page: str = ""

    @classmethod
    def from_entry(cls, entry: Entry[CoverageTarget], views: Views) -> TargetView:
        target = entry.record
        found = next(p for p in views.progress if p.target_id == entry.id)
        title = f"Kế hoạch {lower_first(found.what)} {found.period_text}: {found.unit_name}"
        summary = (
            f"{found.value_text}; đạt {found.percent_text} (kết quả {found.latest_text}, {found.as_of_text})"
        )
        return cls(
            **views.base(entry, title, summary, target.unit),
            what=found.what,
            unit=views.link(Unit, target.unit),
            period=found.period_text,
            value=found.value_text,
            latest=f"{found.latest_text} ({found.as_of_text})",
            percent=found.percent_text,
            remaining=found.remaining_text,
            note=target.note,
            source=_source_view(target.source),
            progress_page=progress.page(target.unit),
        )


# kind → its view; a kind without a view of its own is shown by its title and summary only
VIEWS: dict[str, Any] = {
    "story": StoryView,
    "unit": UnitView,
    "model": ModelView,
    "statistic": StatisticView,
    "campaign": CampaignView,
    "policy": PolicyView,
    "target": TargetView,
}


def official_successors(unit: Unit) -> list[str]:
    """What the official lists say an abolished unit became ("Xã Ba Gia", ...)."""
    if not (unit.code and abolished_before_reorganisation(unit)):
        return []
    from generator.model import provinces

    return [d.name for d in provinces.successors(unit.code)]


def render_markdown(text: str) -> str:
    """Markdown → sanitised HTML (editors' text never injects scripts): see escaping.py."""
    return render_body(text)


def _source(source: Source | None) -> SourceView | None:
    return _source_view(source) if source else None


def _source_view(source: Source) -> SourceView:
    date = fmt.date_text(source.date) if source.date else None
    return SourceView(source.publisher, source.title, date, source.url)


FORMER = "(cũ)"  # after the name of a unit that no longer exists
ALREADY_FORMER = re.compile(r"\(?\bcũ\)?$")


def record_name(record: Record) -> str:
    """What a record is called in links: a story's title, a unit's or model's name..."""
    if isinstance(record, Statistic):
        return record.title or label("indicators", record.indicator)
    name = getattr(record, "title", None) or getattr(record, "name", None)
    return str(name or record.id)


class Views:
    """Builds (and caches) the view of every published record; exports read only these."""

    def __init__(
        self,
        content: Content,
        settings: Settings,
        today: dt.date | None = None,
        shard: shards.Shard = shards.WHOLE,
    ) -> None:
        self.content = content
        self.settings = settings
        # The parts this build makes pages and files for (lantoa build --only); every view
        # exists all the same, for index pages and links to the other parts.
        self.shard = shard
        # The build date: the policy in force, "this week's" bulletins and coming changes follow it.
        self.today = today or dt.datetime.now(LOCAL_TZ).date()
        self._cache: dict[str, RecordView] = {}
        self._figures: dict[str, FigureView] = {}
        # Posts (posts.py) by the key of what they tell, composed once per build: ``posts_of``.
        self._posts: dict[str, Posts] = {}

    # --- shared pieces ---------------------------------------------------------
    def link(self, kind: type[Record], id_: str) -> Link:
        entry = self.content.get(kind, id_)
        assert entry is not None, f"{kind.__name__}/{id_}"
        record = entry.record
        name = self.unit_name(record) if isinstance(record, Unit) else record_name(record)
        return Link(name, urls.page(entry.kind, id_), id_)

    def place(self, unit_id: str) -> str:
        """ "Sơn Tịnh, Quảng Ngãi": the unit and its province."""
        chain = self.content.chain(unit_id)
        if not chain:
            return ""
        names = [self.unit_name(chain[0].record)]
        if len(chain) > 1:
            names.append(self.unit_name(chain[-1].record))
        return ", ".join(names)

    # --- the 2025 reorganisation ----------------------------------------------------
    def is_former(self, unit: Unit) -> bool:
        """A unit that ceased to exist before the build date (``valid_until``)."""
        return unit.valid_until is not None and unit.valid_until.last_day < self.today

    def unit_name(self, unit: Unit) -> str:
        """How titles and lists name a unit: "Sơn Tịnh (cũ)" once it has ceased to exist, so that
        the former district and today's commune of the same name are never confused."""
        if self.is_former(unit) and not ALREADY_FORMER.search(unit.name):
            return f"{unit.name} {FORMER}"
        return unit.name

    def current_provinces(self, unit_id: str) -> list[Entry[Unit]]:
        """The province of a unit while it exists; else the provinces of today its area went to."""
        found: list[Entry[Unit]] = []
        seen: set[str] = set()
        todo = [unit_id]
        while todo:
            province = self.content.province(todo.pop(0))
            if province is None or province.id in seen:
                continue
            seen.add(province.id)
            if self.is_former(province.record) and province.record.now_part_of:
                todo.extend(province.record.now_part_of)
            elif province not in found:
                found.append(province)
        return found

    def former_provinces(self, province_id: str) -> list[Entry[Unit]]:
        """The former provinces whose area is now (wholly or partly) this province's."""
        return [
            e
            for e in self.content.of_kind(Unit)
            if not e.record.parent
            and e.id != province_id
            and self.is_former(e.record)
            and e.record.now_part_of
            and province_id in {p.id for p in self.current_provinces(e.id)}
        ]

    def contact(self, unit_id: str | None) -> ContactView:
        for entry in self.content.chain(unit_id) if unit_id else []:
            unit = entry.record
            if unit.contact:
                agents = tuple((a.name, a.phone, a.place) for a in unit.contact.agents)
                phone = unit.contact.phone or self.settings.contact.phone
                return ContactView(unit.name, phone, unit.contact.address, unit.contact.hours, agents)
        default = self.settings.contact
        return ContactView(default.organisation, default.phone, default.address, default.hours, ())

    def figure(self, entry: Entry[Statistic], derived: Figures | None = None) -> FigureView:
        # Every story shows its place's key figures: each statistic is formatted once per build.
        if entry.key not in self._figures:
            self._figures[entry.key] = self._figure(entry, derived)
        return self._figures[entry.key]

    def _figure(self, entry: Entry[Statistic], derived: Figures | None) -> FigureView:
        stat = entry.record
        derived = derived or figures(stat)
        change = None
        if derived.increase_text:
            change = f"{derived.increase_text} so với {derived.steps[0].label}"
        target = target_spoken = None
        if derived.percent_of_target_text:
            target = f"đạt {derived.percent_of_target_text} kế hoạch ({derived.target_text})"
            target_spoken = f"đạt {derived.percent_of_target_text} kế hoạch {derived.target_text}"
        return FigureView(
            id=entry.id,
            what=label("indicators", stat.indicator),
            place=self.place(stat.unit),
            value=derived.latest_text,
            when=derived.latest_when,
            change=change,
            target=target,
            source=_source_view(stat.source),
            page=urls.page("statistic", entry.id),
            target_spoken=target_spoken,
        )

    def key_figures(self, unit_id: str, count: int = KEY_FIGURES) -> list[FigureView]:
        """The newest figures of the unit, else of its parents."""
        found: list[Entry[Statistic]] = []
        for unit in self.content.chain(unit_id):
            found += self.content.records_at(Statistic, unit.id)
            if len(found) >= count:
                break
        return [self.figure(e) for e in found[:count]]

    def newest_figures(self, count: int) -> list[FigureView]:
        return [self.figure(e) for e in self.content.newest(Statistic, count)]

    def image(self, entry: Entry[Record], file: str, alt: str, credit: str | None) -> ImageView:
        source = resolve_media(self.content.root, entry, file)
        return ImageView(urls.media(entry.kind, entry.id, file), str(source), alt, credit)

    def base(self, entry: Entry[Record], title: str, summary: str, unit_id: str | None) -> dict[str, Any]:
        """The fields every record view has."""
        page = urls.page(entry.kind, entry.id)
        province = self.content.province(unit_id) if unit_id else None
        recording = getattr(entry.record, "recording", None)
        audio = "recording" if recording else self.settings.speech.engine
        downloads = catalogue.planned(entry.kind, entry.id, audio)
        translations = translated.translations(self.content.root, entry, self.languages, render_markdown)
        recordings = translated.recordings(self.content.root, entry, self.languages)
        if entry.kind == "story":  # the only leaflet with a bilingual design
            downloads += translated.bilingual_leaflet(entry.id, translations)
        if any(d.variant == "announcer-sheet" for d in downloads):  # a record with a bulletin
            downloads += translated.bilingual_bulletins(
                entry.kind, entry.id, translations, recordings, self.settings.speech.translation_only
            )
        return {
            "kind": entry.kind,
            "kind_label": KINDS[entry.kind].label,
            "id": entry.id,
            "key": entry.key,
            "title": title,
            "summary": summary,
            "page": page,
            "url": urls.absolute(self.settings.site_url, page),
            "source_md": urls.page_source(entry.kind, entry.id),
            "place": self.place(unit_id) if unit_id else "",
            "province": self.link(Unit, province.id) if province else None,
            "origin": entry,
            "downloads": downloads,
            "recording_file": (
                str(resolve_media(self.content.root, entry, recording.file)) if recording else None
            ),
            "is_example": entry.record.example,
            "translations": translations,
            "recordings": recordings,
            "is_waiting": entry.record.status == "cho-duyet",
        }

    # --- per kind ------------------------------------------------------------------
    def of(self, entry: Entry[Record]) -> RecordView:
        if entry.key not in self._cache:
            view_class = VIEWS.get(entry.kind)
            if view_class is None:
                record = entry.record
                summary = str(getattr(record, "summary", "") or "")
                view = RecordView(**self.base(entry, record_name(record), summary, None))
            else:
                view = view_class.from_entry(entry, self)
            self._cache[entry.key] = view
        return self._cache[entry.key]

    def get(self, kind: str, id_: str | None) -> RecordView | None:
        entry = self.content.get(kind, id_)
        return self.of(entry) if entry else None

    def story(self, entry: Entry[Story]) -> StoryView:
        view = self.of(entry)
        assert isinstance(view, StoryView)
        return view

    def all(self, kind: str) -> list[RecordView]:
        return [self.of(e) for e in sorted(self.content.of_kind(kind), key=sort_key, reverse=True)]

    def with_files(self, export: str) -> list[RecordView]:
        """Every published record one export makes files for, kind by kind (registry order)."""
        return [view for kind in KINDS for view in self.all(kind) if view.files(export)]

    def part(self, item: RecordView | Any) -> str:
        """The part (shards.py) a record view or an announcement belongs to."""
        if item.kind in KINDS:
            entry = self.content.get(item.kind, item.id)
            return shards.part_of(entry) if entry is not None else shards.NATIONAL
        # derived (a policy change ahead): a province's own top-up, or national
        return shards.part_of_province(self.content, getattr(item, "province", None))

    def owns(self, item: RecordView | Any) -> bool:
        """Whether this build makes the page and files of a record view or an announcement."""
        return self.shard.whole or self.shard.includes(self.part(item))

    def own[T](self, items: list[T]) -> list[T]:
        """The items whose page and files this build makes."""
        return [item for item in items if self.owns(item)]

    def to_make(self, export: str) -> list[RecordView]:
        """The records one export makes files for in this build (``with_files``, own part only)."""
        return self.own(self.with_files(export))

    def count(self, kind: str) -> int:
        return len(self.content.of_kind(kind))

    def newest(self, kind: str, count: int) -> list[RecordView]:
        return [self.of(e) for e in self.content.newest(kind, count)]

    def oldest(self, kind: str, count: int) -> list[RecordView]:
        return [self.of(e) for e in sorted(self.content.of_kind(kind), key=sort_key)[:count]]

    def records_in(self, kind: str, unit_id: str) -> list[RecordView]:
        """Views of the records of a kind at the unit or below it, newest first."""
        return [self.of(e) for e in self.content.records_in(kind, unit_id)]

    def nearest(self, kind: str, unit_id: str) -> list[RecordView]:
        """Records of the unit (or below it); a commune without any borrows its district's."""
        for unit in self.content.chain(unit_id):
            found = self.content.records_in(kind, unit.id)
            if found:
                return [self.of(e) for e in found]
        return []

    @cached_property
    def languages(self) -> dict[str, Language]:
        """The team's language list (stories/_ngon-ngu.yaml): translations name their language by it."""
        return load_languages(self.content.root)

    def prose(self, entry: Entry[Record], text: str) -> str:
        """A record's text with its policy placeholders replaced by the figures on the build date."""
        if "[[" not in text:
            return text
        try:
            return resolve(text, self.policy_timeline, self.today)
        except PlaceholderError as exc:
            raise BuildError(f"{entry.shown}: {exc}") from None

    @cached_property
    def policy_timeline(self) -> dict[str, Any]:
        """The calculator's timeline of the published policy records (whole history, all provinces)."""
        return timeline(self.content.published)

    @cached_property
    def progress(self) -> list[Progress]:
        """Every target's progress on the build date (progress.py), derived once per build."""
        return progress.compute(self.content, self.today, self.settings.progress.stale_months)

    @cached_property
    def announcements(self) -> list[Announcement]:
        """The policy changes ahead of the build date (announcements.py), derived once per build."""
        return announcements.compute(self.policy_timeline, self.today, self.content, self.settings)

    def posts_of(self, key: str, compose: Callable[[], Posts]) -> Posts:
        """The posts of a record, announcement or progress news: composed (``compose``) on the
        first ask of a build, or carried over from the preview's last build (``carry_posts``)."""
        if key not in self._posts:
            self._posts[key] = compose()
        return self._posts[key]

    def carry_posts(self, previous: Views) -> int:
        """Take the posts ``previous`` composed for records whose views are unchanged here (same
        settings): the preview composes again only what an edit changed. Returns how many."""
        carried = 0
        for key, posts in previous._posts.items():
            kind, _, id_ = key.partition("/")
            before, now = previous.get(kind, id_), self.get(kind, id_)
            if before is not None and now is not None and before.fingerprint == now.fingerprint:
                self._posts.setdefault(key, posts)
                carried += 1
        return carried

    @cached_property
    def rates_printable(self) -> bool:
        """Whether this build can print rate tables (policy figures in force on its date)."""
        return rates.available(self.policy_timeline, self.today)

    @cached_property
    def provinces(self) -> list[UnitView]:
        """The provinces of today; a former one only where no record says where its area went
        (the others are listed under their successor: ``former_provinces``)."""
        top = sorted(
            (
                e
                for e in self.content.of_kind(Unit)
                if not e.record.parent and not (self.is_former(e.record) and e.record.now_part_of)
            ),
            key=lambda e: e.record.name,
        )
        return [view for e in top if isinstance(view := self.of(e), UnitView)]
