"""Read record files (YAML, or Markdown with YAML front matter) into typed entries."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError

from generator.model import hygiene
from generator.model.diagnostics import Report, did_you_mean
from generator.model.kinds import KINDS
from generator.model.media import inside
from generator.model.records import Record
from generator.model.yamlnodes import DuplicateKey, Parsed, Refused, join, parse_yaml

RECORD_SUFFIXES = (".yaml", ".yml", ".md")
RECORD_BYTES = 2 * 1024 * 1024  # default limit of one record file (mkdocs.yml extra.limits.record_bytes)
_GUESS_BYTES = 64 * 1024  # how much of an unreadable file to search for its id
# Set (to 1) by the test suite: a warning about a field the record class does not have
# raises instead of quietly pointing at the nearest line.
STRICT_FIELDS_ENV = "LANTOA_STRICT_FIELDS"
_FIELD_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)")


class UnknownField(ValueError):
    """A field path, used in a diagnostic, that the record's class does not have."""


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([a-z0-9-]+)", re.M)
OUTSIDE_RECORD = (
    "tệp bản ghi là liên kết (symlink) tới ngoài thư mục nội dung: không đọc, không xuất bản; "
    "hãy chép tệp vào thư mục nội dung"
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n?", re.S | re.M)


@dataclass(frozen=True, eq=False)
class Entry[R: Record]:
    """One valid record, with where it came from: ``Entry[Story]`` holds a Story."""

    record: R
    id: str
    path: Path  # inside the content folder, e.g. quang-ngai/son-tinh/huy.yaml
    shown: str  # as the user opens it: the content folder given on the command line + path
    lines: dict[str, int] = field(repr=False)

    @property
    def kind(self) -> str:
        return self.record.kind

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def folder(self) -> str:
        """The province folder the file sits in."""
        return self.path.parts[0] if len(self.path.parts) > 1 else ""

    def line(self, dotted: str) -> int:
        if os.environ.get(STRICT_FIELDS_ENV) == "1" and not known_field(type(self.record), dotted):
            raise UnknownField(f"{type(self.record).__name__} has no field {dotted!r}")
        return nearest_line(self.lines, dotted)

    def text_fields(self) -> list[tuple[str, str]]:
        """(dotted path, text) of every text value the editors wrote, in file order."""
        return _text_fields(self.record.model_dump(exclude={"kind", "id", "status"}, warnings=False))


def _text_fields(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _text_fields(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list | tuple):
        return [f for i, v in enumerate(value) for f in _text_fields(v, f"{path}[{i}]")]
    return []


def narrow[R: Record](entry: Entry[Record], record_class: type[R]) -> Entry[R] | None:
    """The entry typed by its record class (``Entry[Unit]``), or None when it holds another kind."""
    return cast("Entry[R]", entry) if isinstance(entry.record, record_class) else None


def find_record_files(root: Path) -> list[Path]:
    """Record files under root, sorted; hidden and _private folders and files are skipped."""
    # os.walk with pruning: rglob + relative_to cost a second on 10,000 records.
    files = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith((".", "_"))]
        for name in filenames:
            if (
                name.endswith(RECORD_SUFFIXES)
                and not name.startswith((".", "_"))
                and name.lower() != "readme.md"
                and os.path.isfile(full := os.path.join(folder, name))
            ):
                files.append(Path(full))
    return sorted(files)


def load_file(
    root: Path, shown_root: str, path: Path, report: Report, record_bytes: int = RECORD_BYTES
) -> Entry[Record] | None:
    relative = Path(*path.parts[len(root.parts) :])  # path is root / ..., see find_record_files
    shown = str(Path(shown_root) / relative)
    if not inside(root, path):
        report.error(shown, 1, "-", OUTSIDE_RECORD)
        report.unloaded.add(f"*/{path.stem}")
        return None
    parsed = _parse(path, shown, report, record_bytes)
    data = parsed.data if parsed else None
    kind = data.get("kind") if isinstance(data, dict) else None
    if parsed is None or not isinstance(data, dict) or not isinstance(kind, str) or kind not in KINDS:
        report.unloaded.update(f"*/{id_}" for id_ in _guess_ids(path))
    if parsed is None:
        return None
    if data is None:
        report.error(shown, 1, "-", "tệp rỗng: mỗi tệp cần một bản ghi có trường kind")
        return None
    if not isinstance(data, dict):
        report.error(shown, 1, "-", "tệp phải là một bản ghi dạng khóa: giá trị")
        return None
    if not isinstance(kind, str) or kind not in KINDS:
        where = parsed.lines.get("kind", 1)
        hint = did_you_mean(str(kind), tuple(KINDS)) if kind else ""
        message = (
            f'loại bản ghi "{kind}" không hợp lệ; chọn một trong: {", ".join(KINDS)}.{hint}'
            if kind
            else f"thiếu trường bắt buộc; chọn một trong: {', '.join(KINDS)}"
        )
        report.error(shown, where, "kind", message)
        return None
    data.setdefault("id", path.stem)
    bad = list(hygiene.problems(data))
    for dotted, message in bad:
        report.error(shown, nearest_line(parsed.lines, dotted), dotted, message)
    try:
        record = KINDS[kind].record.model_validate(data)
    except ValidationError as exc:
        report_validation(exc, parsed.lines, shown, KINDS[kind].record, report, skip={d for d, _ in bad})
        report.unloaded.add(f"{kind}/{data['id']}")
        return None
    if bad:
        report.unloaded.add(f"{kind}/{data['id']}")
        return None
    return Entry(record, record.id or path.stem, relative, shown, parsed.lines)


def _guess_ids(path: Path) -> set[str]:
    """Ids a file that could not be read probably has: its name and any `id:` line near the top."""
    try:
        with path.open("rb") as file:
            text = file.read(_GUESS_BYTES).decode("utf-8", "replace")
    except OSError:
        return {path.stem}
    return {path.stem, *_ID_LINE.findall(text)}


def _read(path: Path, shown: str, report: Report, record_bytes: int) -> bytes | None:
    """The file's bytes, or None (reported) when it is larger than a record can be."""
    too_big = (
        f"tệp quá lớn (hơn {_size(record_bytes)}); một bản ghi không cần lớn như vậy, hãy kiểm tra lại tệp"
    )
    try:
        if path.stat().st_size > record_bytes:
            report.error(shown, 1, "-", too_big)
            return None
        with path.open("rb") as file:
            raw = file.read(record_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        report.error(shown, 1, "-", f"không đọc được tệp ({exc.strerror or exc})")
        return None
    if len(raw) > record_bytes:
        report.error(shown, 1, "-", too_big)
        return None
    return raw


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:g} MB".replace(".", ",")
    return f"{count / 1024:g} KB".replace(".", ",") if count >= 1024 else f"{count} byte"


def _parse(path: Path, shown: str, report: Report, record_bytes: int = RECORD_BYTES) -> Parsed | None:
    raw = _read(path, shown, report, record_bytes)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(shown, line, "-", "tệp không phải UTF-8; hãy mở và lưu lại với mã hóa UTF-8")
        return None
    text = unicodedata.normalize("NFC", text)
    control = list(hygiene.control_characters(text))
    if control:
        _report_control(control, text, path, shown, report)
        return None
    try:
        if path.suffix == ".md":
            return _parse_markdown(text, shown, report)
        return parse_yaml(text)
    except DuplicateKey as dup:
        report.error(shown, dup.line, dup.key, f"khai báo hai lần (lần đầu ở dòng {dup.first_line})")
    except Refused as refused:
        report.error(shown, refused.line, refused.field, refused.message)
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote or bracket is found only lines later: point at where it opened.
        opened = exc.context and any(what in exc.context for what in _OPENERS)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + (1 if path.suffix == ".md" else 0)
        last = text.count("\n") + 1  # the parser's end of a cut file lies past its last line
        message = f"lỗi cú pháp YAML: {_syntax_message(exc.problem or str(exc))}"
        report.error(shown, min(line, last), "-", message)
    except yaml.YAMLError as exc:
        report.error(shown, 1, "-", f"lỗi cú pháp YAML: {exc}")
    return None


def _report_control(found: list[tuple[int, str]], text: str, path: Path, shown: str, report: Report) -> None:
    """Each control character at its own line, naming the field when the rest of the file parses."""
    cleaned = hygiene.without_control_characters(text)
    try:
        parsed = _parse_markdown(cleaned, shown, Report()) if path.suffix == ".md" else parse_yaml(cleaned)
    except (yaml.YAMLError, DuplicateKey, Refused):
        parsed = None
    # Fields in the order they are written: the character belongs to the last one starting at or
    # before its line (a block of text runs over the lines below its key).
    written = enumerate(parsed.lines.items()) if parsed else iter(())
    starts = sorted((line, order, dotted) for order, (dotted, line) in written)
    for line, char in dict(reversed(found)).items():  # the first of each line
        owner = [dotted for start, _, dotted in starts if start <= line]
        report.error(
            shown,
            line,
            (owner[-1] if owner else "") or "-",
            f"có ký tự điều khiển {hygiene.describe(char)} (không nhìn thấy); hãy xóa nó",
        )


_OPENERS = ("quoted scalar", "flow sequence", "flow mapping", "simple key")
# PyYAML's problems, in the words of an editor who made them.
_SYNTAX = {
    "mapping values are not allowed": 'dấu ":" không dùng được ở đây; giá trị có dấu hai chấm '
    "phải đặt trong ngoặc kép, hoặc thụt lề chưa đều",
    "found unexpected end of stream": "dấu ngoặc kép mở ở dòng này chưa được đóng",
    "did not find expected ',' or ']'": 'danh sách [...] mở ở dòng này thiếu dấu "," hoặc "]"',
    "did not find expected ',' or '}'": 'nhóm {...} mở ở dòng này thiếu dấu "," hoặc "}"',
    "could not find expected ':'": 'thiếu dấu ":" sau tên trường',
    "did not find expected '-' indicator": 'thụt lề chưa đều trong danh sách (mỗi mục bắt đầu bằng "-")',
    "did not find expected key": "thụt lề chưa đều, hoặc có chữ thừa sau giá trị trong ngoặc kép",
    "cannot start any token": "có ký tự không được đứng đầu giá trị (phím Tab, @, `, %); "
    "thụt lề bằng dấu cách, đặt giá trị trong ngoặc kép",
    "tab character": "thụt lề bằng phím Tab; hãy dùng dấu cách",
    "found undefined alias": 'giá trị bắt đầu bằng "*" phải đặt trong ngoặc kép',
}


def _syntax_message(problem: str) -> str:
    for english, vietnamese in _SYNTAX.items():
        if english in problem:
            return vietnamese
    return problem


def _parse_markdown(text: str, shown: str, report: Report) -> Parsed | None:
    match = _FRONT_MATTER.match(text)
    if not match:
        report.error(shown, 1, "-", 'tệp .md phải mở đầu bằng phần khai báo giữa hai dòng "---"')
        return None
    parsed = parse_yaml(match.group(1), line_offset=1)
    rest = text[match.end() :]
    body = rest.strip()
    if isinstance(parsed.data, dict) and body:
        if "body" in parsed.data:
            line = parsed.lines["body"]
            report.error(shown, line, "body", "đã có nội dung bên dưới phần khai báo; bỏ trường body")
            return None
        parsed.data["body"] = body
        skipped = rest[: len(rest) - len(rest.lstrip())]  # blank lines before the body
        parsed.lines["body"] = text[: match.end()].count("\n") + skipped.count("\n") + 1
    return parsed


_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_type": "phải là chữ",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_type": "phải là số",
    "float_parsing": "phải là số",
    "finite_number": "phải là một số (không phải vô cực hay NaN)",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là danh sách (mỗi mục một dòng bắt đầu bằng -)",
    "model_type": "phải là nhóm trường (khóa: giá trị)",
    "model_attributes_type": "phải là nhóm trường (khóa: giá trị)",
    "dict_type": "phải là nhóm trường (khóa: giá trị)",
}


