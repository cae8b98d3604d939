"""End to end: the sample content built with `lantoa build`, then read as users would."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from generator.present import urls
from tests.sitebuild import ROOT, lantoa, project_copy

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def _published_keys(project: Path) -> set[str]:
    from generator.model.loading import load_content

    return {e.key for e in load_content(project / "stories").published}


def test_every_published_record_has_its_page_and_files(built: Path, manifest: dict) -> None:
    records = manifest["records"]
    # Besides the records, the manifest lists what the build derives from them (announcements).
    derived = {key for key in records if key.split("/")[0] in urls.DERIVED_SECTIONS}
    assert set(records) - derived == _published_keys(built)
    for key, entry in records.items():
        assert (built / "site" / entry["page"] / "index.html").is_file(), key
        for export, items in entry.items():
            if export == "page":
                continue
            for item in items:
                assert (built / "site" / item["file"]).is_file(), (key, item)
                assert item["variant"]


def test_manifest_lists_the_exports_of_a_story(manifest: dict) -> None:
    story = next(v for k, v in manifest["records"].items() if k.startswith("story/"))
    assert {i["variant"] for i in story["leaflet"]} == {"a5", "a5-large"}
    assert {i["variant"] for i in story["social"]} == {"facebook", "zalo", "card"}
    assert any(i["variant"] == "announcer" and i["duration_s"] > 0 for i in story["script"])
    assert story["audio"][0]["duration_s"] > 0
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", manifest["generated"])


def test_drafts_reach_no_output(built: Path, manifest: dict) -> None:
    from generator.model.loading import load_content

    drafts = [e for e in load_content(built / "stories").entries if not e.record.published]
    assert drafts
    site_text = "\n".join(p.read_text(errors="ignore") for p in (built / "site").rglob("*.html"))
    for draft in drafts:
        assert draft.key not in manifest["records"]
        assert draft.id not in site_text


def test_people_without_consent_are_never_named_in_full(built: Path) -> None:
    from generator.model.loading import load_content

    content = load_content(built / "stories")
    hidden = {p.name for e in content.published for p in getattr(e.record, "people", []) if not p.consent}
    assert hidden
    for path in (built / "site").rglob("*"):
        if path.suffix in {".html", ".txt", ".ssml", ".ics", ".json"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            for name in hidden:
                assert name not in text, (name, path)


def test_record_pages_are_out_of_the_navigation(built: Path, manifest: dict) -> None:
    html = (built / "site" / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary', 1)[1].split('<div class="md-content"', 1)[0]
    links = {link.removeprefix("../") for link in re.findall(r'href="([^"]+)"', nav)}
    assert "noi-dung/cau-chuyen/" in links  # the index page is in the nav
    records = {entry["page"] for entry in manifest["records"].values()}
    assert not links & records  # single records are not


def test_pages_are_vietnamese_and_images_have_alt(built: Path) -> None:
    for path in (built / "site" / "noi-dung").rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="vi"' in html, path
        for img in re.findall(r"<img\b[^>]*>", html):
            assert re.search(r'alt="[^"]+"', img), (path, img)


def test_open_graph_tags_use_absolute_urls(built: Path, manifest: dict) -> None:
    site_url = "https://lantoa.example.org/"
    for key, entry in manifest["records"].items():
        html = (built / "site" / entry["page"] / "index.html").read_text(encoding="utf-8")
        assert '<meta property="og:locale" content="vi_VN">' in html
        assert re.search(r'<meta property="og:title" content="[^"]+">', html), key
        assert re.search(r'<meta property="og:description" content="[^"]+">', html), key
        if key.split("/")[0] in ("story", "statistic"):
            card = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
            assert card.startswith(site_url) and card.endswith(".png")
            assert (built / "site" / card.removeprefix(site_url)).is_file()


def test_statistic_page_has_chart_table_and_source(built: Path, manifest: dict) -> None:
    key = "statistic/bac-giang-cao-diem-2024-ket-qua"
    html = (built / "site" / manifest["records"][key]["page"] / "index.html").read_text(encoding="utf-8")
    assert "30,26%" in html and "7.555 người" in html and "5.800 người" in html
    assert "<table>" in html and "Nguồn:" in html
    svg = re.search(r'<img src="([^"]+\.svg)"', html).group(1)
    assert (built / "site" / manifest["records"][key]["page"] / svg).resolve().is_file()


def test_abolished_unit_shows_what_it_became(built: Path, manifest: dict) -> None:
    html = (built / "site" / manifest["records"]["unit/bac-giang"]["page"] / "index.html").read_text(
        encoding="utf-8"
    )
    assert "Thôi tồn tại từ ngày 1/7/2025" in html
    assert "Bắc Ninh" in html


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_previous_output_untouched(built: Path, tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", ROOT / "tests" / "fixtures" / "mini")
    assert lantoa(project, "build").returncode == 0
    before = _tree_hash(project / "site")
    story = project / "stories" / "quang-ngai" / "son-tinh" / "huy.yaml"
    story.write_text(
        story.read_text(encoding="utf-8").replace("date: 2025-05", "date: 20225"), encoding="utf-8"
    )
    result = lantoa(project, "build")
    assert result.returncode == 1
    assert "huy.yaml:5: date:" in result.stderr
    assert _tree_hash(project / "site") == before
    assert not list(project.glob(".site.staging-*"))


def test_hand_written_docs_are_never_touched(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "p", ROOT / "tests" / "fixtures" / "mini", own_docs=True)
    hand = project / "docs" / "noi-dung" / "ghi-chu.md"
    hand.parent.mkdir(parents=True)
    hand.write_text("# Ghi chú của nhóm\n", encoding="utf-8")
    result = lantoa(project, "build")
    assert result.returncode != 0
    assert "không do Lan Tỏa tạo" in result.stderr
    assert hand.read_text(encoding="utf-8") == "# Ghi chú của nhóm\n"
    assert (project / "docs" / "gioi-thieu.md").is_file()
