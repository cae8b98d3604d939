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


TAI_VIET = "Noto Sans Tai Viet"  # Tai Viet script (U+AA80–U+AADF): Thái Đen, Thái Trắng
_TAI_VIET_FILE = "/usr/share/fonts/truetype/noto/NotoSansTaiViet-Regular.ttf"


@cache
def tai_viet_file() -> Path:
    """The TrueType file of Noto Sans Tai Viet (Debian fonts-noto-core), as the PDFs use it."""
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{TAI_VIET}:regular"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    # fc-match answers with the nearest font when the family is missing: take only its own file
    path = Path(found) if "taiviet" in Path(found).name.lower() else Path(_TAI_VIET_FILE)
    if not path.is_file():
        raise FileNotFoundError(f"thiếu phông chữ {TAI_VIET}: cài gói Debian fonts-noto-core (make site)")
    return path
