"""The contract of incremental builds: they publish exactly what a cold build of the same tree does.

From a cold build of a small project (``tests/differential.py``: the mini content less three
records, the policy records, a photo, a jingle at the project root), ordinary edits each
followed by ``lantoa build`` into the same --out with the same cache; then the final tree
built cold (new --out, empty cache) and every published file compared. Edits to code and
templates go to a copy of the generator that the builds import, never to the worktree.

The Hypothesis state machine draws sequences of the same edits: a few steps here (``make
test``), many in ``make fuzz`` (HYPOTHESIS_PROFILE=long).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule

from tests.differential import EDITS, World, differences, view_code

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("differential")]

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"
STEPS = 20 if LONG else 3  # edits (each an incremental build) per drawn sequence
EXAMPLES = int(os.environ.get("HYPOTHESIS_DIFF_EXAMPLES", "10")) if LONG else 1


def test_the_builds_run_the_copy_of_the_generator(tmp_path: Path) -> None:
    world = World.create(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(world.code)}
    printed = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=world.project, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert Path(printed.strip()).is_relative_to(world.code)


def test_every_edit_can_be_drawn_again_and_again(tmp_path: Path) -> None:
    """The state machine may draw an edit many times in a row (``make fuzz`` found the leaflet
    template's edit failing the second time): each must apply, and change its file, every time
    (but a deleted story, which stays deleted)."""
    world = World.create(tmp_path)
    for name, edit in EDITS.items():
        if name == "build_date":  # an argument of the build, no file
            continue
        for attempt in range(3):
            before = _files(world)
            edit(world)
            world.builds += 1  # as a build after it would
            gone = name == "delete_story" and attempt > 0  # a deleted story stays deleted
            assert (_files(world) == before) == gone, name


def _files(world: World) -> dict[str, bytes]:
    """Every file of the project and of the generator's copy (nothing is built here)."""
    return {str(path): path.read_bytes() for path in world.root.rglob("*") if path.is_file()}


def test_every_ordinary_edit_builds_incrementally_what_a_cold_build_makes(tmp_path: Path) -> None:
    world = World.create(tmp_path)
    world.incremental()
    for edit in EDITS.values():
        edit(world)
        world.incremental()
    assert differences(world.project / "site", world.cold("cold")) == []


def weaken(world: World, module: str) -> None:
    """The copy's keys forget ``module``: as if its namespace did not import it."""
    path = world.code / "generator" / "export" / "namespaces.py"
    weakened = f"def modules(producers):\n    return _all_modules(producers) - {{{module!r}}}\n"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text}\n\n_all_modules = modules\n\n\n{weakened}", encoding="utf-8")


def test_the_comparison_fails_when_a_key_is_weakened(tmp_path: Path) -> None:
    """Proof that the contract bites: drop one module from the derived keys, edit a line of
    it, and what the incremental build keeps (pages, leaflets) no longer matches a cold build."""
    world = World.create(tmp_path)
    weaken(world, "generator.present.views")
    world.incremental()
    view_code(world)  # a source is written "publisher · “title”" instead of "publisher, “title”"
    world.incremental()
    stale = differences(world.project / "site", world.cold("cold"))
    assert any(rel.endswith(".html") for rel in stale), stale
    assert any(rel.endswith(".pdf") for rel in stale), stale


class IncrementalEqualsCold(RuleBasedStateMachine):
    """Any sequence of ordinary edits, each built incrementally, ends where a cold build does."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="lantoa-differential-"))
        self.world = World.create(self.root)
        self.world.incremental()

    @rule(edit=st.sampled_from(sorted(EDITS)))
    def edit_and_build(self, edit: str) -> None:
        EDITS[edit](self.world)
        self.world.done.append(edit)
        self.world.incremental()

    def teardown(self) -> None:
        try:
            stale = differences(self.world.project / "site", self.world.cold("cold"))
            assert stale == [], (self.world.done, stale)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


IncrementalEqualsCold.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=list(HealthCheck),
)
test_sequences_of_edits = IncrementalEqualsCold.TestCase
