"""The fast paths of `lantoa check` give what the plain code they replaced gave.

`lantoa check` of 10,000 records spent most of its time in Python loops over characters and
values. Each was replaced by C-level work (a regex, str.translate, one search over a record's
texts joined); the plain version is kept here as the reference, and Hypothesis compares the
two on random text, hostile characters included.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.model import hygiene, privacy, repetition
from generator.model.hygiene import LONG_TEXT, number_problem, text_problem
from generator.model.privacy import APART, GatedTerms, PhraseMatcher, fold, found_in_each, none_in
from generator.model.prose import has_digit
from generator.model.yamlnodes import _TYPED_FIRST, _UNTYPED_FAST, join, parse_yaml

# Letters with and without marks, decomposed marks, spaces of every kind, separators, markup,
# invisible and bidi characters, digits of every kind, and the character that joins texts.
HOSTILE = (
    "aAbnhgiđĐàáảãạăâêôơưÀỆ\u0300\u0301\u0323 \t\n\u00a0\u2028-_./|*~`#>!()[]"
    "\u200b\u200c\u200d\u00ad\ufeff\u202a\u202b\u202c\u202e\u2066\u2069\x00\x07\x85"
    "0123456789²①٣\x1c\u3000\u2029\r\x0b"
)
texts = st.text(alphabet=HOSTILE, max_size=60) | st.text(max_size=30)


# --- model/repetition.py --------------------------------------------------------------------


def _fold_before(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _first_paragraph_before(markdown: str) -> str:
    for block in re.split(r"\n[ \t]*\n", markdown.strip()):
        text = block.strip()
        if text and not text.startswith(repetition._NOT_PROSE):
            return re.sub(r"^>\s?", "", text, flags=re.MULTILINE)
    return ""


@given(texts)
def test_repetition_fold_drops_the_same_marks(text: str) -> None:
    assert repetition.fold(text) == _fold_before(text)


@given(st.text(alphabet="ab #!|<>`-*\n\t ", max_size=80))
def test_first_paragraph_is_the_first_block_as_before(markdown: str) -> None:
    assert repetition.first_paragraph(markdown) == _first_paragraph_before(markdown)


# --- model/prose.py ------------------------------------------------------------------------------


def test_has_digit_accepts_what_isdigit_accepts_at_every_code_point() -> None:
    wrong = [code for code in range(sys.maxunicode + 1) if has_digit(chr(code)) != chr(code).isdigit()]
    assert wrong == []


@given(texts)
def test_has_digit_on_text(text: str) -> None:
    assert has_digit(text) == any(char.isdigit() for char in text)


# --- model/hygiene.py ----------------------------------------------------------------------------


def _problems_before(data: Any) -> list[tuple[str, str]]:
    found, todo = [], [("", data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, dict):
            todo.extend((join(path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            todo.extend((join(path, i), item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            name = re.sub(r"\[\d+\]$", "", path).rpartition(".")[2]
            if message := text_problem(value, long=name in LONG_TEXT):
                found.append((path or "-", message))
        elif isinstance(value, bool) or not isinstance(value, int | float):
            continue
        elif message := number_problem(value):
            found.append((path or "-", message))
    return found


values = st.recursive(
    texts | st.integers() | st.floats() | st.booleans() | st.none(),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["name", "body", "title", "note", "x"]), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(values)
def test_hygiene_finds_the_same_problems(data: Any) -> None:
    assert list(hygiene.problems(data)) == _problems_before(data)


def test_the_suspect_characters_are_those_of_the_four_rules() -> None:
    rules = (hygiene._CONTROL_IN_TEXT, hygiene._BIDI, hygiene._ZERO_WIDTH, hygiene._LINE_BREAK)
    wrong = [
        code
        for code in range(sys.maxunicode + 1)
        if bool(hygiene._SUSPECT.search(chr(code))) != any(rule.search(chr(code)) for rule in rules)
    ]
    assert wrong == []


# --- model/yamlnodes.py --------------------------------------------------------------------------


@given(st.text(min_size=1, max_size=20))
def test_a_plain_scalar_the_fast_path_reads_as_text_is_text_to_the_resolver(value: str) -> None:
    assert _UNTYPED_FAST
    if value[0] not in _TYPED_FIRST:
        tag = yaml.CSafeLoader("").resolve(yaml.ScalarNode, value, (True, False))
        assert tag == "tag:yaml.org,2002:str"


@given(st.text(alphabet="aBtnyo0-.~<=!&*: #'\"đĐ", min_size=1, max_size=12))
def test_plain_scalars_parse_as_pyyaml_reads_them(value: str) -> None:
    document = f"key: {value}\n"
    try:
        expected = yaml.load(document, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    try:
        parsed = parse_yaml(document).data
    except Exception:  # refusals (anchors, aliases, tags) are the parser's own rule
        return
    if isinstance(expected, dict) and isinstance(expected.get("key"), str | int | float | bool | None):
        value_read = expected["key"]
        if isinstance(value_read, str):
            value_read = unicodedata.normalize("NFC", value_read)
        assert parsed == {"key": value_read}


# --- model/privacy.py ----------------------------------------------------------------------------


@given(
    names=st.lists(st.text(alphabet="ab đà\u0301-*\u200b", min_size=1, max_size=8), max_size=5),
    parts=st.lists(
        st.text(alphabet="ab đàĐ\u0301\u0300 \n\t-_*.\u200b\u202e\u202c\x00", max_size=20), max_size=6
    ),
)
def test_texts_searched_together_find_what_each_finds_alone(names: list[str], parts: list[str]) -> None:
    terms = PhraseMatcher((name, name) for name in names).terms
    expected = [list(dict.fromkeys(terms.findall(fold(text)))) for text in parts]
    assert found_in_each(terms, parts) == expected


def test_fold_keeps_the_joining_character_and_folds_each_side_alone() -> None:
    parts = ["Hà  ", " \u00a0Thị", "", "Gi\u0301ang\n", "\tĐ"]
    assert fold(APART.join(parts)) == APART.join(fold(part) for part in parts)
    assert GatedTerms(["a b"], boundary=r"\w").joinable
    assert not GatedTerms([f"a{APART}b"], boundary=r"\w").joinable


def _privacy_fold_before(text: str) -> str:
    if "\u202e" in text or "\u202b" in text:
        text = text + "\n" + privacy._displayed(text)
    folded = unicodedata.normalize("NFKD", text).translate(privacy._FOLDING).casefold()
    return re.sub(r"\s+", " ", folded)


@given(texts)
def test_privacy_fold_spaces_as_before(text: str) -> None:
    assert fold(text) == _privacy_fold_before(text)


def test_regex_spaces_are_str_spaces_at_every_code_point() -> None:
    space = re.compile(r"\s")
    wrong = [
        code for code in range(sys.maxunicode + 1) if bool(space.match(chr(code))) != chr(code).isspace()
    ]
    assert wrong == []


@given(
    names=st.lists(st.text(alphabet="ab đà-", min_size=3, max_size=8), min_size=1, max_size=4),
    parts=st.lists(st.text(alphabet="ab đàĐ\u0301 \n-*\u202e", max_size=20), max_size=6),
)
def test_none_in_is_never_wrong(names: list[str], parts: list[str]) -> None:
    terms = PhraseMatcher((name, name) for name in names).terms
    if none_in(terms, parts):
        assert all(terms.findall(fold(text)) == [] for text in parts)
