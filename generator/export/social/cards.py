"""Share cards (1200 × 630 PNG) for stories and statistic infographics, drawn with Pillow.

Two steps: ``plan_*`` lays the card out — every text fitted to its box, pure data that
also serves as the cache key and tells which texts had to be cut — and ``draw`` turns
a plan into PNG bytes. Fonts come from the system (Noto Sans covers Vietnamese), so
nothing is downloaded; the PNG has no timestamp, so the same plan gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from PIL import Image, ImageDraw

from generator.export.social.layout import Fitted, draw_fitted, fit_text, font
from generator.model.settings import PREVIEW_STAMP, Settings
from generator.present.announcements import Announcement
from generator.present.charts import chart_png
from generator.present.fonts import font_file
from generator.present.progress import News
from generator.present.text import lower_first
from generator.present.views import StatisticView, StoryView

WIDTH, HEIGHT = 1200, 630
MARGIN = 60
BAND = 88  # brand band at the top
STRIPE = 6  # accent line under the band
FOOTER = 78  # tinted strip at the bottom
CHART_SIZE = (560, 340)
CHART_DPI = 120  # a smaller figure at a higher dpi: the same pixels, labels readable on a phone
DEFAULT_COLOURS = {"primary": "#0b5ea8", "accent": "#e07b00", "text": "#1d2733", "background": "#ffffff"}
MARK = "Lan Tỏa"
STAMP_COLOUR: tuple[int, int, int] = (179, 38, 30)  # "BẢN XEM TRƯỚC", white on red, in the band
STAMP_PAD = (14, 6)

RGB = tuple[int, int, int]


def rgb(value: str) -> RGB:
    value = value.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: RGB, b: RGB, share_of_b: float) -> RGB:
    red, green, blue = (round(x + (y - x) * share_of_b) for x, y in zip(a, b, strict=True))
    return red, green, blue


@dataclass(frozen=True)
class Palette:
    primary: RGB
    accent: RGB
    text: RGB
    background: RGB

    @classmethod
    def of(cls, settings: Settings) -> Palette:
        colours = {**DEFAULT_COLOURS, **settings.colours}
        return cls(*(rgb(colours[name]) for name in ("primary", "accent", "text", "background")))

    @property
    def on_primary(self) -> RGB:
        """White or the text colour, whichever reads better on the brand band."""
        r, g, b = self.primary
        return (255, 255, 255) if 0.299 * r + 0.587 * g + 0.114 * b < 160 else self.text

    @property
    def muted(self) -> RGB:
        return mix(self.text, self.background, 0.35)

    @property
    def tint(self) -> RGB:
        return mix(self.background, self.primary, 0.08)


@dataclass(frozen=True)
class Placed:
    """A fitted text at its position."""

    name: str  # which part of the card (for warnings): title, quote, summary, ...
    text: Fitted
    x: int
    y: int
    colour: RGB
    width: int  # of its box, for right alignment
    align: str = "left"


@dataclass(frozen=True)
class Plan:
    """Everything a card shows, laid out; drawing it needs nothing else."""

    palette: Palette
    texts: tuple[Placed, ...]
    quote_mark: tuple[int, int] | None = None  # where the big “ goes
    chart: tuple[tuple[tuple[str, float], ...], str] | None = None  # (series, measure)
    chart_box: tuple[int, int] | None = None
    progress: tuple[float, int, int, int] | None = None  # (percent of target, x, y, width)
    cut: tuple[str, ...] = field(default=())  # parts that had to end with "…"
    stamp_box: tuple[int, int, int, int] | None = None  # the preview stamp's red box (see _header)


def fonts() -> tuple[str, str]:
    """Regular and bold font files."""
    return str(font_file(bold=False)), str(font_file(bold=True))


def _header(settings: Settings, palette: Palette) -> list[Placed]:
    """The brand band: the organisation, the mark, and in a preview build (site_url is a
    placeholder) the stamp "BẢN XEM TRƯỚC" between them (its red box: ``stamp_box``)."""
    bold = fonts()[1]
    mark = fit_text(MARK, bold, (220, 40), 24, 30, max_lines=1)
    mark_x = WIDTH - MARGIN - mark.width
    room = mark_x - 2 * MARGIN - 70
    placed = []
    if settings.preview:
        stamp = fit_text(PREVIEW_STAMP, bold, (300, 40), 22, 26, max_lines=1)
        stamp_x = mark_x - 70 - stamp.width - STAMP_PAD[0]
        room = stamp_x - STAMP_PAD[0] - 24 - MARGIN
        placed.append(Placed("stamp", stamp, stamp_x, (BAND - stamp.height) // 2, (255, 255, 255), 0))
    organisation = fit_text(settings.contact.organisation, bold, (room, BAND - 28), 18, 30, max_lines=2)
    return [
        Placed(
            "organisation", organisation, MARGIN, (BAND - organisation.height) // 2, palette.on_primary, 0
        ),
        Placed("mark", mark, mark_x, (BAND - mark.height) // 2, palette.on_primary, mark.width),
        *placed,
    ]


def _stamp_box(texts: list[Placed]) -> tuple[int, int, int, int] | None:
    stamp = next((t for t in texts if t.name == "stamp"), None)
    if stamp is None:
        return None
    pad_x, pad_y = STAMP_PAD
    return (
        stamp.x - pad_x,
        stamp.y - pad_y,
        stamp.x + stamp.text.width + pad_x,
        stamp.y + stamp.text.height + pad_y,
    )


def _fit_one_line_first(
    text: str,
    path: str,
    box: tuple[int, int],
    one_line_min: int,
    min_size: int,
    max_size: int,
    max_lines: int,
) -> Fitted:
    """One line while it stays large enough (a number reads best unbroken), else wrapped."""
    single = fit_text(text, path, box, one_line_min, max_size, max_lines=1)
    if not single.truncated:
        return single
    return fit_text(text, path, box, min_size, max_size, max_lines=max_lines)


def _footer(left: str, right: str, palette: Palette, left_name: str = "place") -> list[Placed]:
    regular, bold = fonts()
    top = HEIGHT - FOOTER
    right_text = fit_text(right, regular, (330, FOOTER - 20), 16, 22, max_lines=1)
    room = WIDTH - 2 * MARGIN - right_text.width - 30
    left_font = regular if left_name == "source" else bold
    left_text = fit_text(left, left_font, (room, FOOTER - 18), 16, 26, max_lines=2)
    return [
        Placed(left_name, left_text, MARGIN, top + (FOOTER - left_text.height) // 2, palette.text, room),
        Placed(
            "site",
            right_text,
            WIDTH - MARGIN - right_text.width,
            top + (FOOTER - right_text.height) // 2,
            palette.primary,
            right_text.width,
        ),
    ]


def _domain(url: str) -> str:
    return urlsplit(url).netloc or url


def _cut(texts: list[Placed]) -> tuple[str, ...]:
    return tuple(t.name for t in texts if t.text.truncated)


def plan_story(view: StoryView, settings: Settings) -> Plan:
    """Title large, then the quote (or the summary), place and date at the bottom."""
    palette = Palette.of(settings)
    regular, bold = fonts()
    texts = _header(settings, palette)
    top = BAND + STRIPE + 34
    bottom = HEIGHT - FOOTER - 30
    width = WIDTH - 2 * MARGIN
    title = fit_text(view.title, bold, (width, 230), 32, 66)
    texts.append(Placed("title", title, MARGIN, top, palette.primary, width))
    y = top + title.height + 30
    quote_mark = None
    if view.quote:
        by = f"— {view.quote_by}" if view.quote_by else ""
        by_fit = fit_text(by, bold, (width - 70, 44), 20, 28, max_lines=1) if by else None
        by_room = (by_fit.height + 14) if by_fit else 0
        quote = fit_text(f"{view.quote}", regular, (width - 70, bottom - y - by_room), 22, 38)
        texts.append(Placed("quote", quote, MARGIN + 70, y, palette.text, width - 70))
        quote_mark = (MARGIN - 4, y - 16)
        if by_fit:
            texts.append(Placed("quote_by", by_fit, MARGIN + 70, y + quote.height + 14, palette.accent, 0))
    else:
        summary = fit_text(view.summary, regular, (width, bottom - y), 22, 36)
        texts.append(Placed("summary", summary, MARGIN, y, palette.text, width))
    place = " · ".join(part for part in (view.place, view.date) if part)
    texts += _footer(place, _domain(settings.site_url), palette)
    return Plan(palette, tuple(texts), quote_mark=quote_mark, cut=_cut(texts), stamp_box=_stamp_box(texts))


def plan_statistic(view: StatisticView, settings: Settings) -> Plan:
    """The big number, what it counts, place and date, a comparison, the source; a chart for a series."""
    figure = view.figure
    assert figure is not None
    palette = Palette.of(settings)
    regular, bold = fonts()
    texts = _header(settings, palette)
    head = len(texts)
    has_chart = len(view.series) >= 2
    width = WIDTH - 2 * MARGIN - CHART_SIZE[0] - 30 if has_chart else WIDTH - 2 * MARGIN
    top = BAND + STRIPE + 30
    what = _fit_one_line_first(figure.what, bold, (width, 96), 32, 26, 40, max_lines=2)
    texts.append(Placed("what", what, MARGIN, top, palette.text, width))
    y = top + what.height + 18
    value = _fit_one_line_first(figure.value, bold, (width, 150), 64, 44, 120, max_lines=2)
    texts.append(Placed("value", value, MARGIN, y, palette.primary, width))
    y += value.height + 18
    where = fit_text(f"{figure.place} · {figure.when}", regular, (width, 76), 20, 30, max_lines=2)
    texts.append(Placed("place", where, MARGIN, y, palette.text, width))
    y += where.height + 16
    detail_text = figure.target or figure.change
    progress = None
    if detail_text:
        detail = fit_text(detail_text, bold, (width, HEIGHT - FOOTER - 24 - y), 18, 28, max_lines=3)
        texts.append(
            Placed("target" if figure.target else "series", detail, MARGIN, y, palette.accent, width)
        )
        y += detail.height + 16
        percent = view.derived.percent_of_target if view.derived else None
        if percent is not None and not has_chart and y + 18 <= HEIGHT - FOOTER - 16:
            progress = (percent, MARGIN, y + 8, min(width, 720))
            y += 8 + 16 + 16
    # Centre the column between the band and the footer: a single figure should not float at the top.
    shift = max((HEIGHT - FOOTER - 16 - y) // 2, 0)
    texts[head:] = [replace(t, y=t.y + shift) for t in texts[head:]]
    if progress:
        progress = (progress[0], progress[1], progress[2] + shift, progress[3])
    source = f"Nguồn: {figure.source.text}" if figure.source else "Nguồn: số liệu của cơ quan BHXH"
    texts += _footer(source, _domain(settings.site_url), palette, left_name="source")
    chart = (tuple(view.series), view.measure) if has_chart else None
    return Plan(
        palette,
        tuple(texts),
        chart=chart,
        chart_box=(WIDTH - MARGIN // 2 - CHART_SIZE[0], BAND + STRIPE + 30) if has_chart else None,
        progress=progress,
        cut=_cut(texts),
        stamp_box=_stamp_box(texts),
    )


def plan_progress(item: News, settings: Settings) -> Plan:
    """A province's new result: the first target's % achieved, big, with its bar against the
    target; the other new results in a line under it."""
    palette = Palette.of(settings)
    regular, bold = fonts()
    texts = _header(settings, palette)
    width = WIDTH - 2 * MARGIN
    top = BAND + STRIPE + 30
    first = item.items[0]
    what = _fit_one_line_first(
        f"{first.unit_name}: {lower_first(first.what)} {first.period_text}",
        bold,
        (width, 96),
        32,
        26,
        40,
        max_lines=2,
    )
    texts.append(Placed("what", what, MARGIN, top, palette.text, width))
    y = top + what.height + 14
    value = fit_text(f"Đạt {first.percent_text} kế hoạch", bold, (width, 90), 44, 72, max_lines=1)
    texts.append(Placed("value", value, MARGIN, y, palette.primary, width))
    y += value.height + 14
    detail = f"{first.latest_text} / {first.value_text} · kết quả đến ngày {item.as_of}"
    if first.remaining:
        detail += f" · còn {first.remaining_text}"
    where = fit_text(detail, regular, (width, 70), 20, 28, max_lines=2)
    texts.append(Placed("place", where, MARGIN, y, palette.text, width))
    y += where.height + 12
    progress = (first.percent or 0.0, MARGIN, y + 8, min(width, 720))
    y += 8 + 16 + 20
    others = "; ".join(f"{p.unit_name} {p.percent_text}" for p in item.items[1:4])
    if others:
        rest = fit_text(f"Cùng kỳ: {others}", bold, (width, HEIGHT - FOOTER - 16 - y), 18, 24, max_lines=2)
        texts.append(Placed("target", rest, MARGIN, y, palette.accent, width))
    footer = f"{item.province_name} · {item.reached}"
    texts += _footer(footer, _domain(settings.site_url), palette)
    return Plan(palette, tuple(texts), progress=progress, cut=_cut(texts))


def _announcement_rows(a: Announcement) -> list[tuple[str, str, str]]:
    """(what, before, after): each group's lowest payment, else the figures that change."""
    moved = [g for g in a.groups if g.changed]
    if moved:
        return [(g.label, g.before_text, g.after_text) for g in moved]
    rows = [(f.what, f.before, f.after) for f in a.figures]
    rows += [(c.what[0].upper() + c.what[1:], c.old, c.new) for c in a.changes]
    return rows[:4]


