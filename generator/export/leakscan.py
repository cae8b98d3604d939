"""The last step of a build: read every file it produced and refuse to publish a leak.

`lantoa check` keeps non-consenting people's full names out of the records; this scan
makes sure that nothing else put one back (a template, a hand-written docs/ page, an
export's own text) and that no draft reached any output. It reads the build's staging
folder before it is swapped in: one hit fails the build and the previous output stays.

What is read: every file's path; the text of HTML, Markdown, JSON, XML, SVG, SSML, TXT,
ICS, CSS and JS files (entities decoded, tags removed, attribute values kept); gzip files
and the Pagefind index (gzip, with its ``pagefind_dcd`` signature); PDF text (poppler's
``pdftotext``, cached by the PDF's hash). Not read: images and audio. The audio is spoken
from the scripts scanned here (``loa/*.txt``, ``*.ssml``), and the social cards are drawn
from the same texts as the posts scanned beside them.

What is looked for: the full name of everyone with ``consent: false`` (compared in
``privacy.fold`` form, so spacing, case, accents and invisible characters do not hide it),
and every draft's, example's and waiting record's (``cho-duyet``) id, the names of its files,
and its title when that has three words or more. A draft's id or title that a published record
also uses is not evidence and is skipped. Then every figure only an example record makes
(``present/examples.py``: amounts with a made-up provincial top-up, a made-up target),
where no digit touches it. In the same pass, the text a reader sees (HTML without
attributes and scripts, PDF text, scripts, posts) is checked for markup residue
(``residue.py``): escapes, front-matter keys, template syntax, unresolved placeholders.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import html
import os
import posixpath
import re
import subprocess
import zlib
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path

from generator.export import namespaces, output, residue
from generator.export.output import Cache
from generator.export.workers import start_method
from generator.export.workspace import read_record, write_record
from generator.model.content import Content
from generator.model.diagnostics import BuildError
from generator.model.kinds import KINDS
from generator.model.loader import Entry
from generator.model.privacy import (
    GatedTerms,
    PhraseMatcher,
    consenting_keys,
    fold,
    protected_people,
    string_fields,
    words,
)
from generator.present import catalogue, urls
from generator.present.examples import example_figures

# fmt: off
NOT_READ = frozenset({  # images, audio, fonts: their file names are read, not their bytes
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".bmp", ".tif", ".tiff",
    ".mp3", ".wav", ".ogg", ".oga", ".m4a", ".aac", ".flac", ".woff", ".woff2", ".ttf", ".otf", ".eot",
})
_INLINE = frozenset({  # tags that may split a word: removed without a gap
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
})
# fmt: on
PAGEFIND_SIGNATURE = b"pagefind_dcd"
PDF_TEXT = "pdftext"  # the cache namespace; its code (this module's) also keys the verdicts
DRAFT_TITLE_MIN_WORDS = 3
SHOWN_AT_MOST = 20
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^<>]*>|<!--.*?-->", re.DOTALL)
_ATTRIBUTE = re.compile(r"""=\s*(?:"([^"<>]*)"|'([^'<>]*)')""")
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")


class LeakFound(BuildError):
    """The build's output holds a protected name, a draft, an example or markup residue."""


@dataclass(frozen=True)
class Leak:
    file: str  # relative to the output folder
    what: str  # Vietnamese: what leaked, and where it is declared
    residue: bool = False  # markup residue rather than something not to be published


@dataclass
class Terms:
    """What must not appear, compiled once for the whole scan."""

    phrases: PhraseMatcher  # folded: protected names, long draft titles
    ids: GatedTerms | None  # raw text: draft ids and their files' names
    id_labels: dict[str, str]
    paths: dict[str, str]  # output path (or folder prefix ending in /) of a draft → label
    digest: str = ""  # of everything looked for in text: a file found clean stays clean for it
    figures: GatedTerms | None = None  # raw text: figures only an example record makes
    figure_labels: dict[str, str] = field(default_factory=dict)
    written: frozenset[str] = frozenset()  # residue-like text the editors wrote (residue.written)

    def in_text(self, text: str) -> list[str]:
        found = [self._phrase_label(key) for key in self.phrases.find_folded(fold(text))]
        if self.ids is not None:
            found += [self.id_labels[m] for m in dict.fromkeys(self.ids.findall(text))]
        if self.figures is not None:
            found += [f'số "{m}": {self.figure_labels[m]}' for m in self.figures.findall(text)]
        return found

    def in_path(self, rel: str) -> list[str]:
        found = [self._phrase_label(key) for key in self.phrases.find(rel)]
        # the file itself, then each folder holding it ("a/b/c.html": "a/", "a/b/"): one lookup
        # per folder, not one comparison per draft path
        prefixes = [rel[: i + 1] for i, char in enumerate(rel) if char == "/"]
        found += [self.paths[path] for path in (rel, *prefixes) if path in self.paths]
        return found

    def _phrase_label(self, key: str) -> str:
        return self.phrases.labels[key][0]


