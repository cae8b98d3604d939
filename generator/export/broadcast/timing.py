"""Reading time of a script: syllables of the spoken form at the rate, plus pauses.

speech.md: the rate is counted in syllables (tiếng) per minute, default 160 for
loudspeakers; pause marks are silence, not syllables.
"""

from __future__ import annotations

from generator.model import formatting as fmt


def speech_seconds(syllables: int, rate: int) -> float:
    return syllables * 60.0 / rate


def estimate_seconds(syllables: int, pauses_s: float, rate: int) -> float:
    return speech_seconds(syllables, rate) + pauses_s


def duration_text(seconds: float) -> str:
    """ "1 phút 5 giây", "45 giây", "5 phút" (rounded up to the second)."""
    return fmt.seconds_text(seconds)


def minutes_text(minutes: float) -> str:
    """A slot length as written in the record: "5 phút", "2,5 phút"."""
    return f"{fmt.number(minutes)} phút"
