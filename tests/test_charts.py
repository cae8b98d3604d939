"""Statistic charts: drawn for the width they are shown at, every bar labelled, text as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.present import charts
from generator.present.views import StatisticView

SERIES = [("tháng 12/2024", 1180.0), ("tháng 6/2025", 2083.0), ("Kế hoạch năm 2025", 3000.0)]
SVG = "{http://www.w3.org/2000/svg}"


def _read(size: charts.ChartSize) -> tuple[ET.Element, float]:
    root = ET.fromstring(charts.chart_svg(SERIES, "người", size=size))
    width = float(root.get("viewBox", "").split()[2])
    return root, width


def test_site_chart_letters_are_14_px_where_a_phone_shows_it() -> None:
    root, width = _read(charts.SITE)
    assert width == 360 and root.get("width") == "360px"  # one unit of the drawing = one CSS pixel
    assert float(root.get("font-size", "0")) >= 14


def test_print_charts_letters_are_9_pt_and_14_pt_in_large_print() -> None:
    for size, points in ((charts.PRINT, 9), (charts.PRINT_LARGE, 14)):
        root, width = _read(size)
        assert root.get("width") == f"{width:g}mm"  # one unit = one millimetre on paper
        assert float(root.get("font-size", "0")) * 72 / 25.4 >= points - 0.01


def test_every_bar_carries_its_value_and_label() -> None:
    root, _ = _read(charts.SITE)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert len(list(root.iter(f"{SVG}rect"))) == len(SERIES)
    for label, value in SERIES:
        assert f"{value:,.0f}".replace(",", ".") + " người" in texts
        assert all(word in texts for word in label.split())


def test_same_series_same_bytes() -> None:
    assert charts.chart_svg(SERIES, "người") == charts.chart_svg(list(SERIES), "người")


def test_alt_text_keeps_abbreviations_in_capitals(mini_context) -> None:
    stats = [v for v in mini_context.views.all("statistic") if isinstance(v, StatisticView)]
    assert stats
    for view in stats:
        assert view.chart_alt.startswith("Biểu đồ ")
        if "BHXH" in view.figure.what:
            assert "BHXH" in view.chart_alt and not re.search(r"\bbhxh\b", view.chart_alt)
