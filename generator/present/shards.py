"""Shards: which team's part of the site a record belongs to (``lantoa build --only``).

A part is a province folder of the content (``stories/quang-ngai/``): the team that writes
a folder builds its records' pages and exports. Everything else — records of
``stories/toan-quoc/`` (or the content root), the home page, the index pages, the search
page, the calculator, the theme's assets — is the national part, ``toan-quoc``. Each record
belongs to exactly one part, so the union of every part's output is the whole site.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model.content import NATIONWIDE_FOLDER, Content
from generator.model.loader import Entry
from generator.model.records import Record, Unit

NATIONAL = NATIONWIDE_FOLDER  # the national part: shared pages and nationwide records
INDEX_PREFIX = "pagefind"  # a part's search index: pagefind/ (national) or pagefind-<part>/


@dataclass(frozen=True)
class Part:
    id: str  # the folder name: the province unit's id, as in its URL (noi-dung/don-vi/<id>/)
    name: str  # "Quảng Ngãi" (the national part: "Toàn quốc (phần chung)")
    code: str | None  # the province's official code, when its unit record gives one
    abolished: bool = False  # a province merged away (valid_until), whose old code may be reused

    @property
    def described(self) -> str:
        """ "quang-ngai (Quảng Ngãi, mã 51)": how an error lists it."""
        extra = f", mã {'cũ ' if self.abolished else ''}{self.code}" if self.code else ""
        return f"{self.id} ({self.name}{extra})"


@dataclass(frozen=True)
class Shard:
    """What one build makes: every part (the whole site) or the parts named by ``--only``."""

    parts: frozenset[str] | None = None  # None: the whole site, one search index

    @property
    def whole(self) -> bool:
        return self.parts is None

    @property
    def national(self) -> bool:
        """Whether this build makes the shared pages (home, indexes, search, assets)."""
        return self.parts is None or NATIONAL in self.parts

    def includes(self, part: str) -> bool:
        return self.parts is None or part in self.parts

    @property
    def named(self) -> list[str]:
        """The parts named, national first, then provinces in name order (empty for the whole)."""
        return sorted(self.parts or (), key=lambda p: (p != NATIONAL, p))


WHOLE = Shard()


def part_of(entry: Entry[Record]) -> str:
    """The part a record belongs to: its province folder, else the national part."""
    return entry.folder if entry.folder and entry.folder != NATIONAL else NATIONAL


def part_of_province(content: Content, province: str | None) -> str:
    """The part of something derived for a province (its policy change): the province unit's."""
    entry = content.get(Unit, province) if province else None
    return part_of(entry) if entry is not None else NATIONAL


def search_index(part: str) -> str:
    """The folder of a part's Pagefind index in the output: pagefind/ or pagefind-<part>/."""
    return f"{INDEX_PREFIX}/" if part == NATIONAL else f"{INDEX_PREFIX}-{part}/"


def parts(content: Content) -> list[Part]:
    """Every part of the content: the national part, then each province folder holding records."""
    folders = sorted({part_of(e) for e in content.entries} - {NATIONAL})
    found = [Part(NATIONAL, "phần chung toàn quốc", None)]
    for folder in folders:
        unit = content.get(Unit, folder)
        record = unit.record if unit is not None else None
        if record is None:
            found.append(Part(folder, folder, None))
        else:
            found.append(Part(folder, record.name, record.code, record.valid_until is not None))
    return found


class UnknownPart(ValueError):
    """A name given to --only that is no part of the content (the message is for the editors)."""


def choose(content: Content, names: Iterable[str]) -> Shard:
    """The shard of the parts named: ids (``quang-ngai``), province names (``Quảng Ngãi``)
    or official codes (``51``; a code a current and an abolished province share is the
    current one's). Raises UnknownPart naming the valid choices."""
    known = parts(content)
    chosen: set[str] = set()
    for name in names:
        part = _find(known, name.strip())
        if part is None:
            raise UnknownPart(_unknown(known, name.strip(), content.shown_root))
        chosen.add(part.id)
    if not chosen:
        raise UnknownPart(_unknown(known, "", content.shown_root))
    return Shard(frozenset(chosen))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def _find(known: list[Part], name: str) -> Part | None:
    by_id = {p.id: p for p in known}
    if name in by_id:
        return by_id[name]
    by_code = [p for p in known if p.code and p.code == name.lstrip("0").zfill(len(p.code))]
    if by_code:
        return by_code[0] if len(by_code) == 1 else _current(by_code)
    slug = _slug(name)
    return by_id.get(slug) or next((p for p in known if _slug(p.name) == slug), None)


def _current(candidates: list[Part]) -> Part | None:
    """Of provinces sharing a code (Bắc Giang's old 24 is Bắc Ninh's now), the one still existing."""
    current = [p for p in candidates if not p.abolished]
    return current[0] if len(current) == 1 else None


def _unknown(known: list[Part], name: str, root: str) -> str:
    choices = ", ".join(p.described for p in known)
    folder = root.rstrip("/") + "/"
    said = f'--only: không có tỉnh "{name}" trong {folder}' if name else "--only: cần ít nhất một tỉnh"
    close = difflib.get_close_matches(_slug(name), [p.id for p in known], n=1) if name else []
    hint = f' Có phải ý bạn là "{close[0]}"?' if close else ""
    return f"{said}.{hint} Chọn một hoặc nhiều, cách nhau bằng dấu phẩy: {choices}"
