"""Cache keys are derived from the code, and "nothing to do" sees every input.

Each namespace of the cache names the modules that make its entries; the code part of its
keys covers them and every project module they import (grimp's import graph), their
templates and their tools. The settings that name files are declared once and are inputs
of the up-to-date check by that declaration.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from generator import uptodate
from generator.export import namespaces
from generator.export.output import Cache
from generator.model.settings import input_files, read_settings


def test_a_namespace_not_registered_is_refused(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with pytest.raises(namespaces.UnregisteredNamespace):
        cache.make("made-up", "0" * 32, ".txt", lambda tmp: tmp.write_text("x"))
    with pytest.raises(namespaces.UnregisteredNamespace):
        cache.get("made-up", "0" * 32, ".txt")
    with pytest.raises(namespaces.UnregisteredNamespace):
        cache.key("made-up", "x")


def test_every_namespace_names_real_modules_templates_and_tools() -> None:
    templates = Path(namespaces.PACKAGE, "templates")
    for name, found in namespaces.REGISTRY.items():
        for module in found.producers:
            assert importlib.util.find_spec(module) is not None, (name, module)
            assert namespaces.module_file(module).is_file(), (name, module)
        assert all((templates / folder).exists() for folder in found.templates), name
        assert all(tool in namespaces.TOOLS for tool in found.tools), name


@pytest.mark.parametrize(
    ("name", "reached"),
    [
        # Leaflet templates call view properties and formatting helpers (SourceView.text,
        # rates.dong → formatting.money, groups_for, after_text): all in the plan's key.
        ("leaflet-plan", {"generator.present.views", "generator.present.rates", "generator.model.formatting",
                          "generator.present.announcements", "generator.export.leaflet.render"}),
        ("leaflet", {"generator.export.leaflet.render", "generator.export.pdf"}),
        ("chart", {"generator.present.charts", "generator.model.formatting"}),  # labels
        ("social", {"generator.present.charts", "generator.export.social.layout"}),  # statistic cards
        ("broadcast-sheet", {"generator.export.broadcast.sheet", "generator.export.broadcast.timing",
                             "generator.export.pdf"}),
        ("speech", {"generator.export.broadcast.audio", "generator.export.broadcast.mp3frames"}),
        ("page", {"generator.export.site.pages", "generator.present.views", "generator.model.formatting"}),
    ],
)  # fmt: skip
def test_keys_cover_the_modules_the_producers_import(name: str, reached: set[str]) -> None:
    assert reached <= namespaces.modules(namespaces.REGISTRY[name].producers)


def test_a_changed_line_of_an_imported_module_changes_the_keys_that_reach_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {name: namespaces.code(name) for name in ("chart", "leaflet-qr")}
    edited = tmp_path / "formatting.py"
    edited.write_text(namespaces.module_file("generator.model.formatting").read_text() + "\n# edited\n")
    real = namespaces.module_file
    monkeypatch.setattr(
        namespaces, "module_file", lambda m: edited if m == "generator.model.formatting" else real(m)
    )
    namespaces._modules_and_tools.cache_clear()
    try:
        assert namespaces.code("chart") != before["chart"]  # the chart's labels come from there
        assert namespaces.code("leaflet-qr") == before["leaflet-qr"]  # a QR code does not
    finally:
        namespaces._modules_and_tools.cache_clear()


def test_every_table_of_generator_data_is_named_by_a_module_that_reads_it() -> None:
    """A table's bytes are in the keys of the modules whose source names it (``data_files``):
    a table no module names would be read (by a name built at run time) yet keyed nowhere."""
    named = {path for p in namespaces.PACKAGE.rglob("*.py") for path in namespaces.data_files(p.read_bytes())}
    assert named == {path for path in namespaces.DATA.iterdir() if path.is_file()}


def test_an_edited_table_changes_the_keys_of_the_code_that_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The abbreviation table (generator/data/abbreviations.yaml) makes the pages' footnotes
    and the loudspeaker's readings; a QR code reads no table."""
    before = {name: namespaces.code(name) for name in ("page", "spoken", "leaflet-qr")}
    data = tmp_path / "data"
    shutil.copytree(namespaces.DATA, data)
    table = data / "abbreviations.yaml"
    table.write_text(table.read_text(encoding="utf-8") + "LH: lương hưu\n", encoding="utf-8")
    monkeypatch.setattr(namespaces, "DATA", data)
    namespaces._modules_and_tools.cache_clear()
    try:
        assert namespaces.code("page") != before["page"]
        assert namespaces.code("spoken") != before["spoken"]
        assert namespaces.code("leaflet-qr") == before["leaflet-qr"]
    finally:
        namespaces._modules_and_tools.cache_clear()


