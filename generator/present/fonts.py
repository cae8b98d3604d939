"""Fonts with full Vietnamese coverage, found on the system (Debian fonts-noto-core)."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

FAMILY = "Noto Sans"
SERIF = "Noto Serif"
_FALLBACKS = {
    (FAMILY, False): "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    (FAMILY, True): "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    (SERIF, False): "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf",
    (SERIF, True): "/usr/share/fonts/truetype/noto/NotoSerif-Bold.ttf",
}


@cache
def font_file(family: str = FAMILY, bold: bool = False) -> Path:
    """Path of a TrueType file for Pillow; fontconfig knows where Debian put it."""
    pattern = f"{family}:{'bold' if bold else 'regular'}"
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    path = Path(found or _FALLBACKS[(family, bold)])
    if not path.is_file() or family.split()[0].lower() not in path.name.lower():
        path = Path(_FALLBACKS[(family, bold)])
    if not path.is_file():
        raise FileNotFoundError(f"thiếu phông chữ {family}: cài gói Debian fonts-noto-core (make site)")
    return path


TAI_VIET = "Noto Sans Tai Viet"  # Tai Viet letters (U+AA80–U+AADF): Thái Đen, Thái Trắng
_SCRIPT_FONTS = {TAI_VIET: "/usr/share/fonts/truetype/noto/NotoSansTaiViet-Regular.ttf"}


@cache
def script_fonts() -> list[Path]:
    """The installed fonts of the minority scripts PDFs fall back to after Noto Sans (fontconfig's
    choice, else Debian's path); a missing one is left out (its letters would not print)."""
    found = []
    for family, fallback in _SCRIPT_FONTS.items():
        try:
            matched = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            matched = ""
        squeezed = family.replace(" ", "").lower()
        for candidate in (matched, fallback):
            if candidate and squeezed in Path(candidate).name.lower() and Path(candidate).is_file():
                found.append(Path(candidate))
                break
    return found
