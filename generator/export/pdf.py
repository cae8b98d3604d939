"""HTML → PDF with WeasyPrint, fonts embedded (subsetted) from the system's Noto fonts."""

from __future__ import annotations

import logging
from pathlib import Path

# WeasyPrint logs every unsupported CSS property at WARNING; our templates are ours.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def render_pdf(html: str, target: Path, base_url: Path | None = None) -> None:
    """Render one HTML document to ``target``; fonts come via fontconfig (Noto)."""
    from weasyprint import HTML  # heavy import: only when a PDF is made

    document = HTML(string=html, base_url=str(base_url or Path.cwd()))
    document.write_pdf(target, uncompressed_pdf=False, optimize_images=True)
