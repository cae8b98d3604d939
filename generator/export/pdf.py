"""HTML → PDF with WeasyPrint: one way for every export, fonts from the system's Noto fonts.

Documents may embed data: URIs and files inside the folders the caller names (the
build's own asset folders), nothing else: never the network, never a file elsewhere
on the machine, whatever a template or a record's text contains.

A worker renders thousands of documents that share a few stylesheets: the fonts, each
fetcher and each stylesheet are made once per process and reused (parsing a leaflet's
stylesheet costs more than laying out its page; a fetcher loads the system's TLS
certificates, although it never opens a network address).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

# WeasyPrint logs every unsupported CSS property at WARNING; our templates are ours.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


class BlockedURL(ValueError):
    """A document asked for a file outside the allowed folders, or for a network address."""


def url_fetcher(allowed: Sequence[Path] = ()) -> Any:
    """A WeasyPrint fetcher that reads data: URIs and files inside ``allowed`` only."""
    return _fetcher(tuple(Path(folder).resolve() for folder in allowed))


@cache
def _fetcher(roots: tuple[Path, ...]) -> Any:
    from weasyprint.urls import URLFetcher  # heavy import: only when a PDF is made

    class Fetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.lower().startswith("file:"):
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise BlockedURL(f"not a file of this build: {url}")
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"})


@cache
def fonts() -> Any:
    """The process's font configuration: the system fonts, looked up once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=16)
def stylesheet(css: str) -> Any:
    """``css`` parsed, once per process for each distinct text."""
    from weasyprint import CSS

    return CSS(string=css, url_fetcher=url_fetcher(), font_config=fonts())


def split_style(html: str) -> tuple[str, str]:
    """(the HTML without its first <style>, that stylesheet's text): the shared stylesheet of a
    template goes first; a later <style> holds what differs from one document to the next."""
    match = _STYLE.search(html)
    if match is None:
        return html, ""
    return html[: match.start()] + html[match.end() :], match[1]


def lay_out(html: str, stylesheets: Sequence[Any] = (), allowed: Sequence[Path] = ()) -> Any:
    """``html`` laid out with ``stylesheets`` (parsed with ``stylesheet``) and the process's fonts.

    Those stylesheets come after the document's own in the cascade, with a lower precedence
    (WeasyPrint's "user" origin): a document's own <style> overrides them."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(Path.cwd()), url_fetcher=url_fetcher(allowed))
    return document.render(stylesheets=list(stylesheets), font_config=fonts())


def write(document: Any, target: Path) -> None:
    document.write_pdf(target, uncompressed_pdf=False, optimize_images=True)


def render_pdf(html: str, target: Path, allowed: Sequence[Path] = ()) -> int:
    """Render one HTML document to ``target``, its first stylesheet shared with its kind; the
    number of pages it has."""
    body, css = split_style(html)
    document = lay_out(body, [stylesheet(css)] if css else [], allowed)
    write(document, target)
    return len(document.pages)
