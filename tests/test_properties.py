"""Property tests (Hypothesis): `check` on mutated valid records passes or reports, never crashes.

Each example takes a valid record from tests/fixtures/mini and breaks it: values
replaced by other types, hostile Unicode (control, zero-width, bidi, astral), huge
and tiny numbers, deep nesting, long text, lists and groups restructured, keys
removed or added, or the file's text itself cut, spliced or salted. The loader runs
in-process (fast); a few examples also go through `python -m generator check`.

Every problem must be one well-formed `path:LINE: field: message` line whose line
exists in the file, and nothing may raise.

The number of examples is a Hypothesis profile chosen with HYPOTHESIS_PROFILE:
``ci`` (default: 200 examples per test, derandomised, so CI is repeatable) or
``long`` (20,000 per test, random): ``HYPOTHESIS_PROFILE=long make fuzz``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model.content import Content
from generator.model.diagnostics import Report
from generator.model.loader import load_file
from generator.model.validate import validate
from generator.model.yamlnodes import parse_yaml
from tests.conftest import MINI

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "20000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

RECORDS = sorted(str(p.relative_to(MINI)) for p in MINI.rglob("*") if p.suffix in (".yaml", ".md"))
LINE = re.compile(r"^(cảnh báo: )?(?P<path>[^\n]+?):(?P<line>\d+): (?P<field>\S+): (?P<message>\S.*)$")

# --- values that break things ---------------------------------------------------------------------

HOSTILE_CHARS = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f"  # control (C0, DEL, C1)
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"  # bidi
    "\u2028\u2029\r\n\t"  # line breaks
    "𝐁𝐇𝐗𝐇😀👨‍👩‍👧\U0010fffd"  # astral
    ":-[]{}&*!|>'\"#%@`,?"  # YAML indicators
    "ơưđĐ\u0301\u0323"  # Vietnamese, decomposed marks
)
texts = st.text(alphabet=st.sampled_from(HOSTILE_CHARS) | st.characters(), max_size=40)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e-300, 5e-324, 1e308, 2**63, -(2**63), 10**20]),
)
scalars = st.one_of(
    texts,
    numbers,
    st.booleans(),
    st.none(),
    st.sampled_from(["2025-02-30", "0000-01-01", "2025-13", "9999-12-31", "2024-01-01..2023-01-01", ".."]),
    st.text(min_size=300, max_size=3000),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def nested(depth: int) -> Any:
    value: Any = "x"
    for i in range(depth):
        value = [value] if i % 2 else {"a": value}
    return value


# --- walking the data ----------------------------------------------------------------------------------


def paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*prefix, i))


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    get(data, path[:-1])[path[-1]] = value
    return data


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """One structural change somewhere in the record."""
    path = draw(st.sampled_from(list(paths(data))))
    current = get(data, path)
    how = draw(
        st.sampled_from(["replace", "deep", "wrap", "unwrap", "items", "drop", "add", "rename", "repeat"])
    )
    if how == "replace":
        return put(data, path, draw(values))
    if how == "deep":
        return put(data, path, nested(draw(st.integers(min_value=1, max_value=40))))
    if how == "wrap":
        return put(data, path, [current])
    if how == "unwrap" and isinstance(current, list | dict) and current:
        first = next(iter(current.values())) if isinstance(current, dict) else current[0]
        return put(data, path, first)
    if how == "items" and isinstance(current, dict):
        return put(data, path, [[k, v] for k, v in current.items()])
    if how == "drop" and path:
        parent = get(data, path[:-1])
        del parent[path[-1]]
        return data
    if how == "add" and isinstance(current, dict):
        current[draw(texts)] = draw(values)
        return data
    if how == "rename" and path and isinstance(path[-1], str):
        parent = get(data, path[:-1])
        parent[draw(texts)] = parent.pop(path[-1])
        return data
    if how == "repeat" and isinstance(current, list):
        return put(data, path, current * draw(st.integers(min_value=2, max_value=600)))
    return put(data, path, draw(values))


def dump(data: Any, markdown: bool) -> str:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{text}---\n" if markdown else text


def splice(text: str, draw: st.DrawFn) -> str:
    """One change to the file's text: characters in, a cut, a line doubled or dropped, re-indented."""
    how = draw(st.sampled_from(["insert", "truncate", "double", "drop", "indent", "crlf", "bom"]))
    at = draw(st.integers(min_value=0, max_value=len(text)))
    lines = text.split("\n")
    line = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if how == "insert":
        return text[:at] + draw(texts) + text[at:]
    if how == "truncate":
        return text[:at]
    if how == "double":
        return "\n".join(lines[: line + 1] + lines[line:])
    if how == "drop":
        return "\n".join(lines[:line] + lines[line + 1 :])
    if how == "indent":
        lines[line] = draw(st.sampled_from([" ", "  ", "\t", "- "])) + lines[line]
        return "\n".join(lines)
    if how == "crlf":
        return text.replace("\n", "\r\n")
    return "\ufeff" + text