def terms_for(content: Content, on: dt.date | None = None) -> Terms:
    """Protected names, drafts and examples of this content, as the scan looks for them;
    ``on``: the build date (the figures an example would make are computed for it too)."""
    public = [entry for entry in content.entries if entry.record.public]
    published_text = "\n".join(item.value for entry in public for item in string_fields(entry.record))
    published_folded = fold(published_text)
    published_ids = {entry.id for entry in public}
    namesakes = consenting_keys(public)  # printed for a consenting person of that name
    phrases: list[tuple[str, str]] = [
        (key, f'họ tên "{person.name}" của người chưa đồng ý nêu tên (khai ở {person.declared_at})')
        for person in protected_people(content.entries)
        if (key := " ".join(words(person.name))) not in namesakes
    ]
    drafts = [entry for entry in content.entries if not entry.record.public]  # and examples
    # A draft id that published text also uses (a common word) is no evidence of a leak.
    used = set(_id_terms(entry.id for entry in drafts).findall(published_text))
    phrase_titles = PhraseMatcher((t, None) for e in drafts if (t := _draft_title(e)))
    used_titles = set(phrase_titles.find_folded(published_folded))
    ids: dict[str, str] = {}
    paths: dict[str, str] = {}
    for entry in drafts:
        label = _unpublished_label(entry)
        title = _draft_title(entry)
        long_title = title and len(fold(title).split()) >= DRAFT_TITLE_MIN_WORDS
        if long_title and " ".join(fold(title).split()) not in used_titles:
            phrases.append((title, f'tiêu đề "{title}" của {label}'))
        if entry.id not in published_ids and entry.id not in used:
            ids[entry.id] = f'mã "{entry.id}" của {label}'
        for path in _draft_paths(entry):
            paths[path] = f"tệp của {label}"
            name = posixpath.basename(path.rstrip("/"))
            ids.setdefault(name, f'tên tệp "{name}" của {label}')
    figures = example_figures(content, on)
    written = residue.written([published_text])
    # Files found clean are read again when the terms or the code that reads files change.
    digest = output.digest(
        namespaces.code(PDF_TEXT),
        sorted(key for key, _ in phrases),
        sorted(ids),
        sorted(figures),
        sorted(written),
    )
    return Terms(
        PhraseMatcher(phrases),
        _id_terms(ids) if ids else None,
        ids,
        paths,
        digest,
        _figure_terms(figures) if figures else None,
        figures,
        written,
    )


def _id_terms(terms: Iterable[str]) -> GatedTerms:
    """Ids and file names, found where no letter, digit or hyphen touches them."""
    return GatedTerms(terms, boundary="[A-Za-z0-9-]", word="[A-Za-z0-9]+")


def _figure_terms(terms: Iterable[str]) -> GatedTerms:
    """Figures ("99.000"), found where no digit touches them, nor a separator before a digit
    ("1.099.000" does not hold 99.000; "99.000." at the end of a sentence does)."""
    return GatedTerms(terms, boundary="[0-9]|[.,][0-9]", word="[0-9]+")


def _unpublished_label(entry: Entry) -> str:
    """How the scan names a record no build publishes: a draft, one waiting for approval, an example."""
    status = entry.record.status
    if status == "cho-duyet":
        return f"bản chờ duyệt {entry.id} ({entry.shown}, status: cho-duyet)"
    if status != "published":
        return f"bản nháp {entry.id} ({entry.shown}, status: draft)"
    return f"ví dụ minh họa {entry.id} ({entry.shown}, example: true)"


def _draft_title(entry: Entry) -> str | None:
    return getattr(entry.record, "title", None) or getattr(entry.record, "name", None)


