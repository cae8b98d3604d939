"""Charts of a statistic's series: SVG for the site and PDFs, PNG for share cards.

The SVGs are drawn from a template (templates/charts/bars.svg) for the width they are shown
at, so a label is as big as the size it is given: 14 px on a phone, 9 pt on paper, 14 pt in
large print. Bars and labels only: well under a millisecond a chart where matplotlib took 55 to 95 ms
(benchmarks/bench_charts.py). Share cards are pictures (PNG) and stay with matplotlib.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.model import formatting as fmt
from generator.present.fonts import font_file
from generator.present.templating import render

DEFAULT_COLOUR = "#0b5ea8"
PT_IN_MM = 25.4 / 72


@dataclass(frozen=True)
class ChartSize:
    """Where a chart is shown: its width and height in ``unit`` and the letters' size in the same."""

    width: float
    height: float
    font: float
    unit: str  # "px" (the site) or "mm" (paper)


# The site's chart fills a phone's column (about 360 px; wider screens cap it, extra.css);
# the leaflets show theirs 120 to 165 mm wide (leaflet.css), never narrower than drawn.
SITE = ChartSize(360, 220, 14, "px")
PRINT = ChartSize(120, 60, round(9 * PT_IN_MM, 3), "mm")
PRINT_LARGE = ChartSize(120, 60, round(14 * PT_IN_MM, 3), "mm")
TEMPLATE = Path(__file__).parent.parent / "templates" / "charts" / "bars.svg"
GLYPH = 0.56  # average width of a Noto Sans letter, in font sizes (to wrap the labels)


@dataclass(frozen=True)
class Bar:
    x: float
    top: float
    height: float
    middle: float
    value_y: float
    value: str
    label: list[str]


@dataclass(frozen=True)
class BarLayout:
    width: float
    height: float
    unit: str
    font: float
    line: float
    rule: float
    base: float
    label_y: float
    bar_width: float
    colour: str
    bars: list[Bar]


def bar_layout(
    series: list[tuple[str, float]], measure: str, colour: str = DEFAULT_COLOUR, size: ChartSize = SITE
) -> BarLayout:
    """Where every bar and text of the chart goes (all numbers rounded: stable SVG bytes)."""
    font, slot = size.font, size.width / max(len(series), 1)
    line = font * 1.2
    labels = [_wrap(label, max(4, int(slot * 0.95 / (font * GLYPH)))).split("\n") for label, _ in series]
    rows = max((len(lines) for lines in labels), default=1)
    base = size.height - rows * line - font * 0.4
    room = base - line * 1.3  # the tallest bar leaves a line above it for its value
    biggest = max((max(value, 0) for _, value in series), default=0) or 1
    bar_width = min(slot * 0.62, font * 6)
    bars = []
    for index, ((_, value), lines) in enumerate(zip(series, labels, strict=True)):
        height = room * max(value, 0) / biggest
        middle = slot * (index + 0.5)
        bars.append(
            Bar(
                x=_r(middle - bar_width / 2),
                top=_r(base - height),
                height=_r(height),
                middle=_r(middle),
                value_y=_r(base - height - font * 0.35),
                value=fmt.quantity(value, measure),
                label=lines,
            )
        )
    return BarLayout(
        width=size.width,
        height=size.height,
        unit=size.unit,
        font=math.ceil(font * 100) / 100,  # rounded up: never under the size asked for
        line=_r(line),
        rule=_r(font / 14),
        base=_r(base),
        label_y=_r(base + font * 1.1),
        bar_width=_r(bar_width),
        colour=colour,
        bars=bars,
    )


def _r(value: float) -> float:
    return round(value, 2)


def chart_svg(
    series: list[tuple[str, float]], measure: str, colour: str = DEFAULT_COLOUR, size: ChartSize = SITE
) -> str:
    """The bar chart as SVG text, drawn for ``size``."""
    return render("charts/bars.svg", chart=bar_layout(series, measure, colour, size))


@cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for bold in (False, True):
        font_manager.fontManager.addfont(str(font_file(bold=bold)))
    matplotlib.rcParams.update(
        {
            "font.family": "Noto Sans",
            "svg.fonttype": "none",  # keep text as text: searchable, accessible, small
            "svg.hashsalt": "lantoa",  # deterministic ids: unchanged charts stay byte-identical
            "text.parse_math": False,  # a "$" in a label is a dollar sign, not TeX
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _figure(series: list[tuple[str, float]], measure: str, colour: str, size: tuple[float, float]):
    plt = _pyplot()
    labels = [label for label, _ in series]
    values = [value for _, value in series]
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    bars = ax.bar(range(len(values)), values, color=colour, width=0.6)
    ax.set_xticks(range(len(values)), [_wrap(label) for label in labels], fontsize=9)
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt.number(v, 1))
    ax.tick_params(axis="y", labelsize=9)
    ax.bar_label(bars, labels=[fmt.quantity(v, measure) for v in values], fontsize=9, padding=2)
    ax.margins(y=0.15)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig


def _wrap(label: str, width: int = 14) -> str:
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def chart_svg_matplotlib(series: list[tuple[str, float]], measure: str, colour: str = DEFAULT_COLOUR) -> str:
    """The former site chart (matplotlib), kept for benchmarks/bench_charts.py to compare with."""
    fig = _figure(series, measure, colour, (6.4, 3.2))
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    _pyplot().close(fig)
    return buffer.getvalue()


def chart_png(
    series: list[tuple[str, float]],
    measure: str,
    colour: str = DEFAULT_COLOUR,
    size: tuple[float, float] = (4.8, 2.4),
    dpi: int = 100,
) -> bytes:
    fig = _figure(series, measure, colour, size)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, transparent=True, metadata={"Software": None})
    _pyplot().close(fig)
    return buffer.getvalue()
