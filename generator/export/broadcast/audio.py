"""Offline loudspeaker audio: a pluggable speech engine, then sox for rate, level, jingles, MP3.

Each paragraph of a script is synthesised and encoded on its own, once: an MP3 is its
paragraphs' pieces joined frame by frame with silent frames for the pauses
(``mp3frames``), so a unit or campaign bulletin reuses its stories' speech instead of
synthesising it again. Engines turn a paragraph into WAV at the configured rate
(syllables per minute); sox filters out the rumble small horn speakers cannot play and
normalises the level, then encodes MP3. An engine that can write to a pipe (espeak-ng)
streams straight into sox, with no WAV on disk. A human recording replaces synthesis.

MP3s are mono, 32 kb/s CBR at espeak-ng's 22.05 kHz: LAME keeps everything up to about
8.5 kHz at that rate, beyond what horn loudspeakers play (about 300 Hz to 7 kHz), and
the speech band (100-3,400 Hz) comes back within 1 dB of the SNR of 48 kb/s; 24 kb/s
would cut at 5.5 kHz and lose the sibilants that tell "s" from "x" (DEVELOPING.md, Scale).
LAME's quality 7 (no psychoacoustic model) costs half the CPU of its default and keeps
a higher SNR on speech in both the speech band and the sibilants' band.
"""

from __future__ import annotations

import array
import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape

from generator.export.broadcast import mp3frames
from generator.export.broadcast.script import Paragraph, Part, Pause

SAMPLE_RATE = 22050  # espeak-ng's own rate; plenty for loudspeaker horns (< 8 kHz)
BITRATE_KBPS = 32  # mono speech: see the module's note
PEAK_DB = -1.0  # normalise speech to this peak level
JINGLE_PEAK_DB = -3.0  # music a little under the voice
JINGLE_GAP_S = 0.4
HIGHPASS_HZ = 100  # horn speakers reproduce nothing below; it only eats amplifier power
# Syllables a minute of finished espeak-ng speech per unit of its -s (see EspeakEngine).
ESPEAK_SYLLABLES_PER_SPEED = {"vi": 1.35, "vi-vn-x-central": 1.34, "vi-vn-x-south": 1.32}
ESPEAK_DEFAULT_FACTOR = 1.34
# Repeatable: sox seeds its dither with a fixed number, so the same inputs give the same bytes
# (an MP3 made again, or by another build, is identical to the cached one).
SOX = ["sox", "-R"]
ENCODER_QUALITY = 7  # LAME -q: 7 drops the psychoacoustic model (module note)
# What encoding adds to a piece: LAME's 576-sample delay, then padding to whole frames
# (1,400-1,700 samples measured); the silence after a piece is that much shorter.
PIECE_OVERHEAD_S = 2 * 576 / SAMPLE_RATE
HEADROOM_DB = -6.0  # room for the high-pass filter's overshoot before the level is set


class AudioError(RuntimeError):
    """A tool failed; the message is for the editors (Vietnamese)."""


def run(command: Sequence[object], stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            [str(c) for c in command], input=stdin, capture_output=True, text=True, check=True
        )
    except FileNotFoundError as error:
        raise AudioError(f"thiếu chương trình {command[0]}: cài bằng make site") from error
    except subprocess.CalledProcessError as error:
        raise AudioError(f"{command[0]} lỗi: {error.stderr.strip()[-500:]}") from error
    return done.stdout + done.stderr


def duration(path: Path) -> float:
    """Measured length in seconds (soxi -D)."""
    return float(run(["soxi", "-D", path]).strip())


def stats(path: Path) -> dict[str, float]:
    """`sox FILE -n stat`: amplitude figures, e.g. "RMS amplitude", "Maximum amplitude"."""
    found = {}
    for line in run([*SOX, path, "-n", "stat"]).splitlines():
        name, _, value = line.partition(":")
        try:
            found[" ".join(name.split())] = float(value.strip())
        except ValueError:
            continue
    return found


