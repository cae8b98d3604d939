"""Charts of a statistic's series with matplotlib: SVG for the site and PDFs, PNG for cards."""

from __future__ import annotations

import io
from functools import cache

from generator.model import formatting as fmt
from generator.present.fonts import font_file

DEFAULT_COLOUR = "#0b5ea8"


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


def chart_svg(series: list[tuple[str, float]], measure: str, colour: str = DEFAULT_COLOUR) -> str:
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
