"""The editor's configuration is the content model's: every field of every kind has a widget,
required fields and vocabularies match, references are relations; a field added to a model
appears in the form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, create_model

from generator.edit import decap, decap_dist
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


# Decap's documented backend options (decapcms.org/docs/backends-overview, gitea-backend,
# gitlab-backend "Client-Side PKCE Authorization", github-backend), for the team's own forge.
FORGE = "https://git.bhxh-qn.vn"
CASES = {
    "gitea": (
        ["--forge-url", FORGE, "--app-id", "ma-gitea"],
        {
            "base_url": FORGE,
            "api_root": f"{FORGE}/api/v1",
            "auth_endpoint": f"{FORGE}/login/oauth/authorize",
            "app_id": "ma-gitea",
        },
    ),
    "gitlab": (
        ["--app-id", "ma-gitlab"],  # gitlab.com
        {
            "auth_type": "pkce",
            "base_url": "https://gitlab.com",
            "api_root": "https://gitlab.com/api/v4",
            "app_id": "ma-gitlab",
        },
    ),
    "gitlab-tu-cai": (
        ["--forge-url", FORGE + "/", "--app-id", "ma-gitlab"],  # a self-hosted GitLab
        {
            "auth_type": "pkce",
            "base_url": FORGE,
            "api_root": f"{FORGE}/api/v4",
            "auth_endpoint": "oauth/authorize",
            "app_id": "ma-gitlab",
        },
    ),
    "github": (["--auth-url", "https://oauth.bhxh-qn.vn"], {"base_url": "https://oauth.bhxh-qn.vn"}),
}
FORGES = {"gitea": "Gitea", "gitlab": "GitLab", "github": "GitHub"}
# Every option Decap documents for these backends (the rest keep Decap's defaults).
DOCUMENTED = {
    "gitea": {"name", "repo", "branch", "app_id", "api_root", "base_url", "auth_endpoint"},
    "gitlab": {"name", "repo", "branch", "auth_type", "app_id", "api_root", "base_url", "auth_endpoint"},
    "github": {
        "name",
        "repo",
        "branch",
        "api_root",
        "base_url",
        "auth_endpoint",
        "site_domain",
        "auth_scope",
    },
}


def _config_only(tmp_path: Path, backend: str, *options: str) -> tuple[Path, object]:
    project = tmp_path / "du-an"
    project.mkdir(parents=True, exist_ok=True)
    if not (project / "mkdocs.yml").exists():
        (project / "mkdocs.yml").symlink_to(ROOT / "mkdocs.yml")
    out = project / "admin"
    repo = ["--repo", "bhxh-qn/lan-toa", "--out", str(out)]
    result = lantoa(project, "edit", "--config-only", "--backend", backend, *repo, *options)
    return out, result


@pytest.mark.parametrize("case", list(CASES))
def test_config_only_writes_decaps_documented_backend_options(tmp_path: Path, case: str) -> None:
    backend = case.split("-")[0]
    options, expected = CASES[case]
    out, result = _config_only(tmp_path, backend, *options)
    assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
    assert "còn thiếu" not in result.stderr  # type: ignore[attr-defined]
    text = (out / "config.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert config["backend"] == {"name": backend, "repo": "bhxh-qn/lan-toa", "branch": "main", **expected}
    assert set(config["backend"]) <= DOCUMENTED[backend]
    assert "Còn thiếu" not in text
    # Decap's Gitea backend has no editorial workflow: it refuses a configuration that asks for it
    assert config.get("publish_mode") == (None if backend == "gitea" else "editorial_workflow")
    assert config["locale"] == "vi"
    names = [c["name"] for c in config["collections"]]
    assert names == list(KINDS)
    story = next(c for c in config["collections"] if c["name"] == "story")
    assert story["folder"] == "stories" and story["filter"] == {"field": "kind", "value": "story"}
    local = next(c for c in decap.config()["collections"] if c["name"] == "story")
    assert story["fields"] == local["fields"]
    assert 'src="decap/decap-cms.js"' in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "decap" / "decap-cms.js").is_file()


@pytest.mark.parametrize(
    ("backend", "missing"), [("gitlab", "app_id"), ("gitea", "app_id"), ("github", "base_url")]
)
def test_config_only_says_what_is_still_missing(tmp_path: Path, backend: str, missing: str) -> None:
    options = ["--forge-url", FORGE] if backend == "gitea" else []
    out, result = _config_only(tmp_path, backend, *options)
    assert result.returncode == 0
    assert f"cảnh báo: còn thiếu {missing}: " in result.stderr  # type: ignore[attr-defined]
    text = (out / "config.yml").read_text(encoding="utf-8")
    assert f"# Còn thiếu, chưa đăng nhập được: {missing}: " in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--backend", "gitea"], "--backend gitea cần --forge-url"),
        (["--backend", "gitlab", "--forge-url", "http://git.bhxh-qn.vn"], "phải là địa chỉ https://"),
    ],
)
def test_config_only_refuses_what_cannot_work(tmp_path: Path, options: list[str], message: str) -> None:
    result = lantoa(ROOT, "edit", "--config-only", "--repo", "a/b", "--out", str(tmp_path / "o"), *options)
    assert result.returncode == 2 and message in result.stderr


@pytest.mark.browser
@pytest.mark.skipif(decap_dist(ROOT) is None, reason="node_modules/decap-cms: make setup")
def test_decap_accepts_each_forge_configuration(tmp_path: Path) -> None:
    """Decap itself reads each written folder: its schema accepts the configuration and it shows
    its login page for that forge (logging in needs the forge, which this machine cannot reach)."""
    from tests.browser import browser, serve

    buttons = {
        "gitea": "Đăng nhập bằng Gitea",
        "gitlab": "Đăng nhập bằng GitLab",
        "github": "Đăng nhập bằng GitHub",
    }
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
        for case, (options, _expected) in CASES.items():
            backend = case.split("-")[0]
            out, result = _config_only(tmp_path / case, backend, *options)
            assert result.returncode == 0, result.stderr  # type: ignore[attr-defined]
            with serve(out) as address:
                page.goto(address)
                page.wait_for_selector(f"button:has-text('{buttons[backend]}')", timeout=120_000)
                assert "Lỗi cấu hình" not in page.text_content("body")


def test_config_only_needs_a_backend_and_a_repo(tmp_path: Path) -> None:
    result = lantoa(ROOT, "edit", "--config-only", "--backend", "gitea")
    assert result.returncode == 2 and "--repo" in result.stderr
