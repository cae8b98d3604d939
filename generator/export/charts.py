"""A statistic's chart (SVG) in the cache: one entry for the site's page and the leaflets."""

from __future__ import annotations

from pathlib import Path

from generator.export.output import Cache

NAMESPACE = "chart"


def key(cache: Cache, series: list[tuple[str, float]], measure: str, colour: str) -> str:
    return cache.key(NAMESPACE, series, measure, colour)


def make(root: Path, key: str, series: list[tuple[str, float]], measure: str, colour: str) -> Path:
    """The cached chart (in a worker or the build's process), drawn if missing."""
    from generator.present.charts import chart_svg

    return Cache(root).text(NAMESPACE, key, ".svg", lambda: chart_svg(series, measure, colour))
