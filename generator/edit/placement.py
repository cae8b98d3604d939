"""Where a record's file belongs, whatever path the form proposed.

``stories/<province>/<unit>/<id>.md`` for a record of a unit below the province, the
province's own folder for a record of the province itself, ``<province>/chinh-sach/`` (or
``toan-quoc/chinh-sach/``) for a policy, and ``toan-quoc/`` for records of no single
province. Any kind with a ``unit`` field (a kind added later too) follows the unit rule.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.model.content import NATIONWIDE_FOLDER
from generator.model.kinds import Kind

POLICY_FOLDER = "chinh-sach"

type UnitFiles = dict[str, PurePosixPath]  # unit id → its file, inside the content folder


def units_named(kind: Kind, data: dict) -> list[str]:
    """The units a record's folder depends on, in the order the record names them."""
    found: list[str] = []
    for field in ("parent",) if kind.name == "unit" else ("unit", "units"):
        value = data.get(field)
        values = value if isinstance(value, list) else [value]
        found.extend(str(v) for v in values if isinstance(v, str) and v)
    return found


def province_of(unit_id: str, units: UnitFiles) -> str | None:
    path = units.get(unit_id)
    return path.parts[0] if path is not None and len(path.parts) > 1 else None


def folder_for(kind: Kind, record_id: str, data: dict, units: UnitFiles) -> PurePosixPath:
    """The folder (inside the content folder) a record of this kind and data belongs in."""
    named = units_named(kind, data)
    provinces = {p for u in named if (p := province_of(u, units))}
    if kind.name == "unit":
        parent = named[0] if named else None
        province = province_of(parent, units) if parent else None
        return PurePosixPath(province, record_id) if province else PurePosixPath(record_id)
    if len(provinces) != 1:
        base = PurePosixPath(NATIONWIDE_FOLDER)
        return base / POLICY_FOLDER if kind.name == "policy" else base
    province = next(iter(provinces))
    if kind.name == "policy":
        return PurePosixPath(province, POLICY_FOLDER)
    unit_id = named[0]
    unit_file = units[unit_id]
    if unit_file.parent == PurePosixPath(province) and unit_id == province_unit(province, units):
        return PurePosixPath(province)  # the province's own records
    return PurePosixPath(province, unit_id)


def province_unit(province: str, units: UnitFiles) -> str | None:
    """The unit whose file is the province folder's own (``bac-giang/bac-giang.yaml``)."""
    own = units.get(province)
    return province if own is not None and own.parts[0] == province else None
