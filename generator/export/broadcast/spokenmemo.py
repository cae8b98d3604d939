"""Spoken forms kept in the cache, by the exact text the normaliser reads.

Normalising every paragraph of every script (numbers, dates, abbreviations written out) is
most of planning the loudspeaker export, and an edit changes a few scripts. The memo's key
is the template's output itself (the eye text: whatever decided it, a template, a policy
figure, the build date, shows in it), the region, the abbreviation table and the code that
speaks (the ``spoken`` namespace), so a hit is what the normaliser would return now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.export.broadcast.parts import Paragraph, Part, Pause
from generator.export.output import Cache, digest

NAMESPACE = "spoken"
type Spoken = tuple[tuple[Part, ...], tuple[str, ...]]  # (parts, warnings), as Composer.speak


class SpokenMemo:
    """``speak(eye_text)`` through the cache; ``spoken`` counts the texts normalised anew."""

    def __init__(self, cache_store: Cache, region: str, abbreviations: Mapping[str, str]) -> None:
        self.cache = cache_store
        self.base = digest(region, sorted(abbreviations.items()))
        self.spoken = 0

    def speak(self, eye_text: str, speak: Callable[[str], Spoken]) -> Spoken:
        key = self.cache.key(NAMESPACE, self.base, eye_text)
        data = self.cache.read_json(NAMESPACE, key)
        if data is not None:
            parts = tuple(Paragraph(p[1], p[2]) if p[0] == "p" else Pause(p[1]) for p in data["parts"])
            return parts, tuple(data["warnings"])
        parts, warnings = speak(eye_text)
        self.spoken += 1
        encoded = [
            ["p", part.text, part.syllables] if isinstance(part, Paragraph) else ["s", part.seconds]
            for part in parts
        ]
        self.cache.write_json(NAMESPACE, key, {"parts": encoded, "warnings": list(warnings)})
        return parts, warnings
