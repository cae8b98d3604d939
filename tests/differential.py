"""The differential check: what an incremental build publishes equals what a cold build does.

A ``World`` is a small project (the mini content less three records, the policy records,
a photo, a jingle) and a private copy of the generator package, which the builds import
first (PYTHONPATH): edits
to code and templates go to that copy, never to the worktree. ``EDITS`` are ordinary edits
an editor or a developer makes; after each, ``lantoa build`` runs into the same --out with
the same cache. ``differences`` then builds the same tree cold (a new --out, an empty
cache) and compares every published file.

Compared by bytes, except:

- PDFs, by their text (``pdftotext -raw``): WeasyPrint writes the time of rendering and a
  random document id into every PDF, so two renderings of the same HTML differ in bytes.
- ``manifest.json``'s ``generated``: the time the build ran.
- calendars' ``DTSTAMP`` lines: the time the .ics was written (RFC 5545 asks for it).
- ``pagefind/``, the search index: Pagefind names and orders its chunks differently on
  every run over the same pages. What it indexes, every HTML page, is compared by bytes,
  and it is made again whenever any page changed (``render.tree_print``).

Nothing else is volatile: pages, SVG charts, cards, MP3s (sox runs repeatable: ``-R``) and
the sitemap are byte-identical between two cold builds of the same tree.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.export.context import CACHE_ENV
from tests.sitebuild import ROOT, project_copy

MINI = ROOT / "tests" / "fixtures" / "mini"
# Left out of the mini content: a campaign, a second statistic and a model (their exports are
# made the same way as those of the records that stay).
SKIPPED = ("stories/quang-ngai/chien-dich.yaml", "stories/quang-ngai/cao-diem.yaml",
           "stories/toan-quoc/doi-thoai-nhom-nho.yaml")  # fmt: skip
STORY = "stories/quang-ngai/son-tinh/huy.yaml"  # the newest story
OTHER_STORY = "stories/quang-ngai/son-tinh/giang.md"
UNIT = "stories/quang-ngai/son-tinh/son-tinh.yaml"
POLICIES = "stories/toan-quoc/chinh-sach"
POVERTY_LINE = f"{POLICIES}/chuan-ngheo-nong-thon.yaml"
BEFORE_CHANGE, AFTER_CHANGE = "2026-12-02", "2027-01-02"  # the poverty line rises on 1/1/2027
VOLATILE_JSON = {"manifest.json": ("generated",)}
VOLATILE_LINE = {".ics": b"DTSTAMP"}
UNCOMPARED = "pagefind/"


@dataclass
class World:
    root: Path
    date: str = BEFORE_CHANGE
    builds: int = 0
    done: list[str] = field(default_factory=list)  # the edits applied, in order

    @property
    def project(self) -> Path:
        return self.root / "project"

    @property
    def code(self) -> Path:
        return self.root / "code"

    @classmethod
    def create(cls, root: Path) -> World:
        world = cls(root)
        shutil.copytree(
            ROOT / "generator", world.code / "generator", ignore=shutil.ignore_patterns("__pycache__")
        )
        project = project_copy(world.project, MINI, own_docs=True)
        for name in SKIPPED:  # fewer records, a faster build: every kind that matters stays
            (project / name).unlink()
        for story in (STORY, OTHER_STORY):
            _replace(project / story, "models: [doi-thoai-nhom-nho]\n", "")
        shutil.copytree(ROOT / POLICIES, project / POLICIES)  # the calculator needs them all
        _tone(project / "nhac.mp3", 440)
        _photo(project / "stories" / "quang-ngai" / "son-tinh" / "huy.jpg", (200, 120, 40))
        story = project / STORY
        photo = "images:\n  - {file: huy.jpg, alt: Anh Huy nhận sổ BHXH, credit: BHXH Sơn Tịnh}\n"
        story.write_text(story.read_text(encoding="utf-8") + photo, encoding="utf-8")
        _replace(project / "mkdocs.yml", "    jingle_intro:  ", "    jingle_intro: nhac.mp3  ")  # no slash
        return world

    def build(self, out: str, cache: Path) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(self.code),
            CACHE_ENV: str(cache),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        command = [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--out",
            out,
            "--date",
            self.date,
            "--jobs",
            "2",
        ]
        done = subprocess.run(command, cwd=self.project, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        self.builds += 1
        return done

    def incremental(self) -> None:
        self.build("site", self.root / "cache")

    def cold(self, name: str) -> Path:
        cache = self.root / f"cache-{name}"
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(self.project / name, ignore_errors=True)
        self.build(name, cache)
        return self.project / name


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _swap(path: Path, one: str, other: str) -> None:
    """``one`` becomes ``other`` where the file has it, else ``other`` becomes ``one``: an edit
    that changes the file however often it is drawn."""
    text = path.read_text(encoding="utf-8")
    new = text.replace(one, other) if one in text else text.replace(other, one)
    path.write_text(new, encoding="utf-8")


def _tone(path: Path, hertz: int) -> None:
    path.unlink(missing_ok=True)
    tone = ["synth", "0.4", "sine", str(hertz)]
    subprocess.run(["sox", "-R", "-n", "-r", "22050", "-c", "1", str(path), *tone], check=True)


def _photo(path: Path, colour: tuple[int, int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), colour).save(path, format="JPEG", quality=90)


# --- the edits ---------------------------------------------------------------------------


def summary(world: World) -> None:
    _replace(world.project / STORY, "\nsummary: ", f"\nsummary: Sửa lần {world.builds}. ")


def policy_figure(world: World) -> None:
    path = world.project / POVERTY_LINE
    text = path.read_text(encoding="utf-8")
    old = next(v for v in ("1500000", "1600000") if f"value: {v}\n" in text)
    path.write_text(text.replace(f"value: {old}\n", f"value: {3_100_000 - int(old)}\n", 1), encoding="utf-8")


def build_date(world: World) -> None:
    world.date = AFTER_CHANGE if world.date == BEFORE_CHANGE else BEFORE_CHANGE


def formatting_code(world: World) -> None:
    """A line of code in a formatting helper: how a month is written (story dates, on every
    page, leaflet, script and post that shows one)."""
    path = world.code / "generator" / "model" / "formatting.py"
    _swap(path, 'f"tháng {date.month}/{date.year}"', 'f"tháng {date.month} năm {date.year}"')


def view_code(world: World) -> None:
    """A line of a view property the templates call (how a source is written): nothing of
    it shows in the views' fields, only the code part of the keys sees it."""
    path = world.code / "generator" / "present" / "views.py"
    text = path.read_text(encoding="utf-8")
    old, new = 'return ", ".join(parts)', 'return " · ".join(parts)'
    assert text.count(old) + text.count(new) == 1
    _swap(path, old, new)


