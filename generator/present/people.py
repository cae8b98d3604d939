"""How a person is named in every output: in full only with consent."""

from __future__ import annotations

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
    """`quote.by` names a person from `people`: show them as that person is shown."""
    if by is None:
        return None
    for person in people:
        if by.casefold() == person.name.casefold():
            return display_name(person)
    return by
