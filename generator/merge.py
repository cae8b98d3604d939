"""`lantoa merge`: the outputs of `lantoa build --only` (shards) put together as one site.

Every file of every shard is placed in the new output (a hard link, so nothing is copied);
a path two shards both wrote must hold the same bytes, and a record two manifests both list
must be listed the same, or nothing is published. The manifests become one. The new output
replaces ``--out`` in one rename, as a build does.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from generator.export.output import MANIFEST
from generator.model.dates import LOCAL_TZ


def merge(sources: list[Path], out: Path) -> int:
    """0 merged, 1 the shards disagree (``out`` untouched), 2 a source is no build output."""
    for source in sources:
        if not (source / MANIFEST).is_file():
            print(
                f"lantoa: {source}/ không phải thư mục kết quả của lantoa build (thiếu {MANIFEST})",
                file=sys.stderr,
            )
            return 2
        if source.resolve() == out.resolve():
            print(f"lantoa: --out {out} trùng với một phần cần ghép; chọn thư mục khác", file=sys.stderr)
            return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.merge-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        problems, records = _place(sources, staging)
        if problems:
            for problem in problems:
                print(f"lantoa: {problem}", file=sys.stderr)
            print("Không ghép: các phần trên mâu thuẫn nhau. Thư mục kết quả giữ nguyên.", file=sys.stderr)
            return 1
        generated = dt.datetime.now(LOCAL_TZ).replace(microsecond=0).isoformat()
        data = {"generated": generated, "records": dict(sorted(records.items()))}
        (staging / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"Đã ghép {len(sources)} phần ({len(records)} bản ghi) vào {out}/.")
    return 0


def _place(sources: list[Path], staging: Path) -> tuple[list[str], dict[str, Any]]:
    problems: list[str] = []
    records: dict[str, Any] = {}
    record_from: dict[str, Path] = {}
    file_from: dict[str, Path] = {}
    for source in sources:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        for key, entry in manifest.get("records", {}).items():
            if key in records and records[key] != entry:
                problems.append(f"bản ghi {key} có ở cả {record_from[key]}/ và {source}/ nhưng khác nhau")
            records.setdefault(key, entry)
            record_from.setdefault(key, source)
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            if path.is_dir() or rel == MANIFEST:
                continue
            target = staging / rel
            if rel in file_from:
                if not filecmp.cmp(path, target, shallow=False):
                    problems.append(f"tệp {rel} có ở cả {file_from[rel]}/ và {source}/ nhưng khác nhau")
                continue
            file_from[rel] = source
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
    return problems, records


def _swap(staging: Path, out: Path) -> None:
    """``staging`` becomes ``out``; an old ``out`` is removed after the rename."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