def _message(error: dict[str, Any], field_name: str, model: type) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "lantoa":
        return str(error["msg"])
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, error["loc"])
        return f"trường không được hỗ trợ.{did_you_mean(field_name, allowed)}"
    if kind in ("too_long", "string_too_long") and isinstance(error.get("input"), str):
        return f"dài {len(error['input'])} ký tự, tối đa {ctx.get('max_length')}"
    if kind in ("too_long", "string_too_long"):
        return f"có {ctx.get('actual_length', '?')} mục, tối đa {ctx.get('max_length')}"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục"
    if kind == "literal_error":
        choices = tuple(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        hint = did_you_mean(str(error.get("input")), choices)
        return f'giá trị "{error.get("input")}" không hợp lệ; chọn một trong: {", ".join(choices)}.{hint}'
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limits = {
            "greater_than_equal": "ít nhất",
            "less_than_equal": "nhiều nhất",
            "greater_than": "lớn hơn",
            "less_than": "nhỏ hơn",
        }
        bound = next(iter(ctx.values()), "?")
        return f"giá trị {error.get('input')} không hợp lệ: phải {limits[kind]} {bound}"
    return _MESSAGES.get(kind, f"giá trị không hợp lệ ({error['msg']})")


def _allowed_fields(model: type, loc: tuple) -> tuple[str, ...]:
    """Field names of the (nested) model the unknown key sits in."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        current = _model_of(info.annotation) if info else None
    return tuple(getattr(current, "model_fields", {}) or ())


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def report_validation(
    exc: ValidationError,
    lines: dict[str, int],
    shown: str,
    model: type,
    report: Report,
    skip: set[str] | frozenset[str] = frozenset(),
    prefix: str = "",
) -> None:
    """Each pydantic error as `shown:LINE: field: message`; ``prefix`` is where the model's data sits
    in the file (``extra`` in mkdocs.yml), ``skip`` fields already reported."""
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        dotted = prefix
        for part in loc:
            dotted = join(dotted, part)
        if dotted in skip:
            continue  # its characters or number are already reported
        field_name = str(loc[-1]) if loc else "-"
        if error["type"] == "extra_forbidden":
            line = lines.get(dotted, 1)
        elif error["type"] == "missing":
            parent = dotted.rpartition(".")[0] if "." in dotted else ""
            line = lines.get(parent, 1) if parent else 1
        else:
            line = nearest_line(lines, dotted)
        report.error(shown, line, dotted or "-", _message(error, field_name, model))


def known_field(model: type, dotted: str) -> bool:
    """Whether ``dotted`` names a field of ``model``: "quote.by", "people[0].born", "-" (whole file)."""
    if dotted == "-":
        return True
    current: Any = model
    parts = dotted.split(".")
    for depth, part in enumerate(parts):
        match = _FIELD_PART.fullmatch(part)
        fields = getattr(current, "model_fields", None)
        if match is None or fields is None or match.group(1) not in fields:
            return False
        annotation = fields[match.group(1)].annotation
        if (
            match.group(2)
            and getattr(annotation, "__origin__", None) is None
            and _model_of(annotation) is None
        ):
            return False  # an index into a value that is not a list
        current = _model_of(annotation)
        if current is None and depth < len(parts) - 1:
            # Keys inside a mapping value (a policy value by group: "values[0].value.ho-ngheo").
            return annotation is Any or getattr(annotation, "__origin__", None) is dict
    return True


def nearest_line(lines: dict[str, int], dotted: str) -> int:
    """Line of a field, else of its nearest enclosing value that has one."""
    probe = dotted
    while probe:
        if probe in lines:
            return lines[probe]
        shorter = re.sub(r"(\.[^.\[]+|\[\d+\])$", "", probe)
        if shorter == probe:  # a top-level field the file does not have (e.g. an id from the name)
            break
        probe = shorter
    return 1
