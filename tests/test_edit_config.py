"""The editor's configuration is the content model's: every field of every kind has a widget,
required fields and vocabularies match, references are relations; a field added to a model
appears in the form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, create_model

from generator.edit import decap
from generator.edit.labels import PRIVACY_HINT
from generator.edit.textmerge import _model_in
from generator.model import kinds
from generator.model.kinds import KINDS
from generator.model.vocabulary import vocabulary
from tests.sitebuild import ROOT, lantoa


def _compare(model: type[BaseModel], widgets: list[dict], where: str, optional: bool = False) -> None:
    """Required as the model says; inside an optional group Decap is told nothing is required
    (it would check an empty group), and the model refuses an incomplete one on save."""
    by_name = {w["name"]: w for w in widgets}
    assert set(by_name) == set(model.model_fields), where
    for name, info in model.model_fields.items():
        widget = by_name[name]
        if widget["widget"] == "hidden":
            continue
        if name != "id" or where.count(".") > 0:
            assert widget["required"] == (info.is_required() and not optional), f"{where}.{name}"
        nested = _model_in(info.annotation)
        if nested is not None:
            assert widget["widget"] in ("object", "list"), f"{where}.{name}"
            inside_optional = widget["widget"] == "object" and not info.is_required()
            _compare(nested, widget["fields"], f"{where}.{name}", inside_optional)


def collections() -> dict[str, dict]:
    return {c["name"]: c for c in decap.config()["collections"]}


def test_every_field_of_every_kind_has_a_widget_and_required_matches() -> None:
    found = collections()
    assert list(found) == list(KINDS)
    for name, kind in KINDS.items():
        _compare(kind.record, found[name]["fields"], name)
        assert found[name]["folder"] == kind.section


def test_closed_vocabularies_are_selects_with_their_names() -> None:
    words = vocabulary()
    fields = {c: {f["name"]: f for f in c_["fields"]} for c, c_ in collections().items()}
    expected = {
        ("unit", "type"): "unit_types",
        ("statistic", "indicator"): "indicators",
        ("statistic", "measure"): "measures",
        ("story", "audiences"): "audiences",
        ("model", "audiences"): "audiences",
    }
    for (kind, field), list_name in expected.items():
        widget = fields[kind][field]
        assert widget["widget"] == "select", (kind, field)
        assert [o["value"] for o in widget["options"]] == list(words[list_name])
        assert [o["label"] for o in widget["options"]] == list(words[list_name].values())
    status = fields["story"]["status"]
    assert [o["value"] for o in status["options"]] == ["published", "draft", "cho-duyet"]


def test_references_are_relation_widgets() -> None:
    fields = {c: {f["name"]: f for f in c_["fields"]} for c, c_ in collections().items()}
    for kind, field, target, multiple in [
        ("story", "unit", "unit", False),
        ("story", "models", "model", True),
        ("model", "units", "unit", True),
        ("campaign", "unit", "unit", False),
        ("campaign", "stories", "story", True),
        ("unit", "parent", "unit", False),
        ("statistic", "unit", "unit", False),
    ]:
        widget = fields[kind][field]
        assert widget["widget"] == "relation" and widget["collection"] == target, (kind, field)
        assert widget["value_field"] == "id"
        assert bool(widget.get("multiple")) == multiple


def test_partial_dates_lists_and_the_consent_switch() -> None:
    story = {f["name"]: f for f in collections()["story"]["fields"]}
    pattern = story["date"]["pattern"][0]
    assert story["date"]["widget"] == "string"
    import re

    assert all(re.fullmatch(pattern, d) for d in ("2025", "2025-05", "2025-05-20"))
    assert story["people"]["widget"] == "list" and story["images"]["widget"] == "list"
    people = [f["name"] for f in story["people"]["fields"]]
    assert people[:2] == ["name", "consent"]  # the switch beside the name
    consent = story["people"]["fields"][1]
    assert consent["widget"] == "boolean" and not consent.get("default") and consent["hint"] == PRIVACY_HINT
    statistic = {f["name"]: f for f in collections()["statistic"]["fields"]}
    assert statistic["series"]["widget"] == "list"
    assert {f["name"] for f in statistic["series"]["fields"]} == {"period", "value", "note", "approx"}
    images = {f["name"]: f for f in story["images"]["fields"]}
    assert images["file"]["widget"] == "image"
    assert decap.config()["locale"] == "vi"


def test_a_field_added_to_a_model_appears_in_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    story_kind = KINDS["story"]
    longer = create_model(
        "StoryWithLength",
        __base__=story_kind.record,
        minutes=(int | None, None),
        reviewer=(str, ...),
    )
    monkeypatch.setitem(kinds.KINDS, "story", dataclasses.replace(story_kind, record=longer))
    story = {f["name"]: f for f in collections()["story"]["fields"]}
    assert story["minutes"]["widget"] == "number" and story["minutes"]["required"] is False
    assert story["reviewer"]["widget"] == "string" and story["reviewer"]["required"] is True


def test_a_kind_added_to_kinds_gets_its_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    from typing import Literal

    from generator.model.records import Id, Record, Text

    target = create_model(
        "Goal", __base__=Record, kind=(Literal["goal"], ...), name=(Text, ...), unit=(Id, ...)
    )
    monkeypatch.setitem(
        kinds.KINDS, "goal", kinds.Kind("goal", target, "muc-tieu", "Mục tiêu", "mục tiêu", "muc-tieu-moi")
    )
    goal = collections()["goal"]
    fields = {f["name"]: f for f in goal["fields"]}
    assert goal["folder"] == "muc-tieu" and fields["unit"]["widget"] == "relation"


@pytest.mark.parametrize("backend", ["gitea", "gitlab", "github"])
def test_config_only_writes_the_git_backend_configuration(tmp_path: Path, backend: str) -> None:
    project = tmp_path / "du-an"
    project.mkdir()
    (project / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
    out = project / "admin"
    result = lantoa(
        project, "edit", "--config-only", "--backend", backend, "--repo", "bhxh-qn/lan-toa", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {"name": backend, "repo": "bhxh-qn/lan-toa", "branch": "main"}
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "vi"
    names = [c["name"] for c in config["collections"]]
    assert names == list(KINDS)
    story = next(c for c in config["collections"] if c["name"] == "story")
    assert story["folder"] == "stories" and story["filter"] == {"field": "kind", "value": "story"}
    local = next(c for c in decap.config()["collections"] if c["name"] == "story")
    assert story["fields"] == local["fields"]
    assert 'src="decap/decap-cms.js"' in (out / "index.html").read_text(encoding="utf-8")


def test_config_only_needs_a_backend_and_a_repo(tmp_path: Path) -> None:
    result = lantoa(ROOT, "edit", "--config-only", "--backend", "gitea")
    assert result.returncode == 2 and "--repo" in result.stderr
