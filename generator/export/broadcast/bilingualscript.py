"""A bilingual bulletin as the sheet and the audio read it: the Vietnamese script's paragraphs
and pauses, with a person's recording of the translation after the paragraph it follows."""

from __future__ import annotations

from dataclasses import dataclass

from generator.export.broadcast import timing
from generator.export.broadcast.parts import PARAGRAPH_PAUSE_S, Paragraph, Pause
from generator.export.broadcast.script import Script


@dataclass(frozen=True)
class Recorded:
    """A person's recording of one translated part, where the bulletin plays it."""

    lang: str
    part: str
    source: str  # the file in the content folder
    speaker: str  # consented (a recording without consent has no view)
    seconds: float  # measured (soxi)
    html: str  # the translated part, as the announcer sheet prints it

    @property
    def duration_text(self) -> str:
        return timing.duration_text(self.seconds)


type Segment = Paragraph | Pause | Recorded


@dataclass(frozen=True)
class Bilingual:
    """A record's bulletin (a story's, a campaign's…) in Vietnamese and one language."""

    script: Script  # the Vietnamese bulletin
    lang: str  # the translation's tag: lang="" on the sheet, the files' names
    name: str  # "Thái Đen"
    segments: tuple[Segment, ...]

    @property
    def recordings(self) -> tuple[Recorded, ...]:
        return tuple(s for s in self.segments if isinstance(s, Recorded))

    @property
    def duration_s(self) -> float:
        """The Vietnamese estimate, the recordings as measured, every pause."""
        spoken = sum(timing.speech_seconds(s.syllables, self.script.rate) for s in self.segments
                     if isinstance(s, Paragraph))  # fmt: skip
        pauses = sum(s.seconds for s in self.segments if isinstance(s, Pause))
        return spoken + pauses + sum(r.seconds for r in self.recordings)

    @property
    def duration_text(self) -> str:
        return timing.duration_text(self.duration_s)

    @property
    def recordings_s(self) -> float:
        return sum(r.seconds for r in self.recordings)

    def translation_only(self) -> tuple[Segment, ...]:
        """The recordings alone, in reading order, a short pause between them."""
        alone: list[Segment] = []
        for item in self.recordings:
            if alone:
                alone.append(Pause(PARAGRAPH_PAUSE_S))
            alone.append(item)
        return tuple(alone)
