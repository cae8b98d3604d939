"""All records of a content folder, indexed, with the relations every export needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, overload

from generator.model.diagnostics import Report
from generator.model.kinds import kind_of
from generator.model.loader import Entry
from generator.model.records import Campaign, Model, Record, Statistic, Story, Unit

NATIONWIDE_FOLDER = "toan-quoc"


type KindOf[R: Record] = str | type[R]  # a kind by name ("story") or by record class (Story)


def _name(kind: str | type[Record]) -> str:
    return kind if isinstance(kind, str) else kind_of(kind).name


@dataclass
class Content:
    root: Path
    shown_root: str
    entries: list[Entry[Record]]  # every valid record, drafts and examples included
    report: Report = field(default_factory=Report)
    # Examples (`example: true`) count as published only in the preview (`lantoa serve`); every
    # export, the calculator data and the search index see the content without them.
    examples: bool = False
    # Records waiting for approval (`status: cho-duyet`) likewise: the preview shows them, stamped,
    # so the approver reads the page before approving; no build has them.
    waiting: bool = False

    @cached_property
    def published(self) -> list[Entry[Record]]:
        """The records a build shows: not drafts, and not examples or records waiting for
        approval unless this is the preview."""
        return [e for e in self.entries if self.shows(e.record)]

    def shows(self, record: Record) -> bool:
        if record.example and not self.examples:
            return False
        return record.published or (self.waiting and record.status == "cho-duyet")

    @cached_property
    def _index(self) -> dict[str, Entry[Record]]:
        return {e.key: e for e in self.published}

    # A kind given by its record class gives typed entries: get(Story, id) → Entry[Story].
    @overload
    def get[R: Record](self, kind: type[R], id_: str | None) -> Entry[R] | None: ...
    @overload
    def get(self, kind: str, id_: str | None) -> Entry[Record] | None: ...
    def get(self, kind: KindOf, id_: str | None) -> Entry[Any] | None:
        return self._index.get(f"{_name(kind)}/{id_}") if id_ else None

    @cached_property
    def by_kind(self) -> dict[str, list[Entry[Record]]]:
        groups: dict[str, list[Entry[Record]]] = defaultdict(list)
        for entry in self.published:
            groups[entry.kind].append(entry)
        return groups

    @overload
    def of_kind[R: Record](self, kind: type[R]) -> list[Entry[R]]: ...
    @overload
    def of_kind(self, kind: str) -> list[Entry[Record]]: ...
    def of_kind(self, kind: KindOf) -> list[Entry[Any]]:
        return self.by_kind.get(_name(kind), [])

    # --- units -------------------------------------------------------------
    def unit(self, id_: str | None) -> Unit | None:
        entry = self.get(Unit, id_)
        return entry.record if entry else None

    def chain(self, unit_id: str) -> list[Entry[Unit]]:
        """The unit and its parents, innermost first (stops at a cycle)."""
        result: list[Entry[Unit]] = []
        entry = self.get(Unit, unit_id)
        while entry is not None and entry not in result:
            result.append(entry)
            entry = self.get(Unit, entry.record.parent)
        return result

    def province(self, unit_id: str) -> Entry[Unit] | None:
        chain = self.chain(unit_id)
        return chain[-1] if chain else None

    @cached_property
    def children(self) -> dict[str, list[Entry[Unit]]]:
        result: dict[str, list[Entry[Unit]]] = defaultdict(list)
        for entry in self.of_kind(Unit):
            if entry.record.parent:
                result[entry.record.parent].append(entry)
        return result

    @cached_property
    def merged_into(self) -> dict[str, list[Entry[Unit]]]:
        """Unit id → the abolished units whose area it took over (now_part_of)."""
        result: dict[str, list[Entry[Unit]]] = defaultdict(list)
        for entry in self.of_kind(Unit):
            for successor in entry.record.now_part_of:
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
    def _by_unit(self) -> dict[str, dict[str, list[Entry[Record]]]]:
        """kind -> unit id -> records that name that unit directly."""
        result: dict[str, dict[str, list[Entry[Record]]]] = defaultdict(lambda: defaultdict(list))
        for entry in self.published:
            record = entry.record
            if isinstance(record, Story | Statistic | Campaign):
                result[entry.kind][record.unit].append(entry)
            elif isinstance(record, Model):
                for unit_id in record.units:
                    result["model"][unit_id].append(entry)
        return result

    @overload
    def records_at[R: Record](self, kind: type[R], unit_id: str) -> list[Entry[R]]: ...
    @overload
    def records_at(self, kind: str, unit_id: str) -> list[Entry[Record]]: ...
    def records_at(self, kind: KindOf, unit_id: str) -> list[Entry[Any]]:
        """Records of a kind attached to exactly this unit, newest first."""
        return sorted(self._by_unit.get(_name(kind), {}).get(unit_id, []), key=sort_key, reverse=True)

    @overload
    def records_in[R: Record](self, kind: type[R], unit_id: str) -> list[Entry[R]]: ...
    @overload
    def records_in(self, kind: str, unit_id: str) -> list[Entry[Record]]: ...
    def records_in(self, kind: KindOf, unit_id: str) -> list[Entry[Any]]:
        """Records of a kind attached to the unit or any unit below it, newest first."""
        by_unit = self._by_unit.get(_name(kind), {})
        found: dict[str, Entry[Record]] = {}
        for member in self.subtree(unit_id):
            for entry in by_unit.get(member, []):
                found[entry.id] = entry
        return sorted(found.values(), key=sort_key, reverse=True)

    # --- other relations ------------------------------------------------------
    def stories_using(self, model_id: str) -> list[Entry[Story]]:
        return list(self._stories_by_model.get(model_id, ()))

    @cached_property
    def _stories_by_model(self) -> dict[str, list[Entry[Story]]]:
        """model id -> the stories naming it, newest first (each model page asks: one pass for all)."""
        result: dict[str, list[Entry[Story]]] = defaultdict(list)
        for entry in sorted(self.of_kind(Story), key=sort_key, reverse=True):
            for model_id in dict.fromkeys(entry.record.models):
                result[model_id].append(entry)
        return result

    @overload
    def newest[R: Record](self, kind: type[R], count: int) -> list[Entry[R]]: ...
    @overload
    def newest(self, kind: str, count: int) -> list[Entry[Record]]: ...
    def newest(self, kind: KindOf, count: int) -> list[Entry[Any]]:
        return sorted(self.of_kind(_name(kind)), key=sort_key, reverse=True)[:count]


def sort_key(entry: Entry[Record]) -> tuple:
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
