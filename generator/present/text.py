"""Plain-text helpers shared by the exports: sentences, lists in words, word-boundary trimming, hashtags.

Nothing here ever cuts inside a word: trimming goes back to the last space and ends
with "…", so a post never shows half a Vietnamese syllable.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

ELLIPSIS = "…"
# Punctuation that looks odd right before the ellipsis ("nhà, …").
_TRAILING = " \t\n,;:–—-(“\"'"
# A sentence ends with . ! ? … (optionally closed by a quote or bracket) before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"')\]]?\s+")
# Dots that do not end a sentence: short abbreviations ("TP. Huế", "Th.S Nguyễn") and
# privacy initials ("Chị G. chia sẻ", "H.T.G."), in eye text and spoken text alike.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:TP|Tp|TS|ThS|Th\.S|PGS|GS|BS|ĐT|St|v\.v)\.$")
_INITIALS = re.compile(r"(?<![\w.])(?:[A-ZĐ]\.)+$")


def normalise(text: str) -> str:
    """NFC and single spaces: the form every count and comparison uses."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (kept with their punctuation): posts and SSML use this one."""
    text = normalise(text)
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        piece = text[start:end]
        rest = text[match.end() :]
        if not rest or _ABBREVIATION.search(piece) or _INITIALS.search(text[: match.start()]):
            continue
        if piece.endswith("…") and not rest[0].isupper():
            continue  # "có lương hưu… và thẻ BHYT": a pause inside the sentence
        found.append(piece.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        found.append(tail)
    return found


def join_words(items: list[str], last: str = "và") -> str:
    """ "A, B và C": the one way lists are written in a sentence."""
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def lower_first(text: str) -> str:
    """Mid-sentence form: "Người tham gia BHXH" → "người tham gia BHXH"; "BHXH tỉnh" stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def trim_words(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a space and ended with "…"."""
    text = normalise(text)
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 0)
    cut = text[: room + 1]  # one more: a space right after the room is a clean cut
    space = cut.rfind(" ")
    kept = cut[:space] if space > 0 else ""
    kept = kept.rstrip(_TRAILING)
    return f"{kept}{ELLIPSIS}" if kept else ELLIPSIS


def first_sentences(text: str, limit: int) -> str:
    """Whole sentences up to ``limit`` characters; the first one is trimmed if it alone is longer."""
    parts = sentences(text)
    if not parts:
        return ""
    kept = [parts[0]]
    for part in parts[1:]:
        if len(" ".join([*kept, part])) > limit:
            break
        kept.append(part)
    joined = " ".join(kept)
    return joined if len(joined) <= limit else trim_words(joined, limit)


class _Blocks(HTMLParser):
    """Text of each paragraph or list item of sanitised body HTML."""

    BLOCKS = frozenset({"p", "li", "blockquote"})
    SKIP = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "table", "pre", "figure"})

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._current: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
            self._current = []
        elif tag == "br" and self._current is not None:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(self._skip - 1, 0)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._current is not None and not self._skip:
            self._current.append(data)

    def _flush(self) -> None:
        if self._current is not None:
            text = normalise("".join(self._current))
            if text:
                self.blocks.append(text)
        self._current = None


def html_paragraphs(html: str) -> list[str]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.blocks


def hashtag(text: str) -> str | None:
    """ "lương hưu" → "#lươnghưu": letters and digits only, diacritics kept."""
    word = "".join(ch for ch in normalise(text) if ch.isalnum())
    return f"#{word}" if word and not word.isdigit() else None
