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

NEAR_COPY = 0.40
_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_NOT_PROSE = ("#", "!", "|", "<", "```", "---", "***")


def fold(text: str) -> str:
    """Folded for comparison: "Đồng bào" → "dong bao"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def syllables(text: str) -> set[str]:
    return set(_WORD.findall(fold(_LINK.sub(r"\1", text))))


def first_paragraph(markdown: str) -> str:
    """The first block of running text: headings, images, tables and HTML are skipped."""
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        text = block.strip()
        if text and not text.startswith(_NOT_PROSE):
            return re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
    return ""


def likeness(a: str, b: str) -> float:
    first, second = syllables(a), syllables(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def summary_repeated(summary: str, body: str) -> float | None:
    """The likeness of summary and first paragraph when they are near copies, else None."""
    score = likeness(summary, first_paragraph(body))
    return score if score >= NEAR_COPY else None
