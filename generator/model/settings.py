"""Site-wide settings from ``mkdocs.yml`` (``site_url`` and ``extra:``), checked like records.

``extra:`` is read with the records' YAML reader (lines kept; Material's
``!!python/name:`` tags read as text) and validated by strict pydantic models, so a
typo or a wrong type is ``mkdocs.yml:LINE: extra.speech.rate: message``, never a
traceback or a silent default. An unknown key is an error with a did-you-mean,
except Material's own ``extra`` keys (``MATERIAL_EXTRA``), which are passed through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from generator.model import hygiene
from generator.model.diagnostics import BuildError, Diagnostic, Report
from generator.model.loader import RECORD_BYTES, nearest_line, report_validation
from generator.model.yamlnodes import SETTINGS_LIMITS, DuplicateKey, Refused, parse_yaml

CONFIG_FILE = "mkdocs.yml"
# Keys Material for MkDocs itself reads under extra: (https://squidfunk.github.io/mkdocs-material/).
MATERIAL_EXTRA = ("alternate", "analytics", "consent", "generator", "homepage", "social", "status", "tags")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise PydanticCustomError("lantoa", f'màu "{value}" không hợp lệ; viết dạng #RRGGBB, ví dụ "#0b5ea8"')
    return value


Colour = Annotated[str, AfterValidator(_colour)]


class _Section(BaseModel):
    """One group of settings: unknown keys are errors; an empty value means the default."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _empty_is_default(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class ContactSettings(_Section):
    phone: str = "1900 9068"
    address: str = ""
    hours: str = ""
    website: str = ""


class SpeechSettings(_Section):
    region: Literal["bac", "nam"] = "bac"
    rate: Annotated[int, Field(ge=80, le=300)] = 160  # syllables per minute (speech.md)
    engine: Literal["espeak-ng", "piper"] = "espeak-ng"
    voice: str | None = None
    jingle_intro: str | None = None
    jingle_outro: str | None = None
    abbreviations: str | None = None
    # Bilingual bulletins (issue 22): also the translation's recordings alone, without the Vietnamese.
    translation_only: bool = False


class ColourSettings(_Section):
    primary: Colour | None = None
    accent: Colour | None = None
    text: Colour | None = None
    background: Colour | None = None


class LimitSettings(_Section):
    # The smallest record is a few hundred bytes; 50 MB is past anything a person writes.
    record_bytes: Annotated[int, Field(ge=4096, le=50 * 1024 * 1024)] = RECORD_BYTES


class EditingSettings(_Section):
    require_approval: bool = False  # a published record needs approved: {by, date}


class ProgressSettings(_Section):
    """Progress against targets (present/progress.py)."""

    stale_months: Annotated[int, Field(ge=1, le=36)] = 3  # a latest result older than this is flagged
    social: bool = False  # a share card and post per province when a new result arrives


class ExtraSettings(_Section):
    organisation: str = "Bảo hiểm xã hội Việt Nam"
    contact: ContactSettings = ContactSettings()
    speech: SpeechSettings = SpeechSettings()
    colours: ColourSettings = ColourSettings()
    limits: LimitSettings = LimitSettings()
    editing: EditingSettings = EditingSettings()
    progress: ProgressSettings = ProgressSettings()

    @model_validator(mode="before")
    @classmethod
    def _material_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if key not in MATERIAL_EXTRA}
        return data


# A setting that names a file the build reads: typed Path, made absolute at load, and watched by
# "nothing to do" (uptodate.py) through ``input_files`` — a new file setting declares it here.
INPUT_FILE = {"input_file": True}


@dataclass(frozen=True)
class Contact:
    organisation: str
    phone: str
    address: str
    hours: str
    website: str


