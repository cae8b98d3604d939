"""QR codes that open a record's page: inline SVG, so the PDF keeps them sharp at any size."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from generator.export.output import Cache

NAMESPACE = "leaflet-qr"
# Dark modules stay pure black: cheap office printers and phone cameras agree on it.
DARK = "#000000"
QUIET_ZONE = 4  # modules of white border the QR standard asks for
ERROR_LEVEL = "m"  # 15 % of the code may be smudged or folded and it still reads


def qr_svg(cache: Cache, url: str) -> Markup:
    """An inline ``<svg>`` of ``url``; its size is set by the stylesheet (class ``qr``).

    Choosing the best mask is most of segno's work, so codes are kept in the build
    cache: a rebuild reads them instead of encoding every URL again.
    """
    key = cache.key(NAMESPACE, url, ERROR_LEVEL, QUIET_ZONE, DARK)

    def produce(target: Path) -> None:
        import segno

        code = segno.make(url, error=ERROR_LEVEL, micro=False)
        svg = code.svg_inline(scale=1, border=QUIET_ZONE, dark=DARK, light="#ffffff", omitsize=True)
        svg = svg.replace('class="segno"', 'class="qr" role="img" aria-label="Mã QR"', 1)
        target.write_text(svg, encoding="utf-8")

    return Markup(cache.make(NAMESPACE, key, ".svg", produce).read_text(encoding="utf-8"))
