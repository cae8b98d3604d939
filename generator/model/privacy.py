"""Finding the full names of people who did not consent, however they are spelled.

One comparison form (``fold``) serves `lantoa check` here and the build's leak scan over
every output: Unicode compatibility-decomposed, accents dropped (đ → d), case folded,
invisible characters (zero-width, soft hyphen, bidi controls) and Markdown emphasis marks
removed, separators (``-``, ``_``, ``.``, ``/``) read as spaces, any run of spaces (NBSP,
newlines) as one. A name matches only as whole words: "An" is not found in "Anh".

Only full names of two words or more are looked for (after a leading honorific such as
"Bà" or "Anh"): a given name alone ("Lan") is an ordinary word and is how the site names
people anyway ("Chị L.").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.model.diagnostics import Report, did_you_mean
from generator.model.entrymemo import entry_memo
from generator.model.loader import Entry
from generator.model.records import Person

# Said before a name ("Bà Hà Thị Giang"): not part of it. Compared unfolded, so that the
# surname Dương is not taken for dượng.
HONORIFICS = frozenset(
    [
        "anh",
        "chị",
        "bà",
        "ông",
        "cô",
        "chú",
        "bác",
        "cậu",
        "dì",
        "thím",
        "mợ",
        "dượng",
        "em",
        "cụ",
        "thầy",
        "o",
    ]
)
MIN_WORDS = 2
MARKUP = "*~`=^"  # Markdown emphasis, strike, code, highlight marks split names: Ng**uyễn**
SEPARATORS = "-_./\\|"
# Bidi controls that display the characters after them right to left.
_RTL_OVERRIDE, _RTL_EMBED, _POP, _ISOLATE_POP = "\u202e", "\u202b", "\u202c", "\u2069"
_SPACES = re.compile(r"\s+")
# Joins texts searched as one: a control character, which no record's text may hold (hygiene.py).
APART = "\x00"


class _Folding(dict[int, str | None]):
    """str.translate table filled on demand: marks and format characters out, đ → d, separators → space."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if unicodedata.category(char) in ("Mn", "Me", "Cf") or char in MARKUP:
            value = None  # accents; zero-width, soft hyphen, bidi controls, BOM; emphasis marks
        elif char in SEPARATORS:
            value = " "
        elif char in "đĐðÐ":
            value = "d"
        else:
            value = char
        self[code] = value
        return value


