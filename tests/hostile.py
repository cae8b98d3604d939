"""An adversarial content set: every field that reaches an output, carrying every payload class.

Payload classes are spread over a few groups; each group has one record of every kind
whose every field holds that group's payloads, each tagged with a marker naming the
(field, payload) case. So one small content set (built once) covers every case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

# Each payload, if it ever ran, sets window.__pwned (or calls alert) with its marker.
PAYLOADS: dict[str, str] = {
    "script": "<script>window.__pwned='{m}'</script>",
    "img-onerror": "<img src=x onerror=\"window.__pwned='{m}'\">",
    "svg-onload": "<svg onload=\"window.__pwned='{m}'\"><circle r=1 /></svg>",
    "iframe": "<iframe srcdoc=\"<script>parent.__pwned='{m}'</script>\"></iframe>",
    "javascript-link": "[j{m}](JaVa\tScRiPt:alert('{m}')) <a href=\"javascript:alert('{m}')\">j</a>",
    "data-link": '[d{m}](data:text/html;base64,PHNjcmlwdD4=) <a href="data:text/html,{m}">d</a>',
    "jinja-expression": "{{{{ 7*7 }}}}{m}{{{{ config }}}}",
    "jinja-statement": "{{% if true %}}{m}{{% endif %}}",
    "snippet": '\n--8<-- "/etc/passwd"\n--8<-- "../secret.txt"\n;--8<-- "{m}"',
    "attribute-list": "{m} {{: autofocus tabindex=0 onfocus=\"window.__pwned='{m}'\" }}",
    "newline-markup": "{m}\n\n<img src=x onerror=\"alert('{m}')\">\n# <b>{m}</b>",
    "entities": "&lt;script&gt;window.__pwned='{m}'&lt;/script&gt; &amp;{m}",
}
GROUPS = 3
# Payloads an editor's Markdown body must keep as text (the others are Markdown or HTML by design).
LITERAL_IN_MARKDOWN = {"jinja-expression", "jinja-statement", "snippet"}
# Fields that may hold line breaks (check refuses them elsewhere): elsewhere payloads are one line.
MULTI_LINE = {"body", "summary", "text", "question", "answer"}


@dataclass(frozen=True)
class Field:
    kind: str
    path: str  # as in `check` messages
    where: str = "text"  # text (visible), alt (an <img> alt), description (<meta name=description>)
    markdown: bool = False  # editor-written Markdown: only LITERAL_IN_MARKDOWN payloads stay literal

    @property
    def multi_line(self) -> bool:
        return self.path.rsplit(".", 1)[-1].split("[")[0] in MULTI_LINE

    def code(self) -> str:
        """Two views of one field (text and description) share the code of the first."""
        first = next(f for f in FIELDS if (f.kind, f.path) == (self.kind, self.path))
        return f"{self.kind[:2]}{FIELDS.index(first):02d}"


FIELDS: list[Field] = [
    Field("story", "title"),
    Field("story", "summary"),
    Field("story", "summary", where="description"),
    Field("story", "body", markdown=True),
    Field("story", "quote.text"),
    Field("story", "quote.by"),
    Field("story", "people[0].role"),
    Field("story", "people[1].alias"),
    Field("story", "tags[0]"),
    Field("story", "images[0].alt", where="alt"),
    Field("story", "images[0].credit"),
    Field("story", "source.publisher"),
    Field("story", "source.title"),
    Field("model", "name"),
    Field("model", "summary"),
    Field("model", "body", markdown=True),
    Field("model", "steps[0]"),
    Field("model", "doubts[0].question"),
    Field("model", "doubts[0].answer"),
    Field("model", "source.publisher"),
    Field("model", "source.title"),
    Field("statistic", "title"),
    Field("statistic", "source.publisher"),
    Field("statistic", "source.title"),
    Field("campaign", "name"),
    Field("campaign", "summary"),
    Field("unit", "name"),
    Field("unit", "aliases[0]"),
    Field("unit", "summary", where="description"),
    Field("unit", "contact.address"),
    Field("unit", "contact.phone"),
    Field("unit", "contact.hours"),
    Field("unit", "contact.agents[0].name"),
    Field("unit", "contact.agents[0].place"),
]


def group_of(payload: str) -> int:
    return list(PAYLOADS).index(payload) % GROUPS


def marker(field: Field, payload: str) -> str:
    return f"q{field.code()}{list(PAYLOADS).index(payload):02d}"


def payload_text(field: Field, payload: str) -> str:
    """The payload as this field carries it: on one line unless the field may hold line breaks."""
    text = PAYLOADS[payload].format(m=marker(field, payload))
    return text if field.multi_line else " ".join(text.split())


def applies(field: Field, payload: str) -> bool:
    return True  # every field carries every payload class (on one line where check wants one)


def cases() -> list[tuple[Field, str]]:
    return [(f, p) for f in FIELDS for p in PAYLOADS if applies(f, p)]


def value(kind: str, path: str, group: int) -> str:
    """The hostile text of one field in one group: its payloads, space-separated."""
    field = next(f for f in FIELDS if f.kind == kind and f.path == path)
    chosen = [p for p in PAYLOADS if group_of(p) == group and applies(field, p)]
    return " ".join(payload_text(field, p) for p in chosen) or f"Trống {kind} {path}"


def ids(group: int) -> dict[str, str]:
    return {
        "unit": f"xa-doc-hai-{group}",
        "story": f"chuyen-doc-hai-{group}",
        "model": f"mo-hinh-doc-hai-{group}",
        "statistic": f"so-lieu-doc-hai-{group}",
        "campaign": f"chien-dich-doc-hai-{group}",
    }


PROVINCE = "tinh-thu"


def _records(group: int) -> dict[str, dict]:
    key = ids(group)

    def v(kind: str, path: str) -> str:
        return value(kind, path, group)

    person = v("story", "quote.by")
    return {
        "unit": {
            "kind": "unit",
            "id": key["unit"],
            "name": v("unit", "name"),
            "type": "xã",
            "parent": PROVINCE,
            "aliases": [v("unit", "aliases[0]")],
            "summary": v("unit", "summary"),
            "contact": {
                "address": v("unit", "contact.address"),
                "phone": v("unit", "contact.phone"),
                "hours": v("unit", "contact.hours"),
                "agents": [
                    {
                        "name": v("unit", "contact.agents[0].name"),
                        "place": v("unit", "contact.agents[0].place"),
                    }
                ],
            },
        },
        "story": {
            "kind": "story",
            "id": key["story"],
            "title": v("story", "title"),
            "unit": key["unit"],
            "date": f"2025-0{group + 1}-15",
            "people": [
                {"name": person, "role": v("story", "people[0].role"), "consent": True},
                {"name": "Phạm Thị Thử", "alias": v("story", "people[1].alias"), "consent": False},
            ],
            "summary": v("story", "summary"),
            "quote": {"text": v("story", "quote.text"), "by": person},
            "body": v("story", "body"),
            "models": [key["model"]],
            "audiences": ["lao-dong-tu-do"],
            "tags": [v("story", "tags[0]")],
            "images": [
                {
                    "file": "anh.jpg",
                    "alt": v("story", "images[0].alt"),
                    "credit": v("story", "images[0].credit"),
                }
            ],
            "source": {
                "publisher": v("story", "source.publisher"),
                "title": v("story", "source.title"),
                "url": "https://example.org/bai-viet?id=1&nguon=2",
            },
        },
        "model": {
            "kind": "model",
            "id": key["model"],
            "name": v("model", "name"),
            "units": [key["unit"]],
            "summary": v("model", "summary"),
            "body": v("model", "body"),
            "steps": [v("model", "steps[0]"), "Bước hai"],
            "doubts": [
                {"question": v("model", "doubts[0].question"), "answer": v("model", "doubts[0].answer")}
            ],
            "results": [key["statistic"]],
            "source": {"publisher": v("model", "source.publisher"), "title": v("model", "source.title")},
        },
        "statistic": {
            "kind": "statistic",
            "id": key["statistic"],
            "title": v("statistic", "title"),
            "unit": key["unit"],
            "indicator": "bhxh_tu_nguyen",
            "measure": "người",
            "series": [{"period": 2024, "value": 100 + group}, {"period": 2025, "value": 150 + group}],
            "source": {
                "publisher": v("statistic", "source.publisher"),
                "title": v("statistic", "source.title"),
            },
        },
        "campaign": {
            "kind": "campaign",
            "id": key["campaign"],
            "name": v("campaign", "name"),
            "unit": key["unit"],
            "summary": v("campaign", "summary"),
            "period": f"2025-0{group + 1}-01..2025-0{group + 1}-20",
            "broadcast": {"times": ["17:30"], "days": "daily", "slot_minutes": 3},
            "stories": [key["story"]],
        },
    }


def write_content(root: Path) -> Path:
    """The hostile content set under root (the content folder); returns root."""
    from PIL import Image

    folder = root / PROVINCE
    folder.mkdir(parents=True, exist_ok=True)
    province = {"kind": "unit", "id": PROVINCE, "name": "Tỉnh Thử", "type": "tỉnh"}
    _dump(folder / f"{PROVINCE}.yaml", province)
    Image.new("RGB", (64, 48), (11, 94, 168)).save(folder / "anh.jpg", quality=80)
    for group in range(GROUPS):
        for record in _records(group).values():
            _dump(folder / f"{record['id']}.yaml", record)
    return root


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
