"""The architecture is a test: model ← present ← export ← build/CLI, exports independent."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True, timeout=120
    )


def test_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def test_a_new_edge_between_exports_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    site = tmp_path / "generator" / "export" / "site" / "__init__.py"
    site.write_text(site.read_text() + "\nfrom generator.export import social  # noqa\n")
    model = tmp_path / "generator" / "model" / "content.py"
    model.write_text(model.read_text() + "\nfrom generator.present import views  # noqa\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "generator.export.site -> generator.export.social" in result.stdout
    assert "generator.model.content -> generator.present.views" in result.stdout


# --- no import circle, every module in a layer ------------------------------------------------

# Every import of the project's modules, lazy (inside a function) and type-only (TYPE_CHECKING)
# ones included, as grimp (import-linter's graph) reads them; the strongly connected groups of
# more than one module are the circles. Run in the project's folder so a copy can be checked.
_CIRCLES = """
import json, sys
import grimp

graph = grimp.build_graph("generator", cache_dir=None)
edges = {m: graph.find_modules_directly_imported_by(m) & graph.modules for m in graph.modules}
index, low, stack, on_stack, circles = {}, {}, [], set(), []


def visit(start):
    work = [(start, iter(sorted(edges[start])))]
    index[start] = low[start] = len(index)
    stack.append(start)
    on_stack.add(start)
    while work:
        module, targets = work[-1]
        for target in targets:
            if target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted(edges[target]))))
                break
            if target in on_stack:
                low[module] = min(low[module], index[target])
        else:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))


for module in sorted(graph.modules):
    if module not in index:
        visit(module)
json.dump(sorted(circles), sys.stdout)
"""


def import_circles(project: Path) -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _CIRCLES], cwd=project, capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout)


def test_no_module_imports_itself_through_others() -> None:
    assert import_circles(ROOT) == []


LATE_IMPORTS = {
    "lazy": (
        "content.py",
        "\n\ndef _late() -> None:\n    from generator.model.loading import load_content  # noqa\n",
        {"generator.model.content", "generator.model.loading"},
    ),
    "type-only": (
        "records.py",
        "\nif TYPE_CHECKING:\n    from generator.model.content import Content  # noqa\n",
        {"generator.model.content", "generator.model.records"},
    ),
}


@pytest.mark.parametrize("late", LATE_IMPORTS.values(), ids=LATE_IMPORTS.keys())
def test_an_import_that_closes_a_circle_is_found(tmp_path: Path, late: tuple[str, str, set[str]]) -> None:
    name, added, members = late
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    module = tmp_path / "generator" / "model" / name
    text = module.read_text()
    if "TYPE_CHECKING" in added and "TYPE_CHECKING" not in text:
        text = "from typing import TYPE_CHECKING\n" + text.replace("from __future__ import annotations\n", "")
    module.write_text(text + added)
    circles = import_circles(tmp_path)
    assert len(circles) == 1
    assert members <= set(circles[0])


def _layer_modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    return [name.strip() for layer in layers for name in re.split(r"[:|]", layer)]


def test_the_layer_contract_covers_every_module() -> None:
    covered = _layer_modules()
    modules = [
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in sorted((ROOT / "generator").rglob("*.py"))
    ]
    outside = [
        module
        for module in modules
        if module != "generator" and not any(module == c or module.startswith(c + ".") for c in covered)
    ]
    assert outside == []


def test_the_developer_guide_names_every_module() -> None:
    """DEVELOPING.md lists each module under its layer (``broadcast/audio.py`` under exports)."""
    guide = (ROOT / "DEVELOPING.md").read_text(encoding="utf-8")
    unnamed = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        parts = path.relative_to(ROOT / "generator").parts
        inside = parts[1:] if parts[0] in ("export", "present", "model", "speech") else parts
        if inside and inside != ("__init__.py",) and f"`{'/'.join(inside)}`" not in guide:
            unnamed.append("/".join(parts))
    assert unnamed == []