class _Invisible(dict[int, str | None]):
    """str.translate table: format characters (zero-width, soft hyphen, bidi controls) out."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        value = None if unicodedata.category(char) == "Cf" else char
        self[code] = value
        return value


_FOLDING, _INVISIBLE = _Folding(), _Invisible()


def fold(text: str) -> str:
    """The comparison form of ``text`` (see the module's docstring)."""
    if _RTL_OVERRIDE in text or _RTL_EMBED in text:
        text = text + "\n" + _displayed(text)
    folded = unicodedata.normalize("NFKD", text).translate(_FOLDING).casefold()
    return _one_space(folded)


def _one_space(text: str) -> str:
    """``_SPACES.sub(" ", text)``: each run of spaces as one, at the ends too. str.split() finds
    the same runs (``\\s`` is str.isspace()) three times faster on long texts."""
    joined = " ".join(text.split())
    if not joined:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + joined + (" " if text[-1].isspace() else "")


def _displayed(text: str) -> str:
    """Text as shown when a right-to-left override reverses its characters (U+202E … U+202C)."""
    out, run, reversing = [], [], False
    for char in unicodedata.normalize("NFC", text):
        if char in (_RTL_OVERRIDE, _RTL_EMBED):
            reversing = True
        elif reversing and char in (_POP, _ISOLATE_POP, "\n"):
            out.extend(reversed(run))
            run, reversing = [], False
            out.append(char)
        elif reversing:
            run.append(char)
        else:
            out.append(char)
    out.extend(reversed(run))
    return "".join(out)


def _canonical(name: str) -> str:
    """A name as written, without what cannot be seen: case, Unicode form, spacing, invisibles."""
    text = unicodedata.normalize("NFC", name).translate(_INVISIBLE).casefold()
    return _SPACES.sub(" ", text).strip()


def words(name: str) -> list[str]:
    """The words of a full name in comparison form, without a leading honorific."""
    parts = _canonical(name).split()
    while parts and parts[0] in HONORIFICS and len(parts) > MIN_WORDS:
        parts = parts[1:]
    if len(parts) == MIN_WORDS and parts[0] in HONORIFICS:
        parts = parts[1:]
    return fold(" ".join(parts)).split()


def is_full_name(name: str) -> bool:
    return len(words(name)) >= MIN_WORDS


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name (case, accents' encoding, spacing, invisible characters)."""
    return _canonical(a) == _canonical(b)


class GatedTerms:
    """Finds many terms in long texts fast, each only where no ``boundary`` character touches it.

    One alternation of all terms is slow in Python's ``re`` (every position of the text
    tries every term), so a text is first cut into words, and only the terms whose words all
    occur in it are searched for, each with a pattern that starts with the term itself (which
    ``re`` finds by a fast literal scan, unlike a pattern starting with a look-behind).
    """

    def __init__(self, terms: Iterable[str], boundary: str, word: str = r"\w+") -> None:
        self._word = re.compile(word)
        self._boundary = re.compile(boundary)
        self._terms = sorted(set(terms), key=len, reverse=True)  # longest first
        self._words = {term: frozenset(self._word.findall(term)) for term in self._terms}
        # Each term under its longest word (a given name more often than a family name), so a
        # text is compared only with the terms one of its words may start: the work per text
        # does not grow with the number of terms (protected people grow with the content).
        self._by_word: dict[str, list[str]] = defaultdict(list)
        for term, term_words in self._words.items():
            self._by_word[max(term_words, key=len, default="")].append(term)
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._key = (tuple(self._terms), boundary, word)
        self._joinable = (
            not any(APART in term for term in self._terms)
            and not self._boundary.match(APART)
            and not self._word.search(APART)
        )

    def __bool__(self) -> bool:
        return bool(self._terms)

    def __eq__(self, other: object) -> bool:  # the same terms find the same: memo keys (entrymemo)
        return isinstance(other, GatedTerms) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def findall(self, text: str) -> list[str]:
        """The terms in ``text``, each once, in order of first appearance."""
        present = set(self._word.findall(text))
        found: list[tuple[int, str]] = []
        for term in self._candidates(present):
            if (start := self._first(term, text)) is not None:
                found.append((start, term))
        return [term for _, term in sorted(found)]

    @property
    def joinable(self) -> bool:
        """Whether texts joined by ``APART`` are searched as each one is: no term, word or
        boundary takes that character in, so no find runs from one text into the next."""
        return self._joinable

    def _candidates(self, present: set[str]) -> Iterator[str]:
        """The terms whose words are all in ``present``."""
        for key in present.intersection(self._by_word) | {""}:  # "": terms without a word
            for term in self._by_word.get(key, ()):
                if self._words[term] <= present:
                    yield term

    def _first(self, term: str, text: str) -> int | None:
        if term not in text:  # a substring search in C: most candidates are not there at all
            return None
        pattern = self._patterns.get(term)
        if pattern is None:
            pattern = re.compile(f"{re.escape(term)}(?!{self._boundary.pattern})")
            self._patterns[term] = pattern
        # One character on after a find the boundary refuses: a later find may overlap it
        # ("an an" in "nhan an an" starts inside the refused one).
        position = 0
        while (match := pattern.search(text, position)) is not None:
            start = match.start()
            if start == 0 or not self._boundary.match(text, start - 1):
                return start
            position = start + 1
        return None


class PhraseMatcher:
    """Finds any of many phrases (names, titles) as whole words in folded text."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        self.labels: dict[str, list[Any]] = {}
        for phrase, label in phrases:
            key = " ".join(fold(phrase).split())
            if key:
                self.labels.setdefault(key, []).append(label)
        self.terms = GatedTerms(self.labels, boundary=r"\w")  # whole words

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find_folded(self, folded: str) -> list[str]:
        """The phrases (folded keys) in already folded text, each once, in order of appearance."""
        return list(dict.fromkeys(self.terms.findall(folded)))

    def find(self, text: str) -> list[str]:
        return self.find_folded(fold(text))


def first_line_with(matcher: PhraseMatcher, text: str) -> int:
    """0-based index of the line of ``text`` where the first phrase found begins."""
    lines = text.split("\n")
    low, high = 0, len(lines) - 1
    while low < high:  # "the lines up to k hold a phrase" is monotonic in k: find the first k
        middle = (low + high) // 2
        if matcher.find("\n".join(lines[: middle + 1])):
            high = middle
        else:
            low = middle + 1
    start = low
    while start > 0 and not matcher.find("\n".join(lines[start : low + 1])):
        start -= 1  # a name broken over lines begins above
    return start


@dataclass(frozen=True)
class StringField:
    path: str  # people[0].role
    value: str


def string_fields(model: BaseModel, prefix: str = "") -> Iterator[StringField]:
    """Every string in a record, at any depth, with its dotted path."""
    for name in type(model).model_fields:
        yield from _strings(getattr(model, name), f"{prefix}{name}")


def _strings(value: Any, path: str) -> Iterator[StringField]:
    if isinstance(value, str):
        yield StringField(path, value)
    elif isinstance(value, BaseModel):
        yield from string_fields(value, f"{path}.")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")


# --- the check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """A person who did not consent to be named, where they are declared."""

    name: str
    entry: Entry
    index: int  # in the record's people (or recordings, for a speaker)
    field: str = "people[{index}].name"  # where the name is declared

    @property
    def name_field(self) -> str:
        return self.field.format(index=self.index)

    @property
    def consent_field(self) -> str:
        return self.name_field.rsplit(".", 1)[0] + ".consent"

    @property
    def declared_at(self) -> str:
        return f"{self.entry.shown}:{self.entry.line(self.name_field)}"


SPEAKER_FIELD = "recordings[{index}].speaker"


def protected_people(entries: Iterable[Entry]) -> list[Protected]:
    """Everyone with ``consent: false`` (drafts included) whose name is a full name: the people
    of a record, and the speakers of its recordings (model/languages.py)."""
    people = [
        Protected(person.name, entry, i)
        for entry in entries
        for i, person in enumerate(getattr(entry.record, "people", None) or [])
        if not person.consent and is_full_name(person.name)
    ]
    speakers = [
        Protected(recording.speaker, entry, i, SPEAKER_FIELD)
        for entry in entries
        for i, recording in enumerate(getattr(entry.record, "recordings", None) or [])
        if not recording.consent and is_full_name(recording.speaker)
    ]
    return people + speakers


def names_matcher(people: Iterable[Protected]) -> PhraseMatcher:
    return PhraseMatcher((" ".join(words(p.name)), p) for p in people)


def check_privacy(entries: list[Entry], report: Report) -> None:
    """Errors for a protected full name in any string of any record, or in a file name,
    and for a ``quote.by`` that names nobody in ``people``."""
    matcher = names_matcher(protected_people(entries))
    for entry in entries:
        _check_quote_by(entry, report)
        if not matcher:
            continue
        namesakes = _namesakes(entry, matcher, report)
        for field, key in _names_in_fields(entry, matcher.terms):
            if key in namesakes:
                continue  # this record's own consenting person of the same name
            line = entry.line(field.path) + _line_within(entry, field, matcher)
            report.error(entry.shown, line, field.path, _message(matcher.labels[key][0], entry))
        for key in matcher.find(entry.path.as_posix()):
            person = matcher.labels[key][0]
            report.error(
                entry.shown,
                1,
                "-",
                f'tên tệp có họ tên "{person.name}" của người chưa đồng ý nêu tên ({person.declared_at}); '
                "đổi tên tệp (và id nếu có)",
            )


@entry_memo
def _names_in_fields(entry: Entry, terms: GatedTerms) -> list[tuple[StringField, str]]:
    """(field, folded name) of each protected name in the record's fields, but the declarations;
    by the matcher's terms, which stay the same while nobody's name or consent changes."""
    texts: list[str] = []
    _add_texts(entry.record, texts)
    if none_in(terms, texts):  # most records: no protected name anywhere, declarations included
        return []
    fields = [field for field in string_fields(entry.record) if not _is_reference(entry, field)]
    found = found_in_each(terms, [field.value for field in fields])
    return [(field, key) for field, keys in zip(fields, found, strict=True) for key in keys]


def _add_texts(value: Any, found: list[str]) -> None:
    """The strings ``string_fields`` yields, without their paths (the check's first look)."""
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _add_texts(getattr(value, name), found)
    elif isinstance(value, list | tuple):
        for item in value:
            _add_texts(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _add_texts(item, found)


def found_in_each(terms: GatedTerms, texts: list[str]) -> list[list[str]]:
    """The terms in each text once folded (``terms.findall(fold(text))`` without repeats)."""
    if none_in(terms, texts):
        return [[] for _ in texts]
    return [list(dict.fromkeys(terms.findall(fold(text)))) for text in texts]


def none_in(terms: GatedTerms, texts: list[str]) -> bool:
    """True when no term is in any of the texts once folded (False: maybe, search each).

    The texts are searched as one, joined by ``APART``: ``fold`` keeps it and folds each side as
    alone, and the terms never take it in, so whatever a text holds the joined text holds. Text
    shown right to left is folded with its displayed form, which depends on the whole text: maybe.
    """
    joined = APART.join(texts)
    if not terms.joinable or _RTL_OVERRIDE in joined or _RTL_EMBED in joined:
        return False
    return not terms.findall(fold(joined))


def consenting_keys(entries: Iterable[Entry]) -> set[str]:
    """Full names (comparison form) of people who consented, in ``entries``."""
    return {
        " ".join(words(person.name))
        for entry in entries
        for person in getattr(entry.record, "people", None) or []
        if person.consent and is_full_name(person.name)
    }


def _namesakes(entry: Entry, matcher: PhraseMatcher, report: Report) -> set[str]:
    """Protected names that this record's consenting people also bear (two people, one name).

    The record may print its own person's name; the editors are warned that text alone
    cannot tell the two apart (the build's leak scan cannot look for that name).
    """
    found = set()
    for i, person in enumerate(getattr(entry.record, "people", None) or []):
        key = " ".join(words(person.name))
        if not person.consent or key not in matcher.labels:
            continue
        found.add(key)
        other = matcher.labels[key][0]
        report.warn_at(
            entry,
            f"people[{i}].name",
            f"trùng họ tên với người chưa đồng ý nêu tên ở {other.declared_at}; máy không phân biệt được "
            "hai người khi dò rò rỉ: nên đặt alias hoặc ghi tên đệm khác cho một trong hai",
        )
    return found


def _message(person: Protected, entry: Entry) -> str:
    where = (
        f"{person.consent_field}: false"
        if person.entry is entry
        else f"khai ở {person.declared_at}, consent: false"
    )
    return (
        f'có họ tên đầy đủ "{person.name}" của người chưa đồng ý nêu tên ({where}); '
        "hãy viết tắt (Chị G.) hoặc dùng alias"
    )


def _is_reference(entry: Entry, field: StringField) -> bool:
    """A field that names a person of this record on purpose: shown as that person is shown."""
    people = getattr(entry.record, "people", None) or []
    for i, person in enumerate(people):
        if field.path == f"people[{i}].name" and not person.consent:
            return True  # the declaration itself
    for i, recording in enumerate(getattr(entry.record, "recordings", None) or []):
        if field.path == SPEAKER_FIELD.format(index=i) and not recording.consent:
            return True
    if field.path == "quote.by":
        return speaker_of(field.value, people) is not None
    return False


def speaker_of(by: str, people: list[Person]) -> Person | None:
    """The person ``quote.by`` names: by name or alias, however it is spaced or cased."""
    for person in people:
        if same_name(by, person.name) or (person.alias and same_name(by, person.alias)):
            return person
    return None


def _check_quote_by(entry: Entry, report: Report) -> None:
    quote = getattr(entry.record, "quote", None)
    if not quote or quote.by is None:
        return
    people = getattr(entry.record, "people", None) or []
    if speaker_of(quote.by, people) is None:
        known = tuple(p.name for p in people) + tuple(p.alias for p in people if p.alias)
        hint = did_you_mean(quote.by, known) if known else " Thêm người này vào people."
        message = f'"{quote.by}" không phải tên (hay alias) của ai trong people.{hint}'
        report.error_at(entry, "quote.by", message)


def _line_within(entry: Entry, field: StringField, matcher: PhraseMatcher) -> int:
    """Lines below the field's first line: exact for the body of a .md story, else 0."""
    if field.path == "body" and entry.path.suffix == ".md" and "\n" in field.value:
        return first_line_with(matcher, field.value)
    return 0
