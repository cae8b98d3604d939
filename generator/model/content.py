"""All records of a content folder, indexed, with the relations every export needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from generator.model.diagnostics import Report
from generator.model.loader import RECORD_BYTES, Entry, find_record_files, load_file
from generator.model.records import Campaign, Model, Statistic, Story, Unit

NATIONWIDE_FOLDER = "toan-quoc"


@dataclass
class Content:
    root: Path
    shown_root: str
    entries: list[Entry]  # every valid record, drafts included
    report: Report = field(default_factory=Report)

    @cached_property
    def published(self) -> list[Entry]:
        return [e for e in self.entries if e.record.published]

    @cached_property
    def _index(self) -> dict[str, Entry]:
        return {e.key: e for e in self.published}

    def get(self, kind: str, id_: str | None) -> Entry | None:
        return self._index.get(f"{kind}/{id_}") if id_ else None

    @cached_property
    def by_kind(self) -> dict[str, list[Entry]]:
        groups: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.published:
            groups[entry.kind].append(entry)
        return groups

    def of_kind(self, kind: str) -> list[Entry]:
        return self.by_kind.get(kind, [])

    # --- units -------------------------------------------------------------
    def unit(self, id_: str | None) -> Unit | None:
        entry = self.get("unit", id_)
        return entry.record if entry else None  # type: ignore[return-value]

    def chain(self, unit_id: str) -> list[Entry]:
        """The unit and its parents, innermost first (stops at a cycle)."""
        result: list[Entry] = []
        entry = self.get("unit", unit_id)
        while entry is not None and entry not in result:
            result.append(entry)
            entry = self.get("unit", entry.record.parent)  # type: ignore[union-attr]
        return result

    def province(self, unit_id: str) -> Entry | None:
        chain = self.chain(unit_id)
        return chain[-1] if chain else None

    @cached_property
    def children(self) -> dict[str, list[Entry]]:
        result: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.of_kind("unit"):
            if entry.record.parent:  # type: ignore[union-attr]
                result[entry.record.parent].append(entry)  # type: ignore[union-attr]
        return result

    @cached_property
    def merged_into(self) -> dict[str, list[Entry]]:
        """Unit id → the abolished units whose area it took over (now_part_of)."""
        result: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.of_kind("unit"):
            for successor in entry.record.now_part_of:  # type: ignore[union-attr]
                result[successor].append(entry)
        return result

    def subtree(self, unit_id: str) -> set[str]:
        """Ids of the unit and every unit below it."""
        seen, todo = set(), [unit_id]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(e.id for e in self.children.get(current, []))
        return seen

    @cached_property
    def _by_unit(self) -> dict[str, dict[str, list[Entry]]]:
        """kind -> unit id -> records that name that unit directly."""
        result: dict[str, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
        for entry in self.published:
            record = entry.record
            if isinstance(record, Story | Statistic | Campaign):
                result[entry.kind][record.unit].append(entry)
            elif isinstance(record, Model):
                for unit_id in record.units:
                    result["model"][unit_id].append(entry)
        return result

    def records_at(self, kind: str, unit_id: str) -> list[Entry]:
        """Records of a kind attached to exactly this unit, newest first."""
        return sorted(self._by_unit.get(kind, {}).get(unit_id, []), key=sort_key, reverse=True)

    def records_in(self, kind: str, unit_id: str) -> list[Entry]:
        """Records of a kind attached to the unit or any unit below it, newest first."""
        by_unit = self._by_unit.get(kind, {})
        found: dict[str, Entry] = {}
        for member in self.subtree(unit_id):
            for entry in by_unit.get(member, []):
                found[entry.id] = entry
        return sorted(found.values(), key=sort_key, reverse=True)

    # --- other relations ------------------------------------------------------
    def stories_using(self, model_id: str) -> list[Entry]:
        return sorted(
            (e for e in self.of_kind("story") if model_id in e.record.models),  # type: ignore[union-attr]
            key=sort_key,
            reverse=True,
        )

    def newest(self, kind: str, count: int) -> list[Entry]:
        return sorted(self.of_kind(kind), key=sort_key, reverse=True)[:count]


def sort_key(entry: Entry) -> tuple:
    """Newest first by the record's own date; the id breaks ties deterministically."""
    record = entry.record
    if isinstance(record, Story):
        when = record.date.first_day
    elif isinstance(record, Statistic):
        when = record.series[-1].period.last_day
    elif isinstance(record, Campaign):
        when = record.period.first_day
    else:
        when = None
    return (when.isoformat() if when else "", entry.id)


def load_content(root: Path, shown_root: str | None = None, record_bytes: int = RECORD_BYTES) -> Content:
    """Load and validate every record; problems are in ``content.report``.

    ``record_bytes``: a record file larger than this is refused unread (mkdocs.yml
    ``extra.limits.record_bytes``).
    """
    from generator.model.validate import validate  # validation needs the indexes built here

    report = Report()
    shown = shown_root if shown_root is not None else str(root)
    entries = [
        entry
        for path in find_record_files(root)
        if (entry := load_file(root, shown, path, report, record_bytes)) is not None
    ]
    content = Content(root, shown, entries, report)
    validate(content, report)
    return content