@cache
def sox_writes_mp3() -> bool:
    """libsox-fmt-mp3 installed? Otherwise lame encodes."""
    try:
        help_text = subprocess.run([*SOX, "-h"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return False
    formats = help_text.partition("AUDIO FILE FORMATS:")[2].splitlines()[0:1]
    return bool(formats) and "mp3" in formats[0].split()


def silence(seconds: float, target: Path) -> None:
    run([*SOX, "-n", "-r", SAMPLE_RATE, "-c", 1, "-b", 16, target, "trim", "0", f"{seconds:.3f}"])


# --- engines ---------------------------------------------------------------------


@dataclass(frozen=True)
class Stream:
    """A speech command that writes WAV to its stdout: no file between it and the encoder."""

    command: list[str]
    text: str  # written to its stdin
    effects: list[str]  # sox effects that must follow it (speed correction)


class Engine(Protocol):
    """A speech engine: spoken paragraphs and pauses → WAV at the given rate."""

    name: str  # manifest variant

    def available(self) -> bool: ...

    def identity(self, rate: int) -> tuple[str, ...]:
        """What its output depends on besides the text (version, voice, speed)."""
        ...

    def speak(self, parts: Sequence[Part], rate: int, target: Path) -> None: ...


@cache
def _espeak_voices() -> frozenset[str]:
    try:
        listing = subprocess.run(["espeak-ng", "--voices=vi"], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return frozenset()
    return frozenset(line.split()[1] for line in listing.splitlines()[1:] if len(line.split()) > 1)


@cache
def _version(command: str) -> str:
    try:
        return subprocess.run([command, "--version"], capture_output=True, text=True).stdout.strip()
    except (FileNotFoundError, OSError):
        return ""


@cache
def _espeak_tail(voice: str, speed: int) -> float:
    """Measured once per voice and speed: silence after the last sound of a paragraph."""
    probe = "<speak><p>Xin cảm ơn.</p></speak>"
    command = ["espeak-ng", "-m", "-v", voice, "-s", str(speed), "--stdin", "--stdout"]
    wav = subprocess.run(command, input=probe.encode(), capture_output=True).stdout
    data = wav.partition(b"data")[2][4:]
    samples = array.array("h", data[: len(data) // 2 * 2])
    loud = [i for i, value in enumerate(samples) if abs(value) > 300]  # about -40 dBFS
    return (len(samples) - loud[-1]) / SAMPLE_RATE if loud else 0.0


@dataclass(frozen=True)
class EspeakEngine:
    """espeak-ng, Northern voice ``vi`` or Southern ``vi-vn-x-south``.

    Speed: espeak-ng's ``-s`` is in words a minute; for Vietnamese each word is a
    syllable, but its pauses at commas and full stops make the real pace differ. The
    factors (ESPEAK_SYLLABLES_PER_SPEED) were measured on our scripts (syllables a minute of finished
    speech per unit of ``-s``, punctuation pauses included, <break> pauses excluded).
    ``-s`` brings the voice near the rate; sox ``tempo`` corrects the rest.
    """

    voice: str = "vi"
    name: str = "espeak-ng"

    MIN_SPEED, MAX_SPEED = 80, 450

    @staticmethod
    def voice_for(region: str, configured: str | None = None) -> str:
        if configured:
            return configured
        return "vi-vn-x-south" if region == "nam" and "vi-vn-x-south" in _espeak_voices() else "vi"

    def available(self) -> bool:
        return shutil.which("espeak-ng") is not None and shutil.which("sox") is not None

    def identity(self, rate: int) -> tuple[str, ...]:
        speed, tempo = self.speed_and_tempo(rate)
        return (self.name, _version("espeak-ng"), self.voice, str(speed), f"{tempo:.4f}")

    def speed_and_tempo(self, rate: int) -> tuple[int, float]:
        factor = ESPEAK_SYLLABLES_PER_SPEED.get(self.voice.lower(), ESPEAK_DEFAULT_FACTOR)
        speed = min(max(round(rate / factor), self.MIN_SPEED), self.MAX_SPEED)
        return speed, rate / (speed * factor)

    @staticmethod
    def markup(parts: Sequence[Part]) -> str:
        # No xml:lang: espeak-ng would switch to its default voice for "vi-VN"
        # (Northern), dropping the Southern voice chosen with -v.
        body = []
        for part in parts:
            if isinstance(part, Pause):
                body.append(f'<break time="{round(part.seconds * 1000)}ms"/>')
            elif isinstance(part, Paragraph):
                body.append(f"<p>{escape(part.text)}</p>")
        return "<speak>" + "\n".join(body) + "</speak>"

    def trailing_silence(self, rate: int) -> float:
        """Seconds of silence espeak-ng ends a paragraph with (longer at slower speeds).

        In one document espeak-ng merges a <break> with that pause rather than adding
        them, so a pause after a paragraph piece is shortened by it (see ``layout``).
        """
        speed, tempo = self.speed_and_tempo(rate)
        return _espeak_tail(self.voice, speed) / (tempo if abs(tempo - 1) > 0.01 else 1.0)

    def stream(self, parts: Sequence[Part], rate: int) -> Stream:
        """The command writing the speech as WAV to its stdout, its input and sox effects after it."""
        speed, tempo = self.speed_and_tempo(rate)
        command = ["espeak-ng", "-m", "-v", self.voice, "-s", str(speed), "--stdin", "--stdout"]
        effects = ["tempo", "-s", f"{tempo:.4f}"] if abs(tempo - 1) > 0.01 else []
        return Stream(command, self.markup(parts), effects)

    def speak(self, parts: Sequence[Part], rate: int, target: Path) -> None:
        speed, tempo = self.speed_and_tempo(rate)
        with tempfile.TemporaryDirectory(prefix="espeak-") as tmp:
            source, raw = Path(tmp) / "script.ssml", Path(tmp) / "raw.wav"
            source.write_text(self.markup(parts), encoding="utf-8")
            run(["espeak-ng", "-m", "-v", self.voice, "-s", speed, "-f", source, "-w", raw])
            if abs(tempo - 1) > 0.01:  # -s is a whole number: sox makes up the rest
                run([*SOX, raw, target, "tempo", "-s", f"{tempo:.4f}"])
            else:
                shutil.move(raw, target)


@dataclass(frozen=True)
class PiperEngine:
    """Piper (neural, offline) with a Vietnamese .onnx voice the team supplies.

    Piper has no SSML: each paragraph is synthesised alone and the pauses are sox
    silence. ``length_scale`` slows it; NATURAL_RATE is what the vi_VN voices read at
    ``length_scale`` 1 (about 230 syllables a minute) — the measured duration goes to
    the manifest either way.
    """

    model: Path
    name: str = "piper"
    NATURAL_RATE = 230

    def available(self) -> bool:
        return shutil.which("piper") is not None and self.model.is_file() and shutil.which("sox") is not None

    def identity(self, rate: int) -> tuple[str, ...]:
        digest = hashlib.sha256(self.model.read_bytes()).hexdigest()[:16]
        return (self.name, _version("piper"), digest, f"{self.NATURAL_RATE / rate:.3f}")

    def speak(self, parts: Sequence[Part], rate: int, target: Path) -> None:
        scale = f"{self.NATURAL_RATE / rate:.3f}"
        with tempfile.TemporaryDirectory(prefix="piper-") as tmp:
            pieces: list[Path] = []
            for index, part in enumerate(parts):
                piece = Path(tmp) / f"{index:03d}.wav"
                if isinstance(part, Pause):
                    silence(part.seconds, piece)
                else:
                    raw = Path(tmp) / f"{index:03d}-raw.wav"
                    command = ["piper", "--model", self.model, "--length_scale", scale, "--output_file", raw]
                    run(command, stdin=part.text + "\n")
                    run([*SOX, raw, "-r", SAMPLE_RATE, "-c", 1, "-b", 16, piece])
                pieces.append(piece)
            run([*SOX, *pieces, target])


@dataclass(frozen=True)
class RecordingEngine:
    """A human recording (mp3/wav) used instead of synthesis, as the team made it."""

    name: str = "recording"

    def produce(self, source: Path, target: Path) -> None:
        if source.suffix.lower() == ".mp3":
            shutil.copyfile(source, target)  # no second lossy encoding
            return
        with tempfile.TemporaryDirectory(prefix="recording-") as tmp:
            level = Path(tmp) / "level.wav"
            run([*SOX, source, level, "gain", "-n", str(PEAK_DB)])
            encode_mp3([level], target)


# --- mastering ---------------------------------------------------------------------

SOX_COMPRESSION = f"{BITRATE_KBPS}.{ENCODER_QUALITY}"  # sox -C: kb/s, then LAME quality
LAME = ["lame", "--quiet", "-m", "m", "-b", str(BITRATE_KBPS), "-q", str(ENCODER_QUALITY)]


def encode_mp3(pieces: Sequence[Path], target: Path) -> None:
    """Concatenate WAV pieces (same rate and channels) into one MP3."""
    if sox_writes_mp3():
        run([*SOX, *pieces, "-t", "mp3", "-C", SOX_COMPRESSION, target])
        return
    joined = target.with_suffix(".joined.wav")
    try:
        run([*SOX, *pieces, joined])
        run([*LAME, joined, target])
    finally:
        joined.unlink(missing_ok=True)


VOICE_EFFECTS = ["gain", str(HEADROOM_DB), "highpass", str(HIGHPASS_HZ), "gain", "-n", str(PEAK_DB)]


def stream_mp3(stream: Stream, target: Path) -> None:
    """Speech command | sox (speed, filter, level) [| lame] → MP3, all in pipes."""
    effects = [*stream.effects, *VOICE_EFFECTS]
    mono = ["-r", str(SAMPLE_RATE), "-c", "1"]
    mp3 = ["-t", "mp3", "-C", SOX_COMPRESSION, str(target)]
    if sox_writes_mp3():
        stages = [[*SOX, "-t", "wav", "-", *mono, *mp3, *effects]]
    else:
        stages = [
            [*SOX, "-t", "wav", "-", *mono, "-b", "16", "-t", "wav", "-", *effects],
            [*LAME, "-", str(target)],
        ]
    pipeline([stream.command, *stages], stream.text)


def pipeline(commands: list[list[str]], text: str) -> None:
    """Run commands joined by pipes, ``text`` into the first; AudioError names the one that failed."""
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for index, command in enumerate(commands):
            source = processes[-1].stdout if processes else subprocess.PIPE
            last = index == len(commands) - 1
            processes.append(
                subprocess.Popen(
                    command,
                    stdin=source,
                    stdout=subprocess.DEVNULL if last else subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            )
            if source is not subprocess.PIPE and source is not None:
                source.close()  # the next process owns the read end now
    except FileNotFoundError as error:
        for process in processes:
            process.kill()
        raise AudioError(f"thiếu chương trình {error.filename}: cài bằng make site") from error
    first = processes[0]
    assert first.stdin is not None
    try:
        first.stdin.write(text.encode("utf-8"))
        first.stdin.close()
    except BrokenPipeError:
        pass  # the command failed early: its error is reported below
    errors = [process.stderr.read() if process.stderr else b"" for process in reversed(processes)]
    for process, command, error in zip(reversed(processes), reversed(commands), errors, strict=True):
        if process.wait():
            raise AudioError(f"{command[0]} lỗi: {error.decode(errors='replace').strip()[-500:]}")


def master(speech: Path, target: Path) -> None:
    """Speech WAV → loudspeaker MP3: high-pass, peak-normalised."""
    if sox_writes_mp3():
        mono = ["-r", SAMPLE_RATE, "-c", 1]
        run([*SOX, speech, *mono, "-t", "mp3", "-C", SOX_COMPRESSION, target, *VOICE_EFFECTS])
        return
    with tempfile.TemporaryDirectory(prefix="master-") as tmp:
        voice = Path(tmp) / "voice.wav"
        run([*SOX, speech, "-r", SAMPLE_RATE, "-c", 1, "-b", 16, voice, *VOICE_EFFECTS])
        encode_mp3([voice], target)


# --- pieces: each paragraph synthesised once, bulletins joined from them ---------------


def _strip(target: Path) -> None:
    """Keep only the audio frames: tags describe a whole file, not a piece of one."""
    data = target.read_bytes()
    stripped = mp3frames.piece(data).data
    if stripped != data:
        target.write_bytes(stripped)


def speak_paragraph(engine: Engine, paragraph: Paragraph, rate: int, target: Path) -> None:
    """One paragraph's speech, filtered, normalised and encoded: a joinable MP3 piece."""
    stream = getattr(engine, "stream", None)
    if stream is not None:
        stream_mp3(stream([paragraph], rate), target)
    else:
        with tempfile.TemporaryDirectory(prefix="speech-") as tmp:
            speech = Path(tmp) / "speech.wav"
            engine.speak([paragraph], rate, speech)
            master(speech, target)
    _strip(target)


def jingle_piece(source: Path, target: Path) -> None:
    """An intro or outro jingle as a joinable MP3 piece, a little under the voice."""
    with tempfile.TemporaryDirectory(prefix="jingle-") as tmp:
        _jingle(source, Path(tmp) / "jingle.wav")
        encode_mp3([Path(tmp) / "jingle.wav"], target)
    _strip(target)


def _jingle(source: Path, target: Path) -> Path:
    run([*SOX, source, "-r", SAMPLE_RATE, "-c", 1, "-b", 16, target, "gain", "-n", str(JINGLE_PEAK_DB)])
    return target


type Item = Path | float  # an encoded piece, or seconds of silence


def assemble(items: Sequence[Item], target: Path) -> float:
    """Join pieces and pauses into one MP3 without decoding; returns its length in seconds."""
    pieces = {item: mp3frames.read_piece(item) for item in items if isinstance(item, Path)}
    if not pieces:
        raise AudioError("bản tin không có đoạn đọc nào")
    like = next(iter(pieces.values()))
    joined: list[mp3frames.Piece] = []
    for item in items:
        joined.append(pieces[item] if isinstance(item, Path) else mp3frames.silence(like, item))
    try:
        return mp3frames.join(joined, target)
    except mp3frames.FrameError as error:
        raise AudioError(f"không ghép được bản tin: {error}") from error


INTRO, OUTRO = "intro", "outro"  # where the jingle pieces go in a layout


def layout(
    engine: Engine, parts: Sequence[Part], rate: int, intro: bool, outro: bool
) -> list[Paragraph | str | float]:
    """A script's pieces in order: paragraphs, jingles, and the silence (seconds) between them.

    A pause is what one continuous synthesis would leave: the engine's own silence
    after a paragraph counts towards it, and so does what encoding adds to a piece.
    The gaps around the jingles come on top of the speech, as they always have.
    """
    tail = getattr(engine, "trailing_silence", None)
    after_paragraph = tail(rate) if tail is not None else 0.0
    items: list[Paragraph | str | float] = []
    for part in parts:
        if isinstance(part, Paragraph):
            items.append(part)
        else:
            items.append(max(0.0, part.seconds - after_paragraph - PIECE_OVERHEAD_S))
    if intro:
        items = [INTRO, JINGLE_GAP_S - PIECE_OVERHEAD_S, *items]
    if outro:
        items = [*items, JINGLE_GAP_S - PIECE_OVERHEAD_S, OUTRO]
    return items


def synthesise(
    engine: Engine,
    parts: Sequence[Part],
    rate: int,
    target: Path,
    intro: Path | None = None,
    outro: Path | None = None,
) -> float:
    """The whole chain for one script, into ``target`` (MP3), without a cache; returns seconds."""
    with tempfile.TemporaryDirectory(prefix="speech-") as tmp:
        folder = Path(tmp)
        spoken: dict[str, Path] = {}
        items: list[Item] = []
        for name, jingle in ((INTRO, intro), (OUTRO, outro)):
            if jingle is not None:
                jingle_piece(jingle, folder / f"{name}.mp3")
        for item in layout(engine, parts, rate, intro is not None, outro is not None):
            if isinstance(item, Paragraph):
                if item.text not in spoken:
                    spoken[item.text] = folder / f"{len(spoken):04d}.mp3"
                    speak_paragraph(engine, item, rate, spoken[item.text])
                items.append(spoken[item.text])
            elif isinstance(item, str):
                items.append(folder / f"{item}.mp3")
            else:
                items.append(item)
        return assemble(items, target)


def is_silent(path: Path, threshold: float = 0.005) -> bool:
    return stats(path).get("RMS amplitude", 0.0) < threshold


_IPA_SPACES = re.compile(r"\s+")


def ipa(text: str, voice: str = "vi") -> str:
    """espeak-ng's phonemes for a text: what it will actually say (for checking)."""
    return _IPA_SPACES.sub(" ", run(["espeak-ng", "-q", "-v", voice, "--ipa", text])).strip()
