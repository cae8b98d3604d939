"""Does a record's body open by saying its summary again?

The summary is printed as the lead of the page, the leaflet and the posts, so a first
paragraph that restates it makes the reader read the same thing twice. Likeness is the
Jaccard index of the two texts' sets of folded syllables (đ → d, marks dropped, case
ignored): word order and small rewordings do not hide a copy. On the sample stories a
lead and a first paragraph that tell different things share names, the place and "BHXH
tự nguyện" and score 0.10–0.34; the near copies scored 0.46–0.47. The warning starts at
NEAR_COPY = 0.40, between the two.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

NEAR_COPY = 0.40
_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTE_MARK = re.compile(r"^>\s?", re.MULTILINE)
_NOT_PROSE = ("#", "!", "|", "<", "```", "---", "***")


class _Unmarked(dict[int, str | None]):
    """str.translate table filled on demand: combining marks out, every other character kept."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.combining(char) else char
        self[code] = value
        return value


_UNMARKED = _Unmarked()


def fold(text: str) -> str:
    """Folded for comparison: "Đồng bào" → "dong bao"."""
    return unicodedata.normalize("NFD", text.casefold().replace("đ", "d")).translate(_UNMARKED)


def syllables(text: str) -> set[str]:
    return set(_WORD.findall(fold(_LINK.sub(r"\1", text))))


def first_paragraph(markdown: str) -> str:
    """The first block of running text: headings, images, tables and HTML are skipped."""
    for block in _blocks(markdown.strip()):
        text = block.strip()
        if text and not text.startswith(_NOT_PROSE):
            return _QUOTE_MARK.sub("", text)
    return ""


def _blocks(markdown: str) -> Iterator[str]:
    """``_BLANK_LINE.split(markdown)`` one block at a time: the first paragraph is near the top."""
    start = 0
    for blank in _BLANK_LINE.finditer(markdown):
        yield markdown[start : blank.start()]
        start = blank.end()
    yield markdown[start:]


def likeness(a: str, b: str) -> float:
    first, second = syllables(a), syllables(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def summary_repeated(summary: str, body: str) -> float | None:
    """The likeness of summary and first paragraph when they are near copies, else None."""
    score = likeness(summary, first_paragraph(body))
    return score if score >= NEAR_COPY else None
