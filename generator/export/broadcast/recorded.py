"""A human recording in a bilingual bulletin: its measured length, and the joinable MP3 piece
made from it (mono, the speech pieces' rate and bitrate, filtered and levelled like them).

Both are keyed by the recording's bytes (cache ``recording``): a re-recorded file is a new
key, an unchanged one is measured and converted once.
"""

from __future__ import annotations

from pathlib import Path

from generator.export.broadcast import audio, mp3frames
from generator.export.output import Cache

NAMESPACE = "recording"


def key(cache: Cache, source: Path) -> str:
    return cache.key(NAMESPACE, source)  # the file's bytes


def seconds(cache: Cache, source: Path) -> float:
    """The recording's length (soxi), measured once per content of the file."""
    found = cache.read_json(NAMESPACE, key(cache, source))
    if found is None:
        found = {"duration_s": audio.duration(source)}
        cache.write_json(NAMESPACE, key(cache, source), found)
    return float(found["duration_s"])


def piece(source: Path, target: Path) -> None:
    """The recording as an MP3 piece the joiner can put between speech pieces."""
    audio.master(source, target)
    data = target.read_bytes()
    stripped = mp3frames.piece(data).data  # only audio frames: tags describe a whole file
    if stripped != data:
        target.write_bytes(stripped)


def make_piece(cache_root: Path, piece_key: str, source: Path) -> None:
    """In a worker: one recording's piece into the cache."""
    Cache(cache_root).make(NAMESPACE, piece_key, ".mp3", lambda tmp: piece(source, tmp))
