"""The one list of record kinds: what the loader, schema, `lantoa new`, URLs and labels read.

Adding a kind is its record class in ``records.py`` plus one line here; views and
exports then decide what they show of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.records import Campaign, CoverageTarget, Model, Policy, Record, Statistic, Story, Unit


@dataclass(frozen=True)
class Kind:
    name: str  # the value of `kind:` in a record file
    record: type[Record]
    section: str  # URL and output folder: cau-chuyen/<id>/
    label: str  # what the site calls one record of this kind (page kind, search filter)
    noun: str  # the kind in a sentence, in messages to the editors: "câu chuyện"
    new_id: str  # id prefix of a file `lantoa new` writes: cau-chuyen-moi-1
    suffix: str = ".yaml"  # file type of a new record (stories have a Markdown body)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("unit", Unit, "don-vi", "Địa phương", "đơn vị", "don-vi-moi"),
        Kind("story", Story, "cau-chuyen", "Câu chuyện", "câu chuyện", "cau-chuyen-moi", ".md"),
        Kind("model", Model, "mo-hinh", "Mô hình", "mô hình", "mo-hinh-moi"),
        Kind("statistic", Statistic, "so-lieu", "Số liệu", "số liệu", "so-lieu-moi"),
        Kind("campaign", Campaign, "chien-dich", "Chiến dịch", "chiến dịch", "chien-dich-moi"),
        Kind("policy", Policy, "chinh-sach", "Chính sách", "chính sách", "chinh-sach-moi"),
        Kind("target", CoverageTarget, "ke-hoach", "Kế hoạch", "kế hoạch", "ke-hoach-moi"),
    )
}


def kind_of(record_class: type[Record]) -> Kind:
    return next(k for k in KINDS.values() if k.record is record_class)
