"""The parts of a loudspeaker script: paragraphs in their spoken form and the pauses between
them. Their own module, so that what keeps spoken forms (spokenmemo.py), the audio and the
script that composes them all read one definition."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import formatting as fmt

PARAGRAPH_PAUSE_S = 1.0  # between paragraphs when the template gives no mark


@dataclass(frozen=True)
class Paragraph:
    text: str  # spoken form
    syllables: int


@dataclass(frozen=True)
class Pause:
    seconds: float

    @property
    def mark(self) -> str:
        """How the announcer sees it: "[nghỉ]" (short) or "[nghỉ 2 giây]"."""
        if self.seconds == PARAGRAPH_PAUSE_S:
            return "[nghỉ]"
        return f"[nghỉ {fmt.number(self.seconds, 1)} giây]"


type Part = Paragraph | Pause
