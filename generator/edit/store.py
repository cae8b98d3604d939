"""The editor's backend over the content folder: list, read, save and delete records and media.

Every save goes through the content model: the record is written to a scratch folder,
read by the same loader as `lantoa check` and validated with every other record, and
refused with all of its errors (Vietnamese, by field) if it has any, or if it makes a
new error elsewhere (a story left pointing at a unit renamed away). Only then is the file
written, by atomic rename, where the model says it belongs. The form's values are merged
into the file's text (textmerge.py), so what the editor did not change stays as written.

The form sees each record at ``<section>/<id>.md`` (``cau-chuyen/huy.md``), as front
matter and a body, whatever the real file's folder and format: this module maps those
names to the real files.
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from generator.edit import placement
from generator.edit.guard import MAX_MEDIA_BYTES, Refused, contained
from generator.edit.textmerge import merge_markdown, merge_yaml, split_front_matter
from generator.model import media
from generator.model.approval import check_approval
from generator.model.content import Content
from generator.model.dates import LOCAL_TZ
from generator.model.diagnostics import Diagnostic, Report
from generator.model.filememo import FileMemo
from generator.model.kinds import KINDS, Kind
from generator.model.loader import RECORD_BYTES, find_record_files, load_file
from generator.model.validate import validate
from generator.model.yamlnodes import DuplicateKey, parse_yaml
from generator.model.yamlnodes import Refused as YamlRefused

EDITOR_SUFFIX = ".md"  # what the form's collections read and write: front matter + body
MEDIA_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
AUDIO_SUFFIXES = (".mp3", ".wav", ".ogg", ".flac")


class SaveRefused(Exception):
    """A save the model does not accept: every problem, as `lantoa check` reports them."""

    def __init__(self, problems: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Located:
    kind: Kind
    id: str
    path: PurePosixPath  # inside the content folder


@dataclass
class Saved:
    path: PurePosixPath
    warnings: list[Diagnostic] = field(default_factory=list)
    media: list[PurePosixPath] = field(default_factory=list)


def plain(value: Any) -> Any:
    """Dates as ISO text (the form's date field is text), everything else as it is."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def read_data(text: str, markdown: bool) -> dict | None:
    """A record file's fields (the body of a Markdown file as ``body``), or None if unreadable."""
    front, body = text, ""
    if markdown:
        parts = split_front_matter(text)
        if parts is None:
            return None
        front, body = parts
    try:
        data = parse_yaml(front).data
    except (yaml.YAMLError, DuplicateKey, YamlRefused):
        return None
    if not isinstance(data, dict):
        return None
    if body.strip():
        data["body"] = body.strip("\n")
    return data


def editor_text(data: dict) -> str:
    """A record as the form reads it: front matter, then the body."""
    front = {k: v for k, v in plain(data).items() if k != "body"}
    dumped = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=4096)
    return f"---\n{dumped}---\n{data.get('body') or ''}"


