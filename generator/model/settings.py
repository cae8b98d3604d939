"""Site-wide settings from ``mkdocs.yml`` (``site_url`` and ``extra:``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.model.diagnostics import BuildError


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name or !ENV; we only read plain keys."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


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
    voice: str | None = None  # engine voice or model file (Piper .onnx)
    jingle_intro: Path | None = None
    jingle_outro: Path | None = None
    abbreviations: Path | None = None  # the team's extra abbreviation table


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

    @property
    def config_file(self) -> Path:
        return self.project_dir / "mkdocs.yml"


def _path(base: Path, value: Any) -> Path | None:
    return (base / str(value)) if value else None


def load_settings(project_dir: Path = Path(".")) -> Settings:
    config_file = project_dir / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildError(f"không thấy {config_file}: hãy chạy lantoa trong thư mục dự án (có mkdocs.yml)")
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    extra = config.get("extra") or {}
    contact = extra.get("contact") or {}
    speech = extra.get("speech") or {}
    site_url = str(config.get("site_url") or "http://localhost:8000/")
    return Settings(
        project_dir=project_dir,
        site_name=str(config.get("site_name", "Lan Tỏa")),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        docs_dir=project_dir / str(config.get("docs_dir", "docs")),
        contact=Contact(
            organisation=str(extra.get("organisation", "Bảo hiểm xã hội Việt Nam")),
            phone=str(contact.get("phone", "1900 9068")),
            address=str(contact.get("address", "")),
            hours=str(contact.get("hours", "")),
            website=str(contact.get("website", "")),
        ),
        speech=Speech(
            region=str(speech.get("region", "bac")),
            rate=int(speech.get("rate", 160)),
            engine=str(speech.get("engine", "espeak-ng")),
            voice=speech.get("voice"),
            jingle_intro=_path(project_dir, speech.get("jingle_intro")),
            jingle_outro=_path(project_dir, speech.get("jingle_outro")),
            abbreviations=_path(project_dir, speech.get("abbreviations")),
        ),
        colours={str(k): str(v) for k, v in (extra.get("colours") or {}).items()},
        raw_extra=extra,
    )
