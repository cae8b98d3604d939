"""MPEG audio Layer III at the frame level: pieces joined without decoding or encoding again.

A bulletin is its paragraphs' speech, each encoded once (CBR, same rate, bitrate and
mode), with silence between them. Frames are independent once the bit reservoir is
taken into account: LAME starts every file with ``main_data_begin = 0``, so a piece's
first frame never reaches back into the piece before it, and a silent frame (side
information all zero, no main data) reaches back into nothing. Tags (ID3v2, ID3v1,
Xing/Info, VBRI) describe a whole file and are dropped from the pieces.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_BITRATES_KBPS = {  # Layer III, by MPEG version: index 1-14
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
FORMAT_MASK = 0xFFFEFCC0  # sync, version, layer, bitrate, sample rate, channel mode (not CRC, padding, flags)


class FrameError(ValueError):
    """Not an MP3 we can join: another layer, a free or variable bitrate, or garbage."""


@dataclass(frozen=True)
class Frame:
    header: int  # the 4 header bytes, big-endian
    start: int
    length: int

    @property
    def format(self) -> int:
        return self.header & FORMAT_MASK

    @property
    def version_bits(self) -> int:
        return (self.header >> 19) & 3

    @property
    def sample_rate(self) -> int:
        return _SAMPLE_RATES[self.version_bits][(self.header >> 10) & 3]

    @property
    def samples(self) -> int:
        return 1152 if self.version_bits == 3 else 576

    @property
    def side_info_end(self) -> int:
        mono = (self.header >> 6) & 3 == 3
        side = (17 if mono else 32) if self.version_bits == 3 else (9 if mono else 17)
        crc = 0 if self.header & 0x10000 else 2
        return 4 + crc + side


def _frame_at(data: bytes, start: int) -> Frame | None:
    if start + 4 > len(data):
        return None
    header = int.from_bytes(data[start : start + 4], "big")
    version, layer = (header >> 19) & 3, (header >> 17) & 3
    bitrate_index, rate_index = (header >> 12) & 15, (header >> 10) & 3
    if header >> 21 != 0x7FF or version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    bitrate = _BITRATES_KBPS[1 if version == 3 else 2][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][rate_index]
    padding = (header >> 9) & 1
    length = (144 if version == 3 else 72) * bitrate // rate + padding
    return Frame(header, start, length)


def _skip_id3v2(data: bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = 0
    for byte in data[6:10]:  # syncsafe: 7 bits a byte
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def frames(data: bytes) -> Iterator[Frame]:
    """The audio frames of an MP3, tags left out. A truncated last frame is dropped."""
    position = _skip_id3v2(data)
    first = True
    while position < len(data):
        if data[position : position + 3] == b"TAG":  # ID3v1 at the end
            return
        frame = _frame_at(data, position)
        if frame is None:
            raise FrameError(f"không phải khung MP3 ở byte {position}")
        if frame.start + frame.length > len(data):
            return
        tag = data[frame.start + frame.side_info_end : frame.start + frame.side_info_end + 4]
        is_tag = first and (tag in (b"Xing", b"Info") or data[frame.start + 36 : frame.start + 40] == b"VBRI")
        if not is_tag:
            yield frame
        first = False
        position += frame.length


@dataclass(frozen=True)
class Piece:
    """Joinable audio frames: their bytes, their shared format header and their count."""

    data: bytes
    format: int
    count: int
    sample_rate: int
    samples_per_frame: int

    @property
    def seconds(self) -> float:
        return self.count * self.samples_per_frame / self.sample_rate


def piece(data: bytes) -> Piece:
    """An MP3's frames without its tags; every frame must share one format (CBR)."""
    found = frames(data)
    first = next(found, None)
    if first is None:
        raise FrameError("tệp MP3 không có khung âm thanh nào")
    # The rest in one tight pass over the headers: a bulletin's pieces have thousands of frames.
    unpadded = first.length - ((first.header >> 9) & 1)
    position, count, end = first.start, 0, len(data)
    while position + 4 <= end:
        header = int.from_bytes(data[position : position + 4], "big")
        if header & FORMAT_MASK != first.format:
            if data[position : position + 3] == b"TAG":
                break
            raise FrameError(f"khung MP3 khác định dạng ở byte {position} (cần CBR)")
        length = unpadded + ((header >> 9) & 1)
        if position + length > end:
            break  # a truncated last frame
        position += length
        count += 1
    return Piece(data[first.start : position], first.format, count, first.sample_rate, first.samples)


def read_piece(path: Path) -> Piece:
    return piece(path.read_bytes())


def silence(like: Piece, seconds: float) -> Piece:
    """Whole frames of digital silence in ``like``'s format, the nearest count to ``seconds``."""
    count = max(0, round(seconds * like.sample_rate / like.samples_per_frame))
    template = _frame_at(like.format.to_bytes(4, "big"), 0)
    assert template is not None
    header = like.format | 0x10000  # no CRC
    exact = template.length  # bytes without padding
    # The fractional byte of each frame's nominal length is carried like an encoder does,
    # so the silence keeps the exact bitrate.
    bitrate_bytes = _nominal_bytes(like.format)
    out = bytearray()
    carried = 0.0
    for _ in range(count):
        carried += bitrate_bytes - exact
        padding = 1 if carried >= 1 else 0
        carried -= padding
        frame_header = header | (padding << 9)
        out += frame_header.to_bytes(4, "big") + bytes(exact + padding - 4)
    return Piece(bytes(out), like.format, count, like.sample_rate, like.samples_per_frame)


def _nominal_bytes(format_header: int) -> float:
    version, bitrate_index = (format_header >> 19) & 3, (format_header >> 12) & 15
    bitrate = _BITRATES_KBPS[1 if version == 3 else 2][bitrate_index] * 1000
    rate = _SAMPLE_RATES[version][(format_header >> 10) & 3]
    return (144 if version == 3 else 72) * bitrate / rate


def join(pieces: Iterable[Piece], target: Path) -> float:
    """Write the pieces one after another into ``target``; returns its length in seconds."""
    first: Piece | None = None
    count = 0
    with target.open("wb") as out:
        for item in pieces:
            if first is None:
                first = item
            elif item.format != first.format and item.count:
                raise FrameError("các đoạn MP3 khác định dạng (tần số lấy mẫu, tốc độ bit hoặc kiểu kênh)")
            out.write(item.data)
            count += item.count
    if first is None:
        raise FrameError("không có đoạn nào để ghép")
    return count * first.samples_per_frame / first.sample_rate