# --- checking ---------------------------------------------------------------------------------------


class Tree:
    """A copy of the mini content, one file rewritten per example."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="lantoa-props-"))
        self.root = self.folder / "stories"
        shutil.copytree(MINI, self.root)
        # The valid records, loaded once: an example reloads only the file it changed.
        self.valid = {name: load_file(self.root, "stories", self.root / name, Report()) for name in RECORDS}

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogatepass")
        path.write_bytes(content)
        return path

    def restore(self, name: str) -> None:
        shutil.copy(MINI / name, self.root / name)


@pytest.fixture(scope="module")
def tree() -> Iterator[Tree]:
    made = Tree()
    yield made
    shutil.rmtree(made.folder, ignore_errors=True)


def line_count(path: Path) -> int:
    data = path.read_bytes()
    return max(data.count(b"\n"), data.count(b"\r")) + 1


def assert_well_formed(tree: Tree, name: str, problems: list[str], lines: int | None = None) -> None:
    """Each problem is one `path:LINE: field: message` line; in the changed file, LINE exists."""
    lines = lines or line_count(tree.root / name)
    for text in problems:
        match = LINE.match(text)
        assert match, f"malformed diagnostic: {text!r}"
        assert int(match["line"]) >= 1
        if match["path"] == f"stories/{name}":
            assert int(match["line"]) <= lines, text


def check_in_process(tree: Tree, name: str) -> list[str]:
    """`check` without reading the unchanged files again: load the one file, validate them all."""
    report = Report()
    entries = [entry for other, entry in tree.valid.items() if other != name and entry is not None]
    changed = load_file(tree.root, "stories", tree.root / name, report)
    if changed is not None:
        entries.append(changed)
    content = Content(tree.root, "stories", sorted(entries, key=lambda e: e.path), report)
    validate(content, report)
    return [str(item) for item in report.sorted()]


def original(name: str) -> Any:
    text = (MINI / name).read_text(encoding="utf-8")
    if name.endswith(".md"):
        front, _, body = text.removeprefix("---\n").partition("\n---\n")
        data = parse_yaml(front).data
        data["body"] = body.strip()
        return data
    return parse_yaml(text).data


@given(data=st.data())
def test_structural_mutations_are_reported_not_raised(tree: Tree, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(RECORDS), label="file")
    mutated = mutate(original(name), data.draw)
    try:
        tree.write(name, dump(mutated, name.endswith(".md")))
        assert_well_formed(tree, name, check_in_process(tree, name))
    finally:
        tree.restore(name)


@given(data=st.data())
def test_text_mutations_are_reported_not_raised(tree: Tree, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(RECORDS), label="file")
    text = (MINI / name).read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="changes")):
        text = splice(text, data.draw)
    try:
        tree.write(name, text)
        assert_well_formed(tree, name, check_in_process(tree, name))
    finally:
        tree.restore(name)


@given(data=st.data())
def test_bytes_that_are_not_text_are_reported(tree: Tree, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(RECORDS), label="file")
    raw = (MINI / name).read_bytes()
    at = data.draw(st.integers(min_value=0, max_value=len(raw)))
    junk = data.draw(st.binary(min_size=1, max_size=16))
    try:
        tree.write(name, raw[:at] + junk + raw[at:])
        assert_well_formed(tree, name, check_in_process(tree, name))
    finally:
        tree.restore(name)


@settings(max_examples=8, derandomize=True)
@given(data=st.data())
def test_the_command_prints_only_diagnostics(tree: Tree, data: st.DataObject) -> None:
    """A few mutations through the real command: exit 0 or 1, only diagnostics, no traceback."""
    name = data.draw(st.sampled_from(RECORDS), label="file")
    mutated = mutate(original(name), data.draw)
    try:
        lines = line_count(tree.write(name, dump(mutated, name.endswith(".md"))))
        done = subprocess.run(
            [sys.executable, "-m", "generator", "check", "stories"],
            cwd=tree.folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        tree.restore(name)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    output = done.stderr.splitlines()
    if done.returncode == 1:
        assert re.fullmatch(r"\d+ lỗi, \d+ cảnh báo\.", output[-1]), done.stderr
        assert_well_formed(tree, name, output[:-1], lines)
