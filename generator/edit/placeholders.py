"""The policy placeholders ``[[…]]`` an editor may write, offered by the form from a list."""

from __future__ import annotations

from generator.model.placeholders import ABOUT, DERIVED, NEEDS_GROUP
from generator.model.vocabulary import vocabulary


def placeholder_list() -> list[dict[str, str]]:
    """Every ``[[name]]``, ``[[name:group]]``, ``[[can-cu:name]]`` and ``[[tu-ngay:name]]``, described."""
    words = vocabulary()
    groups = words["policy_groups"]
    found: list[dict[str, str]] = []
    for name, meaning in words["policy_parameters"].items():
        found.append({"text": f"[[{name}]]", "label": meaning})
    for name, meaning in DERIVED.items():
        if name not in NEEDS_GROUP:
            found.append({"text": f"[[{name}]]", "label": meaning})
        for group, group_label in groups.items():
            found.append({"text": f"[[{name}:{group}]]", "label": f"{meaning} — {group_label}"})
    for about, meaning in ABOUT.items():
        for name, parameter in words["policy_parameters"].items():
            found.append({"text": f"[[{about}:{name}]]", "label": f"{meaning}: {parameter}"})
    return found
