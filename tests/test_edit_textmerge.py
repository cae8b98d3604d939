"""Merging the form's values into every sample file: an unchanged save changes no byte, and a
one-field edit changes only that field's lines, whatever the file's style."""

from __future__ import annotations

import copy
import difflib
import json
from pathlib import Path

import pytest

from generator.edit.store import plain, read_data
from generator.edit.textmerge import merge_markdown, merge_yaml
from generator.model.kinds import KINDS
from generator.model.loader import find_record_files
from tests.sitebuild import ROOT

SAMPLES = [p for p in find_record_files(ROOT / "stories")]


def _form(path: Path) -> tuple[str, dict]:
    text = path.read_text(encoding="utf-8")
    data = read_data(text, path.suffix == ".md")
    assert data is not None
    return text, json.loads(json.dumps(plain(data)))  # what the form holds: JSON values, dates as text


def _merge(path: Path, text: str, data: dict) -> str:
    merge = merge_markdown if path.suffix == ".md" else merge_yaml
    return merge(text, data, KINDS[data["kind"]].record, {"id": path.stem})


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_an_unchanged_save_changes_nothing(path: Path) -> None:
    text, data = _form(path)
    assert _merge(path, text, data) == text


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_a_one_field_edit_changes_only_that_field(path: Path) -> None:
    text, data = _form(path)
    key = next((k for k in ("title", "name") if isinstance(data.get(k), str)), None)
    if key is None:
        pytest.skip("no title or name")
    edited = copy.deepcopy(data)
    edited[key] = data[key] + " (sửa)"
    changed = _changed(text, _merge(path, text, edited))
    assert len(changed) == 2, changed
    assert changed[1].startswith(("+" + key + ":", f'+{key}: "')) or key in changed[1]


def test_a_person_consent_switch_is_one_line() -> None:
    path = next(p for p in SAMPLES if p.name == "son-tinh-nguyen-trong-huy.md")
    text, data = _form(path)
    data["people"][0]["consent"] = False
    assert _changed(text, _merge(path, text, data)) == ["-    consent: true\n", "+    consent: false\n"]


def test_a_field_the_form_adds_goes_after_its_neighbour_in_the_model() -> None:
    path = next(p for p in SAMPLES if p.name == "son-tinh-nguyen-trong-huy.md")
    text, data = _form(path)
    data["status"] = "cho-duyet"
    after = _merge(path, text, data)
    assert after.startswith("---\nkind: story\nid: son-tinh-nguyen-trong-huy\nstatus: cho-duyet\ntitle:")
    data["status"] = "published"  # the default again: nothing written
    assert _merge(path, text, data) == text