def _table_size(rows: list[tuple[str, str, str]], widths: tuple[int, int, int], height: int) -> int:
    """One size for every cell (the smallest any needs on one line), so rows share a baseline."""
    regular, bold = fonts()
    faces = (regular, regular, bold)
    return min(
        fit_text(text, face, (width, height), 18, 30, max_lines=1).size
        for row in rows
        for text, face, width in zip(row, faces, widths, strict=True)
    )


def plan_announcement(a: Announcement, settings: Settings) -> Plan:
    """ "Sắp thay đổi · từ 1/1/2027", what changes, then a small table: each group, before, after."""
    palette = Palette.of(settings)
    bold = fonts()[1]
    texts = _header(settings, palette)
    width = WIDTH - 2 * MARGIN
    y = BAND + STRIPE + 26
    when = fit_text(f"Sắp thay đổi · từ {a.date_text}{a.expected}", bold, (width, 44), 22, 32, max_lines=1)
    texts.append(Placed("date", when, MARGIN, y, palette.accent, width))
    y += when.height + 12
    moved = any(g.changed for g in a.groups)
    heading = "Mức đóng BHXH tự nguyện thấp nhất mỗi tháng" if moved else a.headline
    if moved and a.province_name:
        heading += f" ở {a.province_name}"
    title = fit_text(heading, bold, (width, 110), 30, 46, max_lines=2)
    texts.append(Placed("title", title, MARGIN, y, palette.primary, width))
    y += title.height + 22
    widths = (width * 40 // 100, width * 28 // 100 - 20, width * 32 // 100 - 20)
    lefts = (MARGIN, MARGIN + widths[0] + 20, MARGIN + widths[0] + widths[1] + 40)
    rows = _announcement_rows(a)
    pitch = max(min((HEIGHT - FOOTER - 16 - y) // (len(rows) + 1), 60), 34)
    size = _table_size(rows, widths, pitch - 8)
    regular = fonts()[0]
    for column, heading in enumerate(("", f"Đến {a.before_text}", f"Từ {a.date_text}")):
        fitted = fit_text(heading, bold, (widths[column], pitch - 8), 16, 22, max_lines=1)
        texts.append(Placed("row", fitted, lefts[column], y, palette.muted, widths[column], "right"))
    y += pitch
    colours = (palette.text, palette.muted, palette.primary)
    for row in rows:
        for column, (text, face) in enumerate(zip(row, (regular, regular, bold), strict=True)):
            fitted = fit_text(text, face, (widths[column], pitch - 8), size, size, max_lines=1)
            align = "left" if column == 0 else "right"
            texts.append(Placed("row", fitted, lefts[column], y, colours[column], widths[column], align))
        y += pitch
    source = "Căn cứ: " + "; ".join(a.sources)
    texts += _footer(source, _domain(settings.site_url), palette, left_name="source")
    return Plan(palette, tuple(texts), cut=_cut(texts), stamp_box=_stamp_box(texts))


# --- drawing ---------------------------------------------------------------------------------------


def _ripple(draw: ImageDraw.ImageDraw, centre: tuple[int, int], colour: RGB, accent: RGB) -> None:
    """The "Lan Tỏa" mark: a dot with rings spreading from it."""
    x, y = centre
    draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=accent)
    for radius in (13, 21):
        draw.arc((x - radius, y - radius, x + radius, y + radius), 200, 340, fill=colour, width=3)
        draw.arc((x - radius, y - radius, x + radius, y + radius), 20, 160, fill=colour, width=3)


def _progress(
    draw: ImageDraw.ImageDraw, palette: Palette, percent: float, x: int, y: int, width: int
) -> None:
    """The result against the target: the target is a tick; what lies beyond it is in accent."""
    height = 16
    scale = max(percent, 100.0)  # the bar's full width, in percent of the target
    target_x = x + round(width * 100 / scale)
    done_x = x + round(width * max(percent, 0.0) / scale)
    track = mix(palette.background, palette.text, 0.12)
    draw.rounded_rectangle((x, y, target_x, y + height), radius=height // 2, fill=track)
    if percent > 100:
        draw.rounded_rectangle((x, y, done_x, y + height), radius=height // 2, fill=palette.accent)
    if done_x - x >= height:
        end = min(done_x, target_x)
        draw.rounded_rectangle((x, y, end, y + height), radius=height // 2, fill=palette.primary)
    draw.rectangle((target_x - 2, y - 8, target_x + 1, y + height + 8), fill=palette.text)


def chart_image(plan: Plan) -> bytes:
    """The plan's chart as PNG bytes (matplotlib: call from one thread of a process only)."""
    assert plan.chart is not None
    series, measure = plan.chart
    colour = "#{:02x}{:02x}{:02x}".format(*plan.palette.primary)
    size = (CHART_SIZE[0] / CHART_DPI, CHART_SIZE[1] / CHART_DPI)
    return chart_png(list(series), measure, colour, size, dpi=CHART_DPI)


def draw(plan: Plan, chart: bytes | None = None) -> Image.Image:
    """The card as an image; ``chart`` is the plan's chart when made beforehand."""
    palette = plan.palette
    image = Image.new("RGB", (WIDTH, HEIGHT), palette.background)
    canvas = ImageDraw.Draw(image)
    canvas.rectangle((0, 0, WIDTH, BAND), fill=palette.primary)
    canvas.rectangle((0, BAND, WIDTH, BAND + STRIPE), fill=palette.accent)
    canvas.rectangle((0, HEIGHT - FOOTER, WIDTH, HEIGHT), fill=palette.tint)
    if plan.stamp_box:
        canvas.rounded_rectangle(
            plan.stamp_box, radius=6, fill=STAMP_COLOUR, outline=(255, 255, 255), width=2
        )
    mark = next(t for t in plan.texts if t.name == "mark")
    _ripple(canvas, (mark.x - 34, BAND // 2), palette.on_primary, palette.accent)
    if plan.quote_mark:
        canvas.text(plan.quote_mark, "“", font=font(fonts()[1], 110), fill=palette.accent, anchor="la")
    for placed in plan.texts:
        draw_fitted(canvas, placed.text, placed.x, placed.y, placed.colour, placed.width, placed.align)
    if plan.progress:
        _progress(canvas, palette, *plan.progress)
    if plan.chart_box:
        chart = Image.open(io.BytesIO(chart or chart_image(plan))).convert("RGBA")
        chart.thumbnail(CHART_SIZE)
        image.paste(chart, plan.chart_box, chart)
    return image


def png_bytes(image: Image.Image) -> bytes:
    """Small, deterministic PNG: a 256-colour palette keeps flat colours and text edges sharp.

    zlib level 7: a card 8 % larger than at level 9 (optimize=True), for a sixth of the time
    (6 ms instead of 41 ms for 1200 × 630; thousands of cards in a cold build)."""
    quantised = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    quantised.save(buffer, format="PNG", compress_level=7)
    return buffer.getvalue()