def _draft_paths(entry: Entry) -> list[str]:
    """Where a draft's page, media and files would be if it were published."""
    kind, id_ = entry.kind, entry.id
    if kind not in KINDS:
        return []
    found = [urls.page(kind, id_), posixpath.dirname(urls.media(kind, id_, "x")) + "/"]
    if kind == "statistic":
        found.append(urls.chart(id_))
    found += [item.path for item in catalogue.planned(kind, id_)]
    return found


# --- reading the outputs ---------------------------------------------------------------------


def readable_text(path: Path, rel: str) -> str | None:
    """The text a reader (or a search engine) gets from a non-PDF output file; None: not read."""
    suffix = path.suffix.lower()
    if suffix in NOT_READ:
        return None
    return _readable(_decoded(path), suffix)


def _decoded(path: Path) -> str:
    """A file's text as it is written (gzip opened, the Pagefind signature removed)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # gzip: sitemap.xml.gz, the Pagefind index
        with suppress(OSError, EOFError, zlib.error):  # not gzip after all: read as it is
            data = gzip.decompress(data)
        data = data.removeprefix(PAGEFIND_SIGNATURE)
    return data.decode("utf-8", errors="replace")


def _readable(text: str, suffix: str) -> str:
    """Entities and escapes decoded, tags removed, attribute values kept: all a machine reads."""
    if suffix == ".ics":
        text = _ICS_FOLD.sub("", text).replace("\\n", " ").replace("\\N", " ")
        text = text.replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        attributes = [a or b for a, b in _ATTRIBUTE.findall(text)]
        text = _TAG.sub(_tag_gap, text) + "\n" + "\n".join(attributes)
    return text


def _tag_gap(match: re.Match[str]) -> str:
    """Inline tags (<b>, <span>) join what they split; block tags separate."""
    name = (match.group(2) or "").lower()
    return "" if name in _INLINE else " "


def pdf_text(path: Path, cache: Cache) -> str:
    """The text of a PDF as pdftotext reads it; cached by the PDF's hash."""
    text_file = cache.make(PDF_TEXT, cache.key(PDF_TEXT, path), ".txt", partial(_pdftotext, path))
    return text_file.read_text(encoding="utf-8", errors="replace")


def _pdftotext(pdf: Path, target: Path) -> None:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), str(target)], capture_output=True, text=True
    )
    if result.returncode:
        raise LeakFound(f"không đọc được chữ trong {pdf.name} để dò rò rỉ: {result.stderr.strip()}")


def _files(root: Path) -> Iterator[tuple[Path, str]]:
    base = os.fspath(root)
    for folder, _dirs, names in os.walk(base):
        inside = os.path.relpath(folder, base)  # once per folder, not per file
        prefix = "" if inside == "." else inside.replace(os.sep, "/") + "/"
        for name in names:
            yield Path(folder, name), prefix + name


def _scan_file(path: Path, rel: str, terms: Terms, cache: Cache, clean: Clean) -> list[Leak]:
    found = terms.in_path(rel)
    if path.suffix.lower() in NOT_READ:
        return [Leak(rel, what) for what in dict.fromkeys(found)]
    identities = clean.identities(path)
    residues: list[str] = []
    if any(identity in clean.before for identity in identities):
        clean.now.update(identities)  # the same bytes: this inode is clean too
    else:
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            text = seen = pdf_text(path, cache)
        else:
            raw = _decoded(path)
            text, seen = _readable(raw, suffix), residue.readable(suffix, raw)
        text_found = terms.in_text(text) if text else []
        residues = residue.residue_in(seen, terms.written) if seen else []
        if not text_found and not residues:
            clean.now.update(identities)
        found += text_found
    leaks = [Leak(rel, what) for what in dict.fromkeys(found)]
    return leaks + [Leak(rel, what, residue=True) for what in residues]


