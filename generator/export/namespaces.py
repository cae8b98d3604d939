"""Every namespace of the cache, and the code part of its keys, derived rather than remembered.

A namespace names the modules that produce its entries. The code part of each of its keys
is a hash of those modules and of every project module they import (the import graph, as
grimp computes it for import-linter: lazy and type-only imports count), of the tables of
generator/data/ those modules name, of the templates they read and of the versions and data
files of the tools they run. Changing any line any of them can execute, a table, a template,
a font or a voice makes new keys: no version to bump, no file list to keep. The cache
refuses a namespace that is not registered here.

To add a namespace: one line in ``REGISTRY`` (its producing modules, template folders,
tools); then key its entries with ``Cache.key(name, …inputs…)``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]  # generator/


@dataclass(frozen=True)
class Namespace:
    producers: tuple[str, ...]  # modules (or packages) whose code makes the entries
    templates: tuple[str, ...] = ()  # folders (or single files) of generator/templates/ they read
    tools: tuple[str, ...] = ()  # names in TOOLS


_PDF = ("weasyprint", "fonts")
_SPEECH = ("espeak-ng", "sox", "lame", "piper")
_CARDS = ("pillow", "matplotlib", "fonts")
_LEAFLET, _SOCIAL = "generator.export.leaflet", "generator.export.social"
_BROADCAST = "generator.export.broadcast"
REGISTRY: dict[str, Namespace] = {
    # A leaflet's HTML → its PDF (and its fitting note): the fitting code, WeasyPrint, fonts.
    "leaflet": Namespace((f"{_LEAFLET}.render",), tools=_PDF),
    # A description of a leaflet's template inputs → its PDF's key: everything the templates call.
    "leaflet-plan": Namespace((_LEAFLET,), ("leaflet", "charts", "preview-stamp.css"), ("jinja2", *_PDF)),
    "leaflet-photo": Namespace((f"{_LEAFLET}.media",), tools=("pillow",)),
    "leaflet-qr": Namespace((f"{_LEAFLET}.qr",), tools=("segno",)),
    # Statistic charts, one entry for the site and the leaflets.
    "chart": Namespace(("generator.export.charts",), ("charts",), ("jinja2",)),
    # Share cards (PNG; statistic cards draw charts) and post texts.
    "social": Namespace((f"{_SOCIAL}.cards", f"{_SOCIAL}.exporter"), ("social",), _CARDS),
    # A card's inputs → its key and the parts that had to be cut.
    "social-plan": Namespace((_SOCIAL,), ("social",), _CARDS),
    # Announcer text and SSML of a script.
    "script": Namespace((_BROADCAST,), ("broadcast",), ("jinja2",)),
    # A template's eye text → its spoken parts (the normaliser).
    "spoken": Namespace((f"{_BROADCAST}.spokenmemo", f"{_BROADCAST}.script")),
    "broadcast-sheet": Namespace(
        (f"{_BROADCAST}.sheet",), ("broadcast", "preview-stamp.css"), ("jinja2", *_PDF)
    ),
    # One paragraph's speech, one jingle, one MP3 joined from them (or a human recording).
    "speech": Namespace((f"{_BROADCAST}.audio",), tools=_SPEECH),
    "jingle": Namespace((f"{_BROADCAST}.audio",), tools=_SPEECH),
    "audio": Namespace((f"{_BROADCAST}.pieces", f"{_BROADCAST}.audio"), tools=_SPEECH),
    # A human recording's length and its joinable piece (issue 22), by the file's bytes.
    "recording": Namespace((f"{_BROADCAST}.recorded",), tools=_SPEECH),
    # A bilingual bulletin's MP3, joined from speech and recording pieces (keyed by theirs).
    "bilingual-audio": Namespace((f"{_BROADCAST}.pieces", f"{_BROADCAST}.recorded"), tools=_SPEECH),
    # The bilingual announcer sheet: Vietnamese paragraphs, each followed by its translation.
    "bilingual-sheet": Namespace(
        (f"{_BROADCAST}.sheet",), ("broadcast", "preview-stamp.css"), ("jinja2", *_PDF)
    ),
    # A Markdown page of the site by a description of its template inputs.
    "page": Namespace(("generator.export.site.pages",), ("site",), ("jinja2",)),
    # What the leak scan reads of a PDF.
    "pdftext": Namespace(("generator.export.leakscan",), tools=("pdftotext",)),
}


class UnregisteredNamespace(KeyError):
    """A cache use under a name REGISTRY does not know: its keys would not follow the code."""


def namespace(name: str) -> Namespace:
    if name not in REGISTRY:
        raise UnregisteredNamespace(name)
    return REGISTRY[name]


def code(name: str) -> str:
    """The code part of every key of namespace ``name``: its modules, templates and tools."""
    from generator.present.templating import templates_hash

    found = namespace(name)
    return f"{_modules_and_tools(found)} " + " ".join(templates_hash(folder) for folder in found.templates)


@cache
def _modules_and_tools(found: Namespace) -> str:
    # Cached for the process: the code it runs is the code it loaded when it started.
    digest = hashlib.sha256()
    for module in sorted(modules(found.producers)):
        source = module_file(module).read_bytes()
        digest.update(f"{module}\0".encode())
        digest.update(source)
        for data in data_files(source):
            digest.update(f"{data.name}\0".encode() + data.read_bytes())
    for tool in found.tools:
        digest.update(f"{tool}={TOOLS[tool]()}\0".encode())
    return digest.hexdigest()[:32]


@cache
def _graph() -> object:
    import grimp

    return grimp.build_graph(PACKAGE.name, cache_dir=None)  # no cache folder: a build writes nowhere


def modules(producers: tuple[str, ...]) -> set[str]:
    """The producing modules (a package: all of it) and every project module they import."""
    graph = _graph()
    found: set[str] = set()
    for producer in producers:
        found |= {producer, *graph.find_descendants(producer)}  # type: ignore[attr-defined]
        found |= graph.find_upstream_modules(producer, as_package=True)  # type: ignore[attr-defined]
    return found


def module_file(module: str) -> Path:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


DATA = PACKAGE / "data"  # tables the code reads (abbreviations, vocabulary): part of its code


def data_files(source: bytes) -> list[Path]:
    """The files of generator/data/ that a module reads: those its ``source`` names."""
    return [path for path in sorted(DATA.iterdir()) if path.is_file() and path.name.encode() in source]


# --- tools -----------------------------------------------------------------------------------


def versions(*names: str) -> str:
    """The installed versions of Python packages ("jinja2=3.1.6 markupsafe=3.0.2"; "-": none)."""
    return " ".join(f"{name}={_installed(name)}" for name in names)


def _installed(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _program(name: str, *flags: str, data: Callable[[], list[Path]] = list) -> Callable[[], str]:
    """A program's version (what it prints), its file, and the data files it reads."""

    def identity() -> str:
        found = shutil.which(name)
        if found is None:
            return "-"
        try:
            done = subprocess.run([found, *flags], capture_output=True, text=True, timeout=30)
            printed = (done.stdout + done.stderr).strip().splitlines()[:1]
        except (OSError, subprocess.SubprocessError):
            printed = []
        return f"{printed} {stat_print([Path(found).resolve(), *data()])}"

    return identity


