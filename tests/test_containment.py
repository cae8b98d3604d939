"""Files stay inside the content folder, are what they claim to be, and never collide in the output.

Each hostile case runs `lantoa check` as an editor does and expects exactly one
`path:LINE: field: message` error at the field's line, exit code 1, and no traceback.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from generator.model import media
from generator.model.validate import RESERVED_IDS
from tests.sitebuild import LANTOA

STORY = Path("quang-ngai") / "son-tinh" / "huy.yaml"


def _jpeg(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 120, 40)).save(path, format="JPEG")
    return path


def _with(content: Path, yaml_text: str) -> int:
    """Append fields to the mini story; return the line of the first `file:` added."""
    record = content / STORY
    before = record.read_text(encoding="utf-8")
    record.write_text(before + yaml_text, encoding="utf-8")
    added = yaml_text.splitlines()
    return len(before.splitlines()) + next(i for i, line in enumerate(added, 1) if "file:" in line)


def _image(content: Path, name: str) -> int:
    return _with(content, f'images:\n  - file: "{name}"\n    alt: Ảnh minh họa\n')


def _recording(content: Path, name: str) -> int:
    return _with(content, f'recording:\n  file: "{name}"\n')


def _check(content: Path) -> tuple[int, list[str], str]:
    result = subprocess.run([*LANTOA, "check", "stories"], cwd=content.parent, capture_output=True, text=True)
    output = result.stdout + result.stderr
    errors = [line for line in output.splitlines() if line.startswith("stories/")]
    return result.returncode, errors, output


def _assert_one_error(content: Path, where: str, line: int, field: str) -> str:
    code, errors, output = _check(content)
    assert code == 1 and "Traceback" not in output, output[-2000:]
    assert len(errors) == 1, errors
    prefix = f"stories/{where}:{line}: {field}: "
    assert errors[0].startswith(prefix), (errors[0], prefix)
    return errors[0].removeprefix(prefix)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the content folder, with a real picture and a 'secret'."""
    folder = tmp_path / "ngoai"
    _jpeg(folder / "anh-ngoai.jpg")
    (folder / "secret.txt").write_text("bí mật\n", encoding="utf-8")
    return folder


# --- paths ---------------------------------------------------------------------------------------


def test_absolute_image_path_is_an_error(mini_copy: Path, outside: Path) -> None:
    line = _image(mini_copy, str(outside / "anh-ngoai.jpg"))
    assert "đường dẫn tuyệt đối" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


def test_dot_dot_out_of_the_content_folder_is_an_error(mini_copy: Path, outside: Path) -> None:
    line = _image(mini_copy, "../../../ngoai/anh-ngoai.jpg")
    assert "ngoài thư mục nội dung" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


def test_dot_dot_that_stays_inside_is_fine(mini_copy: Path) -> None:
    _jpeg(mini_copy / "quang-ngai" / "anh" / "le-hoi.jpg")
    _image(mini_copy, "../anh/le-hoi.jpg")
    code, errors, output = _check(mini_copy)
    assert code == 0 and errors == [], output


def test_symlinked_file_to_outside_is_an_error(mini_copy: Path, outside: Path) -> None:
    (mini_copy / STORY.parent / "anh.jpg").symlink_to(outside / "anh-ngoai.jpg")
    line = _image(mini_copy, "anh.jpg")
    assert "symlink" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


def test_symlinked_folder_to_outside_is_an_error(mini_copy: Path, outside: Path) -> None:
    (mini_copy / STORY.parent / "anh").symlink_to(outside, target_is_directory=True)
    line = _image(mini_copy, "anh/anh-ngoai.jpg")
    _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


def test_record_file_symlinked_to_outside_is_an_error_and_not_read(mini_copy: Path, outside: Path) -> None:
    (outside / "ngoai.yaml").write_text(
        "kind: unit\nname: Ngoài\ntype: xã\nparent: son-tinh\n", encoding="utf-8"
    )
    link = mini_copy / "quang-ngai" / "ngoai.yaml"
    link.symlink_to(outside / "ngoai.yaml")
    message = _assert_one_error(mini_copy, "quang-ngai/ngoai.yaml", 1, "-")
    assert "ngoài thư mục nội dung" in message


