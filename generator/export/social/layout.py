"""Fitting text into a box on a card: the largest size that wraps inside it.

Lines break at spaces only. When even the smallest allowed size does not fit, the
text is cut after the last whole word that fits and ends with "…" — the caller
reports it, so an editor can shorten the title rather than discover it on Facebook.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageDraw, ImageFont

from generator.present.text import ELLIPSIS

# Line pitch in font sizes: a descender (g, ặ) never touches the stacked marks of the
# line below (Ễ reaches 1.06 em above the baseline in Noto Sans, ặ 0.21 em below).
LINE_SPACING = 1.28


@dataclass(frozen=True)
class Fitted:
    """Text laid out in a box: lines to draw at one font size."""

    lines: tuple[str, ...]
    font_path: str
    size: int
    line_height: int  # pitch between baselines, px
    height: int  # from the top of the first line's ascent to the bottom of the last descent
    width: int  # of the widest line
    truncated: bool

    @property
    def font(self) -> ImageFont.FreeTypeFont:
        return font(self.font_path, self.size)


@lru_cache(maxsize=512)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def _metrics(path: str, size: int, spacing: float) -> tuple[int, int]:
    """(line pitch, ascent + descent) at a size."""
    ascent, descent = font(path, size).getmetrics()
    return round(size * spacing), ascent + descent


def _length(path: str, size: int, text: str) -> float:
    return font(path, size).getlength(text)


def wrap(words: list[str], path: str, size: int, width: int) -> list[str] | None:
    """Greedy wrap at spaces; None when one word alone is wider than the box."""
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if _length(path, size, candidate) <= width:
            line = candidate
            continue
        if _length(path, size, word) > width:
            return None
        lines.append(line)
        line = word
    if line:
        lines.append(line)
    return lines


def _block_height(count: int, pitch: int, extent: int) -> int:
    return (count - 1) * pitch + extent if count else 0


def _result(lines: list[str], path: str, size: int, spacing: float, truncated: bool) -> Fitted:
    pitch, extent = _metrics(path, size, spacing)
    width = max((round(_length(path, size, line)) for line in lines), default=0)
    return Fitted(tuple(lines), path, size, pitch, _block_height(len(lines), pitch, extent), width, truncated)


def fit_text(
    text: str,
    font_path: Path | str,
    box: tuple[int, int],
    min_size: int,
    max_size: int,
    spacing: float = LINE_SPACING,
    max_lines: int | None = None,
) -> Fitted:
    """The largest size in [min_size, max_size] at which the wrapped text fits the box."""
    path = str(font_path)
    width, height = box
    words = unicodedata.normalize("NFC", text).split()
    if not words:
        return _result([], path, max_size, spacing, False)
    for size in range(max_size, min_size - 1, -1):
        lines = wrap(words, path, size, width)
        if lines is None or (max_lines and len(lines) > max_lines):
            continue
        pitch, extent = _metrics(path, size, spacing)
        if _block_height(len(lines), pitch, extent) <= height:
            return _result(lines, path, size, spacing, False)
    return _truncate(words, path, min_size, width, height, spacing, max_lines)


def _truncate(
    words: list[str], path: str, size: int, width: int, height: int, spacing: float, max_lines: int | None
) -> Fitted:
    """At the smallest size: whole words while they fit, then "…"."""
    pitch, extent = _metrics(path, size, spacing)
    room = max((height - extent) // pitch + 1, 1) if height >= extent else 1
    if max_lines:
        room = min(room, max_lines)
    lines: list[list[str]] = [[]]
    cut = False
    for word in words:
        line = lines[-1]
        if _length(path, size, " ".join([*line, word])) <= width:
            line.append(word)
            continue
        if _length(path, size, word) > width or len(lines) == room:
            cut = True  # an unbreakable word, or no line left: stop before it
            break
        lines.append([word])
    if not cut:
        return _result([" ".join(line) for line in lines], path, size, spacing, False)
    last = lines[-1]
    while last and _length(path, size, " ".join(last) + ELLIPSIS) > width:
        last.pop()
    if not last and len(lines) > 1:
        lines.pop()
        last = lines[-1]
        while last and _length(path, size, " ".join(last) + ELLIPSIS) > width:
            last.pop()
    texts = [" ".join(line) for line in lines]
    texts[-1] = (texts[-1].rstrip(",;:–-") + ELLIPSIS).strip()
    return _result([t for t in texts if t], path, size, spacing, True)


def draw_fitted(
    draw: ImageDraw.ImageDraw,
    fitted: Fitted,
    x: int,
    y: int,
    fill: tuple[int, int, int],
    align_width: int | None = None,
    align: str = "left",
) -> None:
    """Draw lines from (x, y) = top-left of the first line's ascent."""
    face = fitted.font
    for index, line in enumerate(fitted.lines):
        left = x
        if align_width is not None and align != "left":
            spare = align_width - face.getlength(line)
            left = x + round(spare if align == "right" else spare / 2)
        draw.text((left, y + index * fitted.line_height), line, font=face, fill=fill, anchor="la")
