"""How a person is named in every output: in full only with consent."""

from __future__ import annotations

from generator.model.privacy import speaker_of
from generator.model.records import Person

HONORIFIC = {"nam": "Anh", "nữ": "Chị"}


def initial(word: str) -> str:
    return f"{word[0].upper()}."


def display_name(person: Person) -> str:
    if person.consent:
        return person.name
    if person.alias:
        return person.alias
    words = person.name.split()
    if person.gender in HONORIFIC:
        return f"{HONORIFIC[person.gender]} {initial(words[-1])}"
    return "".join(initial(w) for w in words)


def speaker(by: str | None, people: list[Person]) -> str | None:
    """`quote.by` names a person from `people`: show them as that person is shown.

    Matched as `lantoa check` matches it (by name or alias, however spaced); a name that
    matches nobody (check reports it) is never printed as written.
    """
    person = speaker_of(by, people) if by else None
    return display_name(person) if person else None


def speaker_role(by: str | None, people: list[Person]) -> str | None:
    """The quoted person's role ("trưởng thôn Ka Vin"), so a listener knows who speaks."""
    person = speaker_of(by, people) if by else None
    return person.role if person and person.role else None
