"""A statistic's chart (SVG) in the cache: drawn for the site's page or for print."""

from __future__ import annotations

from pathlib import Path

from generator.export.output import Cache
from generator.present.charts import SITE, ChartSize, chart_svg

NAMESPACE = "chart"


def key(
    cache: Cache, series: list[tuple[str, float]], measure: str, colour: str, size: ChartSize = SITE
) -> str:
    return cache.key(NAMESPACE, series, measure, colour, size)


def make(
    root: Path, key: str, series: list[tuple[str, float]], measure: str, colour: str, size: ChartSize = SITE
) -> Path:
    """The cached chart (in a worker or the build's process), drawn if missing."""
    return Cache(root).text(NAMESPACE, key, ".svg", lambda: chart_svg(series, measure, colour, size))