def abbreviation_table(world: World) -> None:
    """A line of the generator's abbreviation table (generator/data/): the footnote of every page
    that says "lương hưu" gains or loses "LH: lương hưu"."""
    path = world.code / "generator" / "data" / "abbreviations.yaml"
    text = path.read_text(encoding="utf-8")
    line = "LH: lương hưu\n"
    path.write_text(text.replace(line, "") if line in text else text + line, encoding="utf-8")


def site_template(world: World) -> None:
    path = world.code / "generator" / "templates" / "site" / "story.md.j2"
    path.write_text(
        path.read_text(encoding="utf-8") + f"\nMẫu trang sửa lần {world.builds}.\n", encoding="utf-8"
    )


def leaflet_template(world: World) -> None:
    """The brand line numbered by the build count: a new text every time, however often drawn."""
    path = world.code / "generator" / "templates" / "leaflet" / "story.html"
    text = path.read_text(encoding="utf-8")
    brand = re.compile(r'<p class="band-brand">(\d+ )?BHXH tự nguyện')
    assert brand.search(text), path
    numbered = f'<p class="band-brand">{world.builds} BHXH tự nguyện'
    path.write_text(brand.sub(numbered, text, 1), encoding="utf-8")


def jingle(world: World) -> None:
    """The same file name, other music."""
    _tone(world.project / "nhac.mp3", 440 + 110 * (world.builds % 5 + 1))


def unit_name(world: World) -> None:
    _replace(world.project / UNIT, "\nname: ", f"\nname: X{world.builds} ")


