"""JSON Schema of the record files, generated from the pydantic models.

With the YAML extension (Red Hat) an editor completes field names and underlines
mistakes while typing; the vocabularies become enums so values complete too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Union

from pydantic import Field, TypeAdapter

from generator.model.kinds import KINDS
from generator.model.vocabulary import vocabulary

SCHEMA_FILE = "lantoa.schema.json"
# field (in any definition) → vocabulary list it takes its values from
ENUMS = {"type": "unit_types", "indicator": "indicators", "measure": "measures"}
VOCABULARY_RECORDS = ("Unit", "Statistic")  # the definitions whose fields above take a vocabulary


def schema() -> dict:
    classes = tuple(kind.record for kind in KINDS.values())
    record = Annotated[Union[classes], Field(discriminator="kind")]  # noqa: UP007 (a runtime tuple)
    result = TypeAdapter(record).json_schema()
    words = vocabulary()
    for name, definition in result.get("$defs", {}).items():
        properties = definition.get("properties", {})
        for field, list_name in ENUMS.items():
            if field in properties and name in VOCABULARY_RECORDS:
                properties[field] = {**properties[field], "enum": list(words[list_name])}
        if name == "Policy":
            properties["parameter"] = {**properties["parameter"], "enum": list(words["policy_parameters"])}
        if "audiences" in properties:
            properties["audiences"]["items"] = {"enum": list(words["audiences"])}
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    labels = ", ".join(kind.noun for kind in KINDS.values())
    result["title"] = f"Bản ghi Lan Tỏa ({labels})"
    return result


def write_schema(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SCHEMA_FILE
    path.write_text(json.dumps(schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
