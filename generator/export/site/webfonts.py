"""The fonts the site serves itself: scripts a phone may not have (Tai Viet for Thái Đen, Thái Trắng).

No web-font service and no CDN: the font is the Debian file the PDFs embed, made into a WOFF2
here (fontTools, with Brotli: both come with WeasyPrint), served from the site and used by the
languages the team lists with that script (stories/_ngon-ngu.yaml) through ``:lang()``.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from generator.model.languages import Language
from generator.present import fonts, urls

FONTS_CSS = f"{urls.GENERATED_DIR}/chu-viet.css"  # listed in mkdocs.yml extra_css
TAI_VIET_WOFF2 = f"{urls.GENERATED_DIR}/phong-chu/noto-sans-tai-viet.woff2"
TAI_VIET_RANGE = "U+AA80-AADF"  # the font's glyphs are used for Tai Viet letters only


@cache
def woff2(ttf: Path) -> bytes:
    """The TrueType file as WOFF2: a third of its size; the same bytes on every build."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(ttf), recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def tai_viet_tags(languages: dict[str, Language]) -> list[str]:
    """The language tags written in Tai Viet script, first or not (blt, twh; blt-Tavt too)."""
    return [code for code, language in languages.items() if "Tavt" in language.scripts]


def fonts_css(languages: dict[str, Language]) -> str:
    """@font-face of the served font, and the languages that read it."""
    font_url = urls.relative(FONTS_CSS.rsplit("/", 1)[0] + "/", TAI_VIET_WOFF2)
    css = (
        "/* Lan Tỏa: fonts served by the site itself (generator/export/site/webfonts.py). */\n"
        "@font-face {\n"
        f'  font-family: "{fonts.TAI_VIET}";\n'
        f'  src: url("{font_url}") format("woff2");\n'
        "  font-display: swap;\n"
        f"  unicode-range: {TAI_VIET_RANGE};\n"
        "}\n"
    )
    tags = tai_viet_tags(languages)
    if tags:
        selectors = ", ".join(f":lang({tag})" for tag in tags)
        css += f'{selectors} {{ font-family: "{fonts.TAI_VIET}", var(--md-text-font-family); }}\n'
    return css


def site_fonts(languages: dict[str, Language]) -> dict[str, str | bytes]:
    """docs-relative path → content: the CSS always (mkdocs.yml lists it), the font when a listed
    language is written in its script."""
    files: dict[str, str | bytes] = {FONTS_CSS: fonts_css(languages)}
    if tai_viet_tags(languages):
        files[TAI_VIET_WOFF2] = woff2(fonts.tai_viet_file())
    return files
