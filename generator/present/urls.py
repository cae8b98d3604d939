"""Every page and file path of the site, built in one place.

Paths are relative to the output folder (``site/``), with ``/`` separators, so the
same value serves the manifest, the pages' links and the QR codes.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache

from generator.model.kinds import KINDS

GENERATED_DIR = "noi-dung"  # generated pages, beside the hand-written ones in the docs MkDocs reads
# Pages and files of what the build derives rather than reads (not record kinds).
DERIVED_SECTIONS = {"announcement": "thong-bao", "progress": "tien-do"}
LEAFLETS, LOUDSPEAKER, SOCIAL, CALENDARS = "to-roi", "loa", "mang-xa-hoi", "lich"
LEAFLET_SUFFIX = {
    "a5": "a5",
    "a5-large": "a5-chu-lon",
    "a5-bilingual": "a5-song-ngu",  # Vietnamese, then the story's first approved translation
    "a4": "a4",
    "a4-large": "a4-chu-lon",
    "talking-points": "doi-thoai",
    "rate-table": "bang-muc-dong",
    "bhyt-table": "bang-bhyt-ho-gia-dinh",
    "progress-sheet": "tien-do",
}


CALCULATOR = f"{GENERATED_DIR}/may-tinh.md"  # the calculator page (docs source of calculator())
POLICY_INDEX = f"{GENERATED_DIR}/chinh-sach/index.md"  # every policy record
POLICY_JSON = "chinh-sach/chinh-sach.json"  # the policy timeline the calculator page reads
CALCULATOR_ASSETS = ("assets/calculator.css", "assets/calculator.js")
SEARCH_INDEXES = "tim-kiem/chi-muc.json"  # the provinces' search indexes the search page merges
SEARCH_ABBREVIATIONS = "tim-kiem/viet-tat.json"  # abbreviations the search page reads both ways


def _section(kind: str) -> str:
    """The kind's folder, from the registry of kinds ("cau-chuyen"), or of a derived page."""
    return KINDS[kind].section if kind in KINDS else DERIVED_SECTIONS[kind]


def page_source(kind: str, id_: str) -> str:
    """The generated Markdown file, relative to docs/."""
    return f"{GENERATED_DIR}/{_section(kind)}/{id_}.md"


def page(kind: str, id_: str) -> str:
    return f"{GENERATED_DIR}/{_section(kind)}/{id_}/"


def translation_source(kind: str, id_: str, lang: str) -> str:
    """A translation's own page (Markdown, relative to docs/): beside the record's, one folder down."""
    return f"{GENERATED_DIR}/{_section(kind)}/{id_}/{lang.lower()}.md"


def translation_page(kind: str, id_: str, lang: str) -> str:
    """``noi-dung/cau-chuyen/<id>/blt/``: indexed by Pagefind under its own language."""
    return f"{page(kind, id_)}{lang.lower()}/"


def listing(*parts: str) -> str:
    """A generated index page's Markdown file: listing("nam", "2025") → noi-dung/nam/2025.md."""
    return f"{GENERATED_DIR}/{'/'.join(parts)}.md"


def source_to_page(source: str) -> str:
    """docs-relative Markdown path → its URL path (directory URLs)."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def calculator() -> str:
    """The calculator page (contribution, pension, household BHYT)."""
    return f"{GENERATED_DIR}/may-tinh/"


def chart(id_: str) -> str:
    return f"{GENERATED_DIR}/{_section('statistic')}/{id_}.svg"


def media(kind: str, id_: str, file: str) -> str:
    """A record's image, copied beside the generated pages.

    ``file`` is the path the editor wrote; a short hash of it keeps "a/anh.jpg" and
    "b/anh.jpg" of one record apart, and the file name stays readable.
    """
    digest = hashlib.sha256(file.encode("utf-8")).hexdigest()[:8]
    return f"{media_folder(kind, id_)}{digest}-{_url_safe(posixpath.basename(file))}"


def media_folder(kind: str, id_: str) -> str:
    """The folder of one record's images."""
    return f"{GENERATED_DIR}/media/{_section(kind)}/{id_}/"


def _url_safe(name: str) -> str:
    """ "Ảnh bà Lan (1).JPG" → "anh-ba-lan-1.jpg": nothing a URL or a file system minds."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9.]+", "-", plain)).strip("-.") or "tep"


def leaflet(kind: str, id_: str, variant: str) -> str:
    return f"{LEAFLETS}/{_section(kind)}/{id_}-{LEAFLET_SUFFIX[variant]}.pdf"


def script(kind: str, id_: str, ext: str) -> str:
    """ext: txt (announcer), ssml, pdf (announcer sheet), mp3 (audio)."""
    return f"{LOUDSPEAKER}/{_section(kind)}/{id_}.{ext}"


def bilingual_script(kind: str, id_: str, lang: str, ext: str, translation_only: bool = False) -> str:
    """A bilingual bulletin in ``lang`` (issue 22): mp3, or pdf (its announcer sheet); or the
    translation read alone (mp3)."""
    which = "chi-ban-dich" if translation_only else "song-ngu"
    return f"{LOUDSPEAKER}/{_section(kind)}/{id_}-{which}-{lang.lower()}.{ext}"


def social(kind: str, id_: str, variant: str) -> str:
    """variant: facebook, zalo (text) or card (PNG)."""
    if variant == "card":
        return f"{SOCIAL}/{_section(kind)}/{id_}.png"
    return f"{SOCIAL}/{_section(kind)}/{id_}-{variant}.txt"


def calendar(id_: str) -> str:
    return f"{CALENDARS}/{id_}.ics"


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


@lru_cache(maxsize=1 << 16)  # every page links to the same few dozen places
def relative(from_page: str, target: str) -> str:
    """Link from a page URL (``a/b/``) to a site path, as a relative URL."""
    base = from_page if from_page.endswith("/") else posixpath.dirname(from_page) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel
