"""HTML → PDF with WeasyPrint: one way for every export, fonts from the system's Noto fonts.

Documents may embed data: URIs and files inside the folders the caller names (the
build's own asset folders), nothing else: never the network, never a file elsewhere
on the machine, whatever a template or a record's text contains.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

# WeasyPrint logs every unsupported CSS property at WARNING; our templates are ours.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class BlockedURL(ValueError):
    """A document asked for a file outside the allowed folders, or for a network address."""


def url_fetcher(allowed: Sequence[Path] = ()) -> Any:
    """A WeasyPrint fetcher that reads data: URIs and files inside ``allowed`` only."""
    from weasyprint.urls import URLFetcher  # heavy import: only when a PDF is made

    roots = tuple(Path(folder).resolve() for folder in allowed)

    class Fetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise BlockedURL(f"not a file of this build: {url}")
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"})


def html_document(html: str, allowed: Sequence[Path] = (), fetcher: Any = None) -> Any:
    """The WeasyPrint document of ``html`` (not laid out yet)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(Path.cwd()), url_fetcher=fetcher or url_fetcher(allowed))


def render_pdf(html: str, target: Path, allowed: Sequence[Path] = ()) -> None:
    """Render one HTML document to ``target``."""
    html_document(html, allowed).write_pdf(target, uncompressed_pdf=False, optimize_images=True)
