"""A small content tree with targets, worked out by hand in tests/test_targets.py.

Bắc Ninh (new province) took over the whole of Bắc Giang on 1/7/2025; Hiệp Hòa was a district
of Bắc Giang. Xã Đông and Xã Tây are communes of Bắc Ninh.
"""

from __future__ import annotations

from pathlib import Path

SOURCE = "source: {publisher: Báo Thử, title: Bài thử, date: 2026-01}\n"
PLAN = "source: {publisher: UBND tỉnh, title: Kế hoạch thử, date: 2026-01-05}\n"

FILES = {
    "bac-ninh/bac-ninh.yaml": "kind: unit\nname: Bắc Ninh\ntype: tỉnh\n",
    "bac-ninh/bac-giang.yaml": (
        "kind: unit\nname: Bắc Giang\ntype: tỉnh\nvalid_until: 2025-06-30\nnow_part_of: [bac-ninh]\n"
    ),
    "bac-ninh/hiep-hoa.yaml": (
        "kind: unit\nname: Hiệp Hòa\ntype: huyện\nparent: bac-giang\nvalid_until: 2025-06-30\n"
        "now_part_of: [bac-ninh]\n"
    ),
    "bac-ninh/xa-dong.yaml": "kind: unit\nname: Xã Đông\ntype: xã\nparent: bac-ninh\n",
    "bac-ninh/xa-tay.yaml": "kind: unit\nname: Xã Tây\ntype: xã\nparent: bac-ninh\n",
    # Bắc Giang's own figures (a former province): they count towards Bắc Ninh.
    "bac-ninh/bac-giang-tn.yaml": (
        "kind: statistic\nunit: bac-giang\nindicator: bhxh_tu_nguyen\nmeasure: người\n"
        "series:\n  - {period: 2025-03, value: 50000}\n  - {period: 2025-06, value: 52000}\n" + SOURCE
    ),
    # Hiệp Hòa is inside Bắc Giang: never added a second time.
    "bac-ninh/hiep-hoa-tn.yaml": (
        "kind: statistic\nunit: hiep-hoa\nindicator: bhxh_tu_nguyen\nmeasure: người\n"
        "series:\n  - {period: 2025-06, value: 9000}\n" + SOURCE
    ),
    "bac-ninh/bac-ninh-tn.yaml": (
        "kind: statistic\nunit: bac-ninh\nindicator: bhxh_tu_nguyen\nmeasure: người\n"
        "series:\n  - {period: 2025-06, value: 30000}\n  - {period: 2026-09, value: 95000}\n"
        "  - {period: 2026-11, value: 97000}\n" + SOURCE
    ),
    "bac-ninh/xa-dong-tn.yaml": (
        "kind: statistic\nunit: xa-dong\nindicator: bhxh_tu_nguyen\nmeasure: người\n"
        "series:\n  - {period: 2026-08, value: 300}\n  - {period: 2026-11, value: 360}\n" + SOURCE
    ),
    "bac-ninh/xa-tay-tn.yaml": (
        "kind: statistic\nunit: xa-tay\nindicator: bhxh_tu_nguyen\nmeasure: người\n"
        "series:\n  - {period: 2026-05, value: 500}\n  - {period: 2026-07, value: 520}\n" + SOURCE
    ),
    "bac-ninh/xa-dong-bhyt.yaml": (
        "kind: statistic\nunit: xa-dong\nindicator: bhyt_ty_le\nmeasure: '%'\n"
        "series:\n  - {period: 2026-10, value: 93.5}\n" + SOURCE
    ),
    # Targets
    "bac-ninh/ke-hoach-bac-ninh-2026.yaml": (
        "kind: target\nunit: bac-ninh\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 100000\n" + PLAN
    ),
    "bac-ninh/ke-hoach-bac-ninh-2025.yaml": (
        "kind: target\nunit: bac-ninh\nindicator: bhxh_tu_nguyen\nperiod: 2025\nvalue: 80000\n" + PLAN
    ),
    "bac-ninh/ke-hoach-xa-dong-2026.yaml": (
        "kind: target\nunit: xa-dong\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 480\n" + PLAN
    ),
    "bac-ninh/ke-hoach-xa-tay-2026.yaml": (
        "kind: target\nunit: xa-tay\nindicator: bhxh_tu_nguyen\nperiod: 2026\nvalue: 500\n" + PLAN
    ),
    "bac-ninh/ke-hoach-xa-dong-bhyt-2026.yaml": (
        "kind: target\nunit: xa-dong\nindicator: bhyt_ty_le\nperiod: 2026\nvalue: 95\n" + PLAN
    ),
}


def write_tree(root: Path, extra: dict[str, str] | None = None) -> Path:
    for name, text in {**FILES, **(extra or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