def delete_story(world: World) -> None:
    (world.project / OTHER_STORY).unlink(missing_ok=True)


def move_photo(world: World) -> None:
    folder = world.project / STORY.rsplit("/", 1)[0]
    old = next(p for p in (folder / "huy.jpg", folder / "anh" / "huy.jpg") if p.exists())
    new = folder / "anh" / "huy.jpg" if old.parent == folder else folder / "huy.jpg"
    new.parent.mkdir(exist_ok=True)
    old.rename(new)
    _replace(world.project / STORY, f"file: {old.relative_to(folder)}", f"file: {new.relative_to(folder)}")


def colour(world: World) -> None:
    _swap(world.project / "mkdocs.yml", 'primary: "#0b5ea8"', 'primary: "#7a1f5c"')


def new_story(world: World) -> None:
    """A story added, newer than the others: the home page's newest, the lists, the unit's page."""
    number = world.builds
    text = (MINI / "quang-ngai" / "son-tinh" / "giang.md").read_text(encoding="utf-8")
    changes = {
        "\nid: ": f"\nid: moi-{number}-",
        "\ntitle: ": f"\ntitle: Bài mới {number} - ",
        "\ndate: 2024-11-02": "\ndate: 2026-11-01",
        "models: [doi-thoai-nhom-nho]\n": "",  # the model is not in the project
    }
    for old, fresh in changes.items():
        assert old in text, old
        text = text.replace(old, fresh, 1)
    (world.project / STORY).parent.joinpath(f"moi-{number}.md").write_text(text, encoding="utf-8")


def draft_story(world: World) -> None:
    """A story made a draft, and published again: a draft must leave every output."""
    _swap(world.project / STORY, "kind: story\nstatus: draft\n", "kind: story\n")


def home_intro(world: World) -> None:
    """The hand-written part of the home page (docs/index.md), which the generated part joins."""
    path = world.project / "docs" / "index.md"
    text = re.sub(
        r"\n# Lan Tỏa\n(Lời chào \d+\.\n)?",
        f"\n# Lan Tỏa\nLời chào {world.builds}.\n",
        path.read_text(encoding="utf-8"),
    )
    path.write_text(text, encoding="utf-8")


def site_url(world: World) -> None:
    """The site's address: every QR code, every printed "Mã QR mở …" line, the sitemap."""
    _swap(world.project / "mkdocs.yml", "https://lantoa.example.org/", "https://bhxh.example.net/")


EDITS: dict[str, Callable[[World], None]] = {
    "summary": summary,
    "policy_figure": policy_figure,
    "build_date": build_date,
    "formatting_code": formatting_code,
    "view_code": view_code,
    "site_template": site_template,
    "leaflet_template": leaflet_template,
    "jingle": jingle,
    "unit_name": unit_name,
    "delete_story": delete_story,
    "move_photo": move_photo,
    "colour": colour,
    "new_story": new_story,
    "draft_story": draft_story,
    "home_intro": home_intro,
    "site_url": site_url,
    # last: a site template's edit after it would render every page anew, stale or not
    "abbreviation_table": abbreviation_table,
}


# --- the comparison ----------------------------------------------------------------------


def published(out: Path) -> dict[str, bytes]:
    """Every published file, by path, as compared: PDFs by their text, volatile fields out."""
    found = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(UNCOMPARED):
            continue
        if path.suffix in VOLATILE_LINE:
            lines = path.read_bytes().splitlines()
            found[rel] = b"\n".join(line for line in lines if not line.startswith(VOLATILE_LINE[path.suffix]))
        elif path.suffix == ".pdf":
            text = subprocess.run(
                ["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True
            ).stdout
            found[rel] = text
        elif rel in VOLATILE_JSON:
            data = json.loads(path.read_text(encoding="utf-8"))
            for name in VOLATILE_JSON[rel]:
                data.pop(name, None)
            found[rel] = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        else:
            found[rel] = path.read_bytes()
    return found


def differences(a: Path, b: Path) -> list[str]:
    """The published files that differ between two outs (or exist in one only)."""
    left, right = published(a), published(b)
    return sorted(rel for rel in left.keys() | right.keys() if left.get(rel) != right.get(rel))
