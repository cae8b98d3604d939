"""`mkdocs.yml` `extra:` is checked like a record: `mkdocs.yml:LINE: extra.x.y: message`, no traceback.

Each test copies the project's mkdocs.yml and the mini content into a temporary
project, breaks one setting and runs `python -m generator check stories` there.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.model.settings import load_settings, read_settings
from tests.conftest import MINI, ROOT

NOT_A_GROUP = "phải là nhóm trường (khóa: giá trị)"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(MINI, tmp_path / "stories")
    return tmp_path


def configure(project: Path, old: str, new: str) -> int:
    """Replace one exact text of mkdocs.yml; the 1-based line where the new text starts."""
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *(args or ("check", "stories"))]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, timeout=120)


def settings_errors(project: Path, *args: str) -> list[str]:
    done = run(project, *args)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stderr
    return [line for line in done.stderr.splitlines() if line.startswith("mkdocs.yml:")]


def test_the_projects_settings_are_valid(project: Path) -> None:
    settings, report = read_settings(ROOT)
    assert not report.items, [str(d) for d in report.items]
    assert settings.speech.rate == 160 and settings.colours["primary"] == "#0b5ea8"
    assert settings.limits.record_bytes == 2 * 1024 * 1024
    done = run(project)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("rate: 160 ", "rate: nhanh ", "extra.speech.rate", "phải là số nguyên"),
        ("rate: 160 ", "rate: 0 ", "extra.speech.rate", "giá trị 0 không hợp lệ: phải ít nhất 80"),
        ("rate: 160 ", "rate: 160.5 ", "extra.speech.rate", "phải là số nguyên"),
        ("rate: 160 ", "rate: .inf ", "extra.speech.rate", "vô cực"),
        (
            "region: bac ",
            "region: bax ",
            "extra.speech.region",
            'giá trị "bax" không hợp lệ; chọn một trong: bac, nam. Có phải ý bạn là "bac"?',
        ),
        (
            "engine: espeak-ng ",
            "engine: espeak ",
            "extra.speech.engine",
            'Có phải ý bạn là "espeak-ng"?',
        ),
        ("rate: 160 ", "rat: 160 ", "extra.speech.rat", 'trường không được hỗ trợ. Có phải ý bạn là "rate"?'),
        (
            'primary: "#0b5ea8"',
            'primary: "#0b5ea"',
            "extra.colours.primary",
            'màu "#0b5ea" không hợp lệ; viết dạng #RRGGBB',
        ),
        ('primary: "#0b5ea8"', "primary: blue", "extra.colours.primary", 'màu "blue" không hợp lệ'),
        ('primary: "#0b5ea8"', 'primay: "#0b5ea8"', "extra.colours.primay", 'Có phải ý bạn là "primary"?'),
        ("hours: Thứ", "hour: Thứ", "extra.contact.hour", 'Có phải ý bạn là "hours"?'),
        ('phone: "1900 9068"', "phone: [1900, 9068]", "extra.contact.phone", "phải là chữ"),
        ("organisation: Bảo", "organization: Bảo", "extra.organization", 'Có phải ý bạn là "organisation"?'),
        (
            "organisation: Bảo hiểm xã hội Việt Nam",
            'organisation: "Bảo hiểm\\u202e xã hội"',
            "extra.organisation",
            "đảo chiều chữ U+202E",
        ),
    ],
)
def test_a_wrong_setting_is_an_error_at_its_line(
    project: Path, old: str, new: str, field: str, message: str
) -> None:
    line = configure(project, old, new)
    (error,) = settings_errors(project)
    assert error.startswith(f"mkdocs.yml:{line}: {field}: "), error
    assert message in error, error


def test_a_section_that_is_not_a_group(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    speech_block = text[text.index("  speech:\n") : text.index("  colours:\n")]
    line = configure(project, speech_block, '  speech: "x"\n')
    assert settings_errors(project) == [
        f"mkdocs.yml:{line}: extra.speech: phải là nhóm trường (khóa: giá trị)"
    ]


def test_colours_as_a_list(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    old = text[text.index("  colours:\n") :]
    line = configure(project, old, '  colours: ["#0b5ea8", "#e07b00"]\n')
    assert settings_errors(project) == [
        f"mkdocs.yml:{line}: extra.colours: phải là nhóm trường (khóa: giá trị)"
    ]


def test_extra_that_is_not_a_group(project: Path) -> None:
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    line = configure(project, text[text.index("extra:\n") :], "extra: x\n")
    assert settings_errors(project) == [f"mkdocs.yml:{line}: extra: {NOT_A_GROUP}"]


def test_empty_values_mean_the_default(project: Path) -> None:
    configure(project, "rate: 160 ", "rate: ")
    configure(project, 'phone: "1900 9068"', "phone:")
    settings, report = read_settings(project)
    assert not report.items
    assert settings.speech.rate == 160 and settings.contact.phone == "1900 9068"


def test_material_keys_and_python_tags_are_accepted(project: Path) -> None:
    configure(
        project,
        "  - admonition\n",
        "  - admonition\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n",
    )
    configure(
        project,
        "extra:\n",
        "extra:\n  social:\n    - icon: fontawesome/brands/facebook\n      link: https://facebook.com/x\n"
        "  generator: false\n",
    )
    assert run(project).returncode == 0
    settings = load_settings(project)
    assert settings.raw_extra["generator"] is False


def test_a_duplicate_key_in_settings(project: Path) -> None:
    line = configure(project, "rate: 160 ", "rate: 160\n    rate: 150 ")
    assert settings_errors(project) == [
        f"mkdocs.yml:{line + 1}: extra.speech.rate: khai báo hai lần (lần đầu ở dòng {line})"
    ]


def test_record_size_limit_is_a_setting(project: Path) -> None:
    configure(project, "extra:\n", "extra:\n  limits:\n    record_bytes: 8192\n")
    (project / "stories" / "toan-quoc" / "dai.yaml").write_text(
        "kind: model\nname: Dài\nsummary: Dài.\nbody: |\n" + "  Một dòng dài vừa phải.\n" * 400,
        encoding="utf-8",
    )
    done = run(project)
    assert done.returncode == 1
    assert "stories/toan-quoc/dai.yaml:1: -: tệp quá lớn (hơn 8 KB)" in done.stderr
    line = configure(project, "record_bytes: 8192", "record_bytes: 10")
    assert settings_errors(project)[0].startswith(f"mkdocs.yml:{line}: extra.limits.record_bytes: ")


def test_build_and_spoken_report_settings_errors(project: Path) -> None:
    line = configure(project, "rate: 160 ", "rate: nhanh ")
    expected = f"mkdocs.yml:{line}: extra.speech.rate: phải là số nguyên"
    assert settings_errors(project, "build", "--content", "stories", "--out", "site") == [expected]
    assert not (project / "site").exists()
    done = run(project, "spoken", "10%")
    assert done.returncode == 1 and expected in done.stderr and "Traceback" not in done.stderr
