"""Loudspeaker audio speed: seconds of audio made per second of synthesis (no cache).

    .venv/bin/python benchmarks/bench_audio.py [CONTENT_DIR] [--limit N] [--jobs N]

Composes the scripts of every story, unit and campaign, then runs the whole chain
(espeak-ng, sox tempo/high-pass/normalise, MP3) once on one thread and once on
``--jobs`` threads, and prints the throughput of each.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.export.broadcast import audio  # noqa: E402
from generator.export.broadcast.script import Composer, Script  # noqa: E402
from generator.model.loading import load_content  # noqa: E402
from generator.model.settings import load_settings  # noqa: E402
from generator.present.views import Views  # noqa: E402


def scripts(content_dir: Path, limit: int | None) -> tuple[list[Script], audio.EspeakEngine]:
    content = load_content(content_dir)
    if content.report.errors:
        sys.exit(f"{content_dir}: nội dung có lỗi, chạy lantoa check trước")
    settings = load_settings(ROOT)
    composer = Composer(Views(content, settings), settings)
    found = [composer.compose(v) for kind in ("story", "unit", "campaign") for v in composer.views.all(kind)]
    engine = audio.EspeakEngine(audio.EspeakEngine.voice_for(settings.speech.region))
    return found[:limit] if limit else found, engine


def run(items: list[Script], engine: audio.EspeakEngine, jobs: int, folder: Path) -> tuple[float, float]:
    """(seconds of audio, seconds of wall time)."""

    def one(index: int, script: Script) -> float:
        target = folder / f"{jobs}-{index}.mp3"
        audio.synthesise(engine, script.parts, script.rate, target)
        return audio.duration(target)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        total = sum(pool.map(one, range(len(items)), items))
    return total, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = ROOT / "stories" if (ROOT / "stories").is_dir() else ROOT / "tests/fixtures/mini"
    parser.add_argument("content", nargs="?", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="only the first N scripts")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    items, engine = scripts(args.content, args.limit)
    estimate = sum(s.duration_s for s in items)
    print(f"{len(items)} kịch bản, ước tính {estimate:.0f} s, giọng espeak-ng {engine.voice}")
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        for jobs in sorted({1, args.jobs}):
            seconds, wall = run(items, engine, jobs, Path(tmp))
            print(
                f"{jobs} luồng: {seconds:.0f} s âm thanh trong {wall:.1f} s "
                f"→ {seconds / wall:.1f} s âm thanh mỗi giây tổng hợp "
                f"(đo/ước tính = {seconds / estimate:.3f})"
            )


if __name__ == "__main__":
    main()
