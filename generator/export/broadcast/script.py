"""Loudspeaker scripts: a record's view → template (eye text) → spoken paragraphs and pauses.

Templates in generator/templates/broadcast/ write ordinary Vietnamese for the eye
("1.805 người", "BHXH"); every paragraph then goes through the spoken-form normaliser,
so what the announcer and the speech engine read has numbers and abbreviations written
out. Template text format: paragraphs separated by blank lines; a line ``[nghỉ]`` or
``[nghỉ 2 giây]`` is a pause (between paragraphs without a mark, a short pause).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.export.broadcast import timing
from generator.export.broadcast.parts import PARAGRAPH_PAUSE_S, Paragraph, Part, Pause
from generator.export.broadcast.spokenmemo import SpokenMemo
from generator.export.broadcast.timing import duration_text, minutes_text
from generator.model import formatting as fmt
from generator.model.dates import PartialDate, Period
from generator.model.settings import Settings
from generator.present import progress
from generator.present.announcements import Announcement, Minimums, minimums
from generator.present.schedule import Rule, rules, schedule_rows, schedule_summary
from generator.present.templating import render
from generator.present.text import join_words, lower_first
from generator.present.views import (
    CampaignView,
    ContactView,
    ModelView,
    RecordView,
    StoryView,
    UnitView,
    Views,
)
from generator.speech.spoken import count_syllables, load_abbreviations, to_spoken

if TYPE_CHECKING:
    from generator.export.output import Cache

_PAUSE_MARK = re.compile(r"^\[\s*nghỉ(?:\s+(?P<seconds>\d+(?:[.,]\d+)?)\s*giây)?\s*\]$", re.IGNORECASE)
STORY_MAX_S = 70  # a story script is "about one minute"
STORIES_PER_UNIT = 2
FIGURES_PER_UNIT = 2


@dataclass(frozen=True)
class Script:
    """One bulletin, ready for the .txt, the .ssml, the sheet and the speech engine."""

    key: str  # "story/son-tinh-nguyen-trong-huy"
    kind: str
    id: str
    title: str
    place: str
    parts: tuple[Part, ...]
    rate: int  # syllables per minute
    schedule: tuple[str, ...] = ()  # broadcast times, in words, for the header
    slot_minutes: float | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)  # from the normaliser
    # Legal sources of the amounts read out that are not yet checked against the original text: said
    # to the announcer in the header, never read aloud.
    unchecked: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for p in self.parts if isinstance(p, Paragraph)]

    @property
    def syllables(self) -> int:
        return sum(p.syllables for p in self.paragraphs)

    @property
    def pauses_s(self) -> float:
        return sum(p.seconds for p in self.parts if isinstance(p, Pause))

    @property
    def duration_s(self) -> float:
        return timing.estimate_seconds(self.syllables, self.pauses_s, self.rate)

    @property
    def duration_text(self) -> str:
        return duration_text(self.duration_s)

    @property
    def spoken_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def overrun_s(self) -> float:
        """Seconds beyond the slot (0 when it fits or there is no slot)."""
        if self.slot_minutes is None:
            return 0.0
        return max(0.0, self.duration_s - self.slot_minutes * 60)

    @property
    def overrun_message(self) -> str | None:
        if not self.overrun_s or self.slot_minutes is None:
            return None
        return (
            f"bản tin đọc hết khoảng {self.duration_text} ({fmt.number(self.syllables)} tiếng, "
            f"{fmt.number(self.rate)} tiếng/phút), dài hơn khung phát {minutes_text(self.slot_minutes)}; "
            "bớt câu chuyện trong stories hoặc tăng broadcast.slot_minutes"
        )


def split_marks(eye_text: str) -> list[str | float]:
    """Template output → paragraphs (eye text) and pauses (seconds), in order."""
    items: list[str | float] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            items.append(" ".join(lines))
            lines.clear()

    for raw in eye_text.splitlines():
        line = raw.strip()
        mark = _PAUSE_MARK.match(line)
        if mark:
            flush()
            seconds = mark.group("seconds")
            items.append(float(seconds.replace(",", ".")) if seconds else PARAGRAPH_PAUSE_S)
        elif line:
            lines.append(line)
        else:
            flush()
    flush()
    return items


@dataclass(frozen=True)
class Reach:
    """Where listeners turn to, said once for every bulletin: "xin liên hệ {{ contact.where }}"."""

    where: str  # "UBND xã…, điện thoại 0255 3…" or the generic office
    phone: str | None  # repeated at the end of a campaign bulletin
    agents: str | None  # "Chị A, điện thoại 09…; Anh B"

    @classmethod
    def of(cls, contact: ContactView, mid_sentence: bool = False) -> Reach:
        """``mid_sentence``: the address as it reads after "liên hệ" ("bộ phận một cửa…")."""
        address = lower_first(contact.address) if mid_sentence and contact.address else contact.address
        where = address or "cơ quan BHXH nơi cư trú"
        if contact.phone:
            where += f", điện thoại {contact.phone}"
        agents = "; ".join(
            (lower_first(name) if mid_sentence else name) + (f", điện thoại {phone}" if phone else "")
            for name, phone, _place in contact.agents
        )
        return cls(where, contact.phone, agents or None)


class Composer:
    """Turns views into scripts with the site's speech settings."""

    def __init__(self, views: Views, settings: Settings, cache: Cache | None = None) -> None:
        """``cache``: keep spoken forms there (spokenmemo.py), so unchanged scripts are not
        normalised again."""
        self.views = views
        self.settings = settings
        self.rate = settings.speech.rate
        self.region = "nam" if settings.speech.region == "nam" else "bac"
        extra = settings.speech.abbreviations
        self.abbreviations = load_abbreviations(extra if extra and Path(extra).is_file() else None)
        self._campaigns = [v for v in views.all("campaign") if isinstance(v, CampaignView)]
        self._summaries: dict[str, str] = {}  # campaign key → its schedule in words
        self.memo = SpokenMemo(cache, self.region, self.abbreviations) if cache is not None else None

    # --- shared ------------------------------------------------------------------
    def speak(self, eye_text: str) -> tuple[tuple[Part, ...], tuple[str, ...]]:
        """Spoken paragraphs with pauses between them, and the normaliser's warnings."""
        if self.memo is not None:
            return self.memo.speak(eye_text, self._speak)
        return self._speak(eye_text)

    def _speak(self, eye_text: str) -> tuple[tuple[Part, ...], tuple[str, ...]]:
        parts: list[Part] = []
        warnings: list[str] = []
        for item in split_marks(eye_text):
            if isinstance(item, float):
                if parts and isinstance(parts[-1], Pause):
                    parts[-1] = Pause(max(parts[-1].seconds, item))
                elif parts:
                    parts.append(Pause(item))
                continue
            spoken = to_spoken(item, region=self.region, abbreviations=self.abbreviations)
            warnings += [w for w in spoken.warnings if w not in warnings]
            if parts and isinstance(parts[-1], Paragraph):
                parts.append(Pause(PARAGRAPH_PAUSE_S))
            text = spoken.text[:1].upper() + spoken.text[1:]  # a paragraph is whole sentences
            parts.append(Paragraph(text, count_syllables(text)))
        while parts and isinstance(parts[-1], Pause):
            parts.pop()
        return tuple(parts), tuple(warnings)

    def _render(self, template: str, view: RecordView, **extra: Any) -> str:
        """Templates receive ready sentences' parts: no function, no formatting there."""
        contact = getattr(view, "contact", None) or self.views.contact(None)
        return render(
            f"broadcast/{template}",
            view=view,
            organisation=self.settings.contact.organisation,
            contact=Reach.of(contact, mid_sentence=True),  # every template says "liên hệ {{ where }}"
            **extra,
        )

    def _minimums(self, unit_id: str | None, day: dt.date) -> Minimums | None:
        """The lowest payments on the broadcast day, in the unit's province (its own top-up)."""
        unit = self.views.get("unit", unit_id) if unit_id else None
        province = unit.within[-1] if isinstance(unit, UnitView) and unit.within else None
        return minimums(self.views.policy_timeline, day, province)

    def _script(
        self,
        view: RecordView,
        eye: str,
        schedule: list[str],
        slot: float | None = None,
        unchecked: tuple[str, ...] = (),
    ) -> Script:
        parts, warnings = self.speak(eye)
        return Script(
            key=view.key,
            kind=view.kind,
            id=view.id,
            title=view.title,
            place=view.place,
            parts=parts,
            rate=self.rate,
            schedule=tuple(schedule),
            slot_minutes=slot,
            warnings=warnings,
            unchecked=unchecked,
        )

    def _schedules(self, campaigns: list[CampaignView]) -> list[str]:
        lines = [f"{c.name}: {self._summary(c)}" for c in campaigns]
        return lines or ["theo lịch của đài truyền thanh địa phương"]

    def _summary(self, campaign: CampaignView) -> str:
        """Every story and unit of a campaign's area names its schedule: worked out once."""
        if campaign.key not in self._summaries:
            self._summaries[campaign.key] = schedule_summary(campaign)
        return self._summaries[campaign.key]

    # --- per kind ------------------------------------------------------------------
    def compose(self, view: RecordView) -> Script:
        builders: dict[str, Callable[[Any], Script]] = {
            "story": self.story,
            "unit": self.unit,
            "campaign": self.campaign,
        }
        return builders[view.kind](view)

    def story(self, view: StoryView) -> Script:
        """About one minute: the story, its quote, one figure of its place, where to sign up.

        A long summary leaves no room for everything: the figure goes first, then the
        quote, until the script is near a minute.
        """
        featured = [c for c in self._campaigns if any(s.id == view.id for s in c.stories)]
        figure = view.figures[0] if view.figures else None
        options = [(figure, True), (None, True), (None, False)]
        scripts = []
        for option_figure, with_quote in options:
            eye = self._render("story.txt.j2", view, figure=option_figure, with_quote=with_quote)
            script = self._script(view, eye, self._schedules(featured))
            if script.duration_s <= STORY_MAX_S:
                return script
            scripts.append(script)
        return min(scripts, key=lambda s: s.duration_s)

    def unit(self, view: UnitView) -> Script:
        """A bulletin with the place's own name, figures, stories and models."""
        stories = self.views.nearest("story", view.id)[:STORIES_PER_UNIT]
        models = self.views.nearest("model", view.id)[:1]
        figures = view.figures[:FIGURES_PER_UNIT] or self.views.key_figures(view.id, FIGURES_PER_UNIT)
        money = self._minimums(view.id, self.views.today)
        eye = self._render(
            "unit.txt.j2",
            view,
            stories=stories,
            model=models[0] if models and isinstance(models[0], ModelView) else None,
            figures=figures,
            is_office=view.is_office,
            type_in_sentence=lower_first(view.type),
            became=join_words([link.label for link in view.became]),
            minimums=money,
            progress=self._progress(view),
        )
        # Its own campaigns, those of units below it, and those of the units above it
        # (a province's campaign is also broadcast on the district's loudspeakers).
        below = {link.id for link in view.campaigns}
        campaigns = [c for c in self._campaigns if c.id in below or (c.unit and c.unit.id in view.within)]
        return self._script(view, eye, self._schedules(campaigns), unchecked=money.unchecked if money else ())

    def _progress(self, view: UnitView) -> list[str]:
        """The paragraph on the unit's target (present/progress.py): "xã ta", or the former unit by name."""
        items = progress.of_unit(self.views, view.id)
        if view.is_office or view.abolished:
            place = f"{lower_first(view.type)} {view.title}" + (" cũ" if view.abolished else "")
            place = view.title if view.is_office else place
        else:
            place = f"{lower_first(view.type)} ta"
        return progress.loudspeaker(items, place, self.views.today)

    def announcement(self, a: Announcement) -> Script:
        """A policy change ahead: what changes, from when, each group's lowest payment before and after."""
        contact = self.views.contact(None)
        if a.province:
            contact = self.views.contact(a.province)
        eye = render(
            "broadcast/announcement.txt.j2",
            a=a,
            contact=Reach.of(contact, mid_sentence=True),
            organisation=self.settings.contact.organisation,
        )
        parts, warnings = self.speak(eye)
        return Script(
            key=a.key,
            kind=a.kind,
            id=a.id,
            title=a.title,
            place=a.place,
            parts=parts,
            rate=self.rate,
            schedule=(f"từ nay đến trước ngày {a.date_text}, theo lịch của đài truyền thanh địa phương",),
            warnings=warnings,
            unchecked=tuple(a.unchecked),
        )

    def campaign(self, view: CampaignView) -> Script:
        """Opening, stories, figures, call to action, closing — fitted to the slot.

        Stories the record lists are all read (the editors chose them; an overrun is
        reported). The default pick, the unit's newest stories, is trimmed to fit.
        """
        schedule = [row.short for row in schedule_rows(view)]
        stories = list(view.stories)
        today = self.views.today
        phase = on_air(rules(view), today)
        day = max(today, phase.first) if phase else today  # a campaign still to come: its first day
        after_period = None
        if phase is not None and phase.name == "otherwise":
            after_period = schedule_rows_period(phase)
        money = self._minimums(view.unit.id if view.unit else None, day)
        while True:
            eye = self._render(
                "campaign.txt.j2",
                view,
                stories=stories,
                name_in_sentence=lower_first(view.name),
                minimums=money,
                after_period=after_period,
            )
            script = self._script(
                view,
                eye,
                schedule or self._schedules([]),
                view.slot_minutes,
                money.unchecked if money else (),
            )
            if view.stories_chosen or not script.overrun_s or len(stories) <= 1:
                return script
            stories.pop()


def on_air(phases: list[Rule], today: dt.date) -> Rule | None:
    """The broadcast phase a script is read in: the one on air today, else the next one, else
    the last (a script looked at after the campaign)."""
    return (
        next((r for r in phases if r.first <= today <= r.last), None)
        or next((r for r in phases if r.first > today), None)
        or (phases[-1] if phases else None)
    )


def schedule_rows_period(phase: Rule) -> str:
    """ "từ 1/12 đến 31/12/2026" """
    return fmt.period_text(Period(PartialDate.of(phase.first), PartialDate.of(phase.last)))