def test_keys_follow_the_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    before = namespaces.code("leaflet")
    monkeypatch.setitem(namespaces.TOOLS, "weasyprint", lambda: "weasyprint=99")
    namespaces._modules_and_tools.cache_clear()
    try:
        assert namespaces.code("leaflet") != before
    finally:
        namespaces._modules_and_tools.cache_clear()


def test_no_hand_bumped_versions_remain() -> None:
    sources = "\n".join(p.read_text(encoding="utf-8") for p in namespaces.PACKAGE.rglob("*.py"))
    assert "PIPELINE_VERSION" not in sources and "SCANNER_VERSION" not in sources


# --- "nothing to do" -----------------------------------------------------------------------


def project(tmp_path: Path, speech: str) -> Path:
    (tmp_path / "stories").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nextra:\n  speech:\n{speech}", encoding="utf-8")
    return tmp_path


def test_file_settings_are_absolute_paths_even_without_a_slash(tmp_path: Path) -> None:
    root = project(tmp_path, "    jingle_intro: nhac.mp3\n    engine: piper\n    voice: vi.onnx\n")
    settings, report = read_settings(root)
    assert not report.errors
    assert settings.speech.jingle_intro == (root / "nhac.mp3").resolve()
    assert settings.speech.voice_file == (root / "vi.onnx").resolve()
    assert set(input_files(settings)) == {(root / "nhac.mp3").resolve(), (root / "vi.onnx").resolve()}


FILE_SETTINGS = ["jingle_intro: nhac.mp3", "jingle_outro: nhac.mp3", "abbreviations: nhac.mp3",
                 "engine: piper\n    voice: nhac.mp3"]  # fmt: skip


@pytest.mark.parametrize("setting", FILE_SETTINGS)
def test_replacing_a_file_a_setting_names_is_something_to_do(tmp_path: Path, setting: str) -> None:
    root = project(tmp_path, f"    {setting}\n")
    (root / "nhac.mp3").write_bytes(b"old music")
    settings, _ = read_settings(root)
    before = uptodate.inputs(root / "stories", settings, {})
    assert uptodate.inputs(root / "stories", settings, {}) == before
    (root / "nhac.mp3").unlink()
    (root / "nhac.mp3").write_bytes(b"new music")  # same name, same size, other bytes
    assert uptodate.inputs(root / "stories", settings, {}) != before


def test_tool_data_are_inputs_of_nothing_to_do() -> None:
    files = namespaces.tool_files()
    assert any("espeak-ng-data" in str(p) for p in files)  # the voices espeak-ng reads
    assert any(p.suffix in (".ttf", ".otf", ".ttc") for p in files)  # the fonts


def test_an_edited_max_chars_is_read_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from generator.present import posts

    monkeypatch.setattr(posts, "TEMPLATES", tmp_path)
    template = tmp_path / "t.txt.j2"
    template.write_text("{# max_chars: 100 #}\n{{ x }}\n", encoding="utf-8")
    assert posts.limits("t.txt.j2").max_chars == 100
    template.write_text("{# max_chars: 200 #}\n{{ x }}\n", encoding="utf-8")
    os.utime(template, ns=(1, template.stat().st_mtime_ns + 1))  # saved later, whatever the clock
    assert posts.limits("t.txt.j2").max_chars == 200


def test_the_out_state_has_one_record_format(tmp_path: Path) -> None:
    from generator.export.workspace import read_record, write_record

    path = tmp_path / "render.json"
    assert read_record(path, "k") is None  # absent
    write_record(path, "k", pages=3)
    assert read_record(path, "k") == {"key": "k", "pages": 3}
    assert read_record(path, "other") is None  # made for other inputs
    path.write_text("{half", encoding="utf-8")
    assert read_record(path, "k") is None  # unreadable
