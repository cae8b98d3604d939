"""Markup residue: pieces of templates, front matter or code that reached a reader's text.

A page that prints ``title: "Nh\\u00e0 …"`` or ``lantoa_search: false`` above its heading,
a leaflet with ``{{ v.title }}``, a post with ``[[muc-dong-thap-nhat]]`` or ``None`` is broken
however true its figures are. The leak scan (``leakscan.py``) reads every output once and
asks this module, in the same pass, about what a reader sees: the visible text of HTML
(not its attributes, scripts or styles), the text of PDFs, loudspeaker scripts and posts.

What the editors wrote themselves is printed as written (README: "viết `{{ }}` thì trang hiện
đúng `{{ }}`"), so a piece that also stands in a public record's text is not residue — except a
placeholder the build knows, which it must have replaced. Template syntax is compared by its
opening delimiter: a script speaks "{{ 7*7 }}" as "{{ bảy*bảy }}" and a leaflet may cut it, so
content that holds ``{{`` itself leaves that delimiter unchecked (the sample holds none).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from generator.model.placeholders import placeholders, problem

_JINJA = re.compile(r"\{\{.{0,80}?\}\}|\{%.{0,80}?%\}|\{\{|\{%", re.DOTALL)
_PLACEHOLDER = re.compile(r"\[\[[^\[\]\n]{0,80}\]\]")
# What a reader must never see, each with what it most likely is (Vietnamese, in the error).
RESIDUE = (
    (re.compile(r"\\u[0-9a-fA-F]{4}"), "mã thoát \\uXXXX (chữ chưa giải mã, như khối front matter in ra)"),
    (re.compile(r"\blantoa_[a-z_]+"), "khóa lantoa_… của front matter"),
    (_JINJA, "cú pháp mẫu Jinja chưa xử lý"),
    (_PLACEHOLDER, "chỗ giữ số liệu [[…]] chưa thay"),
    # "nan" is a Vietnamese word too: "nan giải", "nan hoa", "nan tre"
    (
        re.compile(r"(?<![\w-])(?:None|NaN|undefined|nan(?!\s+(?:giải|hoa|tre|nứa)))(?![\w-])"),
        "giá trị trống của chương trình",
    ),
)
READ_AS_TEXT = frozenset({".txt", ".ssml"})  # loudspeaker scripts and posts
_HIDDEN = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_INLINE = re.compile(r"</?(?:a|b|em|strong|span|small|i|code|abbr|sub|sup|mark)\b[^<>]*>", re.IGNORECASE)
SHOWN = 40  # characters of the residue quoted in the error


def _same(piece: str) -> str:
    """A piece as compared: spacing and line breaks do not count (PDF text breaks lines)."""
    return " ".join(piece.split())


def written(texts: Iterable[str]) -> frozenset[str]:
    """The residue-like pieces the editors wrote in public records: printed as written."""
    found: set[str] = set()
    for text in texts:
        for pattern, _what in RESIDUE:
            for match in pattern.finditer(text):
                piece = match.group(0)
                if pattern is _PLACEHOLDER and not any(problem(p) for p in placeholders(piece)):
                    continue  # a placeholder the build knows: never printed as it is written
                found.add(piece[:2] if pattern is _JINJA else _same(piece))
    return frozenset(found)


def visible_html(text: str) -> str:
    """The text a reader sees in an HTML page: no head, scripts, styles or attribute values."""
    text = _HIDDEN.sub(" ", text)
    text = _INLINE.sub("", text)  # inline tags join what they split
    return html.unescape(_TAG.sub(" ", text))


def residue_in(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """Each kind of residue in ``text``, once: what it is and where it stands ("…" around it);
    ``allowed``: what the editors wrote themselves (``written``)."""
    found = []
    for pattern, what in RESIDUE:
        for match in pattern.finditer(text):
            piece = match.group(0)
            if (piece[:2] if pattern is _JINJA else _same(piece)) in allowed:
                continue
            start = max(match.start() - 12, 0)
            around = " ".join(text[start : match.end() + 12].split())[:SHOWN]
            found.append(f"{what}: “{around}”")
            break
    return found


def readable(suffix: str, text: str) -> str | None:
    """What of a file's text is checked for residue; None: a file kind not checked."""
    if suffix in (".html", ".htm"):
        return visible_html(text)
    if suffix in READ_AS_TEXT or suffix == ".pdf":
        return text
    return None
