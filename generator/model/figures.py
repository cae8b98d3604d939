"""Derived figures of a statistic, computed in one place and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import formatting as fmt
from generator.model.records import Statistic

# How far a stated claim may stray from the data (content-model.md).
CLAIM_TOLERANCE = {"percent_of_target": 0.1, "percent_over_target": 0.1, "increase": 1.0, "ratio": 0.1}
CLAIM_LABELS = {
    "percent_of_target": "tỷ lệ so với kế hoạch",
    "percent_over_target": "tỷ lệ vượt kế hoạch",
    "increase": "mức tăng",
    "ratio": "số lần so với ban đầu",
}


@dataclass(frozen=True)
class Step:
    """Change from one point of a series to the next."""

    label: str  # "tháng 5/2025"
    value: str  # "2.083 người"
    change: str | None  # "+903 người (+76,53%)" from the previous point


@dataclass(frozen=True)
class Figures:
    latest: float
    first: float
    increase: float | None
    ratio: float | None
    growth_percent: float | None
    percent_of_target: float | None
    percent_over_target: float | None
    # formatted, ready for templates
    latest_text: str
    latest_when: str
    target_text: str | None
    percent_of_target_text: str | None
    percent_over_target_text: str | None
    increase_text: str | None
    growth_text: str | None
    steps: tuple[Step, ...]

    def claimed(self, name: str) -> float | None:
        return getattr(self, name)


def _change(previous: float, current: float, measure: str) -> str:
    diff = current - previous
    sign = "+" if diff >= 0 else "-"
    if measure == "%":  # 85% → 90% is +5 percentage points (a relative +5,85% would mislead)
        return f"{sign}{fmt.points(abs(diff))}"
    text = f"{sign}{fmt.quantity(abs(diff), measure)}"
    if previous:
        text += f" ({sign}{fmt.percent(abs(diff) / previous * 100)})"
    return text


def figures(stat: Statistic) -> Figures:
    series, measure = stat.series, stat.measure
    first, latest = series[0].value, series[-1].value
    several = len(series) > 1
    increase = latest - first if several else None
    ratio = latest / first if several and first else None
    growth = (latest - first) / first * 100 if several and first else None
    target = stat.target.value if stat.target else None
    of_target = latest / target * 100 if target else None
    over_target = of_target - 100 if of_target is not None else None
    steps = tuple(
        Step(
            fmt.period_text(point.period),
            ("khoảng " if point.approx else "") + fmt.quantity(point.value, measure),
            _change(series[i - 1].value, point.value, measure) if i else None,
        )
        for i, point in enumerate(series)
    )
    return Figures(
        latest=latest,
        first=first,
        increase=increase,
        ratio=ratio,
        growth_percent=growth,
        percent_of_target=of_target,
        percent_over_target=over_target,
        latest_text=("khoảng " if series[-1].approx else "") + fmt.quantity(latest, measure),
        latest_when=fmt.period_text(series[-1].period),
        target_text=fmt.quantity(target, measure) if target is not None else None,
        percent_of_target_text=fmt.percent(of_target) if of_target is not None else None,
        percent_over_target_text=fmt.percent(over_target) if over_target is not None else None,
        increase_text=_change(first, latest, measure) if several else None,
        growth_text=fmt.percent(growth) if growth is not None else None,
        steps=steps,
    )


def claim_mismatches(stat: Statistic) -> list[tuple[str, str]]:
    """(claim name, Vietnamese message) for every claim the data does not support."""
    if not stat.claims:
        return []
    derived = figures(stat)
    problems = []
    for name, tolerance in CLAIM_TOLERANCE.items():
        stated = getattr(stat.claims, name)
        if stated is None:
            continue
        actual = derived.claimed(name)
        if actual is None:
            problems.append((name, f"không tính được {CLAIM_LABELS[name]} từ số liệu (cần ít nhất hai mốc)"))
        elif abs(actual - stated) > tolerance:
            problems.append((name, _mismatch(name, stated, actual, stat, derived)))
    return problems


def _mismatch(name: str, stated: float, actual: float, stat: Statistic, derived: Figures) -> str:
    as_text = fmt.percent if name.startswith("percent") else fmt.number
    basis = (
        f"{fmt.number(derived.latest)} so với kế hoạch {fmt.number(stat.target.value)}"
        if stat.target and name.startswith("percent")
        else f"{fmt.number(derived.first)} lên {fmt.number(derived.latest)}"
    )
    return (
        f"{CLAIM_LABELS[name]} ghi {as_text(stated)} nhưng số liệu cho {as_text(actual)} "
        f"({basis}); sửa lại claims hoặc số liệu"
    )
