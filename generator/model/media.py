"""Media files of records (images, recordings): inside the content folder, and what they claim to be.

A path an editor writes is relative to the record's folder (or to the content root). It
must resolve, after symlinks, inside the content root: an absolute path, ``../`` out of
it, or a link to a file elsewhere would publish a file from the build machine. An image
must decode as a format we publish, within a pixel limit; a recording must be audio.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

# The formats the site, the leaflets and the cards publish (GIF: no; see DEVELOPING.md).
IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
# Larger than any phone camera's default picture (50 MP); a decompression bomb is far above it.
MAX_IMAGE_PIXELS = 80_000_000
# Audio the loudspeaker pipeline (sox) reads, by the bytes files of each format start with.
AUDIO_FORMATS = ("MP3", "WAV", "OGG", "FLAC")


def inside(root: Path, path: Path) -> bool:
    """Does path, after following every symlink, lie inside root (itself resolved)?"""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def resolve_media(root: Path, record_path: Path, name: str) -> Path:
    """Media paths are relative to the record's folder (or the content root)."""
    beside = root / record_path.parent / name
    return beside if beside.exists() else root / name


def location_problem(root: Path, record_path: Path, name: str) -> str | None:
    """Why a media path cannot be published, or None."""
    if Path(name).is_absolute() or name.startswith(("/", "\\", "~")) or ":" in name.split("/")[0]:
        example = f"anh/{Path(name).name}"
        return f'"{name}" là đường dẫn tuyệt đối; hãy ghi đường dẫn trong thư mục nội dung, ví dụ "{example}"'
    path = resolve_media(root, record_path, name)
    if not os.path.lexists(path):
        return f'không tìm thấy tệp "{name}"'
    if not inside(root, path):
        return (
            f'"{name}" trỏ ra ngoài thư mục nội dung (qua "..", hoặc liên kết symlink); '
            "chép tệp vào thư mục nội dung"
        )
    if not path.is_file():
        return f'"{name}" không phải tệp'
    return None


def image_problem(path: Path) -> str | None:
    """Why a file is not an image we publish, or None: decoded headers only, within the pixel limit."""
    from PIL import Image, UnidentifiedImageError

    formats = ", ".join(IMAGE_FORMATS.values())
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if kind not in IMAGE_FORMATS:
                    return f"ảnh dạng {kind} không được dùng; hãy lưu lại thành {formats}"
                if width * height > MAX_IMAGE_PIXELS:
                    return _too_large(width, height)
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "ảnh quá lớn (quá nhiều điểm ảnh, có thể là tệp phá hoại); hãy thu nhỏ ảnh"
    except UnidentifiedImageError:
        return f"không phải tệp ảnh {formats} (ảnh SVG, trang HTML hay tệp khác đổi đuôi đều không dùng được)"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"tệp ảnh hỏng, không đọc được ({exc}); hãy xuất lại ảnh"
    return None


def _too_large(width: int, height: int) -> str:
    megapixels = width * height / 1_000_000
    return (
        f"ảnh {width}×{height} ({megapixels:.0f} triệu điểm ảnh) quá lớn, tối đa "
        f"{MAX_IMAGE_PIXELS // 1_000_000} triệu; hãy thu nhỏ ảnh"
    )


def audio_format(path: Path) -> str | None:
    """MP3, WAV, OGG or FLAC from the file's first bytes; None for anything else."""
    with open(path, "rb") as file:
        head = file.read(12)
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "MP3"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "WAV"
    if head.startswith(b"OggS"):
        return "OGG"
    if head.startswith(b"fLaC"):
        return "FLAC"
    return None


def audio_problem(path: Path) -> str | None:
    if audio_format(path) is not None:
        return None
    with open(path, "rb") as file:
        head = file.read(12)
    if head[4:8] == b"ftyp":
        return "tệp M4A/MP4 chưa dùng được cho loa; hãy chuyển sang MP3 hoặc WAV"
    return f"không phải tệp âm thanh ({', '.join(AUDIO_FORMATS)}); hãy dùng tệp MP3 hoặc WAV"
