"""Escaping chosen by output type, so no template has to remember it.

- Markdown pages (``*.md.j2``): MkDocs reads our output as Markdown with extensions
  (attribute lists, snippets, tables, admonitions), then prints it as HTML. A plain
  text value is written with every character that HTML or one of those extensions
  reacts to as a numeric character reference: the browser shows it literally and
  Markdown never sees syntax in it.
- Page metadata (front matter): Material prints ``page.meta.title`` and the
  description without escaping, so they are HTML-escaped before MkDocs gets them.
- Editor-written Markdown (``body``): rendered, then cleaned by nh3 to an allowlist of
  tags, attributes and URL schemes, and wrapped so MkDocs passes it through untouched.
- HTML, XML, SSML and SVG templates: Jinja's autoescape (see templating.py).
"""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup, escape

# Characters HTML or a Markdown extension in mkdocs.yml gives a meaning to anywhere in a line
# (links need "[", images "![", attribute lists "{", tables "|", headings' closing "#").
_INLINE_SPECIAL = "&<>\"'\\`*_{}[]#|"
# Control characters HTML and XML cannot carry; newlines are kept as references.
_DROPPED = [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
_MARKDOWN_TABLE: dict[int, str | None] = {ord(c): f"&#{ord(c)};" for c in _INLINE_SPECIAL}
_MARKDOWN_TABLE.update(dict.fromkeys(_DROPPED))
_MARKDOWN_TABLE[0x0A] = "&#10;"  # one source line: a value never starts a Markdown block
_PLAIN = re.compile("[^" + re.escape("".join(chr(c) for c in _MARKDOWN_TABLE)) + "]*")
# What starts a Markdown block when a value begins a line: a code indent, list markers,
# rules and setext underlines, admonitions ("165.000 đồng", "+903", " (dự kiến)" start nothing).
_BLOCK_START = re.compile(r" {0,3}(?:\d+[.)](?=\s|$)|[-+:](?=\s|$)|[-=]+\s*$|!!!)| {4,}|\t+")

# Safe schemes for links anywhere on the site; anything else is dropped.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# What editors' Markdown may produce (no images, frames, forms, scripts or styles).
BODY_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "a", "abbr", "code", "pre", "blockquote", "q", "ul", "ol", "li", "dl", "dt", "dd",
        "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}
BODY_CLASS = "lt-body"


def markdown_text(value: object) -> Markup:
    """Plain text for a generated Markdown page: shown literally, never interpreted."""
    if hasattr(value, "__html__"):
        return Markup(value)
    text = str(value)
    lead = _BLOCK_START.match(text)
    if lead is None and _PLAIN.fullmatch(text):  # most values: nothing to replace (translate is slow)
        return Markup(text)
    start = lead.end() if lead else 0
    head = "".join(f"&#{ord(c)};" for c in text[:start])
    return Markup(head + text[start:].translate(_MARKDOWN_TABLE))


def meta_text(value: object) -> str:
    """A front-matter value MkDocs and Material may print as HTML without escaping."""
    text = " ".join(str(value).translate({c: " " for c in _DROPPED}).split())
    return str(escape(text))


def safe_link(url: str | None) -> str | None:
    """The URL if its scheme is one we link to (http, https, mailto, tel) or it is relative."""
    if not url or (html.unescape(url) != url and safe_link(html.unescape(url)) is None):
        return None  # "&#106;avascript:" is javascript: to whoever prints it unescaped
    # Browsers ignore tabs and newlines inside a URL and spaces around it: so do we.
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("\x00 \x0c")
    if any(ord(c) < 0x20 for c in cleaned):
        return None
    try:
        scheme = urlsplit(cleaned).scheme.lower()
    except ValueError:
        return None
    if scheme:
        return cleaned if scheme in LINK_SCHEMES else None
    # No scheme: a relative link, unless something before the first / ? # still reads as one.
    return None if ":" in re.split(r"[/?#]", cleaned, maxsplit=1)[0] else cleaned


def sanitise_html(html: str) -> str:
    """Editors' HTML reduced to the allowlist: tags, attributes and link schemes."""
    return nh3.clean(
        html,
        tags=set(BODY_TAGS),
        attributes={tag: set(names) for tag, names in BODY_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_PARSERS = threading.local()


def _parser() -> markdown.Markdown:
    """One Markdown parser per thread, reset before each text: making one (loading its
    extensions) cost more than converting a story's body."""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return parser


# A pure function of the text, and the costliest step of building the views (a Markdown
# parser per call): the preview rebuilds every view on each save, and reuses these.
# The cached values are the very strings the views hold, so a build pays no extra memory.
@lru_cache(maxsize=65536)
def render_body(text: str) -> Markup:
    """Editors' Markdown → sanitised HTML, inert to a second Markdown pass.

    MkDocs reads generated pages as Markdown again; one ``<div>`` around the body makes
    it a single raw HTML block, so its text is not parsed a second time (nh3 already
    escaped every ``<`` in it, so no snippet or HTML can appear).
    """
    html = _parser().reset().convert(text)
    clean = sanitise_html(html).strip()
    return Markup(f'<div class="{BODY_CLASS}">\n{clean}\n</div>') if clean else Markup("")