@dataclass(frozen=True)
class Speech:
    region: str = "bac"
    rate: int = 160  # syllables per minute (speech.md)
    engine: str = "espeak-ng"
    voice: str | None = None  # engine voice or model file (Piper .onnx), as written
    jingle_intro: Path | None = field(default=None, metadata=INPUT_FILE)
    jingle_outro: Path | None = field(default=None, metadata=INPUT_FILE)
    # The team's extra abbreviation table; Piper's model file (``voice`` when the engine is piper).
    abbreviations: Path | None = field(default=None, metadata=INPUT_FILE)
    voice_file: Path | None = field(default=None, metadata=INPUT_FILE)
    translation_only: bool = False  # bilingual bulletins: also the translation read alone


@dataclass(frozen=True)
class Limits:
    record_bytes: int = RECORD_BYTES  # a larger record file is refused unread


# Hosts that are nobody's site: while site_url names one, every printed QR code and card would
# send readers nowhere, so PDFs and cards are stamped as previews and --publish refuses.
PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net", "localhost", "127.0.0.1")
PREVIEW_STAMP = "BẢN XEM TRƯỚC"
PREVIEW_CSS = "preview-stamp.css"  # the stamp on every page of a PDF (templates/, shared by the PDFs)


def placeholder_url(url: str) -> bool:
    """Whether ``url`` is only a stand-in (empty, example.org/com, localhost, 127.0.0.1)."""
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return not host or any(host == name or host.endswith("." + name) for name in PLACEHOLDER_HOSTS)


@dataclass(frozen=True)
class Progress:
    stale_months: int = 3
    social: bool = False


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    site_name: str
    site_url: str
    docs_dir: Path
    contact: Contact
    speech: Speech
    colours: dict[str, str] = field(default_factory=dict)
    raw_extra: dict[str, Any] = field(default_factory=dict)
    limits: Limits = Limits()
    site_url_line: int = 1  # where mkdocs.yml sets site_url (1 when it does not)
    site_url_given: str = ""  # as written there ("" when missing)
    require_approval: bool = False  # extra.editing.require_approval
    progress: Progress = field(default_factory=lambda: Progress())

    @property
    def config_file(self) -> Path:
        return self.project_dir / CONFIG_FILE

    @property
    def preview(self) -> bool:
        """site_url is a placeholder: PDFs and cards say "BẢN XEM TRƯỚC", --publish refuses."""
        return placeholder_url(self.site_url_given)

    def publish_problem(self) -> Diagnostic | None:
        """Why this project cannot be published as it is (`lantoa build --publish`), or None."""
        if not self.preview:
            return None
        given = self.site_url_given.strip()
        what = f'"{given}" chỉ là địa chỉ giữ chỗ' if given else "chưa có địa chỉ trang web"
        return Diagnostic(
            str(self.config_file),
            self.site_url_line,
            "site_url",
            f"{what}: mã QR và đường dẫn in trên tờ rơi, bảng mức đóng, ảnh chia sẻ sẽ trỏ tới "
            "trang không có thật và không sửa được sau khi in. Ghi địa chỉ thật nơi trang được đăng "
            "(https://…) rồi dựng lại; bỏ --publish để dựng bản xem trước",
        )


def input_files(value: object) -> Iterator[Path]:
    """Every file the settings name (the fields declared with INPUT_FILE), absolute."""
    for item in fields(value) if is_dataclass(value) and not isinstance(value, type) else ():
        found = getattr(value, item.name)
        if item.metadata.get("input_file") and found is not None:
            yield found
        elif is_dataclass(found):
            yield from input_files(found)


def _path(base: Path, value: str | None) -> Path | None:
    """A file named in the settings, relative to the project (or absolute): absolute."""
    return (base / value).resolve() if value else None


