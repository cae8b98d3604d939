"""Audio jobs: every paragraph's speech made once, every MP3 joined from the pieces it reads.

A piece is one paragraph synthesised, filtered, normalised and encoded (cache
``speech``, keyed by its spoken text, the engine's identity and the code that makes it),
or a jingle (cache ``jingle``, keyed by the file's bytes). The same paragraph in a
story's script and in the unit and campaign bulletins that read the story is one
piece, synthesised once by whichever job asks first (``Workers.submit_once``). An MP3
(cache ``audio``) is joined from its pieces by a worker once they all exist
(``Workers.after``), frame by frame, with no decoding or second encoding.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.export.broadcast import audio, mp3frames
from generator.export.broadcast.script import Paragraph, Part
from generator.export.output import Cache

if TYPE_CHECKING:
    from generator.export.context import BuildContext

SPEECH, JINGLE, AUDIO = "speech", "jingle", "audio"  # cache namespaces, and the counters' kinds


def speech_key(cache: Cache, engine: audio.Engine, rate: int, paragraph: Paragraph) -> str:
    return cache.key(SPEECH, engine.identity(rate), paragraph.text)


def jingle_key(cache: Cache, jingle: Path) -> str:
    return cache.key(JINGLE, jingle)  # the file's bytes


def submit(
    ctx: BuildContext,
    engine: audio.Engine,
    parts: Sequence[Part],
    rate: int,
    intro: Path | None,
    outro: Path | None,
) -> tuple[list[audio.Item], list[Future[Any]]]:
    """The MP3's items (piece files in the cache, seconds of silence) and the pieces still being made."""
    items: list[audio.Item] = []
    waits: list[Future[Any]] = []
    jingles = {audio.INTRO: intro, audio.OUTRO: outro}
    for item in audio.layout(engine, parts, rate, intro is not None, outro is not None):
        if isinstance(item, Paragraph):
            key = speech_key(ctx.cache, engine, rate, item)
            path = ctx.cache.path(SPEECH, key, ".mp3")
            if not path.exists():
                waits.append(
                    ctx.workers.submit_once(SPEECH, key, make_speech, ctx.cache.root, key, engine, item, rate)
                )
        elif isinstance(item, str):
            jingle = jingles[item]
            assert jingle is not None
            key = jingle_key(ctx.cache, jingle)
            path = ctx.cache.path(JINGLE, key, ".mp3")
            if not path.exists():
                waits.append(ctx.workers.submit_once(JINGLE, key, make_jingle, ctx.cache.root, key, jingle))
        else:
            items.append(item)
            continue
        items.append(path)
    return items, waits


def make_speech(cache_root: Path, key: str, engine: audio.Engine, paragraph: Paragraph, rate: int) -> None:
    """In a worker: one paragraph's piece into the cache."""
    Cache(cache_root).make(
        SPEECH, key, ".mp3", lambda tmp: audio.speak_paragraph(engine, paragraph, rate, tmp)
    )


def make_jingle(cache_root: Path, key: str, jingle: Path) -> None:
    Cache(cache_root).make(JINGLE, key, ".mp3", lambda tmp: audio.jingle_piece(jingle, tmp))


def make_joined(cache_root: Path, key: str, items: list[audio.Item], namespace: str = AUDIO) -> None:
    """In a worker: the MP3 joined from its pieces, then its length next to it (so a
    rebuild never measures it)."""
    store = Cache(cache_root)
    lengths: list[float] = []
    mp3 = store.make(namespace, key, ".mp3", lambda tmp: lengths.append(audio.assemble(items, tmp)))
    length = lengths[0] if lengths else mp3frames.read_piece(mp3).seconds  # another build made it
    store.write_json(namespace, key, {"duration_s": length})
