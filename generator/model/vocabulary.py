"""The closed lists (unit types, indicators, audiences, measures, policy parameters and groups)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).parent.parent / "data" / "vocabulary.yaml"
LISTS = (
    "unit_types",
    "indicators",
    "audiences",
    "measures",
    "policy_parameters",
    "policy_groups",
    "policy_sections",
)


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    data = yaml.load(VOCABULARY_FILE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return {name: {str(k): str(v) for k, v in (data.get(name) or {}).items()} for name in LISTS}


def label(list_name: str, key: str) -> str:
    return vocabulary()[list_name].get(key, key)