class Store:
    def __init__(self, root: Path, shown_root: str, record_bytes: int = RECORD_BYTES, approval: bool = False):
        self.root = root
        self.shown_root = shown_root
        self.record_bytes = record_bytes
        self.approval = approval  # publishing needs approved: (mkdocs.yml extra.editing)
        self.files = FileMemo()
        self.lock = threading.Lock()  # one save at a time: each validates against the others
        # The last whole-content validation and the folder it saw: a save compares its own
        # validation with it ("errors elsewhere that were not there before") instead of
        # validating the content as it was a second time. Any other change to the folder (a
        # file saved by hand) makes it stale, and it is made again.
        self._known: tuple[tuple, Report] | None = None
        self.validations = 0  # whole-content validations run (tests count them)
        # Parsed fields by path and stat stamp: the form lists every record of a kind often.
        self._parsed: dict[Path, tuple[tuple[int, int, int], dict | None]] = {}

    # --- finding records ---------------------------------------------------------------------
    def kind_for_folder(self, folder: str) -> Kind:
        for kind in KINDS.values():
            if kind.section == folder.strip("/"):
                return kind
        raise Refused(404, f'không có loại bản ghi nào ở "{folder}"')

    def index(self) -> dict[tuple[str, str], PurePosixPath]:
        """(kind, id) → file, for every record file that can be read (valid or not)."""
        found: dict[tuple[str, str], PurePosixPath] = {}
        for path in find_record_files(self.root):
            data = self._data(path)
            if data is None or data.get("kind") not in KINDS:
                continue
            record_id = str(data.get("id") or path.stem)
            found.setdefault((data["kind"], record_id), PurePosixPath(path.relative_to(self.root).as_posix()))
        return found

    def _data(self, path: Path) -> dict | None:
        """A record file's fields (a copy), or None if it cannot be read as a record."""
        try:
            info = path.stat()
        except OSError:
            return None
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        known = self._parsed.get(path)
        if known is None or known[0] != stamp:
            known = (stamp, self._read(path, info.st_size))
            self._parsed[path] = known
        return copy.deepcopy(known[1])

    def _read(self, path: Path, size: int) -> dict | None:
        if size > self.record_bytes:
            return None
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return read_data(text, path.suffix == ".md")

    def locate(self, virtual: str) -> Located | None:
        """The record behind a form path ``<section>/<id>.md``, or None if there is none yet."""
        kind, record_id = self.parse_virtual(virtual)
        path = self.index().get((kind.name, record_id))
        return Located(kind, record_id, path) if path is not None else None

    def parse_virtual(self, virtual: str) -> tuple[Kind, str]:
        posix = PurePosixPath(str(virtual))
        if len(posix.parts) != 2 or posix.suffix != EDITOR_SUFFIX or ".." in posix.parts:
            raise Refused(403, f'đường dẫn "{virtual}" không phải một bản ghi của trình soạn thảo')
        return self.kind_for_folder(posix.parts[0]), posix.stem

    def entries(self, folder: str) -> list[dict]:
        kind = self.kind_for_folder(folder)
        return [
            self._editor_entry(Located(kind, record_id, path))
            for (kind_name, record_id), path in sorted(self.index().items())
            if kind_name == kind.name
        ]

    def entry(self, virtual: str) -> dict:
        found = self.locate(virtual)
        if found is None:
            return {"data": None, "file": {"path": virtual, "id": None}}
        return self._editor_entry(found)

    def _editor_entry(self, found: Located) -> dict:
        real = contained(self.root, found.path.as_posix())
        data = self._data(real) or {}
        data.setdefault("id", found.id)
        data.setdefault("status", "published")  # the form shows the default; saving it adds nothing
        text = editor_text(data)
        virtual = f"{found.kind.section}/{found.id}{EDITOR_SUFFIX}"
        stamp = os.stat(real)
        return {"data": text, "file": {"path": virtual, "id": f"{stamp.st_mtime_ns}-{stamp.st_size}"}}

    # --- saving ------------------------------------------------------------------------------
    def persist(self, virtual: str, raw: str, assets: list[dict], new_entry: bool) -> Saved:
        with self.lock:
            return self._persist(virtual, raw, assets, new_entry)

    def _persist(self, virtual: str, raw: str, assets: list[dict], new_entry: bool) -> Saved:
        kind, proposed_id = self.parse_virtual(virtual)
        data = read_data(raw, markdown=True)
        if data is None:
            raise Refused(400, "nội dung gửi lên không đọc được")
        data = plain(data)
        if data.get("kind") != kind.name:
            raise Refused(400, f"bản ghi phải có kind: {kind.name}")
        record_id = str(data.get("id") or proposed_id)
        index = self.index()
        existing = None if new_entry else index.get((kind.name, proposed_id))
        if (kind.name, record_id) in index and index[(kind.name, record_id)] != existing:
            where = index[(kind.name, record_id)]
            raise SaveRefused([self._problem(kind, record_id, "id", f'mã "{record_id}" đã dùng ở {where}')])
        target = self._target(kind, record_id, data, index, existing)
        original = (
            contained(self.root, existing.as_posix()).read_text(encoding="utf-8-sig") if existing else ""
        )
        # A file may leave out the id its name gives; a new file says it.
        implicit = {"id": target.stem} if existing else {}
        merge = merge_markdown if target.suffix == ".md" else merge_yaml
        text = merge(original, data, kind.record, implicit)
        before = self._current()  # before the uploads land: they change the folder's stamp
        placed = self._place_media(target.parent, kind, assets)
        try:
            warnings, after = self._check(target, text, existing, before)
        except SaveRefused:
            for path in placed:
                (self.root / path).unlink(missing_ok=True)
            raise
        self._write(target, text)
        if existing and existing != target:
            (self.root / existing).unlink(missing_ok=True)
        self._remember(after)
        return Saved(target, warnings, placed)

    def _id_of(self, path: PurePosixPath) -> str:
        data = self._data(self.root / path) or {}
        return str(data.get("id") or path.stem)

    def _problem(self, kind: Kind, record_id: str, field_: str, message: str) -> Diagnostic:
        report = Report()
        report.error(f"{self.shown_root}/{kind.section}/{record_id}", 1, field_, message)
        return report.items[0]

    def _target(
        self,
        kind: Kind,
        record_id: str,
        data: dict,
        index: dict[tuple[str, str], PurePosixPath],
        existing: PurePosixPath | None,
    ) -> PurePosixPath:
        """Where the model says the record belongs; an existing file stays in its own folder
        while that folder is in the right province (teams arrange their folders their way)."""
        units = {record_id: path for (k, record_id), path in index.items() if k == "unit"}
        folder = placement.folder_for(kind, record_id, data, units)
        if existing is not None and existing.parts[0] == folder.parts[0]:
            folder = existing.parent
        suffix = existing.suffix if existing is not None else kind.suffix
        renamed = existing is None or record_id != self._id_of(existing)
        target = folder / (f"{record_id}{suffix}" if renamed else existing.name)
        contained(self.root, target.as_posix())
        return target

    def _check(
        self, target: PurePosixPath, text: str, replaced: PurePosixPath | None, before: Report
    ) -> tuple[list[Diagnostic], Report]:
        """The save's warnings and the validation of the content it makes; SaveRefused with its
        errors, and the new errors it makes elsewhere."""
        shown = f"{self.shown_root}/{target.as_posix()}"
        leaving = {self.root / p for p in (target, replaced) if p is not None}
        after = self._validated(target, text, leaving)
        known = {(d.path, d.field, d.message) for d in before.errors}
        own = [d for d in after.items if d.path == shown]
        elsewhere = [d for d in after.errors if d.path != shown and (d.path, d.field, d.message) not in known]
        if replaced is not None and replaced != target:
            old_shown = f"{self.shown_root}/{replaced.as_posix()}"
            elsewhere = [d for d in elsewhere if d.path != old_shown]
        errors = [d for d in own if not d.warning] + elsewhere
        if errors:
            raise SaveRefused(errors)
        return [d for d in own if d.warning], after

    def prepare(self) -> None:
        """Validate the content as it is now (at start, in the background), so that even the
        first save validates only once."""
        with self.lock:
            self._current()

    def _current(self) -> Report:
        """The validation of the folder as it is: the last one while nothing changed since."""
        state = self._state()
        if self._known is not None and self._known[0] == state:
            return self._known[1]
        report = self._validated(None, None, set())
        self._known = (state, report)
        return report

    def _remember(self, report: Report) -> None:
        """After a write: ``report`` validated exactly what the folder now holds."""
        self._known = (self._state(), report)

    def _state(self) -> tuple:
        """What a validation reads, as a stamp: every file of the content folder by name, size,
        times and inode (as FileMemo knows a changed file), and the day (targets read it)."""
        files = []
        for folder, dirs, names in os.walk(self.root):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                files.append((path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        return (dt.datetime.now(LOCAL_TZ).date(), tuple(files))

    def _validated(self, target: PurePosixPath | None, text: str | None, leaving: set[Path]) -> Report:
        """Every check of `lantoa check` over the folder, with ``target`` holding ``text`` and
        without the files ``leaving``."""
        self.validations += 1
        report = Report()
        self.files.begin(self.root, self.shown_root, self.record_bytes)
        paths = [p for p in find_record_files(self.root) if p not in leaving]
        entries = [e for p in paths if (e := self.files.load(p, report)) is not None]
        if target is not None and text is not None:
            with tempfile.TemporaryDirectory(prefix="lantoa-luu-") as scratch:
                candidate = Path(scratch) / target
                candidate.parent.mkdir(parents=True, exist_ok=True)
                candidate.write_text(text, encoding="utf-8")
                entry = load_file(Path(scratch), self.shown_root, candidate, report, self.record_bytes)
            if entry is not None:
                entries.append(entry)
        content = Content(self.root, self.shown_root, entries, report)
        validate(content, report)
        check_approval(content.entries, self.approval, report)
        return report

    def _write(self, target: PurePosixPath, text: str | bytes) -> None:
        """Write by rename: a reader (the preview, `lantoa check`) sees the old file or the new."""
        path = contained(self.root, target.as_posix())
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=".lantoa-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(scratch, path)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise

    # --- media -------------------------------------------------------------------------------
    def _place_media(self, folder: PurePosixPath, kind: Kind, assets: list[dict]) -> list[PurePosixPath]:
        """Uploaded files of a save, checked, into the record's folder; the paths newly written."""
        placed: list[PurePosixPath] = []
        try:
            for asset in assets:
                path = self._store_media(folder, kind, asset)
                if path is not None:
                    placed.append(path)
        except BaseException:
            for path in placed:
                (self.root / path).unlink(missing_ok=True)
            raise
        return placed

    def _store_media(self, folder: PurePosixPath, kind: Kind, asset: dict) -> PurePosixPath | None:
        name = PurePosixPath(str(asset.get("path") or "")).name
        relative = PurePosixPath(str(asset.get("path") or ""))
        if relative.is_absolute() or ".." in relative.parts or len(relative.parts) > 2:
            raise Refused(403, f'tệp "{asset.get("path")}" ra ngoài thư mục nội dung')
        if relative.parts and relative.parts[0] != kind.section:
            raise Refused(403, f'tệp "{asset.get("path")}" không thuộc bản ghi đang lưu')
        content = decode_media(name, asset)
        target = folder / name
        path = contained(self.root, target.as_posix())
        if path.exists():
            if path.is_file() and path.read_bytes() == content:
                return None  # the same picture again
            raise Refused(409, f'thư mục {folder} đã có tệp "{name}" khác; hãy đổi tên tệp rồi tải lên lại')
        check_media(name, content)
        self._write(target, content)
        return target

    def media_file(self, virtual: str) -> dict:
        """A record's picture for the form's preview: ``<section>/<file>`` as a record names it."""
        posix = PurePosixPath(str(virtual))
        if len(posix.parts) < 2 or ".." in posix.parts or posix.is_absolute():
            raise Refused(403, f'đường dẫn "{virtual}" ra ngoài thư mục nội dung')
        kind = self.kind_for_folder(posix.parts[0])
        name = PurePosixPath(*posix.parts[1:]).as_posix()
        for (kind_name, _), path in sorted(self.index().items()):
            if kind_name != kind.name:
                continue
            candidate = contained(self.root, (path.parent / name).as_posix())
            if candidate.is_file():
                content = candidate.read_bytes()
                return {
                    "id": f"{candidate.stat().st_mtime_ns}",
                    "content": base64.b64encode(content).decode("ascii"),
                    "encoding": "base64",
                    "path": posix.as_posix(),
                    "name": posix.name,
                }
        raise Refused(404, f'không tìm thấy tệp "{name}"')

    # --- deleting ----------------------------------------------------------------------------
    def delete(self, virtual: str) -> PurePosixPath:
        """Remove a record's file, unless another record still needs it (a unit still referenced)."""
        with self.lock:
            found = self.locate(virtual)
            if found is None:
                raise Refused(404, f'không có bản ghi "{virtual}"')
            path = self.root / found.path
            before = self._current()
            after = self._validated(None, None, {path})
            known = {(d.path, d.field, d.message) for d in before.errors}
            new = [d for d in after.errors if (d.path, d.field, d.message) not in known]
            if new:
                raise SaveRefused(new)
            path.unlink()
            self._remember(after)
            return found.path


def decode_media(name: str, asset: dict) -> bytes:
    if not MEDIA_NAME.fullmatch(name) or name.startswith("."):
        raise Refused(400, f'tên tệp "{name}" không dùng được: chỉ chữ không dấu, số, ".", "-" và "_"')
    if not name.lower().endswith(IMAGE_SUFFIXES + AUDIO_SUFFIXES):
        raise Refused(400, f'"{name}": chỉ nhận ảnh JPEG, PNG, WebP hoặc âm thanh MP3, WAV, OGG, FLAC')
    encoded = str(asset.get("content") or "")
    if asset.get("encoding") != "base64" or len(encoded) > MAX_MEDIA_BYTES * 4 // 3 + 4:
        raise Refused(413, f'tệp "{name}" quá lớn (tối đa {MAX_MEDIA_BYTES // 1024 // 1024} MB)')
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise Refused(400, f'tệp "{name}" gửi lên bị hỏng') from None


def check_media(name: str, content: bytes) -> None:
    """Decoded like the build decodes them: an image within the pixel limit, or real audio."""
    with tempfile.TemporaryDirectory(prefix="lantoa-tep-") as scratch:
        path = Path(scratch) / name
        path.write_bytes(content)
        problem = (
            media.image_problem(path) if name.lower().endswith(IMAGE_SUFFIXES) else media.audio_problem(path)
        )
    if problem:
        raise Refused(422, f'"{name}": {problem}')
