"""Warnings and errors name real fields: every field path the code reports on exists in the models.

A typo in a path ("qoute.by") would otherwise point the editors at line 1 without a
word. The scan reads the code (every literal path given to error_at/warn_at, and the
tables of paths the exports keep); the suite also runs with LANTOA_STRICT_FIELDS=1, so
a computed path that is wrong raises wherever a test reaches it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from generator.export.leaflet import LONG_FIELD
from generator.export.social.exporter import CARD_PARTS
from generator.model.kinds import KINDS
from generator.model.loader import UnknownField, known_field
from generator.model.records import Story
from generator.model.settings import ExtraSettings

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
REPORTERS = {"error_at", "warn_at"}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        # f"claims.{name}" → its fixed start "claims"; f"values[{k}].period" → "values"
        return str(node.values[0].value).rstrip(".[") or None
    return None


def literal_paths() -> list[tuple[str, str]]:
    """(where, path) of every literal field path in the code: reports and post paragraphs."""
    found = []
    for source in sorted(GENERATOR.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        # Announcements are derived from the policy timeline, not records: their paragraphs'
        # field names never reach a record's line (their warnings point at mkdocs.yml).
        derived = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and "announcement" in node.name
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in derived:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if (name in REPORTERS and len(node.args) >= 2) or (name == "Paragraph" and len(node.args) >= 2):
                argument = node.args[1]
            else:
                continue
            path = _literal(argument)
            if path is not None:
                found.append((f"{source.relative_to(GENERATOR.parent)}:{node.lineno}", path))
    return found


def setting_paths() -> list[tuple[str, str]]:
    """(where, path) of every literal mkdocs.yml path ("extra.speech.engine") given to a report."""
    found = []
    for source in sorted(GENERATOR.rglob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in {"warn", "error"}:
                for argument in node.args[2:3]:
                    path = _literal(argument)
                    if path and path.startswith("extra"):
                        found.append((f"{source.relative_to(GENERATOR.parent)}:{node.lineno}", path))
    return found


def known_setting(path: str) -> bool:
    """A path under mkdocs.yml's extra:, resolved against the settings' pydantic models."""
    return path == "extra" or (
        path.startswith("extra.") and known_field(ExtraSettings, path[len("extra.") :])
    )


def test_every_settings_path_exists() -> None:
    found = setting_paths()
    assert {"extra.speech.engine", "extra.speech"} <= {path for _where, path in found}
    wrong = [f"{where}: {path}" for where, path in found if not known_setting(path)]
    assert not wrong, wrong
    assert not known_setting("extra.speach.engine") and known_setting("extra.contact.phone")


def _exists(path: str) -> bool:
    return any(known_field(kind.record, path) for kind in KINDS.values())


def test_the_scan_finds_the_paths() -> None:
    paths = {path for _where, path in literal_paths()}
    assert {"quote.by", "doubts", "broadcast.slot_minutes", "claims", "quote.text"} <= paths


def test_every_literal_field_path_exists_in_a_record_class() -> None:
    wrong = [f"{where}: {path}" for where, path in literal_paths() if not _exists(path)]
    assert not wrong, wrong


def test_the_exports_tables_name_real_fields() -> None:
    for kind, path in LONG_FIELD.items():
        assert known_field(KINDS[kind].record, path), (kind, path)
    for part, (path, _name) in CARD_PARTS.items():
        assert _exists(path), (part, path)


def test_an_unknown_field_raises_in_the_test_suite(mini_content) -> None:
    entry = mini_content.get(Story, "son-tinh-nguyen-trong-huy")
    assert entry is not None
    assert entry.line("quote.by") > 1
    with pytest.raises(UnknownField, match=r"qoute\.by"):
        entry.line("qoute.by")


@pytest.mark.parametrize("path", ["quote.by", "people[0].born", "images[0].file", "-", "models[1]"])
def test_known_paths(path: str) -> None:
    assert known_field(Story, path)


@pytest.mark.parametrize("path", ["qoute.by", "quote.by.x", "title[0]", "people[0].age", ""])
def test_unknown_paths(path: str) -> None:
    assert not known_field(Story, path)
