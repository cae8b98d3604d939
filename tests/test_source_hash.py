"""`lantoa source-hash`: the hashes of a record's parts a translator writes in source_hash."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.model.languages import paragraphs, source_hash
from tests.test_languages import BODY, HUY, HUY_ID, TITLE, add_fields
from tests.test_languages_site import MODEL, MODEL_NAME, MODEL_SUMMARY, tai_dam


def test_source_hash_prints_what_check_accepts(mini_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "source-hash", "--content", str(mini_copy), HUY_ID, MODEL],
        capture_output=True,
        text=True,
        cwd=mini_copy,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"  title: {source_hash(TITLE)}   # tiêu đề" in out
    assert f"  body: {source_hash(BODY)}   # nội dung" in out
    assert f"  title: {source_hash(MODEL_NAME)}   # tiêu đề" in out  # a model's title is its name
    assert f"  summary: {source_hash(MODEL_SUMMARY)}   # tóm tắt" in out
    for i, paragraph in enumerate(paragraphs(BODY), 1):
        assert f"#   đoạn {i}: {source_hash(paragraph)}  " in out
    # what it printed, written into a translation, is current: check says nothing about it
    block = out.split("source_hash:\n", 1)[1].splitlines()
    indented = [line.split("#")[0].strip() for line in block[: block.index("")] if line.startswith("  ")]
    hashes = dict(line.split(": ") for line in indented)
    add_fields(
        mini_copy,
        HUY,
        translations=[tai_dam(title="ꪼꪒ", body="ꪹꪏꪷ", source_hash={k: hashes[k] for k in ("title", "body")})],
    )
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", str(mini_copy)], capture_output=True, text=True
    )
    assert check.returncode == 0 and "translations" not in check.stderr, check.stderr


def test_source_hash_of_a_record_that_is_not_there(mini_copy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "source-hash", "--content", str(mini_copy), "khong-co"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "không tìm thấy bản ghi 'khong-co'" in result.stderr


def test_source_hash_help_is_in_vietnamese() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "source-hash", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "cách dùng: lantoa source-hash" in result.stdout and "người dịch chép các mã này" in result.stdout
