"""QR codes that open a record's page: inline SVG, so the PDF keeps them sharp at any size."""

from __future__ import annotations

from markupsafe import Markup

# Dark modules stay pure black: cheap office printers and phone cameras agree on it.
DARK = "#000000"
QUIET_ZONE = 4  # modules of white border the QR standard asks for


def qr_svg(url: str) -> Markup:
    """An inline ``<svg>`` of ``url``; its size is set by the stylesheet (class ``qr``)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=QUIET_ZONE, dark=DARK, light="#ffffff", omitsize=True)
    return Markup(svg.replace('class="segno"', 'class="qr" role="img" aria-label="Mã QR"', 1))