def test_recording_symlinked_to_outside_is_an_error(mini_copy: Path, outside: Path) -> None:
    (outside / "loi.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + bytes(200))
    (mini_copy / STORY.parent / "loi.mp3").symlink_to(outside / "loi.mp3")
    line = _recording(mini_copy, "loi.mp3")
    _assert_one_error(mini_copy, str(STORY), line, "recording.file")


# --- what the files are --------------------------------------------------------------------------


def test_html_renamed_jpg_is_an_error(mini_copy: Path) -> None:
    (mini_copy / STORY.parent / "anh.jpg").write_text("<html><script>alert(1)</script></html>")
    line = _image(mini_copy, "anh.jpg")
    assert "không phải tệp ảnh" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


@pytest.mark.parametrize("script", [True, False])
def test_svg_is_an_error(mini_copy: Path, script: bool) -> None:
    inner = "<script>alert(1)</script>" if script else '<circle r="4"/>'
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{inner}</svg>'
    (mini_copy / STORY.parent / "anh.svg").write_text(svg)
    line = _image(mini_copy, "anh.svg")
    _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


def test_decompression_bomb_is_an_error_quickly(mini_copy: Path) -> None:
    bomb = mini_copy / STORY.parent / "bom.png"
    Image.new("1", (20_000, 20_000)).save(bomb, optimize=True)  # 400 megapixels in a few kB
    assert bomb.stat().st_size < 200_000
    line = _image(mini_copy, "bom.png")
    started = time.perf_counter()
    assert "quá lớn" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")
    assert time.perf_counter() - started < 30


def test_gif_is_an_error(mini_copy: Path) -> None:
    Image.new("P", (10, 10)).save(mini_copy / STORY.parent / "anh.gif")
    line = _image(mini_copy, "anh.gif")
    assert "GIF" in _assert_one_error(mini_copy, str(STORY), line, "images[0].file")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_published_image_formats_pass(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"anh.{fmt.lower()}"
    Image.new("RGB", (30, 20), (1, 2, 3)).save(path, format=fmt)
    assert media.image_problem(path) is None


def test_non_audio_recording_is_an_error(mini_copy: Path) -> None:
    (mini_copy / STORY.parent / "ghi-am.mp3").write_text("không phải âm thanh")
    line = _recording(mini_copy, "ghi-am.mp3")
    assert "âm thanh" in _assert_one_error(mini_copy, str(STORY), line, "recording.file")


def test_real_audio_passes(tmp_path: Path) -> None:
    wav = tmp_path / "ghi-am.wav"
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(wav), "trim", "0", "0.1"], check=True)
    assert media.audio_problem(wav) is None


# --- output names --------------------------------------------------------------------------------


@pytest.mark.parametrize("reserved", ["index", "media", "cau-chuyen", "trang-2"])
def test_reserved_ids_are_errors(mini_copy: Path, reserved: str) -> None:
    record = mini_copy / STORY
    text = record.read_text(encoding="utf-8").replace("id: son-tinh-nguyen-trong-huy", f"id: {reserved}")
    record.write_text(text.replace("son-tinh-nguyen-trong-huy", reserved), encoding="utf-8")
    for other in mini_copy.rglob("*.yaml"):
        other.write_text(other.read_text(encoding="utf-8").replace("son-tinh-nguyen-trong-huy", reserved))
    line = text.splitlines().index(f"id: {reserved}") + 1
    assert "trùng" in _assert_one_error(mini_copy, str(STORY), line, "id")


def test_id_from_the_file_name_is_checked_too(mini_copy: Path) -> None:
    (mini_copy / "quang-ngai" / "index.yaml").write_text(
        "kind: unit\nname: Xã Mục Lục\ntype: xã\nparent: quang-ngai\n", encoding="utf-8"
    )
    _assert_one_error(mini_copy, "quang-ngai/index.yaml", 1, "id")


def test_every_site_folder_name_is_reserved() -> None:
    from generator.model.kinds import KINDS
    from generator.present import urls

    sections = {kind.section for kind in KINDS.values()} | set(urls.DERIVED_SECTIONS.values())
    folders = sections | {urls.LEAFLETS, urls.LOUDSPEAKER, urls.SOCIAL, urls.CALENDARS}
    assert folders | {"index", urls.GENERATED_DIR} <= RESERVED_IDS


def test_same_file_name_from_two_folders_gets_two_public_names(mini_copy: Path) -> None:
    from generator.model.loading import load_content
    from generator.model.settings import load_settings
    from generator.present.views import Views
    from tests.conftest import ROOT

    _jpeg(mini_copy / STORY.parent / "a" / "anh.jpg")
    _jpeg(mini_copy / STORY.parent / "b" / "anh.jpg", (50, 30))
    _with(mini_copy, 'images:\n  - file: "a/anh.jpg"\n    alt: Một\n  - file: "b/anh.jpg"\n    alt: Hai\n')
    content = load_content(mini_copy, "stories")
    assert not content.report.errors, [str(e) for e in content.report.errors]
    views = Views(content, load_settings(ROOT))
    story = views.of(content.get("story", "son-tinh-nguyen-trong-huy"))  # type: ignore[arg-type]
    names = [image.file for image in story.images]  # type: ignore[attr-defined]
    assert len(set(names)) == 2 and all(name.endswith("anh.jpg") for name in names)


def test_inside_follows_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "noi-dung"
    root.mkdir()
    (root / "ra-ngoai").symlink_to(tmp_path)
    assert media.inside(root, root / "a.jpg")
    assert not media.inside(root, root / "ra-ngoai" / "b.jpg")
    assert not media.inside(root, tmp_path / "noi-dung-khac" / "c.jpg")  # a sibling sharing the prefix
    assert os.path.realpath(root) == str(root.resolve())