@cache
def espeak_data() -> list[Path]:
    """espeak-ng's voice data (dictionaries, phonemes), where it says it is."""
    try:
        printed = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    except OSError:
        return []
    folder = printed.partition("Data at:")[2].strip()
    return [Path(folder)] if folder else []


def font_files() -> list[Path]:
    """The fonts every PDF and card is set in (fontconfig's choice), with those of the villages'
    scripts (Tai Viet) the bilingual leaflets and sheets fall back to."""
    from generator.present.fonts import FAMILY, SERIF, font_file, tai_viet_file

    try:
        return [
            *(font_file(family, bold) for family in (FAMILY, SERIF) for bold in (False, True)),
            tai_viet_file(),
        ]
    except FileNotFoundError:  # no fonts: nothing a build could make with them either
        return []


TOOLS: dict[str, Callable[[], str]] = {
    "weasyprint": partial(versions, "weasyprint", "pydyf", "tinycss2", "cssselect2"),
    "pillow": partial(versions, "pillow"),
    "matplotlib": partial(versions, "matplotlib"),
    "segno": partial(versions, "segno"),
    "jinja2": partial(versions, "jinja2", "markupsafe"),
    "fonts": lambda: stat_print(font_files()),
    "espeak-ng": _program("espeak-ng", "--version", data=espeak_data),
    "sox": _program("sox", "--version"),
    "lame": _program("lame", "--version"),
    "piper": _program("piper", "--version"),
    "pdftotext": _program("pdftotext", "-v"),
}


def tool_files() -> list[Path]:
    """Data files the tools read, for "nothing to do" (uptodate.py)."""
    return [*espeak_data(), *font_files()]


def stat_print(paths: list[Path]) -> str:
    """Name, size, modification time and inode of every file at or under ``paths``."""
    digest = hashlib.sha256()
    for path in paths:
        digest_files(digest, path)
    return digest.hexdigest()[:32]


def digest_files(digest: Any, path: Path, suffix: str = "", by_bytes: frozenset[str] = frozenset()) -> None:
    """Add to ``digest`` the ``suffix`` files at or under ``path`` by name, size, modification
    time and inode (a saved or rewritten file changes at least one), or by their bytes for the
    names (relative to ``path``) in ``by_bytes``. Bytecode folders are skipped: they follow the
    sources. Cheap: one stat a file, nothing read but ``by_bytes``."""
    walked = [(str(path.parent), [path.name])] if not path.is_dir() else _walk(path)
    for folder, names in walked:
        for name in sorted(n for n in names if n.endswith(suffix)):
            full = os.path.join(folder, name)
            if os.path.relpath(full, path) in by_bytes:
                digest.update(f"{full}:".encode() + Path(full).read_bytes())
                continue
            try:
                info = os.stat(full)
            except OSError:  # a dangling link: its name is enough
                digest.update(f"{full}:-\n".encode())
                continue
            digest.update(f"{full}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}\n".encode())


def _walk(folder: Path) -> list[tuple[str, list[str]]]:
    found = []
    for dirpath, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.append((dirpath, names))
    return found
