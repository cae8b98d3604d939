"""Pictures for leaflets, made once and kept in the build cache.

A chart or a downscaled photo is named by the hash of its inputs, so building the
leaflet HTML on a rebuild only reads cached files: no matplotlib, no Pillow.
"""

from __future__ import annotations

import base64
from pathlib import Path

from generator.export import charts
from generator.export.output import Cache
from generator.present.charts import PRINT, PRINT_LARGE

PHOTOS = "leaflet-photo"
PHOTO_MAX_PX = 1600  # ~270 dpi across an A5 page: sharp in print, small in the PDF
PHOTO_QUALITY = 85


def chart_uri(
    cache: Cache, series: list[tuple[str, float]], measure: str, colour: str, large: bool = False
) -> str:
    """A data URI of the bar chart of a series, drawn for print (only on a cache miss)."""
    size = PRINT_LARGE if large else PRINT
    key = charts.key(cache, series, measure, colour, size)
    svg = charts.make(cache.root, key, series, measure, colour, size).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def photo_uri(cache: Cache, source: Path) -> str:
    """A ``file://`` URI of the photo, turned upright and downscaled for print.

    The cached file is named by the hash of the original, so the URI itself changes
    when the photo does: the leaflet's HTML (and so its cache key) follows.
    """
    key = cache.key(PHOTOS, source, PHOTO_MAX_PX, PHOTO_QUALITY)

    def produce(target: Path) -> None:
        from PIL import Image, ImageOps

        with Image.open(source) as image:
            picture = ImageOps.exif_transpose(image).convert("RGB")
            picture.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            picture.save(target, format="JPEG", quality=PHOTO_QUALITY, optimize=True)

    return cache.make(PHOTOS, key, ".jpg", produce).resolve().as_uri()
