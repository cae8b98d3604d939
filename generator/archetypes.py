"""`lantoa new KIND`: a record file with every field, in the right province folder.

Like Hugo's archetypes. Placeholders (empty strings, ``YYYY-MM``) fail `lantoa check`
until the editor fills them in, so a half-written record never reaches the site.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.model.content import NATIONWIDE_FOLDER
from generator.model.kinds import KINDS
from generator.model.loading import load_content
from generator.present.templating import render


def _free_id(taken: set[str], prefix: str) -> str:
    number = 1
    while f"{prefix}-{number}" in taken:
        number += 1
    return f"{prefix}-{number}"


def new_record(content_root: Path, kind: str, unit: str | None = None, id_: str | None = None) -> int:
    content = load_content(content_root) if content_root.is_dir() else None
    folder = content_root / NATIONWIDE_FOLDER
    if unit:
        entry = content.get("unit", unit) if content else None
        if entry is None:
            print(f'lantoa: không có đơn vị nào mã "{unit}" trong {content_root}', file=sys.stderr)
            return 2
        folder = content_root / entry.path.parent
    elif kind == "unit" and id_:
        folder = content_root / id_  # a new province opens its own folder
    spec = KINDS[kind]
    taken = {e.id for e in content.entries if e.kind == kind} if content else set()
    record_id = id_ or _free_id(taken | {p.stem for p in folder.glob("*")}, spec.new_id)
    if record_id in taken:
        print(f'lantoa: mã "{record_id}" đã có; chọn mã khác với --id', file=sys.stderr)
        return 2
    path = folder / f"{record_id}{spec.suffix}"
    if path.exists():
        print(f"lantoa: tệp {path} đã có, không ghi đè", file=sys.stderr)
        return 2
    template = f"archetypes/{kind}{spec.suffix}.j2"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(render(template, id=record_id, unit=unit or '""'), encoding="utf-8")
    print(path)
    return 0
