"""`lantoa build --only`: a team's part of the site, and the whole site as the union of the parts."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.cli import _names
from generator.model.content import Content
from generator.model.loading import load_content
from generator.present.shards import NATIONAL, UnknownPart, choose, parts, search_index
from tests.sitebuild import ROOT, lantoa

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]


def _files(site: Path) -> set[str]:
    """Every file of an output but the search indexes (pagefind/, pagefind-<part>/)."""
    found = set()
    for path in site.rglob("*"):
        rel = path.relative_to(site).as_posix()
        if path.is_file() and not rel.split("/")[0].startswith("pagefind"):
            found.add(rel)
    return found


def _records(site: Path) -> dict:
    return json.loads((site / "manifest.json").read_text(encoding="utf-8"))["records"]


@pytest.fixture(scope="module")
def sample() -> Content:
    content = load_content(ROOT / "stories", "stories")
    assert not content.report.errors
    return content


# --- naming a province ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "chosen"),
    [
        (["quang-ngai"], {"quang-ngai"}),
        (["51"], {"quang-ngai"}),  # the official code
        (["Quảng Ngãi"], {"quang-ngai"}),  # the name, as written or without marks
        (["quang ngai"], {"quang-ngai"}),
        (["24"], {"bac-ninh"}),  # Bắc Giang's old code is Bắc Ninh's now: the current province
        (["hue", "son-la", "hue"], {"hue", "son-la"}),
        ([NATIONAL], {NATIONAL}),
    ],
)
def test_a_province_is_named_by_its_folder_name_or_code(sample: Content, names, chosen) -> None:
    assert choose(sample, names).parts == frozenset(chosen)


def test_only_takes_commas_and_repeats() -> None:
    assert _names(["hue,quang-ngai", "son-la"]) == ["hue", "quang-ngai", "son-la"]
    assert _names(None) is None


def test_parts_are_the_province_folders_and_the_national_part(sample: Content) -> None:
    ids = [p.id for p in parts(sample)]
    assert ids[0] == NATIONAL
    assert set(ids[1:]) == {p.name for p in (ROOT / "stories").iterdir() if p.is_dir()} - {NATIONAL}
    assert search_index(NATIONAL) == "pagefind/" and search_index("hue") == "pagefind-hue/"


def test_unknown_province_names_the_valid_ones(sample: Content, tmp_path: Path) -> None:
    with pytest.raises(UnknownPart, match="quang-ngai"):
        choose(sample, ["quang-ngia"])
    project = tmp_path / "project"
    from tests.sitebuild import project_copy

    project_copy(project, ROOT / "stories")
    result = lantoa(project, "build", "--only", "hue,quang-ngia", "--out", "site")
    assert result.returncode == 2  # a usage error (interface.md)
    message = result.stderr.strip().splitlines()[-1]
    assert 'không có tỉnh "quang-ngia" trong stories/' in message
    assert 'Có phải ý bạn là "quang-ngai"?' in message
    for choice in ("toan-quoc (phần chung toàn quốc)", "quang-ngai (Quảng Ngãi, mã 51)", "hue (Huế, mã 46)"):
        assert choice in message
    assert not (project / "site").exists()  # nothing built


# --- the union of the shards --------------------------------------------------------------------


def test_no_mkdocs_warning_in_any_shard(shard_builds) -> None:
    for part, (_site, stderr) in shard_builds.items():
        assert "WARNING" not in stderr, (part, stderr[-2000:])


def test_shards_never_write_the_same_file(shard_builds) -> None:
    owners: dict[str, str] = {}
    for part, (site, _) in shard_builds.items():
        for rel in _files(site) - {"manifest.json"}:
            assert rel not in owners, f"{rel}: {owners.get(rel)} and {part}"
            owners[rel] = part
        for other in (p for p in site.iterdir() if p.name.startswith("pagefind")):
            assert other.name == search_index(part).rstrip("/"), (part, other.name)


def test_the_union_of_the_shards_is_the_national_build(built: Path, shard_builds, tmp_path: Path) -> None:
    national = built / "site"
    folders = [str(site) for site, _ in shard_builds.values()]
    merged = tmp_path / "merged"
    result = lantoa(built, "merge", *folders, "--out", str(merged))
    assert result.returncode == 0, result.stderr
    # the same records, pages and files (the manifest's stamp and the search indexes aside)
    assert _records(merged) == _records(national)
    assert _files(merged) == _files(national)
    html = sorted(rel for rel in _files(national) if rel.endswith(".html"))
    assert len(html) > 80
    # and every page byte for byte
    changed = [rel for rel in html if (merged / rel).read_bytes() != (national / rel).read_bytes()]
    assert not changed
    sitemap = (merged / "sitemap.xml").read_text(encoding="utf-8")
    for record in _records(national).values():
        assert f"/{record['page']}</loc>" in sitemap


def test_a_shard_manifest_lists_only_its_own_records(sample: Content, shard_builds) -> None:
    records = _records(shard_builds["hue"][0])
    hue = {e.key for e in sample.published if e.folder == "hue"}
    assert {k for k in records if not k.startswith("announcement/")} == hue
    for entry in records.values():
        files = [entry["page"] + "index.html"]
        files += [f["file"] for key, items in entry.items() if key != "page" for f in items]
        for rel in files:
            assert (shard_builds["hue"][0] / rel).is_file(), rel


def test_merge_refuses_shards_that_disagree(shard_builds, tmp_path: Path, built: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, text in ((a, "một"), (b, "hai")):
        (folder / "noi-dung").mkdir(parents=True)
        (folder / "noi-dung" / "x.txt").write_text(text, encoding="utf-8")
        (folder / "manifest.json").write_text('{"records": {}}', encoding="utf-8")
    out = tmp_path / "out"
    result = lantoa(built, "merge", str(a), str(b), "--out", str(out))
    assert result.returncode == 1
    assert "noi-dung/x.txt" in result.stderr and not out.exists()
    assert lantoa(built, "merge", str(tmp_path), "--out", str(out)).returncode == 2  # no manifest


# --- links from a shard to the rest of the site -------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _target(page: str, link: str) -> str | None:
    """The output path an internal link of a page (its path in the output) leads to."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None  # another site, mailto:, tel:, or an anchor on the same page
    base = "/" + posixpath.dirname(page) + "/"
    path = posixpath.normpath(posixpath.join(base, unquote(parts.path))).strip("/")
    if path in ("", "."):
        return "index.html"
    return posixpath.join(path, "index.html") if parts.path.endswith(("/", "/.")) else path


def test_links_of_a_shard_resolve_in_it_or_in_the_national_site(built: Path, shard_builds) -> None:
    national = built / "site"
    checked = 0
    for part, (site, _) in shard_builds.items():
        for page in sorted(site.rglob("*.html")):
            rel = page.relative_to(site).as_posix()
            if rel.split("/")[0].startswith("pagefind"):
                continue
            parser = _Links()
            parser.feed(page.read_text(encoding="utf-8"))
            for link in parser.links:
                target = _target(rel, link)
                if target is None:
                    continue
                checked += 1
                assert (site / target).is_file() or (national / target).is_file(), (part, rel, link)
    assert checked > 1000