def read_settings(project_dir: Path = Path(".")) -> tuple[Settings, Report]:
    """The project's settings and every problem in them; invalid parts fall back to defaults."""
    report = Report()
    config_file = project_dir / CONFIG_FILE
    shown = str(config_file)
    config, lines = _read_config(config_file, shown, report)
    raw = config.get("extra")
    extra = ExtraSettings()
    if raw is not None and not isinstance(raw, dict):
        report.error(shown, lines.get("extra", 1), "extra", "phải là nhóm trường (khóa: giá trị)")
    elif raw is not None:
        bad = [(f"extra.{dotted}", message) for dotted, message in hygiene.problems(raw)]
        for dotted, message in bad:
            report.error(shown, nearest_line(lines, dotted), dotted, message)
        try:
            extra = ExtraSettings.model_validate(raw)
        except ValidationError as exc:
            skip = {dotted for dotted, _ in bad}
            report_validation(exc, lines, shown, ExtraSettings, report, skip=skip, prefix="extra")
            extra = _valid_parts(raw)
    site_url_given = str(config.get("site_url") or "")
    site_url = site_url_given or "http://localhost:8000/"
    speech = extra.speech
    settings = Settings(
        project_dir=project_dir,
        site_name=str(config.get("site_name") or "Lan Tỏa"),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        docs_dir=project_dir / str(config.get("docs_dir") or "docs"),
        contact=Contact(organisation=extra.organisation, **extra.contact.model_dump()),
        speech=Speech(
            region=speech.region,
            rate=speech.rate,
            engine=speech.engine,
            voice=speech.voice,
            jingle_intro=_path(project_dir, speech.jingle_intro),
            jingle_outro=_path(project_dir, speech.jingle_outro),
            abbreviations=_path(project_dir, speech.abbreviations),
            voice_file=_path(project_dir, speech.voice) if speech.engine == "piper" else None,
            translation_only=speech.translation_only,
        ),
        colours={name: value for name, value in extra.colours.model_dump().items() if value},
        raw_extra=raw if isinstance(raw, dict) else {},
        limits=Limits(extra.limits.record_bytes),
        site_url_line=lines.get("site_url", 1),
        site_url_given=site_url_given,
        require_approval=extra.editing.require_approval,
        progress=Progress(extra.progress.stale_months, extra.progress.social),
    )
    return settings, report


def load_settings(project_dir: Path = Path(".")) -> Settings:
    """The project's settings; a BuildError listing the problems if there are any."""
    settings, report = read_settings(project_dir)
    if report.errors:
        raise BuildError("cài đặt sai:\n" + "\n".join(str(item) for item in report.sorted()))
    return settings


def _read_config(config_file: Path, shown: str, report: Report) -> tuple[dict[str, Any], dict[str, int]]:
    if not config_file.is_file():
        report.error(shown, 1, "-", "không thấy tệp này: hãy chạy lantoa trong thư mục dự án (có mkdocs.yml)")
        return {}, {}
    try:
        parsed = parse_yaml(config_file.read_text(encoding="utf-8-sig"), limits=SETTINGS_LIMITS)
    except DuplicateKey as dup:
        report.error(shown, dup.line, dup.key, f"khai báo hai lần (lần đầu ở dòng {dup.first_line})")
    except Refused as refused:
        report.error(shown, refused.line, refused.field, refused.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        report.error(shown, mark.line + 1 if mark else 1, "-", f"lỗi cú pháp YAML: {exc.problem or exc}")
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        report.error(shown, 1, "-", f"không đọc được tệp: {exc}")
    else:
        if isinstance(parsed.data, dict):
            return parsed.data, parsed.lines
        report.error(shown, 1, "-", "tệp phải là một nhóm khóa: giá trị")
    return {}, {}


def _valid_parts(raw: dict[str, Any]) -> ExtraSettings:
    """Defaults where a section is wrong, the section as written where it is right."""
    kept = {}
    for name, info in ExtraSettings.model_fields.items():
        section = info.annotation
        if name in raw and isinstance(section, type) and issubclass(section, BaseModel):
            try:
                kept[name] = section.model_validate(raw[name])
            except ValidationError:
                continue
        elif name in raw and isinstance(raw[name], str):
            kept[name] = raw[name]
    return ExtraSettings.model_validate(kept)
