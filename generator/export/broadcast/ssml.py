"""SSML for speech engines: the spoken form with pauses as <break>, well-formed, vi-VN."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.export.broadcast.script import Paragraph, Pause, Script
from generator.present.templating import render
from generator.present.text import sentences

# Conversational Vietnamese runs at about 200 syllables a minute; an engine's default
# voice is near that, so the loudspeaker rate is given to it relative to this.
CONVERSATIONAL_RATE = 200
# Capitals with dots are privacy initials ("Chị G.", "H.T.G."): read them as letters.
_INITIALS = r"(?<![\w.])(?P<initials>(?:[A-ZĐ]\.)+)"
_INITIAL_RUN = re.compile(_INITIALS + r"(?=\s|$|[,;:!?”)])")


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "break"
    sentences: tuple[Markup, ...] = ()
    ms: int = 0


def markup(sentence: str) -> Markup:
    """Escaped sentence text, initials wrapped in <say-as interpret-as="characters">."""
    out, last = [], 0
    for match in _INITIAL_RUN.finditer(sentence):
        out.append(escape(sentence[last : match.start()]))
        letters = match.group("initials").replace(".", "")
        out.append(Markup('<say-as interpret-as="characters">{}</say-as>.').format(letters))
        last = match.end()
    out.append(escape(sentence[last:]))
    return Markup("").join(out)


def blocks(script: Script) -> list[Block]:
    found = []
    for part in script.parts:
        if isinstance(part, Pause):
            found.append(Block("break", ms=round(part.seconds * 1000)))
        elif isinstance(part, Paragraph):
            found.append(Block("p", tuple(markup(s) for s in sentences(part.text))))
    return found


def prosody_rate(rate: int) -> str:
    return f"{round(rate / CONVERSATIONAL_RATE * 100)}%"


def comment(text: str) -> str:
    """Text safe inside <!-- -->: no "--", no trailing "-"."""
    return re.sub(r"-{2,}", "-", text).rstrip("-")


def ssml(script: Script) -> str:
    note = f"{script.title} - khoảng {script.duration_text}, {script.rate} tiếng/phút"
    return render(
        "broadcast/script.ssml",
        note=comment(note),
        blocks=blocks(script),
        rate=prosody_rate(script.rate),
    )