@dataclass
class Clean:
    """Files whose text a previous scan into the same out found clean, for the same terms.

    A file linked from elsewhere (into the cache, the kept HTML or search index: files nobody
    rewrites, a build writes new inodes) is known by its inode, size and modification time,
    so it is not even read again; any file, that one too when its inode is new (Pagefind
    writes every file of an index again, most with the same bytes), by a hash of its bytes.
    """

    memo: Path | None
    terms: str
    before: set[str] = field(default_factory=set)
    now: set[str] = field(default_factory=set)

    def identities(self, path: Path) -> list[str]:
        """By inode when the file is linked and that is known, else (too) by its bytes."""
        info = path.stat()
        if info.st_nlink > 1:
            inode = f"{path.suffix}:{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}"
            if inode in self.before:
                return [inode]
            return [inode, self.by_bytes(path)]
        return [self.by_bytes(path)]

    @staticmethod
    def by_bytes(path: Path) -> str:
        return f"{path.suffix}:{hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()}"

    @classmethod
    def load(cls, memo: Path | None, terms: str) -> Clean:
        record = read_record(memo, terms) or {}
        return cls(memo, terms, set(record.get("clean", [])))

    def save(self) -> None:
        if self.memo is not None:
            write_record(self.memo, self.terms, clean=sorted(self.now))


def scan(
    root: Path,
    content: Content,
    cache: Cache,
    jobs: int = 1,
    memo: Path | None = None,
    on: dt.date | None = None,
) -> list[Leak]:
    """Every leak (and markup residue) in the output folder ``root``, in path order; ``memo``
    keeps what was clean; ``on``: the build date."""
    terms = terms_for(content, on)
    clean = Clean.load(memo, terms.digest)
    files = sorted(_files(root), key=lambda item: item[1])
    if jobs > 1 and len(files) - len(clean.before) > PROCESSES_FROM:
        leaks = _scan_in_processes(files, terms, cache, clean, jobs)
    else:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:  # pdftotext runs beside
            results = pool.map(lambda item: _scan_file(item[0], item[1], terms, cache, clean), files)
            leaks = [leak for leaks in results for leak in leaks]
    if not leaks:
        clean.save()  # the files of this output found clean, and only those
    return leaks


# Files not known clean from which a scan reads in several processes: reading and folding text
# is Python work that holds the GIL (20,000 new pages took four minutes in one process).
PROCESSES_FROM = 2_000
CHUNKS_PER_PROCESS = 4


def _scan_in_processes(
    files: list[tuple[Path, str]], terms: Terms, cache: Cache, clean: Clean, jobs: int
) -> list[Leak]:
    count = jobs * CHUNKS_PER_PROCESS
    chunks = [files[i::count] for i in range(count)]  # interleaved: big and small files in each
    before = frozenset(clean.before)
    with ProcessPoolExecutor(jobs, mp_context=start_method()) as pool:
        results = list(pool.map(_scan_chunk, chunks, repeat(terms), repeat(cache), repeat(before)))
    leaks: list[Leak] = []
    for found, now in results:
        leaks += found
        clean.now.update(now)
    return sorted(leaks, key=lambda leak: leak.file)  # path order; stable within a file


def _scan_chunk(
    files: list[tuple[Path, str]], terms: Terms, cache: Cache, before: frozenset[str]
) -> tuple[list[Leak], set[str]]:
    """In a worker process: the leaks of ``files`` and the identities found clean."""
    clean = Clean(None, "", set(before))
    leaks = [leak for path, rel in files for leak in _scan_file(path, rel, terms, cache, clean)]
    return leaks, clean.now


def check_outputs(
    root: Path,
    content: Content,
    cache: Cache,
    jobs: int = 1,
    memo: Path | None = None,
    on: dt.date | None = None,
) -> None:
    """Raise LeakFound, naming each file and what leaked (or what residue it holds), if any."""
    found = scan(root, content, cache, jobs, memo, on)
    if not found:
        return
    parts = []
    leaks = [leak for leak in found if not leak.residue]
    if leaks:
        heading = f"kết quả dựng để lộ thông tin không được công bố ({len(leaks)} chỗ):"
        parts.append(heading + "\n" + _listed(leaks))
    residues = [leak for leak in found if leak.residue]
    if residues:
        parts.append(
            f"chữ người đọc thấy còn dấu vết mã chưa xử lý ({len(residues)} chỗ):\n" + _listed(residues)
        )
    raise LeakFound(
        "\n".join(parts)
        + "\nKhông công bố gì. Sửa bản ghi, trang viết tay trong docs/ hoặc mẫu đã đưa những chỗ đó vào."
    )


def _listed(leaks: list[Leak]) -> str:
    lines = [f"  {leak.file}: {leak.what}" for leak in leaks[:SHOWN_AT_MOST]]
    if len(leaks) > SHOWN_AT_MOST:
        lines.append(f"  … và {len(leaks) - SHOWN_AT_MOST} chỗ khác")
    return "\n".join(lines)
